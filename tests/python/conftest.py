"""Shared fixtures: an isolated KERAS_HOME and a fixture per backend.

A backend whose engine is not installed is skipped with the reason printed
(`pytest -rs`), never counted as passed.
"""
import os
import tempfile

import numpy as np
import pytest

# Keep the user's keras.json out of the tests: every run gets its own home.
os.environ['KERAS_HOME'] = tempfile.mkdtemp(prefix='keras-home-')
os.environ.pop('KERAS_BACKEND', None)

from multikeras import backend as K  # noqa: E402

SYMBOLIC_BACKENDS = ['tensorflow', 'theano', 'cntk', 'mxnet']


def digits():
    """scikit-learn's 8x8 digits: x scaled to [0, 1] (1797, 64), y one-hot (1797, 10)."""
    from sklearn.datasets import load_digits
    d = load_digits()
    x = (d.data / 16.).astype('float32')
    y = np.eye(10, dtype='float32')[d.target]
    return x, y


def activate(name):
    """Make `name` the active backend, or skip the test with the reason."""
    try:
        K.use_backend(name)
    except ImportError as e:
        pytest.skip('backend %s not installed: %s' % (name, e))
    return K


@pytest.fixture(params=SYMBOLIC_BACKENDS)
def backend(request):
    """Each symbolic backend in turn, active for the test; float32, channels_last."""
    activate(request.param)
    K.set_floatx('float32')
    K.set_image_data_format('channels_last')
    yield request.param
    K.set_floatx('float32')
    K.set_image_data_format('channels_last')


@pytest.fixture
def rng():
    return np.random.RandomState(1234)
