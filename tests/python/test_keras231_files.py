"""Model and weight files shared with real Keras 2.3.1, both ways.

The fixtures in `keras231/` were written by Keras 2.3.1 on Theano (kernels in
true-convolution layout) by `keras231/make_fixtures.py`; they load here on
every backend and predict what Keras predicted. The reverse direction runs
Keras 2.3.1 itself on files we write: it needs a Keras 2.3.1 Python (see
make_fixtures.py), found at $KERAS231_PYTHON or /tmp/keras231-venv.
"""
import json
import os
import subprocess
import warnings

import numpy as np
import pytest

h5py = pytest.importorskip('h5py')

from multikeras import backend as K  # noqa: E402
from multikeras import layers, optimizers  # noqa: E402
from multikeras.models import Sequential, load_model, model_from_json  # noqa: E402
from multikeras.utils import convert_kernel  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'keras231')
MODELS = ['conv', 'dense_bn', 'nested', 'rnn']
# Models saved with their optimizer state: (optimizer, steps Keras took).
TRAINED = {'dense_bn': ('Adam', 4), 'conv': ('SGD', 2)}


def fixture(name):
    data = np.load(os.path.join(HERE, name + '.npz'))
    return os.path.join(HERE, name + '.h5'), data


def file_config(path):
    with h5py.File(path, 'r') as f:
        return f.attrs['model_config']


@pytest.mark.parametrize('name', MODELS)
def test_keras_model_file_predicts_the_same(backend, name):
    path, data = fixture(name)
    model = load_model(path)
    np.testing.assert_allclose(model.predict(data['x']), data['y'], atol=1e-5)


@pytest.mark.parametrize('name', MODELS)
def test_keras_weights_file_predicts_the_same(backend, name):
    path, data = fixture(name)
    model = model_from_json(file_config(path))
    assert np.abs(model.predict(data['x']) - data['y']).max() > 1e-3   # fresh weights differ
    model.load_weights(os.path.join(HERE, name + '.weights.h5'))
    np.testing.assert_allclose(model.predict(data['x']), data['y'], atol=1e-5)


def test_theano_kernels_are_flipped_on_loading(backend):
    path, _ = fixture('conv')
    with h5py.File(path, 'r') as f:
        assert f.attrs['backend'] == 'theano'
        group = f['model_weights/conv']
        stored = np.asarray(group[group.attrs['weight_names'][0]])
    kernel = load_model(path, compile=False).get_layer('conv').get_weights()[0]
    assert kernel.shape == (3, 2, 1, 2)
    np.testing.assert_array_equal(kernel, stored[::-1, ::-1])
    np.testing.assert_array_equal(convert_kernel(kernel), stored)


def keras_optimizer_state(path):
    with h5py.File(path, 'r') as f:
        g = f['optimizer_weights']
        return [np.asarray(g[n]) for n in g.attrs['weight_names']]


@pytest.mark.parametrize('name', sorted(TRAINED))
def test_keras_optimizer_state_loads_and_training_resumes(backend, name):
    path, data = fixture(name)
    kind, steps = TRAINED[name]
    loaded = load_model(path)
    assert loaded.optimizer.__class__.__name__ == kind
    state = loaded.optimizer.get_weights()
    saved = keras_optimizer_state(path)
    assert int(state[0]) == steps
    # Keras's Adam keeps a one-element `vhat` per weight when amsgrad is off: dropped here.
    assert len(saved) == len(state) + (len(state) - 1) // 2 * (kind == 'Adam')
    for got, want in zip(state, saved):
        np.testing.assert_allclose(got, want, atol=1e-7)
    # One more epoch from the file equals one more epoch of a twin given the same state.
    twin = load_model(path, compile=False)
    twin.compile(optimizers.deserialize({'class_name': kind,
                                         'config': loaded.optimizer.get_config()}),
                 loaded.loss)
    twin._make_train_function()
    twin.optimizer.set_weights(state)
    x, y = data['x'], data['targets']
    loaded.fit(x, y, batch_size=len(x), epochs=1, verbose=0, shuffle=False)
    twin.fit(x, y, batch_size=len(x), epochs=1, verbose=0, shuffle=False)
    assert int(loaded.optimizer.get_weights()[0]) == steps + 1
    if kind == 'Adam':
        # Adam's step reads `iterations` in the same graph run that increments it, in
        # no fixed order on TensorFlow: its weights are compared for SGD only.
        return
    for a, b in zip(loaded.get_weights(), twin.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-6)


def test_keras_weights_by_name_skip_mismatch(backend):
    """A model sharing some layer names with Keras's file: matching layers load, the
    one of another shape is skipped with a warning, the rest keep their weights."""
    path, data = fixture('dense_bn')
    model = Sequential([layers.Dense(4, activation='tanh', input_shape=(3,), name='dense_in'),
                        layers.Dense(5, name='bn'),
                        layers.Dense(2, name='other')])
    before = model.get_layer('other').get_weights()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        model.load_weights(os.path.join(HERE, 'dense_bn.weights.h5'), by_name=True,
                           skip_mismatch=True)
    messages = [str(w.message) for w in caught]
    assert any("'bn'" in m and 'dense_bn.weights.h5' in m for m in messages), messages
    reference = load_model(path, compile=False)
    for got, want in zip(model.get_layer('dense_in').get_weights(),
                         reference.get_layer('dense_in').get_weights()):
        np.testing.assert_array_equal(got, want)
    for got, want in zip(model.get_layer('other').get_weights(), before):
        np.testing.assert_array_equal(got, want)


# -- our files read by Keras 2.3.1 -------------------------------------------------------------

def keras231_python():
    """The Python of a Keras 2.3.1 environment, or None."""
    candidate = os.environ.get('KERAS231_PYTHON') or '/tmp/keras231-venv/bin/python'
    return candidate if os.path.exists(candidate) else None


def write_our_files(directory):
    """Our versions of the fixture models (trained one step when compiled), with inputs."""
    expected = {}
    for name in MODELS:
        path, data = fixture(name)
        model = load_model(path)
        if model.optimizer is not None:
            model.fit(data['x'], data['targets'], batch_size=len(data['x']), epochs=1,
                      verbose=0)
        model.save(os.path.join(directory, name + '.h5'))
        np.savez(os.path.join(directory, name + '.npz'), x=data['x'])
        expected[name] = (model.predict(data['x']),
                          model.optimizer.get_weights() if model.optimizer else None)
    return expected


def test_our_files_load_in_keras231(backend, tmp_path):
    python = keras231_python()
    if python is None:
        pytest.skip('no Keras 2.3.1 Python: set KERAS231_PYTHON or build /tmp/keras231-venv '
                    '(see tests/python/keras231/make_fixtures.py)')
    expected = write_our_files(str(tmp_path))
    run = subprocess.run([python, os.path.join(HERE, 'make_fixtures.py'), '--check',
                          str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         universal_newlines=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    assert 'optimizer state' not in run.stderr, run.stderr[-3000:]   # Keras's warning
    results = json.loads(run.stdout.strip().splitlines()[-1])
    assert sorted(results) == MODELS
    for name, (predictions, state) in expected.items():
        np.testing.assert_allclose(np.array(results[name]['predictions']), predictions,
                                   atol=1e-5, err_msg=name)
        if state is not None:
            keras_state = [np.array(v) for v in results[name]['optimizer_weights']]
            assert int(keras_state[0]) == int(state[0]) and len(keras_state) >= len(state)
            for got, want in zip(keras_state, state):
                np.testing.assert_allclose(got, want, atol=1e-7, err_msg=name)
