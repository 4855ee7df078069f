"""MNIST handwritten digits dataset."""
from ..utils.data_utils import get_file  # looked up at each call: patchable, as in Keras
from ._cache import fetch, load_npz

# Origin and md5 hash as published in Keras 2.3.1 (keras/datasets/mnist.py).
ORIGIN = 'https://s3.amazonaws.com/img-datasets/mnist.npz'
FILE_HASH = '8a61469f7ea1b51cbae51d4f78837e45'


def load_data(path='mnist.npz'):
    """Loads the MNIST dataset.

    # Arguments
        path: file name of the data in the cache (`~/.keras/datasets`).

    # Returns
        Tuple of Numpy arrays: `(x_train, y_train), (x_test, y_test)`;
        uint8 images of shape `(num_samples, 28, 28)` and uint8 labels 0-9.

    # Raises
        OSError: the file cannot be downloaded, or the cached file is
            corrupt (the message names the file to delete).
    """
    path = fetch(path, origin=ORIGIN, file_hash=FILE_HASH, getter=get_file)
    x_train, y_train, x_test, y_test = load_npz(
        path, ('x_train', 'y_train', 'x_test', 'y_test'))
    return (x_train, y_train), (x_test, y_test)
