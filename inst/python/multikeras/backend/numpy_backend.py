"""The reference backend: the meaning of every backend function, in NumPy.

Values are plain numpy arrays; variables are `NumpyVariable`s so that
`set_value` and the `update*` functions have something to change. There is
no symbolic graph, so `placeholder`, `function` and `gradients` are not
offered here. Every other backend is tested against this module.
"""
import contextlib

import numpy as np

from .common import (floatx, epsilon, image_data_format, normalize_data_format,
                     normalize_axis, name_scope, get_uid)

name = 'numpy'
_learning_phase = {'value': 0}


def ensure_engine():
    """NumPy is always there."""


def clear_session():
    """Nothing to reset but the learning phase."""
    _learning_phase['value'] = 0


class NumpyVariable(np.ndarray):
    """An ndarray that counts as a variable."""


def _np(x):
    return np.asarray(x)


# -- creation -----------------------------------------------------------------

def variable(value, dtype=None, name=None, constraint=None):
    """A variable holding a copy of `value` (cast to `dtype`, default floatx)."""
    return np.array(value, dtype=dtype or floatx()).view(NumpyVariable)


def constant(value, dtype=None, shape=None, name=None):
    """A constant array of `value`, broadcast to `shape` when given."""
    arr = np.asarray(value, dtype=dtype or floatx())
    return np.broadcast_to(arr, shape).copy() if shape is not None else arr


def is_variable(x):
    return isinstance(x, NumpyVariable)


def is_tensor(x):
    return isinstance(x, np.ndarray)


def is_placeholder(x):
    return False


def zeros(shape, dtype=None, name=None):
    return variable(np.zeros(shape), dtype)


def ones(shape, dtype=None, name=None):
    return variable(np.ones(shape), dtype)


def eye(size, dtype=None, name=None):
    return variable(np.eye(size), dtype)


def zeros_like(x, dtype=None, name=None):
    return np.zeros_like(x, dtype=dtype or _np(x).dtype)


def ones_like(x, dtype=None, name=None):
    return np.ones_like(x, dtype=dtype or _np(x).dtype)


# -- values and shapes --------------------------------------------------------

def eval(x):
    return np.array(x)


def get_value(x):
    return np.array(x)


def batch_get_value(xs):
    return [np.array(x) for x in xs]


def set_value(x, value):
    x[...] = np.asarray(value, dtype=x.dtype)


def batch_set_value(tuples):
    for x, value in tuples:
        set_value(x, value)


def int_shape(x):
    return tuple(int(d) for d in _np(x).shape)


def shape(x):
    return np.array(_np(x).shape, dtype='int32')


def ndim(x):
    return _np(x).ndim


def dtype(x):
    return _np(x).dtype.name


def count_params(x):
    return int(np.prod(_np(x).shape))


def cast(x, dtype):
    return _np(x).astype(dtype)


# -- updates ------------------------------------------------------------------

def update(x, new_x):
    x[...] = new_x
    return x


def update_add(x, increment):
    x[...] = x + increment
    return x


def update_sub(x, decrement):
    x[...] = x - decrement
    return x


# -- linear algebra and shape ops ----------------------------------------------

def dot(x, y):
    x, y = _np(x), _np(y)
    if x.ndim > 2 or y.ndim > 2:
        # Keras semantics: contract the last axis of x with the second-to-last of y.
        return np.tensordot(x, y, axes=[[x.ndim - 1], [max(y.ndim - 2, 0)]])
    return np.dot(x, y)


def batch_dot(x, y, axes=None):
    """Batch-wise dot product (Keras 2.3 semantics).

    With x (batch, ..., d) and y (batch, d, ...) (after moving `axes` into
    place) the result is (batch, x's other dims..., y's other dims...). When x
    (else y) has two dims, the size-1 axis this leaves is dropped, so two
    (batch, d) inputs give (batch, 1).
    """
    x, y = _np(x), _np(y)
    if x.ndim < 2 or y.ndim < 2:
        raise ValueError('batch_dot: x and y must have at least 2 dims, got ndim %d and %d.'
                         % (x.ndim, y.ndim))
    if isinstance(axes, int):
        axes = [axes, axes]
    if axes is None:
        axes = [x.ndim - 1, y.ndim - 1] if y.ndim == 2 else [x.ndim - 1, y.ndim - 2]
    axes = [axes[0] % x.ndim, axes[1] % y.ndim]
    if 0 in axes:
        raise ValueError('batch_dot: cannot perform batch_dot over axis 0 (axes=%r).' % (axes,))
    x_ndim, y_ndim = x.ndim, y.ndim
    if x_ndim == 2:
        x = x[:, None, :]
        axes[0] += 1
    if y_ndim == 2:
        y = y[:, :, None]
    x = np.moveaxis(x, axes[0], -1)
    y = np.moveaxis(y, axes[1], 1)
    out = np.einsum('bid,bdj->bij', x.reshape(x.shape[0], -1, x.shape[-1]),
                    y.reshape(y.shape[0], y.shape[1], -1))
    out = out.reshape(x.shape[:-1] + y.shape[2:])
    if x_ndim == 2:
        out = np.squeeze(out, 1)
    elif y_ndim == 2:
        out = np.squeeze(out, -1)
    return out


def transpose(x):
    return np.transpose(x)


def reshape(x, shape):
    return np.reshape(x, shape)


def batch_flatten(x):
    x = _np(x)
    return x.reshape((x.shape[0], -1))


def flatten(x):
    return _np(x).reshape(-1)


def expand_dims(x, axis=-1):
    return np.expand_dims(x, axis)


def squeeze(x, axis):
    return np.squeeze(x, axis)


def concatenate(tensors, axis=-1):
    return np.concatenate([_np(t) for t in tensors], axis)


def stack(x, axis=0):
    return np.stack([_np(t) for t in x], axis)


def permute_dimensions(x, pattern):
    return np.transpose(x, pattern)


def gather(reference, indices):
    return _np(reference)[_np(indices).astype('int64')]


def one_hot(indices, num_classes):
    return np.eye(num_classes, dtype=floatx())[_np(indices).astype('int64')]


# -- reductions ---------------------------------------------------------------

def _reduce(fn, x, axis, keepdims):
    x = _np(x)
    axis = tuple(axis) if isinstance(axis, list) else axis
    return fn(x, axis=axis, keepdims=keepdims)


def sum(x, axis=None, keepdims=False):
    return _reduce(np.sum, x, axis, keepdims)


def prod(x, axis=None, keepdims=False):
    return _reduce(np.prod, x, axis, keepdims)


def mean(x, axis=None, keepdims=False):
    x = _np(x)
    if x.dtype.kind in 'iub':
        x = x.astype(floatx())
    return _reduce(np.mean, x, axis, keepdims)


def max(x, axis=None, keepdims=False):
    return _reduce(np.max, x, axis, keepdims)


def min(x, axis=None, keepdims=False):
    return _reduce(np.min, x, axis, keepdims)


def var(x, axis=None, keepdims=False):
    return _reduce(np.var, x, axis, keepdims)


def std(x, axis=None, keepdims=False):
    return _reduce(np.std, x, axis, keepdims)


def any(x, axis=None, keepdims=False):
    return _reduce(np.any, x, axis, keepdims)


def all(x, axis=None, keepdims=False):
    return _reduce(np.all, x, axis, keepdims)


def argmax(x, axis=-1):
    return np.argmax(x, axis)


def argmin(x, axis=-1):
    return np.argmin(x, axis)


def logsumexp(x, axis=None, keepdims=False):
    x = _np(x)
    axis = tuple(axis) if isinstance(axis, list) else axis
    m = np.max(x, axis=axis, keepdims=True)
    out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis)


# -- element-wise ----------------------------------------------------------------

def square(x):
    return np.square(x)


def abs(x):
    return np.abs(x)


def sqrt(x):
    return np.sqrt(np.clip(x, 0., np.inf))


def exp(x):
    return np.exp(x)


def log(x):
    return np.log(x)


def round(x):
    return np.round(x)


def sign(x):
    return np.sign(x)


def pow(x, a):
    return np.power(x, a)


def clip(x, min_value, max_value):
    if max_value is not None and min_value is not None and max_value < min_value:
        max_value = min_value
    return np.clip(x, min_value, max_value)


def sin(x):
    return np.sin(x)


def cos(x):
    return np.cos(x)


def equal(x, y):
    return np.equal(x, y)


def not_equal(x, y):
    return np.not_equal(x, y)


def greater(x, y):
    return np.greater(x, y)


def greater_equal(x, y):
    return np.greater_equal(x, y)


def less(x, y):
    return np.less(x, y)


def less_equal(x, y):
    return np.less_equal(x, y)


def maximum(x, y):
    return np.maximum(x, y)


def minimum(x, y):
    return np.minimum(x, y)


def stop_gradient(variables):
    return variables


def identity(x, name=None):
    return np.array(x)


def switch(condition, then_expression, else_expression):
    cond = _np(condition)
    then_val = then_expression() if callable(then_expression) else then_expression
    else_val = else_expression() if callable(else_expression) else else_expression
    if cond.ndim == 0:
        return then_val if cond else else_val
    # A lower-rank condition is aligned with the leading axes (as Keras does).
    expr_ndim = np.maximum(np.ndim(then_val), np.ndim(else_val))
    cond = cond.reshape(cond.shape + (1,) * (expr_ndim - cond.ndim))
    return np.where(cond, then_val, else_val)


# -- activations -------------------------------------------------------------------

def relu(x, alpha=0., max_value=None, threshold=0.):
    x = _np(x)
    y = np.where(x > threshold, x, alpha * (x - threshold))
    if max_value is not None:
        y = np.minimum(y, max_value)
    return y.astype(x.dtype)


def elu(x, alpha=1.):
    x = _np(x)
    return np.where(x > 0, x, alpha * (np.exp(x) - 1.)).astype(x.dtype)


def softmax(x, axis=-1):
    x = _np(x)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softplus(x):
    return np.logaddexp(0., x)


def softsign(x):
    return x / (1. + np.abs(x))


def sigmoid(x):
    return 1. / (1. + np.exp(-_np(x)))


def hard_sigmoid(x):
    return np.clip(0.2 * _np(x) + 0.5, 0., 1.)


def tanh(x):
    return np.tanh(x)


# -- losses -------------------------------------------------------------------

def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _np(target), _np(output)
    if from_logits:
        output = softmax(output, axis=axis)
    else:
        output = output / np.sum(output, axis=axis, keepdims=True)
    output = np.clip(output, epsilon(), 1. - epsilon())
    return -np.sum(target * np.log(output), axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output = np.moveaxis(_np(output), axis, -1)
    target = one_hot(_np(target).astype('int64').reshape(output.shape[:-1]), output.shape[-1])
    return categorical_crossentropy(target, output, from_logits, axis=-1)


def binary_crossentropy(target, output, from_logits=False):
    target, output = _np(target), _np(output)
    if from_logits:
        output = sigmoid(output)
    output = np.clip(output, epsilon(), 1. - epsilon())
    return -(target * np.log(output) + (1. - target) * np.log(1. - output))


def l2_normalize(x, axis=None):
    x = _np(x)
    return x / np.sqrt(np.maximum(np.sum(np.square(x), axis=axis, keepdims=True), 1e-12))


# -- neural network ops ---------------------------------------------------------

def bias_add(x, bias, data_format=None):
    x, bias = _np(x), _np(bias)
    data_format = normalize_data_format(data_format)
    if data_format == 'channels_first' and x.ndim > 2:
        shape = (1, bias.shape[0]) + (1,) * (x.ndim - 2) if bias.ndim == 1 else \
            (1, bias.shape[-1]) + bias.shape[:-1]
        return x + bias.reshape(shape)
    return x + bias


def _pad_amounts(size, kernel, stride, dilation, padding):
    """(out_size, pad_before, pad_after) for one spatial axis."""
    effective = (kernel - 1) * dilation + 1
    if padding == 'valid':
        return (size - effective) // stride + 1, 0, 0
    if padding == 'same':
        out = -(-size // stride)
        total = np.maximum((out - 1) * stride + effective - size, 0)
        return out, total // 2, total - total // 2
    if padding == 'causal':
        return size, effective - 1, 0
    raise ValueError('Invalid padding: %r (expected "valid", "same" or "causal").' % (padding,))


def _to_channels_last(x, data_format):
    if data_format == 'channels_first':
        return np.moveaxis(x, 1, -1)
    return x


def _from_channels_last(x, data_format):
    if data_format == 'channels_first':
        return np.moveaxis(x, -1, 1)
    return x


def _convnd(x, kernel, strides, padding, data_format, dilation_rate):
    data_format = normalize_data_format(data_format)
    x = _to_channels_last(_np(x), data_format)
    kernel = _np(kernel)
    spatial = kernel.shape[:-2]
    n = len(spatial)
    strides = tuple(strides) if isinstance(strides, (list, tuple)) else (strides,) * n
    dilation = tuple(dilation_rate) if isinstance(dilation_rate, (list, tuple)) else (dilation_rate,) * n
    outs, pads = [], [(0, 0)]
    for i in range(n):
        out, before, after = _pad_amounts(x.shape[1 + i], spatial[i], strides[i], dilation[i], padding)
        outs.append(out)
        pads.append((before, after))
    x = np.pad(x, pads + [(0, 0)])
    result = np.zeros((x.shape[0],) + tuple(outs) + (kernel.shape[-1],), dtype=np.result_type(x, kernel))
    for offset in np.ndindex(*spatial):
        index = tuple(slice(offset[i] * dilation[i],
                            offset[i] * dilation[i] + (outs[i] - 1) * strides[i] + 1,
                            strides[i]) for i in range(n))
        patch = x[(slice(None),) + index]
        result += np.tensordot(patch, kernel[offset], axes=[[-1], [0]])
    return _from_channels_last(result, data_format)


def conv1d(x, kernel, strides=1, padding='valid', data_format=None, dilation_rate=1):
    """1D convolution (cross-correlation); kernel (width, in, out)."""
    return _convnd(x, kernel, strides, padding, data_format, dilation_rate)


def conv2d(x, kernel, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1)):
    """2D convolution (cross-correlation); kernel (rows, cols, in, out)."""
    return _convnd(x, kernel, strides, padding, data_format, dilation_rate)


def conv3d(x, kernel, strides=(1, 1, 1), padding='valid', data_format=None, dilation_rate=(1, 1, 1)):
    """3D convolution (cross-correlation); kernel (d1, d2, d3, in, out)."""
    return _convnd(x, kernel, strides, padding, data_format, dilation_rate)


def _poolnd(x, pool_size, strides, padding, data_format, pool_mode):
    data_format = normalize_data_format(data_format)
    if pool_mode not in ('max', 'avg'):
        raise ValueError('Invalid pool_mode: %r (expected "max" or "avg").' % (pool_mode,))
    x = _to_channels_last(_np(x), data_format)
    n = len(pool_size)
    outs, pads = [], [(0, 0)]
    for i in range(n):
        out, before, after = _pad_amounts(x.shape[1 + i], pool_size[i], strides[i], 1, padding)
        outs.append(out)
        pads.append((before, after))
    fill = -np.inf if pool_mode == 'max' else np.nan
    padded = np.pad(x.astype(x.dtype), pads + [(0, 0)], constant_values=fill)
    windows = []
    for offset in np.ndindex(*pool_size):
        index = tuple(slice(offset[i], offset[i] + (outs[i] - 1) * strides[i] + 1, strides[i])
                      for i in range(n))
        windows.append(padded[(slice(None),) + index])
    windows = np.stack(windows)
    result = np.max(windows, axis=0) if pool_mode == 'max' else np.nanmean(windows, axis=0)
    return _from_channels_last(result.astype(x.dtype), data_format)


def pool2d(x, pool_size, strides=(1, 1), padding='valid', data_format=None, pool_mode='max'):
    """2D pooling; padded cells are ignored (as TensorFlow does)."""
    return _poolnd(x, tuple(pool_size), tuple(strides), padding, data_format, pool_mode)


def pool3d(x, pool_size, strides=(1, 1, 1), padding='valid', data_format=None, pool_mode='max'):
    """3D pooling; padded cells are ignored (as TensorFlow does)."""
    return _poolnd(x, tuple(pool_size), tuple(strides), padding, data_format, pool_mode)


# -- learning phase and randomness ----------------------------------------------

def learning_phase():
    return _learning_phase['value']


def set_learning_phase(value):
    if value not in (0, 1):
        raise ValueError('Invalid learning phase value: %r (expected 0 or 1).' % (value,))
    _learning_phase['value'] = value


def in_train_phase(x, alt, training=None):
    if training is None:
        training = learning_phase()
    chosen = x if training else alt
    return chosen() if callable(chosen) else chosen


def in_test_phase(x, alt, training=None):
    return in_train_phase(alt, x, training=training)


def _rng(seed):
    return np.random.RandomState(seed if seed is not None else np.random.randint(10 ** 6))


def random_uniform(shape, minval=0., maxval=1., dtype=None, seed=None):
    return _rng(seed).uniform(minval, maxval, size=shape).astype(dtype or floatx())


def random_normal(shape, mean=0., stddev=1., dtype=None, seed=None):
    return _rng(seed).normal(mean, stddev, size=shape).astype(dtype or floatx())


def random_binomial(shape, p=0., dtype=None, seed=None):
    return (_rng(seed).uniform(size=shape) < p).astype(dtype or floatx())


def truncated_normal(shape, mean=0., stddev=1., dtype=None, seed=None):
    rng = _rng(seed)
    values = rng.normal(0., 1., size=shape)
    bad = np.abs(values) > 2.
    while bad.any():
        values[bad] = rng.normal(0., 1., size=bad.sum())
        bad = np.abs(values) > 2.
    return (values * stddev + mean).astype(dtype or floatx())


def dropout(x, level, noise_shape=None, seed=None):
    x = _np(x)
    keep = 1. - level
    mask = _rng(seed).uniform(size=noise_shape or x.shape) < keep
    return (x * mask / keep).astype(x.dtype)


def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    return variable(random_uniform(shape, low, high, dtype, seed), dtype)


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    return variable(random_normal(shape, mean, scale, dtype, seed), dtype)
