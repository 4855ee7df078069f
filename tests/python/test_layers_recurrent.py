"""Recurrent layers, cells and wrappers on every symbolic backend: shapes, configs, weights,
TensorFlow/Theano parity (one model per backend for all cases, see test_layers_core.py),
the step equations written in NumPy, and the RNN options (return_sequences, return_state,
go_backwards, stateful, unroll, initial_state, dropout), Bidirectional merge modes and
TimeDistributed."""
import numpy as np
import pytest

from multikeras import backend as K
from multikeras import layers
from multikeras.layers import Input
from multikeras.models import Model, Sequential

from test_layers_core import LayerCase, make_run_fixture, case_tests, SYMBOLIC_BACKENDS

T, F = 4, 2          # timesteps, features


# == NumPy step equations ===================================================================

def sigmoid(x):
    return 1. / (1. + np.exp(-x))


def simple_step(x, states, w):
    kernel, recurrent, bias = w
    h = np.tanh(x.dot(kernel) + states[0].dot(recurrent) + bias)
    return h, [h]


def gru_step(x, states, w, reset_after=False):
    kernel, recurrent, bias = w
    h = states[0]
    u = kernel.shape[1] // 3
    b_in, b_rec = (bias[0], bias[1]) if reset_after else (bias, np.zeros_like(bias))
    xz, xr, xh = [x.dot(kernel[:, i * u:(i + 1) * u]) + b_in[i * u:(i + 1) * u] for i in range(3)]
    hz, hr = [h.dot(recurrent[:, i * u:(i + 1) * u]) + b_rec[i * u:(i + 1) * u] for i in range(2)]
    z = sigmoid(xz + hz)
    r = sigmoid(xr + hr)
    if reset_after:
        hh = np.tanh(xh + r * (h.dot(recurrent[:, 2 * u:]) + b_rec[2 * u:]))
    else:
        hh = np.tanh(xh + (r * h).dot(recurrent[:, 2 * u:]))
    h = z * h + (1 - z) * hh
    return h, [h]


def lstm_step(x, states, w):
    kernel, recurrent, bias = w
    h, c = states
    zs = x.dot(kernel) + h.dot(recurrent) + bias
    u = kernel.shape[1] // 4
    i, f, g, o = [zs[:, k * u:(k + 1) * u] for k in range(4)]
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h = sigmoid(o) * np.tanh(c)
    return h, [h, c]


def run_rnn(step, x, w, n_states, units, initial=None, go_backwards=False):
    """(outputs at every processed step, final states) of `step` over x's time axis."""
    states = initial if initial is not None else [np.zeros((len(x), units))] * n_states
    order = range(x.shape[1] - 1, -1, -1) if go_backwards else range(x.shape[1])
    outputs = []
    for t in order:
        h, states = step(x[:, t], states, w)
        outputs.append(h)
    return np.stack(outputs, axis=1), states


def simple(x, w, **kw):
    return run_rnn(simple_step, x, w, 1, w[1].shape[0], **kw)


def gru(x, w, reset_after=False, **kw):
    return run_rnn(lambda x_, s, w_: gru_step(x_, s, w_, reset_after), x, w, 1, w[1].shape[0],
                   **kw)


def lstm(x, w, **kw):
    return run_rnn(lstm_step, x, w, 2, w[1].shape[0], **kw)


def stacked_lstm_gru(x, w):
    seq, (h1, c1) = lstm(x, w[:3])
    seq2, (h2,) = gru(seq, w[3:])
    return [seq2[:, -1], h1, c1, h2]


def bidirectional(x, w, mode):
    forward, _ = lstm(x, w[:3])
    backward, _ = lstm(x, w[3:], go_backwards=True)
    backward = backward[:, ::-1]
    return {'concat': lambda: np.concatenate([forward, backward], axis=-1),
            'sum': lambda: forward + backward, 'mul': lambda: forward * backward,
            'ave': lambda: (forward + backward) / 2, None: lambda: [forward, backward]}[mode]()


# == the cases ==============================================================================

CASES = [
    LayerCase('SimpleRNN', lambda: layers.SimpleRNN(3), (T, F), (3, 0)),
    LayerCase('SimpleRNN_sequences_unroll',
              lambda: layers.SimpleRNN(3, return_sequences=True, unroll=True), (T, F), (3, 0)),
    LayerCase('GRU', lambda: layers.GRU(3), (T, F), (3, 0)),
    LayerCase('GRU_reset_after_sequences',
              lambda: layers.GRU(3, reset_after=True, return_sequences=True,
                                 bias_initializer='random_normal'), (T, F), (3, 0)),
    LayerCase('GRU_backwards_unroll', lambda: layers.GRU(2, go_backwards=True, unroll=True),
              (T, F), (3, 0)),
    LayerCase('LSTM', lambda: layers.LSTM(3), (T, F), (3, 0)),
    LayerCase('LSTM_sequences_state',
              lambda: layers.LSTM(3, return_sequences=True, return_state=True), (T, F), (3, 0)),
    LayerCase('LSTM_backwards_sequences',
              lambda: layers.LSTM(2, go_backwards=True, return_sequences=True), (T, F), (3, 0)),
    LayerCase('LSTM_unroll_state', lambda: layers.LSTM(2, unroll=True, return_state=True),
              (T, F), (3, 0)),
    LayerCase('RNN_SimpleRNNCell', lambda: layers.RNN(layers.SimpleRNNCell(3)), (T, F), (3, 0)),
    LayerCase('RNN_GRUCell_sequences',
              lambda: layers.RNN(layers.GRUCell(2), return_sequences=True), (T, F), (3, 0)),
    LayerCase('RNN_LSTMCell', lambda: layers.RNN(layers.LSTMCell(2)), (T, F), (3, 0)),
    LayerCase('RNN_stacked_cells',
              lambda: layers.RNN([layers.LSTMCell(3), layers.GRUCell(2)], return_state=True),
              (T, F), (6, 0)),
    LayerCase('RNN_StackedRNNCells',
              lambda: layers.RNN(layers.StackedRNNCells([layers.LSTMCell(3), layers.GRUCell(2)]),
                                 return_state=True), (T, F), (6, 0)),
] + [LayerCase('Bidirectional_%s' % mode,
               lambda mode=mode: layers.Bidirectional(layers.LSTM(2, return_sequences=True),
                                                     merge_mode=mode), (T, F), (6, 0))
     for mode in ('concat', 'sum', 'mul', 'ave', None)] + [
    LayerCase('Bidirectional_GRU_last', lambda: layers.Bidirectional(layers.GRU(2)), (T, F),
              (6, 0)),
    LayerCase('ConvLSTM2D_cl', lambda: layers.ConvLSTM2D(2, (2, 2), padding='same',
                                                      return_sequences=True), (3, 3, 3, 1), (3, 0)),
    LayerCase('ConvLSTM2D_cf', lambda: layers.ConvLSTM2D(2, (2, 2), data_format='channels_first'),
              (3, 1, 3, 3), (3, 0)),
    LayerCase('TimeDistributed_Dense', lambda: layers.TimeDistributed(layers.Dense(3)), (T, F),
              (2, 0)),
    LayerCase('TimeDistributed_Conv2D',
              lambda: layers.TimeDistributed(layers.Conv2D(2, (2, 2), activation='relu')),
              (3, 4, 4, 1), (2, 0)),
    LayerCase('TimeDistributed_BatchNormalization',
              lambda: layers.TimeDistributed(layers.BatchNormalization(
                  moving_mean_initializer='random_normal')), (T, F), (2, 2)),
]

NUMPY = {
    'SimpleRNN': lambda d, w: simple(d[0], w)[0][:, -1],
    'SimpleRNN_sequences_unroll': lambda d, w: simple(d[0], w)[0],
    'GRU': lambda d, w: gru(d[0], w)[0][:, -1],
    'GRU_reset_after_sequences': lambda d, w: gru(d[0], w, reset_after=True)[0],
    'GRU_backwards_unroll': lambda d, w: gru(d[0], w, go_backwards=True)[0][:, -1],
    'LSTM': lambda d, w: lstm(d[0], w)[0][:, -1],
    'LSTM_sequences_state': lambda d, w: (lambda seq, st: [seq] + st)(*lstm(d[0], w)),
    'LSTM_backwards_sequences': lambda d, w: lstm(d[0], w, go_backwards=True)[0],
    'LSTM_unroll_state': lambda d, w: (lambda seq, st: [seq[:, -1]] + st)(*lstm(d[0], w)),
    'RNN_SimpleRNNCell': lambda d, w: simple(d[0], w)[0][:, -1],
    'RNN_GRUCell_sequences': lambda d, w: gru(d[0], w)[0],
    'RNN_LSTMCell': lambda d, w: lstm(d[0], w)[0][:, -1],
    'RNN_stacked_cells': lambda d, w: stacked_lstm_gru(d[0], w),
    'RNN_StackedRNNCells': lambda d, w: stacked_lstm_gru(d[0], w),
    'Bidirectional_concat': lambda d, w: bidirectional(d[0], w, 'concat'),
    'Bidirectional_sum': lambda d, w: bidirectional(d[0], w, 'sum'),
    'Bidirectional_mul': lambda d, w: bidirectional(d[0], w, 'mul'),
    'Bidirectional_ave': lambda d, w: bidirectional(d[0], w, 'ave'),
    'Bidirectional_None': lambda d, w: bidirectional(d[0], w, None),
    'Bidirectional_GRU_last': lambda d, w: np.concatenate(
        [gru(d[0], w[:3])[0][:, -1], gru(d[0], w[3:], go_backwards=True)[0][:, -1]], axis=-1),
    'TimeDistributed_Dense': lambda d, w: d[0].dot(w[0]) + w[1],
    'TimeDistributed_BatchNormalization': lambda d, w: (d[0] - w[2]) / np.sqrt(w[3] + 1e-3) *
    w[0] + w[1],
}

run = make_run_fixture(CASES)
(test_output_shape, test_config_round_trip, test_weights, test_matches_tensorflow,
 test_matches_numpy) = case_tests(CASES, NUMPY)


def test_every_layer_in_these_modules_has_a_case():
    tested = set()
    for case in CASES:
        layer = case.make()
        stack = [layer]
        while stack:
            item = stack.pop()
            tested.add(item.__class__)
            stack += [getattr(item, a) for a in ('cell', 'layer') if hasattr(item, a)]
            stack += list(getattr(item, 'cells', []))
    for module_name in ('recurrent', 'convolutional_recurrent', 'wrappers'):
        module = getattr(layers, module_name)
        for name in dir(module):
            cls = getattr(module, name)
            if isinstance(cls, type) and issubclass(cls, layers.Layer) and \
                    cls.__module__ == module.__name__ and not name.startswith('_') and \
                    name != 'Wrapper':
                assert cls in tested, name


def test_time_distributed_conv_equals_conv_per_step(run):
    """TimeDistributed(Conv2D) output at step t is Conv2D on frame t (NumPy, both backends)."""
    x = run.cases['TimeDistributed_Conv2D'].data[0]
    kernel, b = run.weights['TimeDistributed_Conv2D']
    expected = np.zeros((x.shape[0], 3, 3, 3, 2))
    for t in range(3):
        for i in range(3):
            for j in range(3):
                patch = x[:, t, i:i + 2, j:j + 2, :]
                expected[:, t, i, j] = np.tensordot(patch, kernel, axes=([1, 2, 3], [0, 1, 2]))
    expected = np.maximum(expected + b, 0)
    for backend in SYMBOLIC_BACKENDS:
        values = run.entry(backend, 'TimeDistributed_Conv2D')['values'][0]
        np.testing.assert_allclose(values, expected, atol=1e-5, err_msg=backend)


def test_return_state_values_are_consistent(run):
    for backend in SYMBOLIC_BACKENDS:
        seq, h, c = run.entry(backend, 'LSTM_sequences_state')['values']
        np.testing.assert_allclose(seq[:, -1], h, atol=1e-6)
        assert c.shape == h.shape and not np.allclose(c, h)


def test_bidirectional_weights_and_names(run):
    layer = run.entry('tensorflow', 'Bidirectional_concat', values=False)['layer']
    assert layer.forward_layer.name.startswith('forward_')
    assert layer.backward_layer.name.startswith('backward_')
    assert layer.backward_layer.go_backwards and not layer.forward_layer.go_backwards
    shapes = [w.shape for w in run.weights['Bidirectional_concat']]
    assert shapes == [(F, 8), (2, 8), (8,)] * 2
    with pytest.raises(ValueError, match='merge_mode'):
        layers.Bidirectional(layers.LSTM(2), merge_mode='max')


# == behaviour on each backend: one compiled function each ==================================

def test_rnn_initial_state_against_numpy(backend):
    """initial_state (from inputs), for LSTM, GRU and SimpleRNN, in one model."""
    np.random.seed(4)
    x_in, h_in, c_in = Input(shape=(T, F)), Input(shape=(3,)), Input(shape=(3,))
    lstm_layer = layers.LSTM(3, return_sequences=True, return_state=True)
    gru_layer = layers.GRU(3, go_backwards=True)
    simple_layer = layers.SimpleRNN(3, unroll=True)
    outputs = lstm_layer(x_in, initial_state=[h_in, c_in])
    assert len(outputs) == 3
    outputs += [gru_layer(x_in, initial_state=h_in), simple_layer(x_in, initial_state=[c_in])]
    model = Model([x_in, h_in, c_in], outputs)
    rng = np.random.RandomState(7)
    x = rng.randn(3, T, F).astype('float32')
    h0, c0 = rng.randn(3, 3).astype('float32'), rng.randn(3, 3).astype('float32')
    seq, h, c, g, s = model.predict([x, h0, c0])
    want_seq, (want_h, want_c) = lstm(x, lstm_layer.get_weights(), initial=[h0, c0])
    np.testing.assert_allclose(seq, want_seq, atol=1e-5)
    np.testing.assert_allclose(h, want_h, atol=1e-5)
    np.testing.assert_allclose(c, want_c, atol=1e-5)
    want_g = gru(x, gru_layer.get_weights(), initial=[h0], go_backwards=True)[0][:, -1]
    np.testing.assert_allclose(g, want_g, atol=1e-5)
    want_s = simple(x, simple_layer.get_weights(), initial=[c0])[0][:, -1]
    np.testing.assert_allclose(s, want_s, atol=1e-5)
    # The initial state matters.
    assert not np.allclose(h, lstm(x, lstm_layer.get_weights())[1][0], atol=1e-3)


def test_a_cell_subclass_with_its_own_call_runs_it_at_every_step(backend):
    """RNN takes our cells' input product out of the time loop; a subclass that
    overrides call() must still have its call() run at every step."""
    class ScaledLSTMCell(layers.LSTMCell):
        def call(self, inputs, states, training=None):
            h, (_, c) = super(ScaledLSTMCell, self).call(inputs, states, training=training)
            return 0.5 * h, [0.5 * h, c]

    layer = layers.RNN(ScaledLSTMCell(3), return_sequences=True, input_shape=(T, F))
    model = Sequential([layer])
    x = np.random.RandomState(5).randn(2, T, F).astype('float32')

    def scaled_step(x_t, states, w):
        h, (_, c) = lstm_step(x_t, states, w)
        return 0.5 * h, [0.5 * h, c]

    want = run_rnn(scaled_step, x, layer.get_weights(), 2, 3)[0]
    np.testing.assert_allclose(model.predict(x), want, atol=1e-5)


def test_stateful_rnn_carries_states_and_resets(backend):
    """Feeding a sequence in two halves to a stateful RNN equals feeding it whole; after
    reset_states() the states start from zero again."""
    np.random.seed(5)
    layer = layers.SimpleRNN(3, stateful=True, return_sequences=True,
                             batch_input_shape=(2, None, F))
    model = Sequential([layer])
    assert [K.int_shape(s) for s in layer.states] == [(2, 3)]
    x = np.random.RandomState(8).randn(2, 6, F).astype('float32')
    w = layer.get_weights()
    want, _ = simple(x, w)
    first = model.predict(x[:, :3], batch_size=2)
    second = model.predict(x[:, 3:], batch_size=2)
    np.testing.assert_allclose(first, want[:, :3], atol=1e-5)
    np.testing.assert_allclose(second, want[:, 3:], atol=1e-5)
    np.testing.assert_allclose(K.get_value(layer.states[0]), want[:, -1], atol=1e-5)
    layer.reset_states()
    np.testing.assert_array_equal(K.get_value(layer.states[0]), 0.)
    np.testing.assert_allclose(model.predict(x[:, 3:], batch_size=2),
                               simple(x[:, 3:], w)[0], atol=1e-5)
    with pytest.raises(AttributeError):
        layers.SimpleRNN(2).reset_states()
    with pytest.raises(ValueError, match='batch'):
        layers.LSTM(2, stateful=True)(Input(shape=(3, 2)))


def test_recurrent_dropout_only_in_training(backend):
    np.random.seed(6)
    x_in = Input(shape=(T, F))
    layer = layers.LSTM(3, dropout=0.5, recurrent_dropout=0.5, return_sequences=True)
    out = layer(x_in)
    assert getattr(out, '_uses_learning_phase', False)
    f = K.function([x_in, K.learning_phase()], [out])
    x = np.random.RandomState(9).randn(8, T, F).astype('float32')
    want, _ = lstm(x, layer.get_weights())
    np.testing.assert_allclose(f([x, 0])[0], want, atol=1e-5)
    a, b = f([x, 1])[0], f([x, 1])[0]
    assert not np.allclose(a, want, atol=1e-3)
    assert not np.allclose(a, b, atol=1e-3)


def test_rnn_rejects_bad_arguments(backend):
    with pytest.raises(ValueError, match='units'):
        layers.LSTM(0)
    with pytest.raises(ValueError, match='dropout'):
        layers.GRU(2, dropout=1.5)
    with pytest.raises(ValueError):
        layers.LSTM(2)(Input(shape=(3,)))
    with pytest.raises(ValueError, match='unroll'):
        layers.SimpleRNN(2, unroll=True)(Input(shape=(None, 2)))
    with pytest.raises(ValueError):
        layers.TimeDistributed(layers.Dense(2))(Input(shape=(3,)))
    with pytest.raises(TypeError):
        layers.TimeDistributed(lambda x: x)
