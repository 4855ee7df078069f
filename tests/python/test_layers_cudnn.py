"""CuDNNGRU / CuDNNLSTM on every backend: CuDNN weight layout, CuDNN equations, file round trips."""
import warnings

import numpy as np
import pytest

from multikeras import backend as K, layers, models
from multikeras.layers import cudnn_recurrent


def _sigmoid(x):
    return 1. / (1. + np.exp(-x))


def numpy_cudnn_gru(x, kernel, recurrent, bias, units):
    """CuDNN's GRU: reset gate after the recurrent product, input and recurrent biases."""
    h = np.zeros((x.shape[0], units))
    b_in, b_rec = bias[:3 * units], bias[3 * units:]
    outputs = []
    for t in range(x.shape[1]):
        xw = x[:, t] @ kernel + b_in
        hu = h @ recurrent + b_rec
        z = _sigmoid(xw[:, :units] + hu[:, :units])
        r = _sigmoid(xw[:, units:2 * units] + hu[:, units:2 * units])
        candidate = np.tanh(xw[:, 2 * units:] + r * hu[:, 2 * units:])
        h = z * h + (1. - z) * candidate
        outputs.append(h)
    return np.stack(outputs, axis=1)


def numpy_cudnn_lstm(x, kernel, recurrent, bias, units):
    h = np.zeros((x.shape[0], units))
    c = np.zeros((x.shape[0], units))
    b = bias[:4 * units] + bias[4 * units:]
    outputs = []
    for t in range(x.shape[1]):
        pre = x[:, t] @ kernel + h @ recurrent + b
        i, f = _sigmoid(pre[:, :units]), _sigmoid(pre[:, units:2 * units])
        c = f * c + i * np.tanh(pre[:, 2 * units:3 * units])
        h = _sigmoid(pre[:, 3 * units:]) * np.tanh(c)
        outputs.append(h)
    return np.stack(outputs, axis=1)


def _random_weights(layer, rng):
    weights = [rng.uniform(-0.5, 0.5, w.shape).astype('float32') for w in layer.get_weights()]
    layer.set_weights(weights)
    return weights


def _model(layer, timesteps=5, features=3):
    return models.Sequential([layers.InputLayer(input_shape=(timesteps, features)), layer])


@pytest.mark.parametrize('cls, gates, reference', [
    (layers.CuDNNGRU, 3, numpy_cudnn_gru), (layers.CuDNNLSTM, 4, numpy_cudnn_lstm)])
def test_weights_in_cudnn_layout_and_cudnn_equations(backend, rng, cls, gates, reference):
    units = 4
    layer = cls(units, return_sequences=True)
    model = _model(layer)
    shapes = [w.shape for w in layer.get_weights()]
    assert shapes == [(3, gates * units), (units, gates * units), (2 * gates * units,)]
    assert [w.name.split('/')[-1].split(':')[0] for w in layer.weights] == \
        ['kernel', 'recurrent_kernel', 'bias']
    assert layer.name.startswith('cu_dnn')
    kernel, recurrent, bias = _random_weights(layer, rng)
    x = rng.uniform(-1, 1, (2, 5, 3)).astype('float32')
    np.testing.assert_allclose(model.predict(x), reference(x, kernel, recurrent, bias, units),
                               atol=1e-5)


def test_cudnn_gru_is_gru_reset_after_with_the_biases_split(backend, rng):
    units = 3
    cudnn = layers.CuDNNGRU(units, return_sequences=True)
    cudnn_model = _model(cudnn)
    kernel, recurrent, bias = _random_weights(cudnn, rng)
    gru = layers.GRU(units, reset_after=True, recurrent_activation='sigmoid',
                     return_sequences=True)
    gru_model = _model(gru)
    gru.set_weights([kernel, recurrent, bias.reshape((2, 3 * units))])
    x = rng.uniform(-1, 1, (4, 5, 3)).astype('float32')
    np.testing.assert_allclose(cudnn_model.predict(x), gru_model.predict(x), atol=1e-5)


def test_cudnn_lstm_is_lstm_with_the_biases_added(backend, rng):
    units = 3
    cudnn = layers.CuDNNLSTM(units)
    cudnn_model = _model(cudnn)
    kernel, recurrent, bias = _random_weights(cudnn, rng)
    lstm = layers.LSTM(units, recurrent_activation='sigmoid')
    lstm_model = _model(lstm)
    lstm.set_weights([kernel, recurrent, bias[:4 * units] + bias[4 * units:]])
    x = rng.uniform(-1, 1, (4, 5, 3)).astype('float32')
    np.testing.assert_allclose(cudnn_model.predict(x), lstm_model.predict(x), atol=1e-5)


def test_lstm_forget_bias_starts_at_one_in_the_recurrent_half(backend):
    units = 2
    layer = layers.CuDNNLSTM(units)
    _model(layer)
    bias = layer.get_weights()[2]
    expected = np.zeros(8 * units)
    expected[5 * units:6 * units] = 1.
    np.testing.assert_array_equal(bias, expected)
    plain = layers.CuDNNLSTM(units, unit_forget_bias=False, bias_initializer='ones')
    _model(plain)
    np.testing.assert_array_equal(plain.get_weights()[2], np.ones(8 * units))


@pytest.mark.parametrize('cls, n_states', [(layers.CuDNNGRU, 1), (layers.CuDNNLSTM, 2)])
def test_states_and_directions(backend, rng, cls, n_states):
    inputs = layers.Input(shape=(5, 3))
    outputs = cls(4, return_state=True, go_backwards=True)(inputs)
    assert len(outputs) == 1 + n_states
    model = models.Model(inputs, outputs)
    x = rng.uniform(-1, 1, (2, 5, 3)).astype('float32')
    results = model.predict(x)
    assert [r.shape for r in results] == [(2, 4)] * (1 + n_states)
    np.testing.assert_allclose(results[0], results[1], atol=1e-6)   # output == h


@pytest.mark.parametrize('cls', [layers.CuDNNGRU, layers.CuDNNLSTM])
def test_config_has_keras_keys_and_files_round_trip(backend, rng, tmp_path, cls):
    layer = cls(3, return_sequences=True, name='rnn')
    model = _model(layer)
    model.compile('sgd', 'mse')
    config = layer.get_config()
    for key in ('units', 'kernel_initializer', 'recurrent_initializer', 'bias_initializer',
                'kernel_regularizer', 'activity_regularizer', 'bias_constraint',
                'return_sequences', 'return_state', 'go_backwards', 'stateful'):
        assert key in config
    assert 'cell' not in config and 'activation' not in config
    assert ('unit_forget_bias' in config) == (cls is layers.CuDNNLSTM)
    _random_weights(layer, rng)
    x = rng.uniform(-1, 1, (2, 5, 3)).astype('float32')
    path = str(tmp_path / 'model.h5')
    model.save(path)
    loaded = models.load_model(path)
    assert type(loaded.layers[-1]) is cls
    np.testing.assert_allclose(loaded.predict(x), model.predict(x), atol=1e-6)


def test_training_changes_every_weight(backend, rng):
    model = _model(layers.CuDNNGRU(2))
    model.add(layers.Dense(1))
    model.compile('sgd', 'mse')
    before = model.get_weights()
    x = rng.uniform(-1, 1, (8, 5, 3)).astype('float32')
    model.fit(x, np.ones((8, 1)), epochs=1, verbose=0)
    for old, new in zip(before, model.get_weights()):
        assert not np.allclose(old, new)


def test_the_fallback_is_said_once_per_class(monkeypatch):
    monkeypatch.setattr(cudnn_recurrent, '_NOTICES_GIVEN', set())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        layers.CuDNNGRU(2)
        layers.CuDNNGRU(2)
        layers.CuDNNLSTM(2)
    messages = [str(w.message) for w in caught]
    assert len(messages) == 2
    assert 'CuDNN kernel is not used' in messages[0]
    assert "GRU(reset_after=True, recurrent_activation='sigmoid')" in messages[0]
    assert messages[1].startswith('CuDNNLSTM')
    assert cudnn_recurrent.fallback_notice('CuDNNGRU') is None
