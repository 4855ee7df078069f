"""Behaviours that Keras 2.3.1's own test suite checks and that the core got wrong
(issue 17, item 3): each test here failed before its fix. The Keras test each
one stands for is named in its docstring."""
import numpy as np
import pytest

from multikeras import backend as K
from multikeras import initializers, layers
from multikeras.layers import Input
from multikeras.models import Model


@pytest.mark.parametrize('name', ['RandomNormal', 'RandomUniform', 'TruncatedNormal',
                                  'VarianceScaling', 'Orthogonal'])
def test_seeded_initializer_draws_new_values_on_each_call(name):
    """initializers_test::test_statefulness; a fresh one repeats the same draws."""
    init = getattr(initializers, name)(seed=1337)
    first, second = init((3, 3)), init((3, 3))
    assert np.abs(first - second).mean() > 0
    again = getattr(initializers, name)(seed=1337)
    np.testing.assert_array_equal(again((3, 3)), first)
    assert init.get_config()['seed'] == 1337


def test_layers_sharing_a_seeded_initializer_start_apart(backend):
    init = initializers.glorot_uniform(seed=3)
    a = layers.Dense(3, kernel_initializer=init)
    b = layers.Dense(3, kernel_initializer=init)
    x = Input((3,))
    a(x), b(x)
    assert not np.array_equal(a.get_weights()[0], b.get_weights()[0])


@pytest.mark.parametrize('layer_class,gates', [('SimpleRNN', 1), ('GRU', 3), ('LSTM', 4)])
def test_identity_recurrent_initializer_is_one_eye_per_gate(backend, layer_class, gates):
    """recurrent_test::test_rnn_cell_identity_initializer."""
    layer = getattr(layers, layer_class)(2, recurrent_initializer='identity')
    layer(Input((3, 4)))
    np.testing.assert_array_equal(layer.get_weights()[1], np.tile(np.eye(2), (1, gates)))
    assert layer.get_config()['recurrent_initializer']['class_name'] == 'Identity'


def test_identity_initializer_on_a_rectangle_is_a_padded_eye():
    """initializers_test::test_identity (kept: only recurrent cells tile it)."""
    np.testing.assert_array_equal(initializers.Identity(gain=2.)((2, 3)), 2 * np.eye(2, 3))


def test_eval_of_an_update_runs_it(backend):
    """backend_test::test_update, test_update_add, test_update_sub: Keras returns
    the assign op; evaluating it assigns and gives the new value."""
    x = K.variable(np.ones((2, 3)))
    new = np.arange(6.).reshape(2, 3)
    np.testing.assert_allclose(K.eval(K.update(x, new)), new)
    np.testing.assert_allclose(K.eval(x), new)
    np.testing.assert_allclose(K.eval(K.update_add(x, 1.)), new + 1)
    np.testing.assert_allclose(K.eval(K.update_sub(x, 3.)), new - 2)
    np.testing.assert_allclose(K.eval(x), new - 2)
    np.testing.assert_allclose(K.eval(K.moving_average_update(x, K.zeros((2, 3)), 0.5)),
                               (new - 2) / 2)
    # Still the (variable, value) pair that function(updates=) takes.
    variable, value = K.update_add(x, 1.)
    assert variable is x


def test_update_on_tensorflow_is_its_assign_op():
    """As Keras's tf.assign ops: usable in control_dependencies and as an output."""
    from conftest import activate
    activate('tensorflow')
    x = K.variable(0.)
    step = K.update_add(x, 1.)
    with K.control_dependencies([step]):
        after = K.identity(K.constant(5.))
    K.eval(after)
    assert K.eval(x) == 1.
    assert K.function([], [step])([])[0] == 2.


@pytest.mark.parametrize('op,np_op', [('add', np.add), ('maximum', np.maximum),
                                      ('multiply', np.multiply)])
def test_merge_broadcasts_inputs_of_lower_rank(backend, op, np_op):
    """merge_test::test_merge_broadcast: a (batch, 5) input is taken as (batch, 1, 5)."""
    for shapes, want in [(((4, 5), (5,)), (None, 4, 5)),
                         (((None, None), (None,)), (None, None, None))]:
        a, b = Input(shapes[0]), Input(shapes[1])
        out = getattr(layers, op)([a, b])
        assert K.int_shape(out) == want
        x1, x2 = np.random.rand(2, 4, 5), np.random.rand(2, 5)
        got = Model([a, b], out).predict([x1, x2])
        np.testing.assert_allclose(got, np_op(x1, x2[:, None, :]), rtol=1e-5)


def test_merge_compute_mask_checks_its_arguments(backend):
    """merge_test::test_merge_add."""
    i1, i2, i3 = Input((4, 5)), Input((4, 5)), Input((4, 5))
    add = layers.Add()
    add([i1, i2, i3])
    assert add.compute_mask([i1, i2, i3], [None, None, None]) is None
    ones = [K.variable(np.ones((2, 4))) for _ in range(3)]
    assert np.all(K.eval(add.compute_mask([i1, i2, i3], ones)))
    for inputs, mask in [([i1, i2, i3], np.ones((2, 4))), (i1, [None, None, None]),
                         ([i1, i2, i3], [None, None])]:
        with pytest.raises(ValueError, match='compute_mask'):
            add.compute_mask(inputs, mask)
    with pytest.raises(ValueError, match='compute_mask'):
        layers.Concatenate().compute_mask([i1, i2], [None])


def test_network_compute_mask_gives_one_mask_per_output(backend):
    """test_topology::test_node_construction / test_multi_input_layer."""
    a, b = Input((3,)), Input((3,))
    model = Model([a, b], [layers.Dense(2)(a), layers.Dense(4)(b)])
    assert model.compute_mask([a, b], [None, None]) == [None, None]
    single = Model(a, layers.Dense(2)(a))
    assert single.compute_mask(a, None) is None


def test_nested_network_passes_on_the_mask(backend):
    inner_in = Input((2, 3))
    inner = Model(inner_in, layers.Masking(0.)(inner_in))
    outer_in = Input((2, 3))
    y = inner(outer_in)
    mask = inner.compute_mask(outer_in, None)
    assert mask is not None and y._keras_mask is mask
    x = np.array([[[0., 0., 0.], [0., 1., 0.]]])
    np.testing.assert_array_equal(K.function([outer_in], [mask])([x])[0], [[False, True]])


def _masking_model():
    from multikeras.models import Sequential
    model = Sequential([layers.Masking(0., input_shape=(2, 1)),
                        layers.TimeDistributed(layers.Dense(1, kernel_initializer='ones'))])
    model.compile('sgd', 'mse')
    return model


def test_fully_masked_steps_add_nothing_to_the_loss(backend):
    """test_loss_masking::test_masking and test_masking_is_all_zeros."""
    model = _masking_model()
    x = np.array([[[1.], [1.]], [[0.], [0.]]])
    assert model.train_on_batch(x, np.ones((2, 2, 1))) == 0.
    zeros = np.zeros((1, 2, 1))
    assert model.train_on_batch(zeros, zeros) == 0.
    # One step of four masked: the three others count as the whole batch.
    x = np.array([[[1.], [0.]], [[2.], [3.]]])
    np.testing.assert_allclose(model.evaluate(x, np.zeros((2, 2, 1)), verbose=0),
                               (1. + 4. + 9.) / 4 / 0.75, rtol=1e-5)


def test_shared_batch_normalization_brings_the_updates_of_its_call_in_the_model(backend):
    """normalization_test::test_shared_batchnorm."""
    bn = layers.BatchNormalization(input_shape=(10,))
    bn(Input((10,)))
    x2 = Input((10,))
    model = Model(x2, bn(x2))
    assert len(model.updates) == 2
    x3 = Input((10,))
    new_model = Model(x3, model(x3))
    assert len(model.updates) == 2 and len(new_model.updates) == 2
    new_model.compile('sgd', 'mse')
    new_model.train_on_batch(np.random.rand(2, 10), np.random.rand(2, 10))
    model.trainable = False
    assert model.updates == []


def _shared_input_model(first, second):
    a, b = Input((5,)), Input((5,))
    out = layers.Average()([first(a), second(b)])
    model = Model([a, b], out)
    model.add_loss(K.mean(out))
    model.add_loss(1)
    model.add_loss(1)
    return model


def _regularized_dense():
    return layers.Dense(2, kernel_regularizer='l1', activity_regularizer='l1')


def test_losses_of_a_shared_regularized_layer_count_once_per_call(backend):
    """regularizers_test::test_regularization_shared_layer / _shared_model /
    _shared_layer_in_different_models: 6, 6 and 8 losses."""
    dense = _regularized_dense()
    assert len(_shared_input_model(dense, dense).losses) == 6
    dense = _regularized_dense()
    x = Input((5,))
    inner = Model(x, dense(x))
    assert len(_shared_input_model(inner, inner).losses) == 6
    shared = _regularized_dense()
    models = []
    for _ in range(2):
        x = Input((5,))
        models.append(Model(x, layers.Dense(2, kernel_regularizer='l1')(shared(x))))
    model = _shared_input_model(*models)
    assert len(model.losses) == 8
    model.compile('sgd', 'mse')
    model.train_on_batch([np.ones((2, 5))] * 2, np.ones((2, 2)))


def test_get_updates_and_losses_for_inputs(backend):
    """test_topology::test_get_updates_for, test_get_losses_for; recurrent_test::
    test_regularizer (an RNN's activity regularizer is conditional on its input)."""
    a = Input((2,))
    dense = layers.Dense(1)
    dense.add_update(0, inputs=a)
    dense.add_update(1, inputs=None)
    dense.add_loss(0, inputs=a)
    dense.add_loss(1, inputs=None)
    assert dense.get_updates_for(a) == [0] and dense.get_updates_for(None) == [1]
    assert dense.get_losses_for(a) == [0] and dense.get_losses_for(None) == [1]
    rnn = layers.SimpleRNN(2, activity_regularizer='l2', kernel_regularizer='l1')
    x = Input((3, 4))
    rnn(x)
    assert len(rnn.get_losses_for(x)) == 1 and len(rnn.get_losses_for(None)) == 1
    assert len(rnn.cell.get_losses_for(x)) == 0


def test_time_distributed_batch_normalization_keeps_its_updates(backend):
    x = Input((3, 4))
    model = Model(x, layers.TimeDistributed(layers.BatchNormalization())(x))
    assert len(model.updates) == 2


def test_layer_called_on_a_backend_variable(backend):
    """Keras makes Keras tensors on the fly: a layer takes K.variable / K.placeholder."""
    dense = layers.Dense(3, kernel_initializer='ones')
    out = dense(K.variable(np.ones((2, 4))))
    assert K.int_shape(out) == (2, 3)
    np.testing.assert_allclose(K.eval(out), np.full((2, 3), 4.))
    x = K.placeholder(shape=(None, 4))
    np.testing.assert_allclose(K.function([x], [dense(x)])([np.ones((1, 4))])[0], [[4.] * 3])


@pytest.mark.parametrize('layer_class,states', [('SimpleRNN', 1), ('LSTM', 2)])
def test_rnn_initial_state_given_as_variables(backend, layer_class, states):
    """recurrent_test::test_specify_initial_state_non_keras_tensor."""
    initial = [K.random_normal_variable((2, 3), 0, 1) for _ in range(states)]
    x = Input((4, 5))
    model = Model(x, getattr(layers, layer_class)(3)(x, initial_state=initial))
    model.compile('adam', 'mse')
    model.fit(np.random.rand(2, 4, 5), np.random.rand(2, 3), verbose=0)
    assert model.predict(np.random.rand(2, 4, 5)).shape == (2, 3)


@pytest.mark.parametrize('rank', [1, 2, 3])
def test_full_padding_convolves_on_theano_and_is_refused_elsewhere(backend, rank):
    """convolutional_test (Keras allows padding='full' on Theano only): the
    result is a 'valid' convolution of the input padded by kernel - 1 per side."""
    from multikeras.backend import numpy_backend as NP
    rng = np.random.RandomState(rank)
    x = rng.rand(*((2,) + (4,) * rank + (3,))).astype('float32')
    kernel = rng.rand(*((2,) * rank + (3, 5))).astype('float32')
    conv = getattr(K, 'conv%dd' % rank)
    layer_class = getattr(layers, 'Conv%dD' % rank)
    if backend != 'theano':
        with pytest.raises(ValueError, match='padding'):
            conv(K.variable(x), K.variable(kernel), padding='full')
        with pytest.raises(ValueError, match='padding'):
            layer_class(5, 2, padding='full')
        return
    padded = np.pad(x, [(0, 0)] + [(1, 1)] * rank + [(0, 0)])
    want = getattr(NP, 'conv%dd' % rank)(padded, kernel, padding='valid')
    np.testing.assert_allclose(K.eval(conv(K.variable(x), K.variable(kernel), padding='full')),
                               want, rtol=1e-4)
    inputs = Input(x.shape[1:])
    model = Model(inputs, layer_class(5, 2, padding='full', use_bias=False)(inputs))
    model.set_weights([kernel])
    assert model.output_shape == (None,) + (5,) * rank + (5,)
    np.testing.assert_allclose(model.predict(x), want, rtol=1e-4)


@pytest.mark.parametrize('rank, strides', [(2, 1), (2, 2), (3, 1)])
def test_full_padding_transposed_convolution_on_theano(backend, rank, strides):
    """convolutional_test::test_conv2d_transpose / test_conv3d_transpose with
    padding='full' (Theano only, as Keras): the transpose of the 'full' convolution,
    so <conv(a), b> == <conv_transpose(b), a>, and the layer's output shape is
    Keras's deconv_length."""
    if backend != 'theano':
        with pytest.raises(ValueError, match='padding'):
            getattr(layers, 'Conv%dDTranspose' % rank)(5, 3, padding='full')
        return
    rng = np.random.RandomState(rank + strides)
    a = rng.rand(*((2,) + (7,) * rank + (3,))).astype('float32')
    kernel = rng.rand(*((3,) * rank + (3, 5))).astype('float32')   # a: 3 channels, b: 5
    forward = K.eval(getattr(K, 'conv%dd' % rank)(K.variable(a), K.variable(kernel),
                                                  strides=(strides,) * rank, padding='full'))
    b = rng.rand(*forward.shape).astype('float32')
    back = K.eval(getattr(K, 'conv%dd_transpose' % rank)(
        K.variable(b), K.variable(kernel), a.shape, strides=(strides,) * rank, padding='full'))
    assert back.shape == a.shape
    np.testing.assert_allclose(np.sum(forward * b), np.sum(back * a), rtol=1e-4)
    inputs = Input(b.shape[1:])
    layer = getattr(layers, 'Conv%dDTranspose' % rank)(3, 3, strides=strides, padding='full',
                                                          use_bias=False)
    model = Model(inputs, layer(inputs))
    assert model.output_shape == (None,) + (
        (forward.shape[1] - 1) * strides - 3 + 2,) * rank + (3,)
    assert model.predict(b).shape[1:] == model.output_shape[1:]


def test_simple_rnn_takes_and_drops_implementation(backend):
    """recurrent_test::test_implementation_mode (SimpleRNN warns and ignores it)."""
    with pytest.warns(UserWarning, match='implementation'):
        layer = layers.SimpleRNN(2, implementation=2)
    layer(Input((3, 4)))
    assert 'implementation' not in layer.get_config()


def test_stacked_cells_reverse_state_order(backend):
    """recurrent_test::test_stacked_rnn_compute_output_shape."""
    cells = [layers.LSTMCell(3), layers.LSTMCell(6)]
    with pytest.warns(UserWarning, match='reverse_state_order'):
        stacked = layers.StackedRNNCells(cells, reverse_state_order=True)
    layer = layers.RNN(stacked, return_state=True, return_sequences=True)
    assert layer.compute_output_shape((None, 4, 5)) == \
        [(None, 4, 6), (None, 6), (None, 6), (None, 3), (None, 3)]
    x = Input((4, 5))
    outputs = layer(x)
    values = K.function([x], outputs)([np.random.rand(2, 4, 5)])
    assert [v.shape for v in values] == [(2, 4, 6), (2, 6), (2, 6), (2, 3), (2, 3)]
    np.testing.assert_allclose(values[0][:, -1], values[1], rtol=1e-5)
    assert layers.StackedRNNCells.from_config(stacked.get_config()).reverse_state_order


def test_rnn_with_a_cell_whose_call_takes_no_training(backend):
    """recurrent_test::test_minimal_rnn_cell_layer: Keras passes `training` only to
    cells that take it; an explicit training=True marks no learning phase."""
    class MinimalCell(layers.Layer):
        def __init__(self, units, **kwargs):
            super(MinimalCell, self).__init__(**kwargs)
            self.units = self.state_size = units

        def build(self, input_shape):
            self.kernel = self.add_weight('kernel', (input_shape[-1], self.units))
            self.built = True

        def call(self, inputs, states):
            output = K.dot(inputs, self.kernel) + states[0]
            return output, [output]

    x = Input((3, 4))
    y = layers.RNN([MinimalCell(2), MinimalCell(5)])(x)
    assert K.function([x], [y])([np.ones((2, 3, 4))])[0].shape == (2, 5)
    dropped = layers.SimpleRNN(2, dropout=0.5)
    assert dropped(x)._uses_learning_phase
    assert not getattr(dropped(x, training=True), '_uses_learning_phase', False)


def test_callbacks_batch_hooks_fire_in_fit_evaluate_and_predict(backend):
    """The Keras 2.3 hooks on_{train,test,predict}_batch_{begin,end}."""
    from multikeras.callbacks import Callback

    def hook(name):
        return lambda self, batch, logs=None: self.seen.append(name)

    Recorder = type('Recorder', (Callback,), {
        'on_%s_batch_%s' % (mode, when): hook('on_%s_batch_%s' % (mode, when))
        for mode in ('train', 'test', 'predict') for when in ('begin', 'end')})

    x = Input((3,))
    model = Model(x, layers.Dense(1)(x))
    model.compile('sgd', 'mse')
    data, target = np.ones((4, 3)), np.ones((4, 1))
    for run, hooks in [(lambda r: model.fit(data, target, batch_size=2, verbose=0, callbacks=[r]),
                        'train'),
                       (lambda r: model.evaluate(data, target, batch_size=2, verbose=0,
                                                 callbacks=[r]), 'test'),
                       (lambda r: model.predict(data, batch_size=2, callbacks=[r]), 'predict')]:
        recorder = Recorder()
        recorder.seen = []
        run(recorder)
        assert recorder.seen == ['on_%s_batch_begin' % hooks, 'on_%s_batch_end' % hooks] * 2


@pytest.mark.parametrize('shape,data_format,fans', [
    ((4, 6), 'channels_last', (4, 6)),
    ((3, 2, 4, 6), 'channels_last', (24, 36)),     # (rows, cols, in, out)
    ((6, 4, 3, 2), 'channels_first', (24, 36)),    # (out, in, rows, cols)
    ((5, 4, 6), 'channels_last', (20, 30)),
    ((16,), 'channels_last', (4., 4.)),
    ((2, 2, 2, 2, 2, 2), 'channels_last', (8., 8.)),
])
def test_compute_fans(shape, data_format, fans):
    """initializers_test::test_lecun_uniform and the other variance scalings ask
    initializers._compute_fans for the fans their statistics follow."""
    assert initializers._compute_fans(shape, data_format) == fans
    with pytest.raises(ValueError, match='data_format'):
        initializers._compute_fans((3, 3, 2, 2), 'channels_middle')


def test_variance_scaling_follows_the_fans():
    np.random.seed(5)
    values = initializers.he_uniform()((3, 3, 20, 30))
    fan_in, _ = initializers._compute_fans((3, 3, 20, 30))
    assert abs(values.std() - np.sqrt(2. / fan_in)) < 0.01


@pytest.mark.parametrize('source', ['channels_first', 'channels_last'])
def test_convert_dense_weights_data_format(backend, source):
    """layer_utils_test::test_convert_weights: a Dense behind a Flatten gives the
    same outputs in the other data format once its kernel rows are reordered."""
    from multikeras.models import Sequential
    from multikeras.utils import layer_utils
    target = 'channels_last' if source == 'channels_first' else 'channels_first'

    def model(data_format):
        shape = (2, 3, 4) if data_format == 'channels_first' else (3, 4, 2)
        m = Sequential([layers.Permute((1, 2, 3), input_shape=shape), layers.Flatten(),
                        layers.Dense(3)])
        return m

    first, second = model(source), model(target)
    x = np.random.RandomState(0).rand(2, 2, 3, 4).astype('float32')   # channels first
    x_source = x if source == 'channels_first' else x.transpose(0, 2, 3, 1)
    x_target = x.transpose(0, 2, 3, 1) if source == 'channels_first' else x
    expected = first.predict(x_source)
    shape = (3, 4, 2) if target == 'channels_last' else (2, 3, 4)   # in the target layout
    layer_utils.convert_dense_weights_data_format(first.layers[2], shape, target)
    second.set_weights(first.get_weights())
    np.testing.assert_allclose(second.predict(x_target), expected, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match='previous_feature_map_shape'):
        layer_utils.convert_dense_weights_data_format(first.layers[2], (2, 3), target)
    with pytest.raises(ValueError, match='target_data_format'):
        layer_utils.convert_dense_weights_data_format(first.layers[2], shape, 'channels_middle')


def test_unseeded_random_ops_repeat_after_numpy_seed(backend):
    """Keras 2.3 draws the seed of an unseeded random op from NumPy's global state, so
    code that calls `np.random.seed` first (wrappers_test::test_TimeDistributed_learning_phase)
    gets the same draws on every run."""
    def draws():
        np.random.seed(1234)
        ones = K.ones((4, 50))
        return [K.eval(K.dropout(ones, 0.5)), K.eval(K.random_normal((3, 3))),
                K.eval(K.random_uniform((3, 3))), K.eval(K.random_binomial((3, 3), 0.5)),
                K.eval(K.truncated_normal((3, 3)))]
    for first, again in zip(draws(), draws()):
        np.testing.assert_array_equal(first, again)
