"""Boston housing price regression dataset."""
import numpy as np

from ..utils.data_utils import get_file  # looked up at each call: patchable, as in Keras
from ._cache import check_split, fetch, load_npz

# Origin and sha256 hash as published in Keras 2.3.1
# (keras/datasets/boston_housing.py).
ORIGIN = 'https://s3.amazonaws.com/keras-datasets/boston_housing.npz'
FILE_HASH = 'f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5'


def load_data(path='boston_housing.npz', test_split=0.2, seed=113):
    """Loads the Boston Housing dataset.

    # Arguments
        path: file name of the data in the cache (`~/.keras/datasets`).
        test_split: the fraction of the samples that makes the test set.
        seed: seed of the `np.random.RandomState` that shuffles the
            samples before they are split.

    # Returns
        Tuple of Numpy arrays: `(x_train, y_train), (x_test, y_test)`.
        The samples are shuffled with `np.random.RandomState(seed)`; the
        first `int(n * (1 - test_split))` are the training set.

    # Raises
        ValueError: `test_split` is not in [0, 1).
        OSError: the file cannot be downloaded, or the cached file is
            corrupt (the message names the file to delete).
    """
    check_split(test_split)
    path = fetch(path, origin=ORIGIN, file_hash=FILE_HASH, getter=get_file)
    x, y = load_npz(path, ('x', 'y'))
    order = np.arange(len(x))
    np.random.RandomState(seed).shuffle(order)
    x, y = x[order], y[order]
    cut = int(len(x) * (1 - test_split))
    return (np.array(x[:cut]), np.array(y[:cut])), (np.array(x[cut:]), np.array(y[cut:]))
