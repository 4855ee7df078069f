"""Model files: round trips, across backends, atomic writes, optimizer state."""
import hashlib
import json
import os

import numpy as np
import pytest

h5py = pytest.importorskip('h5py')

from multikeras import backend as K  # noqa: E402
from multikeras import optimizers  # noqa: E402
from multikeras.engine import saving  # noqa: E402
from multikeras.layers import Dense, Flatten, Conv2D, Input  # noqa: E402
from multikeras.models import Model, Sequential, load_model, save_model  # noqa: E402
from multikeras.utils import to_categorical  # noqa: E402

SYMBOLIC_BACKENDS = ['tensorflow', 'theano', 'mxnet']


def activate(name):
    try:
        K.use_backend(name)
    except ImportError as e:
        pytest.skip('backend %s not installed: %s' % (name, e))
    K.set_floatx('float32')
    K.set_image_data_format('channels_last')


@pytest.fixture(scope='module', params=SYMBOLIC_BACKENDS)
def backend(request):
    """Each symbolic backend in turn, activated once per module (models are reused)."""
    activate(request.param)
    yield request.param


def data(seed=0, n=40):
    rng = np.random.RandomState(seed)
    x = rng.rand(n, 6, 6, 1).astype('float32')
    labels = (x[:, :, :3].mean(axis=(1, 2, 3)) > x[:, :, 3:].mean(axis=(1, 2, 3))).astype(int)
    return x, to_categorical(labels, 2)


X, Y = data()


def build(seed=0):
    """A small CNN: Conv2D kernels are where backends differ (Theano flips them)."""
    np.random.seed(seed)
    model = Sequential([Conv2D(2, (3, 3), activation='relu', input_shape=(6, 6, 1), name='conv'),
                        Flatten(name='flat'), Dense(2, activation='softmax', name='out')])
    model.compile(optimizers.Adam(lr=0.01), 'categorical_crossentropy', metrics=['accuracy'])
    return model


def digest(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


@pytest.fixture(scope='module')
def trained(backend, tmp_path_factory):
    model = build(0)
    model.fit(X, Y, batch_size=10, epochs=2, verbose=0, shuffle=False)
    path = str(tmp_path_factory.mktemp('saved-' + backend) / 'model.h5')
    model.save(path)
    return {'model': model, 'path': path, 'predictions': model.predict(X),
            'weights': model.get_weights(), 'optimizer': model.optimizer.get_weights()}


# -- round trip on one backend --------------------------------------------------------------------

def test_save_load_round_trip_same_predictions(trained):
    loaded = load_model(trained['path'])
    assert isinstance(loaded, Sequential)
    assert [l.name for l in loaded.layers] == ['conv', 'flat', 'out']
    for a, b in zip(loaded.get_weights(), trained['weights']):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(loaded.predict(X), trained['predictions'], atol=1e-6)
    assert loaded.metrics_names == ['loss', 'accuracy']
    assert isinstance(loaded.optimizer, optimizers.Adam)
    assert loaded.optimizer.get_config()['lr'] == pytest.approx(0.01)
    with h5py.File(trained['path'], 'r') as f:
        assert 'model_config' in f.attrs and 'optimizer_weights' in f


def test_save_model_function_and_no_compile(trained, tmp_path):
    path = str(tmp_path / 'fn.h5')
    save_model(trained['model'], path, include_optimizer=False)
    loaded = load_model(path, compile=False)
    assert loaded.optimizer is None
    np.testing.assert_allclose(loaded.predict(X), trained['model'].predict(X), atol=1e-6)
    with pytest.raises(RuntimeError, match='compile'):
        loaded.evaluate(X, Y, verbose=0)


def test_optimizer_state_restored_and_training_continues(trained):
    loaded = load_model(trained['path'])
    state = loaded.optimizer.get_weights()
    assert len(state) == len(trained['optimizer']) == 1 + 2 * 4   # iterations, m and v
    assert int(state[0]) == 8                                     # 2 epochs x 4 batches
    for a, b in zip(state, trained['optimizer']):
        np.testing.assert_allclose(a, b, atol=1e-7)
    # One more epoch from the file equals one more epoch of a model with the same state.
    twin = build(0)
    twin.fit(X[:10], Y[:10], batch_size=10, epochs=1, verbose=0)   # create the optimizer variables
    twin.set_weights(trained['weights'])
    twin.optimizer.set_weights(trained['optimizer'])
    loaded.fit(X, Y, batch_size=10, epochs=1, verbose=0, shuffle=False)
    twin.fit(X, Y, batch_size=10, epochs=1, verbose=0, shuffle=False)
    for a, b in zip(loaded.get_weights(), twin.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-5)
    assert int(loaded.optimizer.get_weights()[0]) == 12
    # A fresh optimizer would take a different step: the state matters.
    fresh = build(0)
    fresh.set_weights(trained['weights'])
    fresh.fit(X, Y, batch_size=10, epochs=1, verbose=0, shuffle=False)
    assert max(np.abs(a - b).max() for a, b in zip(fresh.get_weights(), twin.get_weights())) > 1e-4


def test_save_weights_load_weights(trained, tmp_path):
    path = str(tmp_path / 'weights.h5')
    trained['model'].save_weights(path)
    other = build(7)
    assert not np.allclose(other.predict(X), trained['model'].predict(X))
    other.load_weights(path)
    np.testing.assert_allclose(other.predict(X), trained['model'].predict(X), atol=1e-6)
    with pytest.raises(ValueError, match='load_weights'):
        load_model(path)


# -- overwriting and failures ----------------------------------------------------------------

def test_overwrite_false_raises_and_keeps_file(trained, tmp_path):
    path = str(tmp_path / 'keep.h5')
    trained['model'].save(path)
    before = digest(path)
    with pytest.raises(FileExistsError) as info:
        trained['model'].save(path, overwrite=False)
    assert path in str(info.value) and 'overwrite' in str(info.value)
    with pytest.raises(FileExistsError):
        trained['model'].save_weights(path, overwrite=False)
    assert digest(path) == before
    assert os.listdir(str(tmp_path)) == ['keep.h5']


def test_failing_write_keeps_old_file_and_no_temp(trained, tmp_path, monkeypatch):
    path = str(tmp_path / 'model.h5')
    trained['model'].save(path)
    before = digest(path)
    real = h5py.Group.create_dataset
    calls = []

    def failing(self, *args, **kwargs):
        calls.append(args[0] if args else kwargs.get('name'))
        if len(calls) == 2:
            raise OSError('disk full (simulated)')
        return real(self, *args, **kwargs)

    monkeypatch.setattr(h5py.Group, 'create_dataset', failing)
    with pytest.raises(OSError, match='simulated'):
        trained['model'].save(path)
    monkeypatch.undo()
    assert len(calls) == 2          # it failed in the middle of writing the weights
    assert digest(path) == before
    assert os.listdir(str(tmp_path)) == ['model.h5']
    np.testing.assert_allclose(load_model(path, compile=False).predict(X),
                               trained['model'].predict(X), atol=1e-6)


class Opaque(object):
    """Something json cannot write."""


class UnserializableDense(Dense):
    def get_config(self):
        config = super(UnserializableDense, self).get_config()
        config['thing'] = Opaque()
        return config


def test_unserializable_config_keeps_old_file_and_no_temp(backend, tmp_path):
    inp = Input(shape=(3,))
    model = Model(inp, UnserializableDense(2)(inp))
    path = str(tmp_path / 'model.h5')
    with open(path, 'wb') as f:
        f.write(b'an older model file')
    with pytest.raises(TypeError, match='Opaque'):
        model.save(path)
    with open(path, 'rb') as f:
        assert f.read() == b'an older model file'
    assert os.listdir(str(tmp_path)) == ['model.h5']


def test_save_into_missing_directory_is_clear(trained, tmp_path):
    path = str(tmp_path / 'no' / 'such' / 'dir' / 'model.h5')
    with pytest.raises(FileNotFoundError) as info:
        trained['model'].save(path)
    assert 'does not exist' in str(info.value)


def test_load_missing_file_is_clear(backend, tmp_path):
    with pytest.raises(FileNotFoundError) as info:
        load_model(str(tmp_path / 'nothing.h5'))
    assert 'nothing.h5' in str(info.value)


# -- across backends ---------------------------------------------------------------------------

@pytest.mark.parametrize('source,target', [('tensorflow', 'theano'), ('theano', 'tensorflow')])
def test_load_on_the_other_backend(source, target, tmp_path):
    activate(target)   # skip early when either engine is missing
    activate(source)
    model = build(11)
    model.fit(X, Y, batch_size=10, epochs=2, verbose=0, shuffle=False)
    expected = model.predict(X)
    weights = model.get_weights()
    path = str(tmp_path / ('from-%s.h5' % source))
    model.save(path)
    with h5py.File(path, 'r') as f:
        assert f.attrs['multikeras_backend'].decode() == source
        assert f.attrs['backend'].decode() == ('tensorflow' if source == 'theano' else source)
    activate(target)
    loaded = load_model(path)
    assert K.backend() == target
    for a, b in zip(loaded.get_weights(), weights):
        np.testing.assert_array_equal(a, b)     # one kernel layout on every backend
    np.testing.assert_allclose(loaded.predict(X), expected, atol=1e-5)
    loss_before = loaded.evaluate(X, Y, verbose=0)[0]
    history = loaded.fit(X, Y, batch_size=10, epochs=2, verbose=0, shuffle=False).history
    assert all(np.isfinite(history['loss']))
    assert loaded.evaluate(X, Y, verbose=0)[0] < loss_before


# -- damaged, foreign and mismatched files (all or nothing) -----------------------------------

def test_truncated_and_non_hdf5_files_name_the_file(trained, tmp_path):
    truncated = str(tmp_path / 'truncated.h5')
    with open(trained['path'], 'rb') as f:
        data = f.read()
    with open(truncated, 'wb') as f:
        f.write(data[:len(data) // 3])
    text = str(tmp_path / 'notes.h5')
    with open(text, 'w') as f:
        f.write('not a model')
    for path in (truncated, text):
        with pytest.raises(OSError, match='Cannot read .*%s' % os.path.basename(path)):
            load_model(path)
        with pytest.raises(OSError, match=os.path.basename(path)):
            trained['model'].load_weights(path)


def test_newer_or_unknown_formats_are_refused(trained, tmp_path):
    newer = str(tmp_path / 'newer.h5')
    trained['model'].save(newer)
    with h5py.File(newer, 'a') as f:
        f.attrs['multikeras_format'] = saving.FORMAT_VERSION + 1
    with pytest.raises(ValueError, match='newer.h5.*newer multikeras'):
        load_model(newer)
    keras3 = str(tmp_path / 'keras3.h5')
    trained['model'].save_weights(keras3)
    with h5py.File(keras3, 'a') as f:
        f.attrs['keras_version'] = np.bytes_(b'3.0.0')
    with pytest.raises(ValueError, match='keras3.h5.*Keras 3.0.0'):
        trained['model'].load_weights(keras3)
    foreign = str(tmp_path / 'foreign.h5')
    with h5py.File(foreign, 'w') as f:
        f.create_dataset('x', data=np.zeros(3))
    with pytest.raises(ValueError, match='foreign.h5.*no Keras model'):
        load_model(foreign)


def test_mismatched_shapes_name_file_layer_and_shapes_and_change_nothing(trained, tmp_path):
    path = str(tmp_path / 'weights.h5')
    trained['model'].save_weights(path)
    np.random.seed(3)
    other = Sequential([Conv2D(2, (3, 3), input_shape=(6, 6, 1), name='conv'),
                        Flatten(name='flat'), Dense(3, name='out')])
    before = other.get_weights()
    with pytest.raises(ValueError) as info:
        other.load_weights(path)
    message = str(info.value)
    assert 'weights.h5' in message and "'out'" in message
    assert '(32, 3)' in message and '(32, 2)' in message
    for got, want in zip(other.get_weights(), before):   # the conv layer was not loaded either
        np.testing.assert_array_equal(got, want)
    with pytest.raises(ValueError, match='by_name'):
        other.load_weights(path, skip_mismatch=True)
    with pytest.warns(UserWarning, match="'out'.*weights.h5"):
        other.load_weights(path, by_name=True, skip_mismatch=True)
    np.testing.assert_array_equal(other.get_layer('conv').get_weights()[0],
                                  trained['weights'][0])
    np.testing.assert_array_equal(other.get_layer('out').get_weights()[0], before[2])


def test_unserializable_config_names_the_layer_and_key(backend, tmp_path):
    inp = Input(shape=(3,))
    model = Model(inp, UnserializableDense(2, name='odd')(inp))
    with pytest.raises(TypeError, match="layer 'odd' has 'thing'"):
        model.save(str(tmp_path / 'model.h5'))
    with pytest.raises(TypeError, match="layer 'odd' has 'thing'"):
        model.to_json()
    assert os.listdir(str(tmp_path)) == []


@pytest.mark.skipif(hasattr(os, 'geteuid') and os.geteuid() == 0,
                    reason='root writes into read-only directories')
def test_read_only_directory_keeps_old_file(trained, tmp_path):
    directory = tmp_path / 'ro'
    directory.mkdir()
    path = str(directory / 'model.h5')
    trained['model'].save(path)
    before = digest(path)
    os.chmod(str(directory), 0o555)
    try:
        with pytest.raises(OSError, match='model.h5'):
            trained['model'].save(path)
    finally:
        os.chmod(str(directory), 0o755)
    assert digest(path) == before


def test_read_only_directory_simulated_keeps_old_file(trained, tmp_path, monkeypatch):
    """As root can write anywhere, the refusal of the OS is simulated where the temp file
    is made."""
    path = str(tmp_path / 'model.h5')
    trained['model'].save(path)
    before = digest(path)

    def refuse(*args, **kwargs):
        raise PermissionError(13, 'Permission denied')

    monkeypatch.setattr(saving.tempfile, 'mkstemp', refuse)
    with pytest.raises(OSError, match='Cannot save to .*model.h5.*nothing was written'):
        trained['model'].save(path)
    monkeypatch.undo()
    assert digest(path) == before
    assert os.listdir(str(tmp_path)) == ['model.h5']


def test_files_carry_keras_attributes(trained):
    with h5py.File(trained['path'], 'r') as f:
        assert f.attrs['keras_version'] == b'2.3.1'
        assert isinstance(f.attrs['model_config'], bytes)
        training = json.loads(f.attrs['training_config'])
        assert training['optimizer_config']['class_name'] == 'Adam'
        assert training['loss'] == 'categorical_crossentropy'
        assert [n.decode() for n in f['model_weights'].attrs['layer_names']] == \
            ['conv', 'flat', 'out']
        assert f['model_weights'].attrs['backend'] in (b'tensorflow', b'cntk', b'mxnet')
        # Keras's Adam state: iterations, m, v, and a one-element vhat per weight.
        assert len(f['optimizer_weights'].attrs['weight_names']) == 1 + 3 * 4


def test_long_attributes_are_chunked_as_keras_does(backend, tmp_path, monkeypatch):
    model = build(0)
    path = str(tmp_path / 'chunked.h5')
    names = saving._unique_names(saving.file_weights(model.get_layer('conv')))
    longest = max(len(n) for n in names)
    monkeypatch.setattr(saving, 'HEADER_LIMIT', longest)   # one name per chunk
    model.save_weights(path)
    with h5py.File(path, 'r') as f:
        assert 'weight_names' not in f['conv'].attrs and 'weight_names1' in f['conv'].attrs
    monkeypatch.setattr(saving, 'HEADER_LIMIT', longest - 1)
    with pytest.raises(ValueError, match='shorter than %d bytes' % (longest - 1)):
        model.save_weights(path)
    other = build(5)
    other.load_weights(path)
    np.testing.assert_allclose(other.predict(X), model.predict(X), atol=1e-6)


# -- SavedModel ------------------------------------------------------------------------------

SERVE = r'''
import sys, json
import numpy as np
import tensorflow as tf
loaded = tf.saved_model.load(sys.argv[1])
serve = loaded.signatures['serving_default']
x = np.load(sys.argv[2])
out = serve(**{list(serve.structured_input_signature[1])[0]: tf.constant(x)})
print(json.dumps({k: v.numpy().tolist() for k, v in out.items()}))
'''


def test_export_saved_model_serves_the_same_predictions(tmp_path):
    import subprocess
    import sys
    from multikeras.utils import export_saved_model
    activate('tensorflow')
    model = build(2)
    expected = model.predict(X[:5])
    export_dir = str(tmp_path / 'served')
    export_saved_model(model, export_dir)
    with pytest.raises(FileExistsError, match='served'):
        export_saved_model(model, export_dir)
    np.save(str(tmp_path / 'x.npy'), X[:5])
    run = subprocess.run([sys.executable, '-c', SERVE, export_dir, str(tmp_path / 'x.npy')],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         universal_newlines=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    outputs = json.loads(run.stdout.strip().splitlines()[-1])
    assert list(outputs) == ['out']
    np.testing.assert_allclose(np.array(outputs['out']), expected, atol=1e-6)


def test_export_saved_model_on_other_backends_says_what_to_do(tmp_path):
    from multikeras.utils import export_saved_model
    activate('theano')
    model = build(2)
    with pytest.raises(RuntimeError, match="TensorFlow format.*use_backend\\(.tensorflow.\\)"):
        export_saved_model(model, str(tmp_path / 'served'))
    assert not os.path.exists(str(tmp_path / 'served'))


def test_pickled_model_predicts_and_trains_on_as_the_original(backend):
    # As in Keras 2.3: pickle keeps config, weights and optimizer state.
    import pickle
    from multikeras import layers as L, models as M, optimizers as O
    from multikeras.utils import CustomObjectScope

    def custom_mse(y_true, y_pred):
        return K.mean(K.square(y_pred - y_true), axis=-1)

    model = M.Sequential([L.Dense(2, input_shape=(3,)), L.Dense(3)])
    model.compile(O.Adam(lr=0.01), custom_mse)
    x, y = np.random.rand(4, 3), np.random.rand(4, 3)
    model.train_on_batch(x, y)
    state = pickle.dumps(model)
    with CustomObjectScope({'custom_mse': custom_mse}):
        copy = pickle.loads(state)
    assert copy is not model and type(copy) is M.Sequential
    np.testing.assert_allclose(copy.predict(x), model.predict(x), atol=1e-6)
    model.train_on_batch(x, y)
    copy.train_on_batch(x, y)
    np.testing.assert_allclose(copy.predict(x), model.predict(x), atol=1e-5)
