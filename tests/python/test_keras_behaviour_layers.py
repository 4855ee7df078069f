"""Layer behaviours that Keras 2.3.1's own test suite checks and that the core got
wrong (issue 17): recurrent layers and their cells, wrappers, merge layers and
legacy layers. Each test here failed before its fix; the Keras test it stands
for is named in its docstring."""
import warnings

import numpy as np
import pytest

from multikeras import backend as K
from multikeras import layers
from multikeras.layers import Input
from multikeras.models import Model, Sequential


# -- recurrent -----------------------------------------------------------------------------

class PlainCell(object):
    """A cell that is not a Layer: Keras 2.3 takes any object with call() and state_size."""

    def __init__(self, units, input_dim, states=1):
        self.units = units
        self.state_size = units if states == 1 else (units,) * states
        self.kernel = K.variable(np.linspace(-1, 1, input_dim * units).reshape(input_dim, units))

    def call(self, inputs, states):
        output = K.dot(inputs, self.kernel) + states[0]
        return output, [output * (i + 1) for i in range(len(states))]


def test_rnn_runs_a_cell_that_is_not_a_layer(backend):
    """recurrent_test::test_minimal_rnn_cell_non_layer(_multiple_states)."""
    x = Input((None, 3))
    y = layers.RNN(PlainCell(2, 3))(x)
    stacked = layers.RNN([PlainCell(2, 3, states=2), PlainCell(4, 2)])
    assert stacked.cell.state_size == (2, 2, 4)
    z = stacked(x)
    data = np.ones((2, 4, 3), dtype='float32')
    out_y, out_z = K.function([x], [y, z])([data])
    kernel = np.linspace(-1, 1, 6).reshape(3, 2)
    np.testing.assert_allclose(out_y, 4 * data[:, 0].dot(kernel), rtol=1e-5)
    assert out_z.shape == (2, 4)
    model = Model(x, z)
    assert model.trainable_weights == [] and model.weights == []
    model.compile('rmsprop', 'mse')
    model.train_on_batch(data, np.zeros((2, 4)))


class ConstantCell(layers.Layer):
    """A cell whose call() takes `constants`; its build() needs their shape."""

    def __init__(self, units, **kwargs):
        super(ConstantCell, self).__init__(**kwargs)
        self.units = self.state_size = units

    def build(self, input_shape):
        if not isinstance(input_shape, list):
            raise TypeError('ConstantCell expects [input_shape, constants_shape]; got %r'
                            % (input_shape,))
        step_shape, constant_shape = input_shape
        self.kernel = self.add_weight('kernel', (step_shape[-1], self.units))
        self.constant_kernel = self.add_weight('constant_kernel', (constant_shape[-1], self.units))
        self.built = True

    def call(self, inputs, states, constants):
        output = K.dot(inputs, self.kernel) + states[0] + K.dot(constants[0], self.constant_kernel)
        return output, [output]

    def get_config(self):
        config = super(ConstantCell, self).get_config()
        config['units'] = self.units
        return config


def constant_rnn(x, c, w, h=None):
    kernel, constant_kernel = w
    h = np.zeros((x.shape[0], kernel.shape[1])) if h is None else h
    for t in range(x.shape[1]):
        h = x[:, t].dot(kernel) + h + c.dot(constant_kernel)
    return h


def test_rnn_builds_a_cell_that_takes_constants_with_their_shape(backend):
    """recurrent_test::test_rnn_cell_with_constants_layer(_passing_initial_state)."""
    from multikeras.utils import CustomObjectScope
    x, c, s = Input((3, 2)), Input((4,)), Input((5,))
    layer = layers.RNN(ConstantCell(5))
    y = layer(x, constants=c)
    y0 = layer(x, initial_state=s, constants=c)
    model = Model([x, c, s], [y, y0])
    rng = np.random.RandomState(0)
    data = [rng.rand(2, 3, 2), rng.rand(2, 4), rng.rand(2, 5)]
    out, out0 = model.predict(data)
    w = layer.get_weights()
    np.testing.assert_allclose(out, constant_rnn(data[0], data[1], w), rtol=1e-4)
    np.testing.assert_allclose(out0, constant_rnn(data[0], data[1], w, data[2]), rtol=1e-4)
    assert layer.get_config()['num_constants'] == 1
    with CustomObjectScope({'ConstantCell': ConstantCell}):
        again = layers.RNN.from_config(layer.get_config())
        flat = again([x, c])   # the flat list: the last item is the constant
        flat_state = layers.RNN.from_config(layer.get_config())([x, s, c])
    again.set_weights(w)
    np.testing.assert_allclose(K.function([x, c], [flat])(data[:2])[0], out, rtol=1e-4)
    assert K.int_shape(flat_state) == (None, 5)
    stacked = layers.RNN([layers.GRUCell(2), ConstantCell(3)])
    assert K.int_shape(stacked(x, constants=c)) == (None, 3)
    with pytest.raises(ValueError, match='constants'):
        layers.SimpleRNN(2)(x, constants=c)


def test_get_initial_state_and_an_output_size_apart_from_the_state_size(backend):
    """recurrent_test::test_inconsistent_output_state_size."""
    class PlusOne(layers.Layer):
        def __init__(self, units, **kwargs):
            super(PlusOne, self).__init__(**kwargs)
            self.state_size = units

        def build(self, input_shape):   # sets no `built`, as Keras's test cell
            self.output_size = input_shape[-1]

        def call(self, inputs, states):
            return inputs + 1, [states[0] + 1]

    x = Input((None, 3))
    layer = layers.RNN(PlusOne(5), return_state=True)
    y, state = layer(x)
    initial = layer.get_initial_state(x)
    assert len(initial) == 1
    if backend != 'theano':
        assert K.int_shape(initial[0]) == (None, 5)
    out, last = K.function([x], [y, state])([np.zeros((2, 4, 3))])
    np.testing.assert_allclose(out, np.ones((2, 3)))
    np.testing.assert_allclose(last, np.full((2, 5), 4.))
    assert layers.SimpleRNN(2).states == [None] and layers.LSTM(2).states == [None, None]


def test_model_reset_states_and_stateful_batch_checks(backend):
    """recurrent_test::test_statefulness, test_stateful_invalid_use."""
    model = Sequential([layers.SimpleRNN(2, stateful=True, batch_input_shape=(2, 3, 1))])
    layer = model.layers[0]
    assert model.stateful and not Sequential([layers.Dense(1, input_shape=(2,))]).stateful
    x = np.ones((2, 3, 1), dtype='float32')
    first = model.predict(x)
    assert not np.allclose(model.predict(x), first)
    model.reset_states()
    np.testing.assert_allclose(K.get_value(layer.states[0]), 0.)
    np.testing.assert_allclose(model.predict(x), first, rtol=1e-5)
    model.compile('sgd', 'mse')
    with pytest.raises(ValueError, match='stateful'):
        model.fit(np.ones((4, 3, 1)), np.ones((4, 2)), verbose=0)   # batch_size 32
    with pytest.raises(ValueError, match='stateful'):
        model.predict(np.ones((4, 3, 1)), batch_size=3)
    model.fit(np.ones((4, 3, 1)), np.ones((4, 2)), batch_size=2, verbose=0)
    with pytest.raises(ValueError, match='shape'):
        layer.reset_states([np.zeros((3, 2))])


class FrameMasking(layers.Masking):
    """Masks the frames (batch, time) of a 5D input that are all zeros."""

    def compute_mask(self, inputs, mask=None):
        return K.any(K.not_equal(inputs, 0.), axis=[2, 3, 4])


@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
def test_conv_lstm_return_state_stateful_and_masked(backend, data_format):
    """convolutional_recurrent_test::test_convolutional_recurrent(_statefulness)."""
    shape = (1, 2, 4, 4, 2) if data_format == 'channels_last' else (1, 2, 2, 4, 4)
    x = Input(batch_shape=shape)
    layer = layers.ConvLSTM2D(2, 3, data_format=data_format, return_state=True, stateful=True)
    output, h, c = layer(FrameMasking()(x))
    state_shape = (1, 2, 2, 2)
    assert K.int_shape(h) == state_shape and layer.compute_output_shape(shape)[1] == state_shape
    model = Model(x, h)
    data = np.random.RandomState(1).rand(*shape).astype('float32')
    data[:, 1] = 0.   # a masked second step
    first = model.predict(data)
    np.testing.assert_allclose(K.get_value(layer.states[0]), first, atol=1e-5)
    assert not np.allclose(model.predict(data), first)
    model.reset_states()
    np.testing.assert_allclose(model.predict(data), first, atol=1e-5)
    assert layers.ConvLSTM2D.from_config(layer.get_config()).return_state


# -- wrappers ------------------------------------------------------------------------------

def test_time_distributed_input_map_and_trainable(backend):
    """wrappers_test::test_TimeDistributed (its _input_map), test_TimeDistributed_trainable."""
    from multikeras.utils.generic_utils import object_list_uid
    x = Input((3, 2))
    layer = layers.TimeDistributed(layers.BatchNormalization())
    layer(x)
    assert list(layer._input_map) == [object_list_uid(x)]
    assert K.int_shape(layer._input_map[object_list_uid(x)]) == (None, 2)
    assert len(layer.updates) == 2 and len(layer.trainable_weights) == 2
    layer.trainable = False
    assert not layer.layer.trainable
    assert len(layer.updates) == 0 and len(layer.trainable_weights) == 0
    layer.trainable = True
    assert len(layer.updates) == 2 and len(layer.trainable_weights) == 2
    frozen = layers.TimeDistributed(layers.Dense(2, trainable=False))
    assert not frozen.trainable


def test_time_distributed_masks_and_unknown_sizes(backend):
    """wrappers_test::test_TimeDistributed_with_masked_embedding_and_unspecified_shape,
    test_TimeDistributed_with_masking_layer."""
    if backend == 'cntk':
        pytest.skip('unknown timesteps (as Keras, the test skips CNTK)')
    model = Sequential()
    model.add(layers.TimeDistributed(layers.Embedding(5, 2, mask_zero=True),
                                     input_shape=(None, None)))
    model.add(layers.TimeDistributed(layers.SimpleRNN(3, return_sequences=True)))
    model.add(layers.TimeDistributed(layers.SimpleRNN(2)))
    data = np.random.RandomState(2).randint(1, 5, size=(3, 2, 4))
    data[0, 1:, 2:] = 0
    masks = [model.layers[0].compute_mask(model.input)]
    for layer in model.layers[1:]:
        masks.append(layer.compute_mask(layer.input, masks[-1]))
    values = K.function([model.input], masks + [model.output])([data])
    np.testing.assert_array_equal(values[0], data > 0)
    np.testing.assert_array_equal(values[1], data > 0)
    np.testing.assert_array_equal(values[2], np.any(data > 0, axis=-1))
    assert values[3].shape == (3, 2, 2)
    # The RNN inside sees the mask: a sample with its last steps masked ends
    # where its shorter twin ends.
    short = data.copy()
    short[:, :, 2:] = 0
    same = K.function([model.input], [model.output])([short])[0]
    cut = K.function([model.input], [model.output])([data[:, :, :2]])[0]
    np.testing.assert_allclose(same, cut, atol=1e-5)

    masking = Sequential([layers.TimeDistributed(layers.Masking(0.), input_shape=(None, 2)),
                          layers.TimeDistributed(layers.Dense(3))])
    values = np.array([[[1, 2], [0, 0], [3, 0]]], dtype='float32')
    mask = masking.layers[1].compute_mask(masking.layers[1].input,
                                          masking.layers[0].compute_mask(masking.input))
    np.testing.assert_array_equal(K.function([masking.input], [mask])([values])[0],
                                  [[True, False, True]])


def test_time_distributed_regularizers_count_once(backend):
    """wrappers_test::test_regularizers."""
    model = Sequential([layers.TimeDistributed(layers.Dense(2, kernel_regularizer='l1'),
                                               input_shape=(3, 4))])
    wrapper = model.layers[0]
    assert len(wrapper.layer.losses) == len(wrapper.losses) == 1
    assert len(wrapper.get_losses_for(None)) == 1 and len(model.losses) == 1
    model = Sequential([layers.TimeDistributed(layers.Dense(2, activity_regularizer='l1'),
                                               input_shape=(3, 4))])
    assert len(model.losses) == 1


@pytest.mark.parametrize('merge_mode', ['sum', 'concat', None])
def test_bidirectional_return_state_initial_state_and_constants(backend, merge_mode):
    """wrappers_test::test_Bidirectional_merged_value, test_Bidirectional_state_reuse,
    test_Bidirectional_with_constants(_layer_passing_initial_state)."""
    from multikeras.utils import CustomObjectScope
    x = Input((3, 2))
    layer = layers.Bidirectional(layers.LSTM(2, return_state=True), merge_mode=merge_mode)
    outputs = layer(x)
    n_out = 2 if merge_mode is None else 1
    assert len(outputs) == n_out + 4 and len(layer.layer.states) == 2
    data = np.random.RandomState(3).rand(2, 3, 2).astype('float32')
    values = K.function([x], outputs)([data])
    forward = K.function([x], layer.forward_layer(x))([data])
    backward = K.function([x], layer.backward_layer(x))([data])
    for got, want in zip(values[n_out:], forward[1:] + backward[1:]):
        np.testing.assert_allclose(got, want, atol=1e-5)
    states = outputs[n_out:]
    with pytest.raises(ValueError, match='initial_state'):
        layers.Bidirectional(layers.LSTM(2))(x, initial_state=states[0])
    reused = layers.Bidirectional(layers.LSTM(2), merge_mode=merge_mode)
    y = reused(x, initial_state=states)
    assert isinstance(reused.input, list) and len(reused.input) == 5
    shifted = K.function([x], to_list(y))([data])
    plain = K.function([x], to_list(reused(x)))([data])
    assert not np.allclose(shifted[0], plain[0])

    c = Input((4,))
    with CustomObjectScope({'ConstantCell': ConstantCell}):
        bi = layers.Bidirectional(layers.RNN(ConstantCell(3)), merge_mode=merge_mode)
        y = bi(x, constants=c)
        again = layers.Bidirectional.from_config(bi.get_config())
    flat = again([x, c])
    again.set_weights(bi.get_weights())
    constants = np.random.RandomState(4).rand(2, 4)
    got = K.function([x, c], to_list(y) + to_list(flat))([data, constants])
    np.testing.assert_allclose(got[0], got[n_out], rtol=1e-4)
    w = bi.get_weights()
    want_forward = constant_rnn(data, constants, w[:2])
    want_backward = constant_rnn(data[:, ::-1], constants, w[2:])
    want = {'sum': [want_forward + want_backward],
            'concat': [np.concatenate([want_forward, want_backward], -1)],
            None: [want_forward, want_backward]}[merge_mode]
    for g, wv in zip(got, want):
        np.testing.assert_allclose(g, wv, rtol=1e-4)


def to_list(x):
    return x if isinstance(x, list) else [x]


# -- merge, embedding, cropping ------------------------------------------------------------

def test_merge_layers_check_their_inputs_on_every_call(backend):
    """merge_test::test_merge_subtract, test_merge_concatenate (invalid uses)."""
    a, b, c = Input((2,)), Input((2,)), Input((2,))
    subtract = layers.Subtract()
    subtract([a, b])
    with pytest.raises(ValueError, match='2 inputs'):
        subtract([a, b, c])
    with pytest.raises(ValueError):
        subtract([a])
    concat = layers.Concatenate()
    concat([a, b])
    with pytest.raises(ValueError):
        concat([a])


def test_merge_of_inputs_of_unknown_rank(backend):
    """merge_test::test_merge_broadcast (K.ndim giving None): the batch axis moved last
    lines the inputs up as axes inserted after the batch axis would. Only TensorFlow
    has tensors of unknown rank (the Keras test runs there only)."""
    if backend != 'tensorflow':
        pytest.skip('ranks are always known on %s' % backend)
    x1 = np.random.RandomState(5).rand(2, 3, 4).astype('float32')
    x2 = np.random.RandomState(6).rand(2, 4).astype('float32')
    for layer, op in ((layers.Add(), np.add), (layers.Maximum(), np.maximum)):
        out = K.eval(layer._merge_batch_last([K.variable(x1), K.variable(x2)]))
        np.testing.assert_allclose(out, op(x1, x2[:, None]), rtol=1e-6)


@pytest.mark.parametrize('input_shape', [(3, 4, 5), (3, 5)])
def test_embedding_refuses_an_input_length_unlike_its_input(backend, input_shape):
    """embeddings_test::test_embedding_invalid."""
    with pytest.raises(ValueError, match='input_length'):
        Sequential([layers.Embedding(10, 4, input_length=2, input_shape=input_shape)])
    model = Sequential([layers.Embedding(10, 4, input_length=(None, 4), input_shape=(3, 4))])
    assert model.output_shape == (None, 3, 4, 4)


@pytest.mark.parametrize('layer_class', ['Cropping2D', 'Cropping3D', 'ZeroPadding2D'])
def test_cropping_given_a_function_is_a_value_error(layer_class):
    """convolutional_test::test_cropping_2d, test_cropping_3d."""
    with pytest.raises(ValueError, match='lambda'):
        getattr(layers, layer_class)(lambda x: x)


# -- legacy layers -------------------------------------------------------------------------

def test_simple_rnn_takes_keras1_output_dim():
    """legacy/interface_test::test_simplernn_legacy_interface."""
    with pytest.warns(UserWarning, match='Keras 2 API'):
        old = layers.SimpleRNN(input_shape=[3, 5], output_dim=2, name='d')
    assert old.get_config() == layers.SimpleRNN(2, input_shape=[3, 5], name='d').get_config()


def test_highway_and_maxout_dense(backend):
    """legacy/layers_test::test_highway, test_maxout_dense (deprecated, still in Keras 2.3)."""
    from multikeras.legacy import layers as legacy
    x = np.random.RandomState(7).randn(3, 2).astype('float32')
    with pytest.warns(UserWarning, match='deprecated'):
        highway = legacy.Highway(activation='tanh', W_regularizer='l2', input_dim=2)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        maxout = legacy.MaxoutDense(3, nb_feature=2, b_regularizer='l1')
    inp = Input((2,))
    model = Model(inp, [highway(inp), maxout(inp)])
    maxout.set_weights([np.random.RandomState(8).randn(2, 2, 3), np.arange(6.).reshape(2, 3)])
    got_h, got_m = model.predict(x)
    w, w_carry, b, b_carry = highway.get_weights()
    gate = 1. / (1. + np.exp(-(x.dot(w_carry) + b_carry)))
    np.testing.assert_allclose(got_h, gate * np.tanh(x.dot(w) + b) + (1 - gate) * x, rtol=1e-5)
    kernel, bias = maxout.get_weights()
    want = np.max(np.einsum('bi,kio->bko', x, kernel) + bias, axis=1)
    np.testing.assert_allclose(got_m, want, rtol=1e-5)
    assert len(model.losses) == 2
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        again = Model.from_config(model.get_config())
    assert [l.__class__.__name__ for l in again.layers[1:]] == ['Highway', 'MaxoutDense']


# -- activations ---------------------------------------------------------------------------

def test_relu_layer_uses_tensorflow_relu_ops():
    """advanced_activations_test::test_relu_tf_ops: the ops are named under the layer."""
    from conftest import activate
    activate('tensorflow')
    x = Input((3,))
    assert layers.ReLU()(x).op.name.lower().endswith('/relu')
    assert layers.ReLU(negative_slope=0.2)(x).op.name.lower().endswith('/leakyrelu')
    assert layers.ReLU(max_value=6)(x).op.name.lower().endswith('/relu6')
    values = np.array([[-2., 3., 7.]], dtype='float32')
    leaky = layers.ReLU(negative_slope=0.2)(x)
    capped = layers.ReLU(max_value=6)(x)
    out = K.function([x], [leaky, capped])([values])
    np.testing.assert_allclose(out[0], [[-0.4, 3., 7.]], rtol=1e-6)
    np.testing.assert_allclose(out[1], [[0., 3., 6.]])
