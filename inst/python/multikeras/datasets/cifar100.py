"""CIFAR100 small images classification dataset."""
import numpy as np

from ..utils.data_utils import get_file  # looked up at each call: patchable, as in Keras
from .cifar import fetch_archive, load_batches, to_image_data_format

# Origin as published in Keras 2.3.1 (keras/datasets/cifar100.py). Keras 2.3.1
# checks no hash for it; this sha256 of the same archive is the one tf.keras
# (tensorflow/python/keras/datasets/cifar100.py, TensorFlow 2.x) checks.
ORIGIN = 'https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz'
FILE_HASH = '85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7'
DIRNAME = 'cifar-100-python'


def load_data(label_mode='fine'):
    """Loads CIFAR100 dataset.

    # Arguments
        label_mode: one of "fine", "coarse": the 100 fine classes or the
            20 superclasses.

    # Returns
        Tuple of Numpy arrays: `(x_train, y_train), (x_test, y_test)`.
        Images are uint8, `(num_samples, 32, 32, 3)` with the
        `channels_last` image data format (`(num_samples, 3, 32, 32)` with
        `channels_first`); labels are int64 arrays of shape `(num_samples, 1)`.

    # Raises
        ValueError: in case of invalid `label_mode`.
        OSError: the archive cannot be downloaded, or a cached file is
            corrupt (the message names the file to delete).
    """
    if label_mode not in ['fine', 'coarse']:
        raise ValueError('`label_mode` must be one of `"fine"`, `"coarse"`; got %r.'
                         % (label_mode,))
    path = fetch_archive(DIRNAME, ORIGIN, FILE_HASH, get_file)
    (x_train, y_train), (x_test, y_test) = load_batches(
        path, ['train', 'test'], label_key=label_mode + '_labels')

    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))
    return (to_image_data_format(x_train), y_train), (to_image_data_format(x_test), y_test)
