"""Switching backends (and clearing the session) with live models."""
import gc

import numpy as np
import pytest

import conftest

from multikeras import backend as K
from multikeras import optimizers
from multikeras.layers import Dense, Flatten, Conv2D, MaxPooling2D, Input, Layer
from multikeras.models import Model, Sequential
from multikeras.utils import to_categorical

SYMBOLIC_BACKENDS = ['tensorflow', 'theano', 'mxnet']


def activate(name):
    try:
        K.use_backend(name)
    except ImportError as e:
        pytest.skip('backend %s not installed: %s' % (name, e))
    K.set_floatx('float32')
    K.set_image_data_format('channels_last')


@pytest.fixture
def both():
    """Needs tensorflow and theano; starts on tensorflow."""
    activate('theano')
    activate('tensorflow')
    yield
    activate('tensorflow')


@pytest.fixture(params=SYMBOLIC_BACKENDS)
def backend(request):
    activate(request.param)
    yield request.param


def blobs(n, seed):
    rng = np.random.RandomState(seed)
    labels = rng.randint(0, 2, size=n)
    x = (np.array([[-2., -2.], [2., 2.]])[labels] + rng.randn(n, 2)).astype('float32')
    return x, labels, to_categorical(labels, 2)


X, LABELS, Y = blobs(120, 0)


def mlp(seed=0):
    np.random.seed(seed)
    model = Sequential([Dense(6, activation='relu', input_shape=(2,), name='h'),
                        Dense(2, activation='softmax', name='o')])
    model.compile(optimizers.SGD(lr=0.1), 'categorical_crossentropy', metrics=['accuracy'])
    return model


def max_diff(a, b):
    return max(float(np.abs(x - y).max()) for x, y in zip(a, b))


def test_model_moves_between_backends(both):
    model = mlp(0)
    model.fit(X, Y, batch_size=20, epochs=3, verbose=0)
    p_tf = model.predict(X)
    w_tf = model.get_weights()

    K.use_backend('theano')
    assert K.backend() == 'theano'
    p_th = model.predict(X)
    np.testing.assert_allclose(p_th, p_tf, atol=1e-5)
    assert max_diff(model.get_weights(), w_tf) == 0.
    assert model.metrics_names == ['loss', 'accuracy']
    history = model.fit(X, Y, batch_size=20, epochs=3, verbose=0).history
    assert all(np.isfinite(history['loss']))
    assert max_diff(model.get_weights(), w_tf) > 1e-4          # it trained on theano
    loss_th, acc_th = model.evaluate(X, Y, verbose=0)
    assert acc_th >= 0.95
    p_th2 = model.predict(X)

    K.use_backend('tensorflow')
    p_tf2 = model.predict(X)
    np.testing.assert_allclose(p_tf2, p_th2, atol=1e-5)
    loss_tf, acc_tf = model.evaluate(X, Y, verbose=0)
    assert loss_tf == pytest.approx(loss_th, rel=1e-4, abs=1e-5)
    assert acc_tf == pytest.approx(acc_th)
    model.fit(X, Y, batch_size=20, epochs=1, verbose=0)
    assert model.evaluate(X, Y, verbose=0)[1] >= 0.95


def test_functional_cnn_moves_between_backends(both):
    """Convolution kernels and shared layers survive the move (theano flips kernels inside)."""
    activate('theano')
    rng = np.random.RandomState(4)
    a = Input(shape=(6, 6, 1), name='a')
    b = Input(shape=(6, 6, 1), name='b')
    conv = Conv2D(2, (3, 3), activation='relu', name='shared_conv')
    pool = MaxPooling2D((2, 2), name='pool')
    flat = Flatten(name='flat')
    head = Dense(1, name='head')
    out_a = head(flat(pool(conv(a))))
    out_b = flat(pool(conv(b)))
    model = Model([a, b], [out_a, out_b])
    xa = rng.rand(4, 6, 6, 1).astype('float32')
    xb = rng.rand(4, 6, 6, 1).astype('float32')
    expected = model.predict([xa, xb])

    K.use_backend('tensorflow')
    got = model.predict([xa, xb])
    for e, g in zip(expected, got):
        np.testing.assert_allclose(g, e, atol=1e-5)
    assert len(model.get_layer('shared_conv')._inbound_nodes) == 2
    assert model.count_params() == 3 * 3 * 1 * 2 + 2 + 8 + 1


def test_clear_session_keeps_live_models(backend):
    model = mlp(1)
    model.fit(X, Y, batch_size=20, epochs=2, verbose=0)
    before = model.predict(X)
    weights = model.get_weights()
    K.clear_session()
    assert K.backend() == backend
    np.testing.assert_allclose(model.predict(X), before, atol=1e-6)
    assert max_diff(model.get_weights(), weights) == 0.
    history = model.fit(X, Y, batch_size=20, epochs=2, verbose=0).history
    assert all(np.isfinite(history['loss']))
    # Twice in a row, and new models built after the clear work alongside the old one.
    K.clear_session()
    other = mlp(2)
    other.fit(X, Y, batch_size=20, epochs=1, verbose=0)
    assert model.predict(X).shape == other.predict(X).shape == (120, 2)


def test_uncompiled_and_unbuilt_models_survive_a_switch(both):
    built = Sequential([Dense(3, input_shape=(2,), name='u1')])
    deferred = Sequential([Dense(3, name='u2')])      # no input shape yet
    p = built.predict(X)
    K.use_backend('theano')
    np.testing.assert_allclose(built.predict(X), p, atol=1e-5)
    assert built.optimizer is None
    assert deferred.predict(X).shape == (120, 3)       # built from the data, on theano


def test_lost_weights_give_an_error_that_says_what_to_do(both):
    model = mlp(3)
    model.fit(X, Y, batch_size=20, epochs=1, verbose=0)
    K.use_backend('theano')
    model._carried = None            # as if the weights could not be kept
    with pytest.raises(RuntimeError) as info:
        model.predict(X)
    message = str(info.value)
    assert 'tensorflow' in message                       # where it was built
    assert 'Build the model again' in message or 'build' in message.lower()
    assert 'save' in message                             # how to keep it next time
    with pytest.raises(RuntimeError):
        model.fit(X, Y, verbose=0)


# -- models that cannot be carried --------------------------------------------------------------

class Scale(Layer):
    """A custom layer whose get_config forgets its constructor argument."""

    def __init__(self, factor, **kwargs):
        super(Scale, self).__init__(**kwargs)
        self.factor = factor

    def call(self, inputs):
        return inputs * self.factor


class NoConfig(Layer):
    def call(self, inputs):
        return inputs

    def get_config(self):
        raise NotImplementedError('NoConfig has no config')


def test_model_that_cannot_be_rebuilt_gives_an_error_that_says_what_to_do(both):
    inp = Input(shape=(2,))
    model = Model(inp, Scale(2.0, name='scale')(Dense(2)(inp)))
    model.predict(X)
    K.use_backend('theano')
    with pytest.raises((RuntimeError, ValueError)) as info:
        model.predict(X)
    message = str(info.value)
    assert 'Scale' in message or 'scale' in message
    assert 'get_config' in message                 # the fix: a complete get_config
    assert 'tensorflow' in message


def test_a_model_without_config_does_not_block_switching(both):
    inp = Input(shape=(2,))
    broken = Model(inp, NoConfig()(inp))
    good = mlp(4)
    p = good.predict(X)
    try:
        K.use_backend('theano')
        assert K.backend() == 'theano'
        np.testing.assert_allclose(good.predict(X), p, atol=1e-5)
        with pytest.raises((RuntimeError, ValueError)) as info:
            broken.predict(X)
        assert 'NoConfig' in str(info.value) or 'get_config' in str(info.value)
    finally:
        # However this test ends, the broken model must not block later switches.
        K._live_models.discard(broken)
        del broken
        gc.collect()


def test_reusing_a_layer_built_on_another_backend_is_a_clear_error(both):
    dense = Dense(2, name='old_dense')
    inp = Input(shape=(2,))
    Model(inp, dense(inp)).predict(X)
    K.use_backend('theano')
    inp = Input(shape=(2,))
    with pytest.raises((RuntimeError, ValueError)) as info:
        Model(inp, dense(inp)).predict(X)
    message = str(info.value)
    assert 'old_dense' in message and 'tensorflow' in message


@pytest.mark.parametrize('src,dst', [('tensorflow', 'theano'), ('theano', 'cntk'),
                                     ('cntk', 'tensorflow')])
def test_a_variable_of_another_backend_is_a_clear_error(src, dst):
    conftest.activate(src)
    v = K.variable(np.ones((2, 3)), name='kept')
    conftest.activate(dst)
    calls = [('get_value', lambda: K.get_value(v)),
             ('batch_get_value', lambda: K.batch_get_value([v])),
             ('set_value', lambda: K.set_value(v, np.zeros((2, 3)))),
             ('batch_set_value', lambda: K.batch_set_value([(v, np.zeros((2, 3)))])),
             ('eval', lambda: K.eval(v))]
    for name, call in calls:
        with pytest.raises(ValueError) as e:
            call()
        message = str(e.value)
        assert message.startswith(name + ':'), message
        assert ('a %s variable' % src) in message and repr(dst) in message, message
        assert 'get_weights()' in message
    activate('tensorflow')


def test_a_tensorflow_variable_from_before_clear_session_is_a_clear_error():
    activate('tensorflow')
    v = K.variable(np.ones(3), name='old')
    K.clear_session()
    for call in (lambda: K.get_value(v), lambda: K.set_value(v, np.zeros(3)),
                 lambda: K.batch_get_value([v])):
        with pytest.raises(ValueError, match='before the last clear_session'):
            call()
    w = K.variable(np.ones(3))
    np.testing.assert_array_equal(K.get_value(w), np.ones(3))
