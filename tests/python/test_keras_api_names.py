"""The public and semi-public names Keras 2.3 code imports, imported the way Keras code
does (`keras.X` -> `multikeras.X`), with their Keras 2.3 behaviour.

Expected figures marked "Keras 2.3.1" come from Keras 2.3.1's own tests
(tests/keras/utils/conv_utils_test.py, tests/keras/engine/test_training.py).
"""
import marshal
import warnings

import numpy as np
import pytest

import multikeras as keras
from multikeras import backend as K
from conftest import activate


# -- utils.generic_utils -------------------------------------------------------------------

def _defined(signature):
    context = {}
    exec('def %s: pass' % signature, context)
    context.pop('__builtins__', None)
    fn, = context.values()
    return fn


@pytest.mark.parametrize('signature, name, accept_all, expected', [
    ('f(x)', 'x', False, True), ('f(x)', 'y', True, False), ('f(x, y=1)', 'y', False, True),
    ('f(x, **kwargs)', 'y', False, False), ('f(x, **kwargs)', 'y', True, True),
    ('f(x, *args, y=1)', 'y', False, True), ('f(x, /, y=1)', 'x', False, False)])
def test_has_arg(signature, name, accept_all, expected):
    from multikeras.utils.generic_utils import has_arg
    assert has_arg(_defined(signature), name, accept_all) is expected
    assert has_arg(pow, 'x') is False          # positional-only


def test_func_dump_and_func_load_round_trip_code_defaults_and_closure():
    from multikeras.utils.generic_utils import func_dump, func_load
    offset = 3

    def shifted(x, scale=2):
        return x * scale + offset
    code, defaults, closure = func_dump(shifted)
    assert isinstance(code, str) and defaults == (2,) and closure == (3,)
    for restored in (func_load(code, defaults, closure), func_load(func_dump(shifted))):
        assert restored.__code__ == shifted.__code__
        assert restored.__closure__ == shifted.__closure__
        assert restored(1) == 5 and restored(1, scale=10) == 13
    # Keras before 2.1.2 wrote the raw marshalled code as text.
    old = marshal.dumps((lambda x: x ** 2).__code__).decode('raw_unicode_escape')
    assert func_load(old)(3) == 9


def test_list_and_shape_helpers():
    from multikeras.utils import generic_utils as gu
    a, b = object(), object()
    assert gu.object_list_uid([a, b]) == '%d, %d' % (id(a), id(b))
    assert gu.object_list_uid(a) == str(id(a))
    assert gu.is_all_none([None, None]) and gu.is_all_none(None) and not gu.is_all_none([None, 1])
    x = np.arange(10).reshape(5, 2)
    assert gu.slice_arrays(None) == [None]
    np.testing.assert_array_equal(gu.slice_arrays(x, 1, 3), x[1:3])
    np.testing.assert_array_equal(gu.slice_arrays(x, np.array([4, 0])), x[[4, 0]])
    out = gu.slice_arrays([x, None], 0, 2)
    np.testing.assert_array_equal(out[0], x[:2])
    assert out[1] is None
    assert gu.transpose_shape((16, 128, 128, 32), 'channels_first', (1, 2)) == (16, 32, 128, 128)
    assert gu.transpose_shape([128, 128, 32], 'channels_first', (0, 1)) == [32, 128, 128]
    assert gu.transpose_shape((16, 8, 3), 'channels_last', (1,)) == (16, 8, 3)
    with pytest.raises(ValueError, match='data_format'):
        gu.transpose_shape((1, 2), 'channels_middle', (0,))
    gu.check_for_unexpected_keys('config', {'a': 1}, ['a', 'b'])
    with pytest.raises(ValueError, match=r"\['c'\]"):
        gu.check_for_unexpected_keys('config', {'a': 1, 'c': 2}, ['a', 'b'])


# -- utils.conv_utils ----------------------------------------------------------------------

def test_conv_utils_convert_kernel_and_lengths():
    from multikeras.utils import conv_utils
    from multikeras.utils.conv_utils import convert_kernel
    kernel = np.arange(2 * 3 * 1 * 2).reshape(2, 3, 1, 2)
    np.testing.assert_array_equal(convert_kernel(kernel), kernel[::-1, ::-1])
    with pytest.raises(ValueError):
        convert_kernel(np.zeros((10, 20)))
    # Keras 2.3.1's figures.
    assert conv_utils.conv_input_length(None, 7, 'same', 1) is None
    assert [conv_utils.conv_input_length(*a) for a in [
        (112, 7, 'same', 2), (28, 5, 'valid', 1), (14, 5, 'valid', 2), (36, 5, 'full', 1),
        (18, 5, 'full', 2)]] == [223, 32, 31, 32, 31]
    assert conv_utils.deconv_length(None, 1, 7, 'same', None) is None
    assert [conv_utils.deconv_length(*a) for a in [
        (224, 2, 7, 'same', None), (32, 2, 5, 'valid', None), (32, 2, 5, 'full', None),
        (224, 2, 7, 'same', 0), (32, 2, 5, 'valid', 1), (6, 2, 3, 'full', 2)]] == \
        [448, 67, 59, 447, 68, 11]
    for fn in (conv_utils.conv_input_length, conv_utils.conv_output_length):
        with pytest.raises(ValueError, match='padding'):
            fn(18, 5, 'diagonal', 2)
        with pytest.raises(AssertionError):     # what Keras 2.3's tests expect
            fn(18, 5, 'diagonal', 2)


# -- engine and top-level names ----------------------------------------------------------------

def test_engine_and_top_level_names(backend):
    from multikeras.engine import Input, InputLayer, InputSpec, Layer, Network, Model, saving
    from multikeras.engine import get_source_inputs
    from multikeras.engine import topology
    assert topology.get_source_inputs is get_source_inputs and topology.Network is Network
    assert keras.Input is Input and keras.Model is Model
    assert keras.Sequential is keras.models.Sequential
    assert issubclass(Model, Network) and issubclass(InputLayer, Layer)
    assert InputSpec(ndim=2).ndim == 2 and saving.load_model is keras.models.load_model
    a, b = Input((3,)), Input((3,))
    out = keras.layers.Dense(2)(keras.layers.add([a, b]))
    sources = get_source_inputs(out)
    assert len(sources) == 2 and sources[0] is a and sources[1] is b


def test_pooling_and_atrous_aliases_in_convolutional():
    from multikeras.layers import convolutional, pooling
    for name in ('MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'AveragePooling1D',
                 'AveragePooling2D', 'AveragePooling3D'):
        assert getattr(convolutional, name) is getattr(pooling, name)
    with pytest.warns(UserWarning, match='AtrousConvolution1D'):
        layer = convolutional.AtrousConvolution1D(4, 3, atrous_rate=2, name='a')
    assert isinstance(layer, keras.layers.Conv1D) and layer.dilation_rate == (2,)
    with pytest.warns(UserWarning, match='AtrousConvolution2D'):
        layer = keras.layers.AtrousConvolution2D(4, (3, 3), atrous_rate=(2, 2))
    assert isinstance(layer, keras.layers.Conv2D) and layer.dilation_rate == (2, 2)


@pytest.mark.parametrize('alias, cls', [('maxnorm', 'MaxNorm'), ('nonneg', 'NonNeg'),
                                        ('unitnorm', 'UnitNorm'), ('max_norm', 'MaxNorm'),
                                        ('non_neg', 'NonNeg'), ('unit_norm', 'UnitNorm'),
                                        ('min_max_norm', 'MinMaxNorm')])
def test_constraint_aliases(alias, cls):
    from multikeras import constraints
    assert getattr(constraints, alias) is getattr(constraints, cls)
    assert type(constraints.get(alias)) is getattr(constraints, cls)


# -- optimizers ------------------------------------------------------------------------------

def test_clip_norm(backend):
    from multikeras.optimizers import clip_norm
    g = K.constant(np.array([3., 4.], 'float32'))
    np.testing.assert_allclose(K.eval(clip_norm(g, 1., K.constant(5.))), [.6, .8], rtol=1e-6)
    np.testing.assert_allclose(K.eval(clip_norm(g, 10., K.constant(5.))), [3., 4.])
    assert clip_norm(g, 0., K.constant(5.)) is g


def _dense_model():
    model = keras.Sequential([keras.layers.Dense(1, input_shape=(3,), kernel_initializer='ones')])
    return model


def test_tf_optimizer_trains_as_the_keras_optimizer(tmp_path):
    activate('tensorflow')
    import tensorflow as tf
    x = np.random.RandomState(0).rand(8, 3).astype('float32')
    y = x.sum(axis=1, keepdims=True) * 0.5
    weights = []
    for opt in (tf.compat.v1.train.GradientDescentOptimizer(0.1),
                tf.keras.optimizers.legacy.SGD(0.1), keras.optimizers.SGD(lr=0.1)):
        model = _dense_model()
        model.compile(opt, 'mse')
        for _ in range(3):
            model.train_on_batch(x, y)
        weights.append(model.get_weights())
    assert isinstance(keras.optimizers.get(tf.compat.v1.train.AdamOptimizer()),
                      keras.optimizers.TFOptimizer)
    for other in weights[:2]:
        for a, b in zip(other, weights[2]):
            np.testing.assert_allclose(a, b, rtol=1e-5)
    model = _dense_model()
    model.compile(tf.keras.optimizers.SGD(0.1), 'mse')      # eager-only: refused, named
    with pytest.raises(ValueError, match='graph-mode tf.keras optimizer'):
        model.train_on_batch(x, y)
    model = _dense_model()
    model.compile(keras.optimizers.TFOptimizer(tf.compat.v1.train.AdamOptimizer(0.01)), 'mse')
    model.fit(x, y, epochs=2, verbose=0)
    with pytest.warns(UserWarning, match='optimizer is not saved'):
        model.save(str(tmp_path / 'm.h5'))
    assert keras.models.load_model(str(tmp_path / 'm.h5')).optimizer is None


def test_tf_optimizer_needs_the_tensorflow_backend():
    activate('theano')
    with pytest.raises(ValueError, match='tensorflow backend'):
        keras.optimizers.TFOptimizer(object())


# -- utils.multi_gpu_model ---------------------------------------------------------------------

def test_multi_gpu_model_raises_as_keras_without_gpus():
    activate('tensorflow')
    from multikeras.utils import multi_gpu_model, multi_gpu_utils
    model = _dense_model()
    assert multi_gpu_utils._get_available_devices() == ['/cpu:0']
    assert multi_gpu_utils._normalize_device_name('/job:localhost/device:GPU:1') == '/gpu:1'
    with pytest.raises(ValueError, match=r'`gpus >= 2`. Received: `gpus=0`'):
        multi_gpu_model(model)
    with pytest.raises(ValueError, match=r'`len\(gpus\) >= 2`'):
        multi_gpu_model(model, gpus=[0])
    with pytest.raises(ValueError, match='this machine only has'):
        multi_gpu_model(model, gpus=2)
    activate('theano')
    with pytest.raises(ValueError, match='only available with the TensorFlow backend'):
        multi_gpu_model(model, gpus=2)


# -- backend.pattern_broadcast (Theano) --------------------------------------------------------

def test_theano_pattern_broadcast():
    activate('theano')
    x = K.placeholder((2, 1))
    y = K.pattern_broadcast(x, (False, True))
    assert y.broadcastable == (False, True) and K.int_shape(y) == (2, 1)
    f = K.function([x], [y + K.ones((2, 3))])
    np.testing.assert_allclose(f([np.array([[1.], [2.]], 'float32')])[0],
                               [[2., 2., 2.], [3., 3., 3.]])


# -- utils.losses_utils ------------------------------------------------------------------------

def test_losses_utils(backend):
    from multikeras.utils import losses_utils
    R = losses_utils.Reduction
    assert (R.NONE, R.SUM, R.SUM_OVER_BATCH_SIZE) == ('none', 'sum', 'sum_over_batch_size')
    assert keras.losses.MeanSquaredError().reduction == R.SUM_OVER_BATCH_SIZE
    losses = K.constant(np.array([[1., 2.], [3., 4.]], 'float32'))
    weights = K.constant(np.array([1., 0.], 'float32'))
    cw = losses_utils.compute_weighted_loss
    np.testing.assert_allclose(K.eval(cw(losses, weights)), 0.75)
    np.testing.assert_allclose(K.eval(cw(losses, weights, reduction=R.SUM)), 3.)
    np.testing.assert_allclose(K.eval(cw(losses, weights, reduction=R.NONE)), [[1, 2], [0, 0]])
    np.testing.assert_allclose(K.eval(cw(losses, 2.)), 5.)
    np.testing.assert_allclose(K.eval(cw(losses)), 2.5)
    with pytest.raises(ValueError, match='reduction'):
        cw(losses, reduction='mean')
    pred, true, w = losses_utils.squeeze_or_expand_dimensions(
        K.placeholder((None, 3, 1)), K.placeholder((None, 3)), K.placeholder((None,)))
    assert K.int_shape(pred) == (None, 3) and K.int_shape(true) == (None, 3)
    assert K.ndim(w) == 2


# -- utils.metrics_utils -----------------------------------------------------------------------

def test_metrics_utils(backend):
    from multikeras.utils import metrics_utils as mu
    auc = keras.metrics.AUC(curve='PR', summation_method='majoring')
    assert auc.curve == mu.AUCCurve.PR and auc.summation_method == mu.AUCSummationMethod.MAJORING
    assert mu.AUCCurve.from_str('roc') is mu.AUCCurve.ROC
    assert mu.parse_init_thresholds(None) == [0.5]
    assert mu.parse_init_thresholds(0.3) == [0.3]
    with pytest.raises(ValueError, match=r'\[0, 1\]'):
        mu.parse_init_thresholds([0.2, 1.5])
    tp, fn = K.zeros((2,)), K.zeros((2,))
    y_true = K.constant(np.array([1., 1., 0.], 'float32'))
    y_pred = K.constant(np.array([0.9, 0.4, 0.8], 'float32'))
    updates = mu.update_confusion_matrix_variables(
        {mu.ConfusionMatrix.TRUE_POSITIVES: tp, mu.ConfusionMatrix.FALSE_NEGATIVES: fn},
        y_true, y_pred, thresholds=[0.3, 0.5])
    K.function([], [], updates=updates)([])
    np.testing.assert_allclose(K.get_value(tp), [2., 1.])
    np.testing.assert_allclose(K.get_value(fn), [0., 1.])
    top = K.eval(mu.filter_top_k(K.constant(np.array([[.1, .5, .3]], 'float32')), 1))
    assert top[0, 1] == np.float32(.5) and top[0, 0] == top[0, 2] == np.float32(mu.NEG_INF)


# -- engine.training_utils ---------------------------------------------------------------------

def test_training_utils_array_checks():
    from multikeras.engine import training_utils as tu
    a, b = np.zeros((4, 3, 3)), np.zeros((3, 4))
    tu.check_array_length_consistency(None, None, None)
    tu.check_array_length_consistency(a, a, a)
    tu.check_array_length_consistency([a, a], [a, a], [a, a])
    tu.check_array_length_consistency([None], [None], [None])
    for args in [(a, None, None), (a, a, None), ([a], [None], None), ([a], [b], None),
                 ([a], None, [b]), ([a, b], None, None)]:
        with pytest.raises(ValueError):
            tu.check_array_length_consistency(*args)
    y = np.zeros((2, 1, 3))
    tu.check_loss_and_target_compatibility([y], [keras.losses.categorical_crossentropy],
                                           [(2, None, 3)])
    with pytest.raises(ValueError, match='You are passing a target array'):
        tu.check_loss_and_target_compatibility([np.zeros((2, 3, 1))],
                                               [keras.losses.CategoricalCrossentropy()],
                                               [(2, 3, 1)])
    with pytest.raises(ValueError, match='targets to have the same shape'):
        tu.check_loss_and_target_compatibility([np.zeros((2, 3, 5))],
                                               [keras.losses.CategoricalCrossentropy()],
                                               [(2, 3, 6)])
    assert tu.make_batches(5, 2) == [(0, 2), (2, 4), (4, 5)]
    shuffled = tu.batch_shuffle(np.arange(7), 2)
    assert sorted(shuffled.tolist()) == list(range(7)) and shuffled[-1] == 6
    assert sorted(tuple(shuffled[i:i + 2]) for i in (0, 2, 4)) == [(0, 1), (2, 3), (4, 5)]
    assert tu.check_num_samples([a]) == 4
    with pytest.raises(ValueError, match='batch_size'):
        tu.check_num_samples([a], batch_size=2, steps=2)


def test_training_utils_standardize():
    from multikeras.engine import training_utils as tu
    # Keras 2.3.1's figures.
    y = np.array([0, 1, 0, 0, 2])
    sw = np.array([0.5, 1., 1., 0., 2.])
    cw = {0: 0.5, 1: 1., 2: 1.5}
    np.testing.assert_allclose(tu.standardize_weights(y, sw), sw)
    np.testing.assert_allclose(tu.standardize_weights(y, class_weight=cw), [.5, 1., .5, .5, 1.5])
    np.testing.assert_allclose(tu.standardize_weights(y, sw, cw), sw * [.5, 1., .5, .5, 1.5])
    np.testing.assert_allclose(tu.standardize_weights(np.zeros((3, 2))), np.ones(3))
    with pytest.raises(ValueError, match=r'\[2\]'):
        tu.standardize_weights(y, class_weight={0: 1., 1: 1.})
    with pytest.raises(ValueError, match='temporal'):
        tu.standardize_weights(np.zeros((3, 2)), np.ones((3, 2)))
    x = np.zeros((4, 3))
    out = tu.standardize_input_data({'a': x, 'b': np.zeros(4)}, ['b', 'a'], [(None, 1), (None, 3)])
    assert out[0].shape == (4, 1) and out[1] is x
    with pytest.raises(ValueError, match='expected a to have shape'):
        tu.standardize_input_data([x], ['a'], [(None, 2)], exception_prefix='input')
    with pytest.raises(ValueError, match='Expected to see 1 array'):
        tu.standardize_input_data([x, x], ['a'])
    assert tu.standardize_sample_weights(None, ['a', 'b']) == [None, None]
    assert tu.standardize_class_weights({'b': cw}, ['a', 'b']) == [None, cw]
    with pytest.raises(ValueError, match='list of 1 elements'):
        tu.standardize_sample_weights([sw], ['a', 'b'])
    assert [tu.should_run_validation(2, e) for e in range(4)] == [False, True, False, True]
    assert tu.should_run_validation([1, 3], 2) and not tu.should_run_validation([1, 3], 1)
    with pytest.raises(ValueError):
        tu.should_run_validation(0, 1)
    assert tu.is_sequence(keras.utils.Sequence()) and not tu.is_sequence([1, 2])
    assert tu.is_generator_or_sequence(iter([])) or tu.is_generator_or_sequence(x for x in [])
    with pytest.raises(ValueError, match='sample_weight'):
        tu.check_generator_arguments(sample_weight=sw)


def test_training_utils_weighted_masked_objective(backend):
    from multikeras.engine import training_utils as tu
    assert tu.weighted_masked_objective(None) is None
    fn = tu.weighted_masked_objective(keras.losses.mean_squared_error)
    y_true = K.constant(np.zeros((2, 3, 1), 'float32'))
    y_pred = K.constant(np.array([[[1.], [2.], [3.]], [[1.], [1.], [1.]]], 'float32'))
    mask = K.constant(np.array([[1., 1., 0.], [1., 1., 1.]], 'float32'))
    weights = K.constant(np.array([1., 0.], 'float32'))
    # scores [[1, 4, 9], [1, 1, 1]] masked -> [[1, 4, 0], [1, 1, 1]] / (5/6); per sample
    # means [5/3, 1] / (5/6) = [2, 1.2]; weighted [2, 0] / 0.5 = [4, 0]; mean 2.
    np.testing.assert_allclose(K.eval(fn(y_true, y_pred, weights, mask)), 2., rtol=1e-5)
    np.testing.assert_allclose(K.eval(fn(y_true, y_pred, None)), 17. / 6, rtol=1e-5)


# -- engine.saving.preprocess_weights_for_loading ---------------------------------------------

def _built(layer, input_shape):
    keras.Sequential([keras.layers.InputLayer(input_shape=input_shape), layer])
    return layer


def _keras1_split(layer, weights):
    """Keras 1's per-gate weight lists (LSTM gates i, c, f, o), as Keras' own test makes them."""
    gates = 3 if layer.__class__.__name__ == 'GRU' else 4
    parts = [np.split(w, gates, axis=-1) for w in weights]
    if gates == 4:
        for p in parts:
            p[1], p[2] = p[2], p[1]
    return [p[g] for g in range(gates) for p in parts]


def test_preprocess_weights_keras1_and_theano_layouts(backend, rng):
    from multikeras.engine.saving import preprocess_weights_for_loading as preprocess
    for layer in (_built(keras.layers.GRU(2), (3, 5)), _built(keras.layers.LSTM(2), (3, 5))):
        weights = [rng.rand(*w.shape) for w in layer.get_weights()]
        converted = preprocess(layer, _keras1_split(layer, weights), original_keras_version='1')
        for a, b in zip(converted, weights):
            np.testing.assert_array_equal(a, b)
        assert all(np.array_equal(a, b) for a, b in zip(preprocess(layer, weights), weights))
    conv = _built(keras.layers.Conv2D(4, (3, 2), data_format='channels_first'), (2, 6, 6))
    kernel = rng.rand(3, 2, 2, 4)
    old = np.transpose(kernel, (3, 2, 0, 1))         # Keras 1: (filters, channels, rows, cols)
    np.testing.assert_array_equal(preprocess(conv, [old, np.zeros(4)], '1')[0], kernel)
    flipped = preprocess(conv, [kernel, np.zeros(4)], original_backend='theano')[0]
    np.testing.assert_array_equal(flipped, kernel[::-1, ::-1])
    assert np.array_equal(preprocess(conv, [kernel, np.zeros(4)], original_backend='cntk')[0],
                          kernel)
    nested = _built(keras.layers.TimeDistributed(
        keras.layers.Conv2D(4, (3, 2), data_format='channels_first')), (5, 2, 6, 6))
    np.testing.assert_array_equal(preprocess(nested, [old, np.zeros(4)], '1')[0], kernel)
    wrapped = _built(keras.layers.TimeDistributed(keras.layers.Conv1D(2, 3)), (2, 4, 3))
    kernel = rng.rand(3, 3, 2)
    out = preprocess(wrapped, [kernel, np.zeros(2)], original_backend='theano')
    np.testing.assert_array_equal(out[0], kernel[::-1])
    both = _built(keras.layers.Bidirectional(keras.layers.GRU(2)), (3, 5))
    weights = [rng.rand(*w.shape) for w in both.get_weights()]
    split = _keras1_split(both.forward_layer, weights[:3]) + \
        _keras1_split(both.backward_layer, weights[3:])
    for a, b in zip(preprocess(both, split, original_keras_version='1'), weights):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match='reshape'):
        preprocess(conv, [np.zeros(5), np.zeros(4)], reshape=True)


def test_preprocess_weights_moves_biases_between_cudnn_and_plain_layers(backend, rng):
    from multikeras.engine.saving import preprocess_weights_for_loading as preprocess
    x = rng.uniform(-1, 1, (2, 3, 5)).astype('float32')
    pairs = [(keras.layers.LSTM(2, recurrent_activation='sigmoid'), keras.layers.CuDNNLSTM(2)),
             (keras.layers.GRU(2, reset_after=True, recurrent_activation='sigmoid'),
              keras.layers.CuDNNGRU(2))]
    for plain, cudnn in pairs:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            models = [keras.Sequential([keras.layers.InputLayer(input_shape=(3, 5)), layer])
                      for layer in (plain, cudnn)]
        plain.set_weights([rng.uniform(-.5, .5, w.shape) for w in plain.get_weights()])
        cudnn.set_weights(preprocess(cudnn, plain.get_weights()))
        np.testing.assert_allclose(models[1].predict(x), models[0].predict(x), atol=1e-5)
        back = preprocess(plain, cudnn.get_weights())
        for a, b in zip(back, plain.get_weights()):
            np.testing.assert_allclose(a, b, atol=1e-6)
    gru = _built(keras.layers.GRU(2), (3, 5))
    with pytest.raises(ValueError, match='reset_after'):
        preprocess(gru, [np.zeros((5, 6)), np.zeros((2, 6)), np.zeros(12)])


# -- what Keras 2.3's own tests ask the backend modules ------------------------------------------

def test_backend_module_names_keras_tests_use():
    from multikeras.backend import load_backend
    assert load_backend.floatx() == K.floatx() and load_backend.backend() == K.backend()
    activate('tensorflow')
    from multikeras.backend import tensorflow_backend
    assert tensorflow_backend._is_tf_1() is False
    assert tensorflow_backend._get_available_gpus() == []      # tensorflow-cpu
    activate('theano')
    from multikeras.backend import theano_backend
    assert theano_backend.th_sparse_module is None              # no sparse tensors here
