"""ImageNet input preprocessing and prediction decoding, as Keras 2.3.1's."""
import json

import numpy as np

from .. import backend as K
from ..utils.data_utils import get_file
from ._common import correct_pad, obtain_input_shape  # noqa: F401 - Keras's helpers live here

# The class index file and its hash, as keras-applications 1.0.8 publishes them.
CLASS_INDEX_PATH = ('https://storage.googleapis.com/download.tensorflow.org/'
                    'data/imagenet_class_index.json')
CLASS_INDEX_HASH = 'c2c37ea517e94d9795004a39431a14cb'
CLASS_INDEX = None

# Per-channel statistics of the ImageNet training set (keras-applications 1.0.8):
# "caffe" subtracts BGR means from 0-255 pixels; "torch" normalizes 0-1 RGB pixels.
CAFFE_MEAN = (103.939, 116.779, 123.68)
TORCH_MEAN = (0.485, 0.456, 0.406)
TORCH_STD = (0.229, 0.224, 0.225)
MODES = ('caffe', 'tf', 'torch')


def _channel_axis(ndim, data_format):
    if data_format == 'channels_first':
        return 0 if ndim == 3 else 1
    return ndim - 1


def _per_channel(values, ndim, axis):
    shape = [1] * ndim
    shape[axis] = len(values)
    return np.asarray(values, dtype='float32').reshape(shape)


def preprocess_input(x, data_format=None, mode='caffe', **kwargs):
    """Preprocesses a batch of images (a Numpy array or a symbolic tensor).

    # Arguments
        x: images, 3D (one image) or 4D (a batch). A float Numpy array is
            preprocessed in place (pass a copy to keep the original).
        data_format: "channels_first" or "channels_last"; default
            `K.image_data_format()`.
        mode: "caffe" (RGB to BGR, then subtract the ImageNet channel means;
            no scaling), "tf" (scale pixels to [-1, 1]) or "torch" (scale to
            [0, 1], then normalize each channel by the ImageNet mean and
            standard deviation).

    # Returns
        The preprocessed array or tensor.

    # Raises
        ValueError: for an unknown `data_format` or `mode`.
    """
    if data_format is None:
        data_format = K.image_data_format()
    if data_format not in ('channels_first', 'channels_last'):
        raise ValueError('preprocess_input: unknown data_format %r (expected "channels_first" '
                         'or "channels_last").' % (data_format,))
    if mode not in MODES:
        raise ValueError('preprocess_input: unknown mode %r (expected one of %s).'
                         % (mode, ', '.join(MODES)))
    if isinstance(x, np.ndarray):
        if not issubclass(x.dtype.type, np.floating):
            x = x.astype(K.floatx(), copy=False)
        ndim = x.ndim
    else:
        ndim = K.ndim(x)
    if mode == 'tf':
        x /= 127.5
        x -= 1.
        return x
    axis = _channel_axis(ndim, data_format)
    if mode == 'torch':
        x /= 255.
        mean, std = TORCH_MEAN, TORCH_STD
    else:
        x = _reverse(x, axis)
        mean, std = CAFFE_MEAN, None
    if isinstance(x, np.ndarray):
        x -= _per_channel(mean, ndim, axis).astype(x.dtype)
        if std is not None:
            x /= _per_channel(std, ndim, axis).astype(x.dtype)
        return x
    x = x - K.constant(_per_channel(mean, ndim, axis), dtype=K.dtype(x))
    if std is not None:
        x = x / K.constant(_per_channel(std, ndim, axis), dtype=K.dtype(x))
    return x


def _reverse(x, axis):
    if isinstance(x, np.ndarray):
        return np.flip(x, axis)
    return K.reverse(x, axis)


def _class_index():
    global CLASS_INDEX
    if CLASS_INDEX is None:
        try:
            path = get_file('imagenet_class_index.json', CLASS_INDEX_PATH,
                            cache_subdir='models', file_hash=CLASS_INDEX_HASH)
        except (OSError, ValueError) as e:
            raise type(e)('decode_predictions: cannot get the ImageNet class index '
                          'imagenet_class_index.json from %s: %s' % (CLASS_INDEX_PATH, e)) from e
        try:
            with open(path) as f:
                index = json.load(f)
            if len(index) != 1000 or any(len(index[str(i)]) != 2 for i in range(1000)):
                raise ValueError('it must map "0" ... "999" to [wordnet id, class name]')
        except (ValueError, KeyError, TypeError) as e:
            raise ValueError('decode_predictions: the ImageNet class index %s is not valid: %s'
                             % (path, e)) from e
        CLASS_INDEX = index
    return CLASS_INDEX


def decode_predictions(preds, top=5, **kwargs):
    """Decodes the predictions of an ImageNet model.

    # Arguments
        preds: Numpy array of predictions, shape `(samples, 1000)`.
        top: how many of the best classes to return per sample.

    # Returns
        One list per sample of `(class_name, class_description, score)`
        tuples, best first.

    # Raises
        ValueError: when `preds` is not of shape `(samples, 1000)`.
    """
    preds = np.asarray(preds)
    if preds.ndim != 2 or preds.shape[1] != 1000:
        raise ValueError('decode_predictions expects a batch of predictions (a 2D array of '
                         'shape (samples, 1000)); got an array of shape %s.' % (preds.shape,))
    top = int(top)
    if top < 1:
        raise ValueError('decode_predictions: `top` must be a positive integer; got %r.' % top)
    index = _class_index()
    results = []
    for pred in preds:
        best = np.argsort(-pred, kind='stable')[:top]
        results.append([tuple(index[str(i)]) + (pred[i],) for i in best])
    return results
