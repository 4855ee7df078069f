"""The reference backend: the meaning of every backend function, in NumPy.

Values are plain numpy arrays; variables are `NumpyVariable`s so that
`set_value` and the `update*` functions have something to change. There is
no symbolic graph, so `placeholder`, `function` and `gradients` are not
offered here. Every other backend is tested against this module.
"""
import builtins
import contextlib

import numpy as np

from . import common
from .common import (floatx, epsilon, image_data_format, normalize_data_format,
                     normalize_axis, name_scope, get_uid, phase_choice, check_learning_phase)
from .common import eye_array as _eye_array, check_slice as _check_slice

name = 'numpy'
_slice = builtins.slice
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
    """An identity matrix variable: `size` is n (n x n) or a tuple (rows, cols)."""
    return variable(_eye_array(size), dtype)


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


def get_variable_shape(x):
    """The shape of a variable, as a tuple of ints (same as `int_shape`)."""
    return int_shape(x)


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
        return np.tensordot(x, y, axes=[[x.ndim - 1], [builtins.max(y.ndim - 2, 0)]])
    return np.dot(x, y)


def batch_dot(x, y, axes=None):
    """Batch-wise dot product (Keras 2.3 semantics).

    With x (batch, ..., d) and y (batch, d, ...) (after moving `axes` into
    place) the result is (batch, x's other dims..., y's other dims...). When x
    (else y) has two dims, the size-1 axis this leaves is dropped, so two
    (batch, d) inputs give (batch, 1).
    """
    x, y = _np(x), _np(y)
    axes = common.batch_dot_axes(x.ndim, y.ndim, axes)
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


def split(x, count, axis=-1):
    """`count` equal parts of `x` along `axis`, as a list of tensors (the axis's
    size must divide by `count`)."""
    x = _np(x)
    axis, _ = common.split_axis(x.shape, count, axis)
    return np.split(x, count, axis=axis)


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
    """`x` clipped to [min_value, max_value] (numbers or arrays that broadcast to
    `x`; None: no bound); where max_value < min_value, the bound is min_value."""
    if max_value is not None and min_value is not None:
        max_value = np.maximum(max_value, min_value)
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
    """Element-wise binary crossentropy, as Keras 2.3 on TensorFlow computes it.

    Logits go through the stable form max(x, 0) - x t + log(1 + exp(-|x|));
    probabilities are clipped to [epsilon, 1 - epsilon] and epsilon is added
    inside the logarithms.
    """
    target, output = _np(target), _np(output)
    if from_logits:
        return np.maximum(output, 0.) - output * target + np.log1p(np.exp(-np.abs(output)))
    eps = epsilon()
    output = np.clip(output, eps, 1. - eps)
    return -(target * np.log(output + eps) + (1. - target) * np.log(1. - output + eps))


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
        # Left padding, then a 'valid' convolution.
        return (size - 1) // stride + 1, effective - 1, 0
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
        index = tuple(_slice(offset[i] * dilation[i],
                            offset[i] * dilation[i] + (outs[i] - 1) * strides[i] + 1,
                            strides[i]) for i in range(n))
        patch = x[(_slice(None),) + index]
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
        index = tuple(_slice(offset[i], offset[i] + (outs[i] - 1) * strides[i] + 1, strides[i])
                      for i in range(n))
        windows.append(padded[(_slice(None),) + index])
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
    _learning_phase['value'] = check_learning_phase(value)


def learning_phase_scope(value):
    """A context in which the learning phase is `value` (0 or 1)."""
    return common.fixed_learning_phase(_learning_phase, 'value', value)


def in_train_phase(x, alt, training=None):
    return phase_choice(x, alt, learning_phase() if training is None else training, switch)


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


# -- the rest of the Keras 2.3 backend API ------------------------------------------

def backend():
    return 'numpy'


def is_sparse(x):
    return False


def to_dense(x):
    return np.asarray(x)


def is_keras_tensor(x):
    return hasattr(x, '_keras_history')


def manual_variable_initialization(value):
    """Nothing to initialise: numpy variables hold their values from the start."""


@contextlib.contextmanager
def control_dependencies(control_inputs):
    yield


def print_tensor(x, message=''):
    print(message, np.asarray(x))
    return x


def arange(start, stop=None, step=1, dtype='int32'):
    if stop is None and start < 0:
        start = 0
    return np.arange(start, stop, step, dtype=dtype) if stop is not None else \
        np.arange(start, step=step, dtype=dtype)


def cumsum(x, axis=0):
    return np.cumsum(x, axis=axis)


def cumprod(x, axis=0):
    return np.cumprod(x, axis=axis)


def reverse(x, axes):
    return np.flip(x, axis=tuple(axes) if isinstance(axes, (list, tuple)) else axes)


def slice(x, start, size):
    """x[start:start + size] along every axis (size -1: to the end)."""
    x = _np(x)
    _check_slice(x.ndim, start, size)
    index = tuple(_slice(s, s + n if n != -1 else None) for s, n in zip(start, size))
    return x[index]


def tile(x, n):
    """`x` repeated `n[i]` times along axis i; a shorter `n` applies to the last
    axes, a longer one adds leading axes (as `np.tile`)."""
    return np.tile(x, n)


def repeat(x, n):
    """(batch, dim) -> (batch, n, dim)."""
    return np.repeat(np.expand_dims(x, 1), n, axis=1)


def repeat_elements(x, rep, axis):
    return np.repeat(x, rep, axis=axis)


def in_top_k(predictions, targets, k):
    predictions, targets = _np(predictions), _np(targets).astype('int64')
    target_scores = predictions[np.arange(len(targets)), targets]
    return np.sum(predictions > target_scores[:, None], axis=1) < k


def temporal_padding(x, padding=(1, 1)):
    return np.pad(x, [(0, 0), tuple(padding), (0, 0)])


def _spatial_pads(padding, data_format):
    pads = [tuple(p) for p in padding]
    if normalize_data_format(data_format) == 'channels_first':
        return [(0, 0), (0, 0)] + pads
    return [(0, 0)] + pads + [(0, 0)]


def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    return np.pad(x, _spatial_pads(padding, data_format))


def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)), data_format=None):
    return np.pad(x, _spatial_pads(padding, data_format))


def _bilinear_axis(x, axis, factor):
    """Upsample `axis` by the integer `factor` with TensorFlow's bilinear rule
    (half-pixel centres): output cell i samples the input at (i + 0.5) / factor - 0.5,
    between floor (clamped to 0) and ceil (clamped to size - 1)."""
    size = x.shape[axis]
    coords = (np.arange(size * factor, dtype='float64') + 0.5) / factor - 0.5
    floor = np.floor(coords)
    lower = np.maximum(floor, 0).astype('int64')
    upper = np.minimum(np.ceil(coords), size - 1).astype('int64')
    shape = [1] * x.ndim
    shape[axis] = -1
    frac = (coords - floor).astype(x.dtype).reshape(shape)
    low, high = np.take(x, lower, axis=axis), np.take(x, upper, axis=axis)
    return low + (high - low) * frac


def resize_images(x, height_factor, width_factor, data_format, interpolation='nearest'):
    """Upsample rows and columns by integer factors: 'nearest' repeats cells,
    'bilinear' interpolates as `tf.image.resize(method='bilinear')` (width first,
    then height, as TensorFlow's kernel does)."""
    if interpolation not in ('nearest', 'bilinear'):
        raise ValueError('resize_images: invalid interpolation %r (expected "nearest" or '
                         '"bilinear").' % (interpolation,))
    x = _np(x)
    axes = (2, 3) if normalize_data_format(data_format) == 'channels_first' else (1, 2)
    if interpolation == 'bilinear':
        return _bilinear_axis(_bilinear_axis(x, axes[1], int(width_factor)), axes[0],
                              int(height_factor))
    x = np.repeat(x, height_factor, axis=axes[0])
    return np.repeat(x, width_factor, axis=axes[1])


def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    axes = (2, 3, 4) if normalize_data_format(data_format) == 'channels_first' else (1, 2, 3)
    for axis, factor in zip(axes, (depth_factor, height_factor, width_factor)):
        x = np.repeat(x, factor, axis=axis)
    return x


def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=1e-3):
    x = _np(x)
    beta = 0. if beta is None else beta
    gamma = 1. if gamma is None else gamma
    return (x - mean) / np.sqrt(var + epsilon) * gamma + beta


def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=1e-3):
    x = _np(x)
    mean_ = np.mean(x, axis=tuple(reduction_axes))
    var_ = np.var(x, axis=tuple(reduction_axes))
    shape = [1 if i in reduction_axes else x.shape[i] for i in range(x.ndim)]
    normed = batch_normalization(x, mean_.reshape(shape), var_.reshape(shape),
                                 None if beta is None else np.reshape(beta, shape),
                                 None if gamma is None else np.reshape(gamma, shape), epsilon=epsilon)
    return normed, mean_, var_


def moving_average_update(x, value, momentum):
    x[...] = x * momentum + np.asarray(value) * (1. - momentum)
    return x


def map_fn(fn, elems, name=None, dtype=None):
    return np.stack([fn(e) for e in elems])


def foldl(fn, elems, initializer=None, name=None):
    elems = list(elems)
    acc = elems.pop(0) if initializer is None else initializer
    for e in elems:
        acc = fn(acc, e)
    return acc


def foldr(fn, elems, initializer=None, name=None):
    return foldl(fn, list(elems)[::-1], initializer, name)


def conv2d_transpose(x, kernel, output_shape, strides=(1, 1), padding='valid', data_format=None,
                     dilation_rate=(1, 1)):
    """Transposed 2D convolution; kernel (rows, cols, out, in), as Keras stores it."""
    return _conv_transpose(x, kernel, output_shape, strides, padding, data_format, dilation_rate)


def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1), padding='valid', data_format=None):
    return _conv_transpose(x, kernel, output_shape, strides, padding, data_format, (1, 1, 1))


def _conv_transpose(x, kernel, output_shape, strides, padding, data_format, dilation_rate):
    data_format = normalize_data_format(data_format)
    x = _to_channels_last(_np(x), data_format)
    kernel = _np(kernel)
    n = kernel.ndim - 2
    out_shape = tuple(output_shape)
    if data_format == 'channels_first':
        out_shape = (out_shape[0],) + tuple(out_shape[2:]) + (out_shape[1],)
    spatial_out = out_shape[1:-1]
    dilation = tuple(dilation_rate)
    pads_before = []
    for i in range(n):
        _, before, _ = _pad_amounts(spatial_out[i], kernel.shape[i], strides[i], dilation[i], padding)
        pads_before.append(before)
    effective = [(kernel.shape[i] - 1) * dilation[i] + 1 for i in range(n)]
    full = [(x.shape[1 + i] - 1) * strides[i] + effective[i] for i in range(n)]
    buffer = np.zeros((x.shape[0],) + tuple(np.maximum(full, [pads_before[i] + spatial_out[i]
                                                            for i in range(n)])) +
                      (kernel.shape[-2],), dtype=np.result_type(x, kernel))
    slice_all = _slice(None)
    for position in np.ndindex(*x.shape[1:-1]):
        contribution = np.tensordot(x[(slice_all,) + position],
                                    kernel, axes=[[-1], [kernel.ndim - 1]])
        for offset in np.ndindex(*kernel.shape[:n]):
            target = tuple(position[i] * strides[i] + offset[i] * dilation[i] for i in range(n))
            buffer[(slice_all,) + target] += contribution[(slice_all,) + offset]
    index = tuple(_slice(pads_before[i], pads_before[i] + spatial_out[i])
                  for i in range(n))
    return _from_channels_last(buffer[(slice_all,) + index], data_format)


def separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1), padding='valid',
                     data_format=None, dilation_rate=(1, 1)):
    y = depthwise_conv2d(x, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv2d(y, pointwise_kernel, (1, 1), 'valid', data_format)


def separable_conv1d(x, depthwise_kernel, pointwise_kernel, strides=1, padding='valid',
                     data_format=None, dilation_rate=1):
    y = _depthwise(x, depthwise_kernel, (strides,) if isinstance(strides, int) else strides,
                   padding, data_format, (dilation_rate,) if isinstance(dilation_rate, int)
                   else dilation_rate)
    return conv1d(y, pointwise_kernel, 1, 'valid', data_format)


# Names of Keras 2.3's NumPy backend that serve only as a reference for its
# tests: the engine backends do not offer them (as Keras's do not).
REFERENCE_ONLY = frozenset(['separable_conv'])


def separable_conv(x, depthwise_kernel, pointwise_kernel, padding='valid', data_format=None):
    """`separable_conv1d` (3D `x`) or `separable_conv2d` (4D `x`) with stride 1: the
    reference Keras's own backend tests call by this name."""
    if _np(x).ndim == 3:
        return separable_conv1d(x, depthwise_kernel, pointwise_kernel, 1, padding, data_format)
    return separable_conv2d(x, depthwise_kernel, pointwise_kernel, (1, 1), padding, data_format)


def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding='valid', data_format=None,
                     dilation_rate=(1, 1)):
    """Each input channel convolved with its own `multiplier` filters; kernel (r, c, in, mult)."""
    return _depthwise(x, depthwise_kernel, strides, padding, data_format, dilation_rate)


def _depthwise(x, kernel, strides, padding, data_format, dilation_rate):
    data_format = normalize_data_format(data_format)
    x = _to_channels_last(_np(x), data_format)
    kernel = _np(kernel)
    channels, multiplier = kernel.shape[-2], kernel.shape[-1]
    outputs = []
    for c in range(channels):
        xc = x[..., c:c + 1]
        kc = kernel[..., c:c + 1, :]
        outputs.append(_convnd(xc, kc, strides, padding, 'channels_last', dilation_rate))
    y = np.concatenate(outputs, axis=-1)
    return _from_channels_last(y, data_format)


def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    """Unshared 1D convolution; kernel (output_length, kernel_size * in, out)."""
    data_format = normalize_data_format(data_format)
    x = _to_channels_last(_np(inputs), data_format)
    k, s = kernel_size[0], strides[0]
    out = [np.dot(x[:, i * s:i * s + k, :].reshape(x.shape[0], -1), kernel[i])
           for i in range(kernel.shape[0])]
    return _from_channels_last(np.stack(out, axis=1), data_format)


def local_conv2d(inputs, kernel, kernel_size, strides, output_shape, data_format=None):
    """Unshared 2D convolution; kernel (rows * cols, kr * kc * in, out)."""
    data_format = normalize_data_format(data_format)
    x = _to_channels_last(_np(inputs), data_format)
    rows, cols = output_shape
    out = np.zeros((x.shape[0], rows, cols, kernel.shape[-1]), dtype=np.result_type(x, kernel))
    for i in range(rows):
        for j in range(cols):
            patch = x[:, i * strides[0]:i * strides[0] + kernel_size[0],
                      j * strides[1]:j * strides[1] + kernel_size[1], :]
            out[:, i, j, :] = np.dot(patch.reshape(x.shape[0], -1), kernel[i * cols + j])
    return _from_channels_last(out, data_format)


def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None, constants=None,
        unroll=False, input_length=None, return_all_outputs=True):
    """Run `step_function(x_t, states + constants)` over the time axis 1 of `inputs`.

    # Returns
        (last_output, outputs (batch, time, ...), new_states). Where `mask` is 0
        the previous output and states are carried through unchanged. With
        `return_all_outputs=False`, `outputs` is the last output alone
        (batch, 1, ...).
    """
    inputs = _np(inputs)
    steps = inputs.shape[1]
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    states = [_np(s) for s in initial_states]
    constants = list(constants or [])
    outputs, last = [], None
    for t in order:
        output, new_states = step_function(inputs[:, t], states + constants)
        output, new_states = _np(output), [_np(s) for s in new_states]
        if mask is not None:
            m = _np(mask)[:, t].astype(bool)
            if last is None:
                last = np.zeros_like(output)
            output = np.where(m.reshape((-1,) + (1,) * (output.ndim - 1)), output, last)
            new_states = [np.where(m.reshape((-1,) + (1,) * (s.ndim - 1)), ns, s)
                          for s, ns in zip(states, new_states)]
        outputs.append(output)
        states = new_states
        last = output
    if not return_all_outputs:
        return last, last[:, None], states
    return last, np.stack(outputs, axis=1), states


def ctc_label_dense_to_sparse(labels, label_lengths):
    """(indices, values, dense_shape) of the labels, each row cut to its length."""
    labels, lengths = _np(labels), _np(label_lengths).astype('int64').reshape(-1)
    indices = [(i, j) for i in range(labels.shape[0]) for j in range(lengths[i])]
    values = [labels[i, j] for i, j in indices]
    return np.array(indices, dtype='int64'), np.array(values), np.array(labels.shape, 'int64')


def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    """CTC loss per sample (batch, 1); blank is the last class, as in Keras."""
    y_true, y_pred = _np(y_true), _np(y_pred)
    input_length = _np(input_length).astype('int64').reshape(-1)
    label_length = _np(label_length).astype('int64').reshape(-1)
    blank = y_pred.shape[-1] - 1
    log_probs = np.log(np.clip(y_pred, 1e-7, 1.)).astype('float64')
    losses = []
    for b in range(y_true.shape[0]):
        label = [int(v) for v in y_true[b, :label_length[b]]]
        ext = [blank]
        for c in label:
            ext += [c, blank]
        T, S = input_length[b], len(ext)
        alpha = np.full(S, -np.inf)
        alpha[0] = log_probs[b, 0, ext[0]]
        if S > 1:
            alpha[1] = log_probs[b, 0, ext[1]]
        for t in range(1, T):
            prev = alpha.copy()
            for s in range(S):
                terms = [prev[s]]
                if s > 0:
                    terms.append(prev[s - 1])
                if s > 1 and ext[s] != blank and ext[s] != ext[s - 2]:
                    terms.append(prev[s - 2])
                alpha[s] = np.logaddexp.reduce(terms) + log_probs[b, t, ext[s]]
        total = np.logaddexp(alpha[S - 1], alpha[S - 2]) if S > 1 else alpha[S - 1]
        losses.append(-total)
    return np.array(losses, dtype=floatx()).reshape(-1, 1)


def ctc_decode(y_pred, input_length, greedy=True, beam_width=100, top_paths=1,
               merge_repeated=False):
    """Greedy CTC decoding: ([decoded (batch, max_len), padded with -1], log_probabilities).

    `merge_repeated` concerns beam search only, which this backend does not offer.
    """
    if not greedy:
        raise ValueError('ctc_decode: greedy=False (beam search) is not supported by the numpy '
                         'backend.')
    y_pred = _np(y_pred)
    input_length = _np(input_length).astype('int64').reshape(-1)
    blank = y_pred.shape[-1] - 1
    decoded, scores = [], []
    for b in range(y_pred.shape[0]):
        best = np.argmax(y_pred[b, :input_length[b]], axis=-1)
        scores.append(-np.sum(np.log(np.max(y_pred[b, :input_length[b]], axis=-1))))
        out, prev = [], None
        for c in best:
            if c != prev and c != blank:
                out.append(int(c))
            prev = c
        decoded.append(out)
    width = builtins.max([len(d) for d in decoded] + [1])
    dense = np.full((len(decoded), width), -1, dtype='int64')
    for i, d in enumerate(decoded):
        dense[i, :len(d)] = d
    return [dense], np.array(scores, dtype=floatx()).reshape(-1, 1)


def size(x, name=None):
    """The number of elements of `x`."""
    return np.asarray(np.size(x), dtype='int32')
