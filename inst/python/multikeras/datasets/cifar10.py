"""CIFAR10 small images classification dataset."""
import numpy as np

from ..utils.data_utils import get_file  # looked up at each call: patchable, as in Keras
from .cifar import fetch_archive, load_batches, to_image_data_format

# Origin as published in Keras 2.3.1 (keras/datasets/cifar10.py). Keras 2.3.1
# checks no hash for it; this sha256 of the same archive is the one tf.keras
# (tensorflow/python/keras/datasets/cifar10.py, TensorFlow 2.x) checks.
ORIGIN = 'https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz'
FILE_HASH = '6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce'
DIRNAME = 'cifar-10-batches-py'


def load_data():
    """Loads CIFAR10 dataset.

    # Returns
        Tuple of Numpy arrays: `(x_train, y_train), (x_test, y_test)`.
        Images are uint8, `(num_samples, 32, 32, 3)` with the
        `channels_last` image data format (`(num_samples, 3, 32, 32)` with
        `channels_first`); labels are `(num_samples, 1)` arrays of 0-9
        (uint8 for the training set, int64 for the test set, as in Keras).

    # Raises
        OSError: the archive cannot be downloaded, or a cached file is
            corrupt (the message names the file to delete).
    """
    path = fetch_archive(DIRNAME, ORIGIN, FILE_HASH, get_file)
    names = ['data_batch_%d' % i for i in range(1, 6)] + ['test_batch']
    batches = load_batches(path, names)
    x_train = np.concatenate([x for x, _ in batches[:5]]).astype('uint8')
    y_train = np.concatenate([np.asarray(y) for _, y in batches[:5]]).astype('uint8')
    x_test, y_test = batches[5]

    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))
    return (to_image_data_format(x_train), y_train), (to_image_data_format(x_test), y_test)
