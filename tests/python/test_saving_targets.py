"""Where models are saved and loaded (paths, open h5py files and groups, binary
streams, gs:// paths through `tf_file_io`), the overwrite prompt, weights
reshaped on loading, and what configs keep of functions (Lambda bytecode,
custom activations given as objects)."""
import io
from unittest import mock

import numpy as np
import pytest

h5py = pytest.importorskip('h5py')

from multikeras import backend as K  # noqa: E402
from multikeras.engine import saving  # noqa: E402
from multikeras.layers import Conv2D, Dense, Flatten, Input, Lambda  # noqa: E402
from multikeras.models import Model, Sequential, load_model, save_model  # noqa: E402

X = np.random.RandomState(0).rand(2, 3).astype('float32')


def small_model():
    x = Input((3,))
    model = Model(x, Dense(2)(Dense(4)(x)))
    model.compile('sgd', 'mse')
    return model


def test_save_to_and_load_from_h5py_files_groups_and_streams(backend, tmp_path):
    model = small_model()
    expected = model.predict(X)
    with h5py.File(str(tmp_path / 'a.h5'), 'w') as f:
        save_model(model, f)
        np.testing.assert_allclose(load_model(f).predict(X), expected, atol=1e-6)
        group = f.create_group('inner')
        save_model(model, group)
        np.testing.assert_allclose(load_model(group).predict(X), expected, atol=1e-6)
    stream = io.BytesIO()
    save_model(model, stream)
    stream.seek(0)
    np.testing.assert_allclose(load_model(stream).predict(X), expected, atol=1e-6)
    with open(str(tmp_path / 'b.h5'), 'wb') as f:
        save_model(model, f)
    with open(str(tmp_path / 'b.h5'), 'rb') as f:
        np.testing.assert_allclose(load_model(f).predict(X), expected, atol=1e-6)
    with pytest.raises(ValueError, match='filepath'):
        save_model(model, 42)


class FakeFileIO(object):
    """What the tests of Keras 2.3 put in place of TensorFlow's file_io."""

    def __init__(self):
        self.objects = {}

    def file_exists(self, path):
        return path in self.objects

    def FileIO(self, path, mode):
        fake = mock.MagicMock()
        fake.__enter__.return_value = fake
        if mode == 'wb':
            self.objects[path] = io.BytesIO()
            fake.write = self.objects[path].write
        else:
            self.objects[path].seek(0)
            fake.read = self.objects[path].read
        return fake


def test_gs_paths_go_through_tf_file_io(backend):
    model = small_model()
    fake = FakeFileIO()
    with mock.patch.object(saving, 'tf_file_io', fake):
        save_model(model, 'gs://bucket/m.h5')
        model.save_weights('gs://bucket/w.h5')
        assert set(fake.objects) == {'gs://bucket/m.h5', 'gs://bucket/w.h5'}
        np.testing.assert_allclose(load_model('gs://bucket/m.h5').predict(X), model.predict(X),
                                   atol=1e-6)
        other = small_model()
        other.load_weights('gs://bucket/w.h5')
        np.testing.assert_allclose(other.predict(X), model.predict(X), atol=1e-6)


def test_overwrite_false_asks_and_keeps_the_file_on_no(backend, tmp_path):
    path = str(tmp_path / 'm.h5')
    model = small_model()
    save_model(model, path)
    old = model.get_weights()
    model.set_weights([w + 1 for w in old])
    with mock.patch.object(saving, 'ask_to_proceed_with_overwrite', return_value=False) as ask:
        save_model(model, path, overwrite=False)
        assert ask.call_count == 1
    np.testing.assert_allclose(load_model(path).get_weights()[0], old[0])
    with mock.patch.object(saving, 'ask_to_proceed_with_overwrite', return_value=True):
        save_model(model, path, overwrite=False)
    np.testing.assert_allclose(load_model(path).get_weights()[0], old[0] + 1)


def test_load_weights_reshapes_kernels_when_asked(backend, tmp_path):
    path = str(tmp_path / 'w.h5')
    source = Sequential([Conv2D(2, (1, 1), input_shape=(1, 1, 1), name='a'), Flatten(),
                         Dense(3, name='b')])
    source.save_weights(path)
    target = Sequential([Conv2D(2, (1, 1), input_shape=(1, 1, 1), name='a'),
                         Conv2D(3, (1, 1), name='b')])
    with pytest.raises(ValueError, match='has shape .* but the saved'):
        target.load_weights(path)
    target.load_weights(path, reshape=True)
    x = np.random.rand(2, 1, 1, 1).astype('float32')
    np.testing.assert_allclose(target.predict(x).reshape(2, 3), source.predict(x), atol=1e-6)


def offset():
    return 2.


def test_lambda_functions_are_saved_as_bytecode(backend, tmp_path):
    path = str(tmp_path / 'm.h5')
    scale = 3.
    mean = np.arange(3, dtype='float32')
    x = Input((3,))
    y = Lambda(lambda t, mu: (t - mu) * scale + offset(), arguments={'mu': mean},
               output_shape=lambda s: s)(x)
    model = Model(x, Dense(2, activation=K.cos)(y))
    expected = model.predict(X)
    save_model(model, path)
    loaded = load_model(path, custom_objects={'offset': offset, 'cos': K.cos})
    np.testing.assert_allclose(loaded.predict(X), expected, atol=1e-5)
    assert isinstance(loaded.layers[1].arguments['mu'], np.ndarray)
    np.testing.assert_allclose(loaded.layers[1].arguments['mu'], mean)


def test_func_load_names_missing_closure_values():
    from multikeras.utils.generic_utils import func_dump, func_load
    y = 1

    def closure(x):
        return x + y

    code, defaults, _ = func_dump(closure)
    with pytest.raises(TypeError, match="closure variables y"):
        func_load(code, defaults)
