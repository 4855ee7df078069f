"""Fashion-MNIST dataset of Zalando's article images."""
import gzip
import os

import numpy as np

from ..utils.data_utils import get_file  # looked up at each call: patchable, as in Keras
from ._cache import corrupt, fetch, reading

# Download location as published in Keras 2.3.1
# (keras/datasets/fashion_mnist.py); Keras publishes no hashes for these files.
BASE_URL = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/'
FILES = ['train-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz',
         't10k-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz']
FILE_HASHES = {}
CACHE_SUBDIR = os.path.join('datasets', 'fashion-mnist')

# idx format: a 4-byte magic number (0x0801 unsigned bytes, 1 dimension or
# 0x0803, 3 dimensions), then one big-endian int32 per dimension.
_LABELS_MAGIC, _IMAGES_MAGIC = 2049, 2051


def _read_idx(path, magic, ndim):
    with reading(path):
        with gzip.open(path, 'rb') as f:
            raw = f.read()
        header = np.frombuffer(raw, '>i4', count=1 + ndim)
        if header[0] != magic:
            raise ValueError('magic number %d, expected %d' % (header[0], magic))
        shape = tuple(int(d) for d in header[1:])
        body = np.frombuffer(raw, np.uint8, offset=4 * (1 + ndim))
        if body.size != int(np.prod(shape)):
            raise ValueError('%d bytes of data for shape %s' % (body.size, shape))
        return body.reshape(shape)


def load_data():
    """Loads the Fashion-MNIST dataset.

    The classes are 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat,
    5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot.

    # Returns
        Tuple of Numpy arrays: `(x_train, y_train), (x_test, y_test)`;
        uint8 images of shape `(num_samples, 28, 28)` and uint8 labels.
        The files are cached in `~/.keras/datasets/fashion-mnist`.

    # Raises
        OSError: a file cannot be downloaded, or a cached file is
            corrupt (the message names the file to delete).
    """
    paths = [fetch(fname, origin=BASE_URL + fname, file_hash=FILE_HASHES.get(fname),
                   cache_subdir=CACHE_SUBDIR, getter=get_file) for fname in FILES]
    y_train = _read_idx(paths[0], _LABELS_MAGIC, 1)
    x_train = _read_idx(paths[1], _IMAGES_MAGIC, 3)
    y_test = _read_idx(paths[2], _LABELS_MAGIC, 1)
    x_test = _read_idx(paths[3], _IMAGES_MAGIC, 3)
    for images, labels, path in ((x_train, y_train, paths[1]), (x_test, y_test, paths[3])):
        if len(images) != len(labels):
            raise corrupt(path, '%d images for %d labels' % (len(images), len(labels)))
    return (x_train, y_train), (x_test, y_test)
