"""multikeras.applications: the Keras 2.3.1 model zoo on every backend.

The default run (`make test`) checks every architecture's figures against
Keras 2.3.1's, the ImageNet weight and class index download-and-load path on
local files, preprocessing, and that MobileNetV2 builds, predicts and trains
one step on every backend at its smallest input.

The full matrix (every application built, predicted and trained on every
backend in both image data formats, and the cross-backend agreement of
ResNet50, MobileNetV2, InceptionV3 and DenseNet121) runs with
`KERAS_TEST_APPLICATIONS=1`, as `make test-applications` does.
"""
import hashlib
import json
import os
import sys
import warnings

import numpy as np
import pytest

from multikeras import applications, optimizers
from multikeras import backend as K
from multikeras.applications import _common, imagenet_utils

from conftest import SYMBOLIC_BACKENDS, activate

FULL = os.environ.get('KERAS_TEST_APPLICATIONS', '') not in ('', '0')
full_only = pytest.mark.skipif(not FULL, reason='full applications matrix: set '
                               'KERAS_TEST_APPLICATIONS=1 (make test-applications)')

# Figures of Keras 2.3.1 (keras-applications 1.0.8) for each application built
# with weights=None and its default arguments (include_top, default input size,
# channels_last): (trainable parameters, non-trainable parameters, layers,
# sha256[:16] of the ordered layer names, sha256[:16] of the saved weight
# layout: each layer with weights, in Keras's order, with its weights' shapes).
# Printed by tests/python/keras231/application_figures.py (Keras 2.3.1 on
# Theano; its docstring says how to rerun it).
KERAS231_FIGURES = {
    'VGG16': (138357544, 0, 23, '663ef2fee65480c7', '326410f5400195ab'),
    'VGG19': (143667240, 0, 26, '5e0820717d26f12a', 'b647964b1aee1715'),
    'ResNet50': (25583592, 53120, 177, '43fce24b9a14e9be', 'a68455d6827f159f'),
    'ResNet101': (44601832, 105344, 347, 'ca1563e54c260b31', '3f7aff6704587c2b'),
    'ResNet152': (60268520, 151424, 517, '1ef3dd45df5d17cd', '095254669c46c05b'),
    'ResNet50V2': (25568360, 45440, 192, '40fe0ae35640938c', 'f17d25495fc621c7'),
    'ResNet101V2': (44577896, 97664, 379, '8aff2e5742d42eec', 'db8b37542ffdb78d'),
    'ResNet152V2': (60236904, 143744, 566, '12b735a8c17f1ca2', '02aaef229a1a109a'),
    'InceptionV3': (23817352, 34432, 313, 'aa6139e6005064aa', 'e4d519db5d11507c'),
    'InceptionResNetV2': (55813192, 60544, 782, 'aca6b76317386eb0', '3cc6d12b36bb2413'),
    'Xception': (22855952, 54528, 134, '0cd89dc3b4a24322', 'c8a30f4044d286c5'),
    'MobileNet': (4231976, 21888, 93, '5e54169f1c486d2e', 'b6db03888626e1dd'),
    'MobileNetV2': (3504872, 34112, 157, 'c30fc6774b25994c', '7418d0bd4f829bb0'),
    'DenseNet121': (7978856, 83648, 429, '255360f509d2a246', 'a473ed6cd7b2a20c'),
    'DenseNet169': (14149480, 158400, 597, '6835e177f86ac42f', '890257973a951237'),
    'DenseNet201': (20013928, 229056, 709, '8c0bbfccfc20abff', 'fa29ca09a69c8fab'),
    'NASNetLarge': (88753150, 196668, 1041, '0a4cd9bc384bfbc0', 'c63a59a78fc34a9a'),
    'NASNetMobile': (5289978, 36738, 771, 'e16f805dc5ec5035', '3d631e00ee38b523'),
}
# The same with include_top=False (the layout of the published "notop" files), printed
# by the same script with `--include-top 0`.
KERAS231_FIGURES_NOTOP = {
    'VGG16': (14714688, 0, 19, 'cca4a60abe0c6410', 'f65c639995096961'),
    'VGG19': (20024384, 0, 22, '93537a1feb1fa252', '1dba835cd62ba392'),
    'ResNet50': (23534592, 53120, 175, '9ad093498769d421', '8ec827b013e93728'),
    'ResNet101': (42552832, 105344, 345, '9c096a68c551248c', 'e69c3b2072df4d00'),
    'ResNet152': (58219520, 151424, 515, '2c476ff08454e994', 'c0d9cf824d98a6ad'),
    'ResNet50V2': (23519360, 45440, 190, '49eb4f04f38de9f9', 'bb84868dce7d4199'),
    'ResNet101V2': (42528896, 97664, 377, 'f03f8d5d82f965df', '6e654a70d85f934b'),
    'ResNet152V2': (58187904, 143744, 564, 'ef3bb51ffda17624', 'd1cfab5ee630e2cb'),
    'InceptionV3': (21768352, 34432, 311, '62e491523cf3030f', '379f9a98070aab57'),
    'InceptionResNetV2': (54276192, 60544, 780, 'd9c9dc4112d92e5c', '64b67372a8414c2a'),
    'Xception': (20806952, 54528, 132, '7cb50cc0bbf8f3cf', '81f6b15e5cabba00'),
    'MobileNet': (3206976, 21888, 87, '974e27a1e4ee67f3', '70f0fa61e3ce5957'),
    'MobileNetV2': (2223872, 34112, 155, '48fcd10a2c45b674', '876d0a85cdded8ff'),
    'DenseNet121': (6953856, 83648, 427, 'dd807a12c73fcaf5', 'a7fd4b92b275fb5b'),
    'DenseNet169': (12484480, 158400, 595, '4f3f9182b0733b52', 'e00daee31ce68128'),
    'DenseNet201': (18092928, 229056, 707, '626d00a0d2b115b2', '3053a06b192b5378'),
    'NASNetLarge': (84720150, 196668, 1039, '2e61b42815eb0aa6', 'a7571dfb1cc88fe8'),
    'NASNetMobile': (4232978, 36738, 769, '100b657123df8e95', 'c68b73b908caec38'),
}

# The smallest input side each application accepts (Keras 2.3.1's `min_size`).
MIN_SIZE = {'InceptionV3': 75, 'InceptionResNetV2': 75, 'Xception': 71}
# What `make test` builds, predicts and trains on every backend: one small
# architecture (a cold Theano cache compiles each deep training graph for
# minutes); `make test-applications` runs all of them everywhere.
FAMILIES = ['MobileNetV2']
ALL = sorted(KERAS231_FIGURES)
# Checked for the same predictions on every backend and data format.
AGREEMENT = ['ResNet50', 'MobileNetV2', 'InceptionV3', 'DenseNet121']


def digest(items):
    return hashlib.sha256('\n'.join(items).encode('utf8')).hexdigest()[:16]


def figures(model):
    """The `KERAS231_FIGURES` entry of `model` (its layers are in Keras's order)."""
    def count(weights):
        return int(sum(np.prod(K.int_shape(w)) for w in weights))
    layers = model.layers
    layout = ['%s %s' % (l.name, [tuple(K.int_shape(w)) for w in _common.saving.file_weights(l)])
              for l in layers if _common.saving.file_weights(l)]
    return (count(model.trainable_weights), count(model.non_trainable_weights), len(layers),
            digest([l.name for l in layers]), digest(layout))


def build(name, size=None, channels_first=False, **kwargs):
    """Application `name` (fresh layer names), weights=None, input `size` x `size`."""
    K.clear_session()
    kwargs.setdefault('weights', None)
    if size is not None:
        kwargs['input_shape'] = (3, size, size) if channels_first else (size, size, 3)
    return getattr(applications, name)(**kwargs)


def randomize(model, seed=0):
    """Random weights (positive moving variances), so that loading them is visible."""
    rng = np.random.RandomState(seed)
    values = []
    for w in model.weights:
        v = rng.uniform(-0.1, 0.1, size=K.int_shape(w)).astype('float32')
        values.append(np.abs(v) + 0.5 if 'variance' in w.name else v)
    model.set_weights(values)
    return values


def file_md5(path):
    with open(path, 'rb') as f:
        return hashlib.md5(f.read()).hexdigest()


def images(size, channels_first=False, n=2, seed=1):
    x = np.random.RandomState(seed).uniform(0, 255, size=(n, size, size, 3)).astype('float32')
    x = applications.imagenet_utils.preprocess_input(x, data_format='channels_last', mode='tf')
    return x.transpose(0, 3, 1, 2).copy() if channels_first else x


@pytest.fixture
def tensorflow():
    activate('tensorflow')
    K.set_image_data_format('channels_last')
    yield
    K.set_image_data_format('channels_last')


# -- figures ------------------------------------------------------------------------------------

def build_for_figures(name, **kwargs):
    """`build(name)` with the learning phase fixed, so that TensorFlow builds no
    train/test conditionals (three quarters of a NASNet's build time); the layers and
    weights are the same."""
    with K.learning_phase_scope(0):
        return build(name, **kwargs)


@pytest.mark.parametrize('name', ALL)
def test_figures_match_keras231(tensorflow, name):
    """Parameter counts, layer names and weight layout are Keras 2.3.1's."""
    assert figures(build_for_figures(name)) == KERAS231_FIGURES[name]


@full_only
@pytest.mark.parametrize('name', ALL)
def test_figures_match_keras231_without_top(tensorflow, name):
    """The layout of the published "notop" files."""
    assert figures(build_for_figures(name, include_top=False)) == KERAS231_FIGURES_NOTOP[name]


def test_layer_order_of_a_branching_graph_is_keras231s(tensorflow):
    """Keras lists layers by decreasing depth, ties in the order a depth-first walk
    from the outputs meets them (the order Keras 2.3.1 printed for this graph)."""
    from multikeras import layers, models
    K.clear_session()
    i = layers.Input((8, 8, 3))
    a = layers.Conv2D(4, 1, name='a3')(layers.Conv2D(4, 1, name='a2')(
        layers.Conv2D(4, 1, name='a1')(i)))
    x = layers.add([a, layers.Conv2D(4, 1, name='b1')(i)], name='add')
    d = layers.Conv2D(4, 1, name='d2')(layers.Conv2D(4, 1, name='d1')(x))
    y = layers.concatenate([layers.Conv2D(4, 1, name='c1')(x), d], name='cat')
    model = models.Model(i, y)
    assert [l.name for l in model.layers] == \
        ['input_1', 'a1', 'a2', 'a3', 'b1', 'add', 'd1', 'c1', 'd2', 'cat']


def test_arguments_are_checked(tensorflow):
    with pytest.raises(ValueError, match='weights'):
        applications.VGG16(weights='/no/such/file.h5')
    with pytest.raises(ValueError, match='classes'):
        applications.ResNet50(weights='imagenet', classes=10)
    with pytest.raises(ValueError, match='pooling'):
        applications.MobileNetV2(weights=None, include_top=False, pooling='mean')
    with pytest.raises(ValueError, match='at least 75x75'):
        applications.InceptionV3(weights=None, include_top=False, input_shape=(64, 64, 3))
    with pytest.raises(ValueError, match='static'):
        applications.DenseNet121(weights=None, input_shape=(None, None, 3))
    with pytest.raises(ValueError, match='224, 224, 3'):
        applications.VGG16(weights='imagenet', input_shape=(32, 32, 3))
    with pytest.raises(ValueError, match='alpha'):
        applications.MobileNet(weights='imagenet', alpha=0.3)
    with pytest.raises(ValueError, match='depth_multiplier'):
        applications.MobileNet(weights='imagenet', depth_multiplier=2)
    with pytest.raises(ValueError, match='penultimate_filters'):
        applications.nasnet.NASNet(penultimate_filters=1000, weights=None)


def test_heads_and_model_specific_arguments(tensorflow):
    model = build('MobileNet', 32, include_top=False, pooling='avg', alpha=0.25,
                  depth_multiplier=2)
    assert model.output_shape == (None, 256)
    assert model.name == 'mobilenet_0.25_32'
    model = build('MobileNetV2', 32, include_top=False, pooling='max', alpha=0.35)
    assert model.output_shape == (None, 1280)
    model = build('DenseNet121', 32, include_top=False)
    assert model.output_shape == (None, 1, 1, 1024)
    assert build('ResNet50V2', 32, classes=7).output_shape == (None, 7)
    model = applications.densenet.DenseNet([1, 1, 1, 1], weights=None, input_shape=(32, 32, 3),
                                           classes=3)
    assert model.name == 'densenet' and model.output_shape == (None, 3)
    mobilenet = build('MobileNet', 32, dropout=0.4, classes=4)
    assert mobilenet.get_layer('dropout').rate == 0.4


def test_input_tensor(tensorflow):
    from multikeras import layers
    K.clear_session()
    inputs = layers.Input((48, 48, 3))
    model = applications.MobileNetV2(weights=None, input_tensor=inputs, include_top=False,
                                     alpha=0.35)
    assert model.inputs[0] is inputs
    assert model.output_shape == (None, 2, 2, 1280)


def test_nasnet_is_channels_last_only(tensorflow):
    K.set_image_data_format('channels_first')
    with pytest.warns(UserWarning, match='channels_last'):
        model = applications.NASNetMobile(weights=None, input_shape=(32, 32, 3), classes=2)
    assert model.input_shape == (None, 32, 32, 3)
    assert K.image_data_format() == 'channels_first'


# -- ImageNet weights: the real download-and-load path, on local files ----------------------

WEIGHT_CASES = [
    # (module, application, arguments, key in the module's WEIGHTS)
    ('resnet50', 'ResNet50', {'include_top': False, 'input_shape': (32, 32, 3)}, 'notop'),
    ('mobilenet_v2', 'MobileNetV2',
     {'include_top': False, 'alpha': 0.35, 'input_shape': (96, 96, 3)}, (0.35, 96, False)),
]


def _serve(monkeypatch, module, key, path, file_hash):
    """Point `module.WEIGHTS[key]` at the local `path` (a file:// origin)."""
    fname = module.WEIGHTS[key][0]
    monkeypatch.setitem(module.WEIGHTS, key, (fname, 'file://' + str(path), file_hash))
    return fname


@pytest.mark.parametrize('module_name, name, kwargs, key', WEIGHT_CASES)
def test_imagenet_weights_download_and_load(tensorflow, tmp_path, monkeypatch, module_name,
                                            name, kwargs, key):
    module = getattr(applications, module_name)
    source = build(name, **kwargs)
    values = randomize(source)
    x = images(kwargs['input_shape'][0])
    expected = source.predict(x)
    path = tmp_path / 'published.h5'
    _common.save_keras_weights(source, str(path))
    fname = _serve(monkeypatch, module, key, path, file_md5(str(path)))
    model = build(name, **dict(kwargs, weights='imagenet'))
    for got, want in zip(model.get_weights(), values):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_allclose(model.predict(x), expected, atol=1e-5)
    cached = os.path.join(os.environ['KERAS_HOME'], 'models', fname)
    assert os.path.exists(cached)
    # The cached copy is used from now on: the origin may disappear.
    path.unlink()
    build(name, **dict(kwargs, weights='imagenet'))
    os.remove(cached)


def test_imagenet_weights_errors_name_the_file(tensorflow, tmp_path, monkeypatch):
    kwargs = {'include_top': False, 'input_shape': (32, 32, 3), 'weights': 'imagenet'}
    module = applications.resnet50
    fname = module.WEIGHTS['notop'][0]
    # Missing at the origin.
    _serve(monkeypatch, module, 'notop', tmp_path / 'missing.h5', None)
    with pytest.raises(OSError, match=fname + '.*missing.h5'):
        build('ResNet50', **kwargs)
    # Not the published file (another hash): not kept in the cache.
    other = tmp_path / 'other.h5'
    other.write_bytes(b'not the weights')
    _serve(monkeypatch, module, 'notop', other, '0' * 32)
    with pytest.raises(ValueError, match=fname + '.*other.h5.*hash'):
        build('ResNet50', **kwargs)
    assert not os.path.exists(os.path.join(os.environ['KERAS_HOME'], 'models', fname))
    # The right hash but the wrong model's weights.
    wrong = tmp_path / 'wrong.h5'
    _common.save_keras_weights(build('MobileNetV2', 32, include_top=False, alpha=0.35), str(wrong))
    _serve(monkeypatch, module, 'notop', wrong, file_md5(str(wrong)))
    with pytest.raises(ValueError, match='ResNet50.*%s.*does not fit' % fname):
        build('ResNet50', **kwargs)
    os.remove(os.path.join(os.environ['KERAS_HOME'], 'models', fname))


def test_weights_from_a_path_keras_or_ours(tensorflow, tmp_path):
    source = build('ResNet50V2', 32, include_top=False)
    values = randomize(source)
    keras_file, our_file = str(tmp_path / 'keras.h5'), str(tmp_path / 'ours.h5')
    _common.save_keras_weights(source, keras_file)
    source.save_weights(our_file)
    for path in (keras_file, our_file):
        model = build('ResNet50V2', 32, include_top=False, weights=path)
        for got, want in zip(model.get_weights(), values):
            np.testing.assert_array_equal(got, want)


def test_published_origins_and_hashes():
    """Spot checks of the figures carried over from keras-applications 1.0.8."""
    assert applications.vgg16.WEIGHTS['top'] == (
        'vgg16_weights_tf_dim_ordering_tf_kernels.h5',
        'https://github.com/fchollet/deep-learning-models/releases/download/v0.1/'
        'vgg16_weights_tf_dim_ordering_tf_kernels.h5', '64373286793e3c8b2b4e3219cbf3544b')
    assert applications.resnet.WEIGHTS['resnet152v2']['notop'][1:] == (
        'https://github.com/keras-team/keras-applications/releases/download/resnet/'
        'resnet152v2_weights_tf_dim_ordering_tf_kernels_notop.h5',
        'ed17cf2e0169df9d443503ef94b23b33')
    assert applications.mobilenet.WEIGHTS[(0.25, 128, False)][0] == \
        'mobilenet_2_5_128_tf_no_top.h5'
    assert applications.mobilenet_v2.WEIGHTS[(1.0, 224, True)][0] == \
        'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5'
    assert applications.nasnet.WEIGHTS[(331, False)][1].endswith('NASNet-large-no-top.h5')
    assert imagenet_utils.CLASS_INDEX_HASH == 'c2c37ea517e94d9795004a39431a14cb'


# -- decode_predictions and preprocess_input ----------------------------------------------------

def _class_index_file(tmp_path, entries=1000):
    index = {str(i): ['n%08d' % i, 'class_%d' % i] for i in range(entries)}
    path = tmp_path / 'imagenet_class_index.json'
    path.write_text(json.dumps(index))
    return path


@pytest.fixture
def class_index(tmp_path, monkeypatch):
    """Serve a class index from a local origin; forget any index read before."""
    def serve(path, origin=None):
        monkeypatch.setattr(imagenet_utils, 'CLASS_INDEX', None)
        monkeypatch.setattr(imagenet_utils, 'CLASS_INDEX_PATH', 'file://' + str(origin or path))
        monkeypatch.setattr(imagenet_utils, 'CLASS_INDEX_HASH', file_md5(str(path)))
        cached = os.path.join(os.environ['KERAS_HOME'], 'models', 'imagenet_class_index.json')
        if os.path.exists(cached):
            os.remove(cached)
    return serve


def test_decode_predictions(tmp_path, class_index):
    class_index(_class_index_file(tmp_path))
    preds = np.zeros((2, 1000))
    preds[0, [3, 999, 500]] = [0.5, 0.3, 0.2]
    preds[1, 42] = 1.
    decoded = applications.resnet50.decode_predictions(preds, top=3)
    assert decoded[0] == [('n00000003', 'class_3', 0.5), ('n00000999', 'class_999', 0.3),
                          ('n00000500', 'class_500', 0.2)]
    assert decoded[1][0] == ('n00000042', 'class_42', 1.)
    assert len(applications.nasnet.decode_predictions(preds)[1]) == 5
    with pytest.raises(ValueError, match=r'\(samples, 1000\).*\(2, 10\)'):
        imagenet_utils.decode_predictions(np.zeros((2, 10)))


def test_decode_predictions_bad_index_file(tmp_path, class_index):
    class_index(_class_index_file(tmp_path, entries=10))
    with pytest.raises(ValueError, match='imagenet_class_index.json is not valid'):
        imagenet_utils.decode_predictions(np.zeros((1, 1000)))
    class_index(_class_index_file(tmp_path), origin=tmp_path / 'gone' / 'index.json')
    with pytest.raises(OSError, match='imagenet_class_index.json.*gone'):
        imagenet_utils.decode_predictions(np.zeros((1, 1000)))


def _reference(x, data_format, mode):
    """Keras 2.3.1's preprocessing, written out channel by channel."""
    x = x.astype('float64')
    if mode == 'tf':
        return x / 127.5 - 1.
    axis = -1 if data_format == 'channels_last' else (0 if x.ndim == 3 else 1)
    x = np.moveaxis(x, axis, -1)
    if mode == 'torch':
        x = (x / 255. - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225]
    else:
        x = x[..., ::-1] - [103.939, 116.779, 123.68]
    return np.moveaxis(x, -1, axis)


@pytest.mark.parametrize('mode', ['caffe', 'tf', 'torch'])
@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
@pytest.mark.parametrize('ndim', [3, 4])
def test_preprocess_input_numpy(mode, data_format, ndim):
    shape = (2, 5, 4, 3) if data_format == 'channels_last' else (2, 3, 5, 4)
    x = np.random.RandomState(0).randint(0, 256, size=shape[4 - ndim:]).astype('uint8')
    got = imagenet_utils.preprocess_input(x.copy(), data_format=data_format, mode=mode)
    np.testing.assert_allclose(got, _reference(x, data_format, mode), rtol=1e-5, atol=1e-4)
    assert got.dtype == np.float32


def test_preprocess_input_per_model():
    x = np.full((1, 2, 2, 3), 255., dtype='float32')
    assert np.allclose(applications.inception_v3.preprocess_input(x.copy()), 1.)
    assert np.allclose(applications.densenet.preprocess_input(x.copy())[..., 0],
                       (1 - 0.485) / 0.229)
    assert np.allclose(applications.vgg16.preprocess_input(x.copy())[..., 0], 255 - 103.939)
    assert np.allclose(applications.resnet_v2.preprocess_input(x.copy()), 1.)
    with pytest.raises(ValueError, match='mode'):
        imagenet_utils.preprocess_input(x, mode='keras')
    with pytest.raises(ValueError, match='data_format'):
        imagenet_utils.preprocess_input(x, data_format='channels_middle')


@pytest.mark.parametrize('mode', ['caffe', 'torch'])
@pytest.mark.parametrize('data_format', ['channels_last', 'channels_first'])
def test_preprocess_input_symbolic(backend, mode, data_format):
    shape = (2, 4, 4, 3) if data_format == 'channels_last' else (2, 3, 4, 4)
    x = np.random.RandomState(0).uniform(0, 255, size=shape).astype('float32')
    placeholder = K.placeholder(shape=shape)
    out = imagenet_utils.preprocess_input(placeholder, data_format=data_format, mode=mode)
    got = K.function([placeholder], [out])([x])[0]
    np.testing.assert_allclose(got, _reference(x, data_format, mode), rtol=1e-5, atol=1e-4)


# -- every architecture builds, predicts and trains ---------------------------------------------

def run_one(name, channels_first=False, train=True):
    """Build `name` at its smallest input, predict, and (`train`) take one SGD step."""
    size = MIN_SIZE.get(name, 32)
    model = build(name, size, channels_first=channels_first, classes=3)
    x = images(size, channels_first)
    before = model.predict(x)
    assert before.shape == (2, 3) and np.all(np.isfinite(before))
    np.testing.assert_allclose(before.sum(axis=1), 1., rtol=1e-4)
    if not train:
        return
    model.compile(optimizer=optimizers.SGD(lr=0.01), loss='categorical_crossentropy')
    kernel = next(l for l in model.layers if l.trainable_weights).trainable_weights[0]
    start = K.get_value(kernel)
    loss = model.train_on_batch(x, np.eye(3, dtype='float32')[[0, 2]])
    assert np.isfinite(loss)
    assert not np.array_equal(K.get_value(kernel), start)


def _cases(default):
    """(backend, name) cases: those of the default run, or the rest (full matrix only)."""
    cases = []
    for backend in SYMBOLIC_BACKENDS:
        for name in ALL:
            if (name in FAMILIES) != default:
                continue
            cases.append(pytest.param(backend, name, marks=[] if default else [full_only]))
    return cases


@pytest.mark.parametrize('backend_name, name', _cases(default=True) + _cases(default=False))
def test_builds_predicts_trains(backend_name, name):
    activate(backend_name)
    K.set_image_data_format('channels_last')
    run_one(name)


@full_only
@pytest.mark.parametrize('name', [n for n in ALL if n not in FAMILIES])
def test_builds_and_predicts_on_tensorflow(tensorflow, name):
    """The default run's check of the architectures it does not train (the full
    matrix trains them all): TensorFlow's training graphs of deep networks take
    a minute each to build."""
    run_one(name, train=False)


@full_only
@pytest.mark.parametrize('backend_name', SYMBOLIC_BACKENDS)
@pytest.mark.parametrize('name', [n for n in ALL if not n.startswith('NASNet')])
def test_builds_predicts_trains_channels_first(backend_name, name):
    activate(backend_name)
    K.set_image_data_format('channels_first')
    try:
        run_one(name, channels_first=True)
    finally:
        K.set_image_data_format('channels_last')


# -- the same weights give the same predictions everywhere --------------------------------------

@full_only
@pytest.mark.parametrize('name', AGREEMENT)
def test_predictions_agree_across_backends(tmp_path, name):
    """One Keras-layout weights file, every backend and data format: one answer (atol 1e-4)."""
    size = MIN_SIZE.get(name, 32)
    activate('tensorflow')
    K.set_image_data_format('channels_last')
    source = build(name, size, classes=10)
    randomize(source, seed=3)
    path = str(tmp_path / 'weights.h5')
    _common.save_keras_weights(source, path)
    x = images(size)
    reference = source.predict(x)
    del source
    results = {}
    try:
        for backend_name in SYMBOLIC_BACKENDS:
            try:
                K.use_backend(backend_name)
            except ImportError as e:
                warnings.warn('%s not installed: %s' % (backend_name, e))
                continue
            for data_format in ('channels_last', 'channels_first'):
                K.set_image_data_format(data_format)
                first = data_format == 'channels_first'
                model = build(name, size, channels_first=first, classes=10, weights=path)
                results[backend_name, data_format] = model.predict(images(size, first))
    finally:
        K.set_image_data_format('channels_last')
    assert len(results) >= 2
    for key, got in results.items():
        np.testing.assert_allclose(got, reference, atol=1e-4, err_msg=str(key))
