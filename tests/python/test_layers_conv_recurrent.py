"""ConvLSTM2D: shapes, both data formats, config round trip, TF vs Theano, training."""
import numpy as np
import pytest

from multikeras import backend as K, layers as L, models
from conftest import activate

X = np.random.RandomState(3).randn(2, 3, 5, 5, 2).astype('float32')


def build(data_format, **kwargs):
    x = X if data_format == 'channels_last' else X.transpose(0, 1, 4, 2, 3)
    inp = L.Input(x.shape[1:])
    layer = L.ConvLSTM2D(3, 3, padding='same', return_sequences=True, data_format=data_format,
                         **kwargs)
    return models.Model(inp, layer(inp)), layer, x


@pytest.fixture(scope='module')
def reference():
    """Weights and channels_last outputs computed on TensorFlow."""
    activate('tensorflow')
    np.random.seed(0)
    model, _, x = build('channels_last')
    return model.get_weights(), model.predict(x)


@pytest.mark.parametrize('name', ['tensorflow', 'theano', 'cntk'])
@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
def test_same_outputs_on_every_backend_and_format(reference, name, data_format):
    weights, expected = reference
    activate(name)
    model, layer, x = build(data_format)
    model.set_weights(weights)
    y = model.predict(x)
    assert y.shape[1:] == tuple(K.int_shape(model.outputs[0])[1:])
    if data_format == 'channels_first':
        y = y.transpose(0, 1, 3, 4, 2)
    np.testing.assert_allclose(y, expected, atol=1e-5)
    # Hand-computed first step: with zero states, h = o * tanh(i * tanh(conv(x) + b)).
    from multikeras.backend import numpy_backend as NP
    kernel, _, bias = weights
    z = NP.conv2d(X[:, 0], kernel, padding='same') + bias
    f = 3
    hard = lambda v: np.clip(0.2 * v + 0.5, 0., 1.)  # noqa: E731
    c = hard(z[..., :f]) * np.tanh(z[..., 2 * f:3 * f])
    h = hard(z[..., 3 * f:]) * np.tanh(c)
    np.testing.assert_allclose(expected[:, 0], h, atol=1e-5)


@pytest.mark.parametrize('name', ['tensorflow', 'theano', 'cntk'])
def test_config_round_trip_and_training(name):
    activate(name)
    model = models.Sequential([L.ConvLSTM2D(2, (3, 3), input_shape=(3, 5, 5, 2), dropout=0.2,
                                            recurrent_dropout=0.2),
                               L.Flatten(), L.Dense(1)])
    assert model.output_shape == (None, 1)
    layer = model.layers[0]
    assert K.int_shape(layer.output) == (None, 3, 3, 2)
    clone = L.ConvLSTM2D.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    model.compile('adam', 'mse')
    y = np.ones((2, 1), 'float32')
    before = model.evaluate(X, y, verbose=0)
    model.fit(X, y, epochs=20, verbose=0)
    assert model.evaluate(X, y, verbose=0) < before
    assert model.uses_learning_phase


def test_bad_arguments():
    with pytest.raises(ValueError, match='kernel_size'):
        L.ConvLSTM2D(2, (3, 3, 3))
    with pytest.raises(ValueError, match='units'):
        L.ConvLSTM2D(0, 3)
