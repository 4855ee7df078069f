"""NumPy helpers for preparing data."""
import numpy as np


def to_categorical(y, num_classes=None, dtype='float32'):
    """One-hot encode integer class labels.

    # Arguments
        y: integer labels from 0 to num_classes - 1 (any shape).
        num_classes: number of classes; default max(y) + 1.
        dtype: the output type.

    # Returns
        An array with one more axis than `y` (a trailing axis of 1 is dropped).

    # Raises
        ValueError: for negative, fractional or too large labels.
    """
    y = np.asarray(y)
    if y.size and not np.all(np.equal(np.mod(y, 1), 0)):
        raise ValueError('to_categorical: y must hold whole-number class labels; got %r.'
                         % (y.ravel()[:5].tolist(),))
    y = y.astype('int64')
    shape = y.shape
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = shape[:-1]
    y = y.ravel()
    if y.size and y.min() < 0:
        raise ValueError('to_categorical: class labels must be >= 0; got %d.' % y.min())
    if num_classes is None:
        num_classes = int(y.max()) + 1 if y.size else 0
    elif y.size and y.max() >= num_classes:
        raise ValueError('to_categorical: label %d is out of range for num_classes=%d '
                         '(labels must be 0 to num_classes - 1).' % (y.max(), num_classes))
    out = np.zeros((y.shape[0], int(num_classes)), dtype=dtype)
    out[np.arange(y.shape[0]), y] = 1
    return out.reshape(shape + (int(num_classes),))


def normalize(x, axis=-1, order=2):
    """Scale `x` to unit `order`-norm along `axis`."""
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    return x / np.expand_dims(norm, axis)
