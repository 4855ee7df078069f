"""The Theano backend: every backend function, on Theano-PyMC symbolic tensors.

Values are Theano variables; `variable()` makes shared variables, `function()`
compiles a graph once and calls it with numpy arrays. The meaning of every
function is the one of `numpy_backend`. Two layout rules matter:

- Convolution kernels are stored in the TensorFlow layout
  (`spatial..., in, out`) and the operation is cross-correlation; Theano's
  kernels are (`out, in, spatial...`) and it convolves, so this module
  transposes kernels and turns the flip off.
- `'same'` padding follows TensorFlow: the extra cell of an odd total padding
  goes at the end, and average pooling ignores padded cells.

Operations Theano lacks are built here: transposed convolutions as the
input-gradient of a 'valid' convolution on the padded output, local
convolutions as Theano's unshared `conv2d`, CTC loss as a log-space `scan`,
greedy CTC decoding, bilinear `resize_images` (TensorFlow's half-pixel rule).
Known differences from numpy_backend: `ctc_decode(greedy=False)` (beam search)
raises; `ctc_label_dense_to_sparse` returns a `SparseLabels` tuple (indices,
values, dense_shape) instead of a `tf.SparseTensor`.

Theano's flags are set before it is imported: `blas__ldflags=-lopenblas`
(with numpy 1.23 Theano's own BLAS detection fails) and `floatX`, unless the
user set them in `THEANO_FLAGS`. Theano's C `scan`, whose shipped C does not
build on Python 3.11 as Theano builds it, is built here on first use (see
`_use_c_scan`); until then, or when that fails, Theano runs its Python scan.
C modules compile with precompiled headers (`_use_precompiled_headers`), and
gradients and compilation run with a raised recursion limit (`_deep_recursion`).
"""
import contextlib
import hashlib
import importlib
import os
import subprocess
import sys
import warnings


def _configure_theano_flags():
    flags = os.environ.get('THEANO_FLAGS', '')
    keys = set()
    for item in flags.split(','):
        if '=' in item:
            keys.add(item.split('=', 1)[0].strip().replace('.', '__'))
    extra = []
    if 'blas__ldflags' not in keys:
        extra.append('blas__ldflags=-lopenblas')
    if 'floatX' not in keys:
        extra.append('floatX=float32')
    if extra:
        os.environ['THEANO_FLAGS'] = ','.join([f for f in [flags.strip(',')] + extra if f])


_SCAN_EXT = 'theano.scan.scan_perform_ext'

if 'theano' not in sys.modules:
    _configure_theano_flags()
    # Theano's own build of its C scan fails on Python 3.11 with an error that
    # is not an ImportError; blocked, Theano uses its Python scan until
    # `_use_c_scan()` has built the C scan (see there).
    sys.modules.setdefault(_SCAN_EXT, None)

import numpy as np  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    import theano  # noqa: E402
    from theano import tensor as T  # noqa: E402
    from theano.tensor.signal import pool as _pool  # noqa: E402
    from theano.sandbox.rng_mrg import MRG_RandomStream  # noqa: E402
    from theano.graph.basic import Variable as _Variable  # noqa: E402
    from theano.compile.sharedvalue import SharedVariable as _SharedVariable  # noqa: E402

from . import common  # noqa: E402
from .common import (floatx, epsilon, image_data_format, normalize_data_format,  # noqa: E402,F401
                     normalize_axis, name_scope, get_uid, cast_to_floatx, phase_choice,
                     check_learning_phase, Update)
from .common import eye_array as _eye_array, check_slice as _check_slice  # noqa: E402

name = 'theano'

_py_all = all
_py_any = any
_py_sum = sum
_py_max = max
_py_min = min
_py_abs = abs
_py_round = round
_builtin_slice = slice

_FUNCTION_KWARGS = ('mode', 'givens', 'no_default_updates', 'accept_inplace',
                    'rebuild_strict', 'profile', 'on_unused_input', 'allow_input_downcast')


def _new_learning_phase():
    return T.scalar(dtype='uint8', name='keras_learning_phase')


_STATE = {'learning_phase': _new_learning_phase(), 'fixed_phase': None}


def ensure_engine():
    """Theano is imported with this module; nothing more to do."""


def clear_session():
    """Reset the learning phase (Theano has no graph or session to reset)."""
    _STATE['learning_phase'] = _new_learning_phase()
    _STATE['fixed_phase'] = None


def _unsupported(function, argument, value, expected=None):
    message = '%s: %s=%r is not supported by the theano backend' % (function, argument, value)
    if expected:
        message += ' (expected %s)' % expected
    return ValueError(message + '.')


def _tensor(x, dtype=None):
    """`x` as a Theano tensor (numpy values become constants)."""
    if isinstance(x, _Variable):
        return x
    if dtype is None:
        arr = np.asarray(x)
        if arr.dtype.kind == 'f' or arr.dtype == np.float64:
            arr = arr.astype(floatx())
        return T.constant(arr)
    return T.constant(np.asarray(x, dtype=dtype))


def _set_shape(x, shape):
    try:
        x._keras_shape = tuple(None if d is None else int(d) for d in shape)
    except (AttributeError, TypeError):
        pass
    return x


def _static(x):
    """`int_shape(x)` when it can be had, else None."""
    try:
        return int_shape(x)
    except Exception:
        return None


# -- learning phase ------------------------------------------------------------

def learning_phase():
    """The learning phase: a symbolic uint8 scalar (0 = test, 1 = train), or the
    integer fixed with `set_learning_phase()`."""
    if _STATE['fixed_phase'] is not None:
        return _STATE['fixed_phase']
    return _STATE['learning_phase']


def set_learning_phase(value):
    """Fix the learning phase to 0 (test) or 1 (train)."""
    _STATE['fixed_phase'] = check_learning_phase(value)


def learning_phase_scope(value):
    """A context in which the learning phase is fixed to `value` (0 or 1)."""
    return common.fixed_learning_phase(_STATE, 'fixed_phase', value)


# -- creation --------------------------------------------------------------------

def variable(value, dtype=None, name=None, constraint=None):
    """A Theano shared variable holding a copy of `value` (cast to `dtype`, default floatx)."""
    if dtype is None:
        dtype = floatx()
    if isinstance(value, _Variable):
        value = eval(value)
    if hasattr(value, 'tocoo'):
        raise _unsupported('variable', 'value', type(value).__name__, 'a dense array')
    value = np.array(value, dtype=dtype)
    # Size-1 axes broadcast, as they do in numpy and on the other backends
    # (a PReLU slope shared over an axis, a (1, n) bias).
    v = theano.shared(value=value, name=name, strict=False,
                      broadcastable=tuple(d == 1 for d in value.shape))
    v._keras_shape = value.shape
    v._uses_learning_phase = False
    v.constraint = constraint
    return v


def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    """A symbolic input tensor of `shape` (None for unknown dims) or `ndim` dims."""
    if dtype is None:
        dtype = floatx()
    if sparse:
        raise _unsupported('placeholder', 'sparse', sparse, 'False')
    if shape is None and ndim is None:
        raise ValueError('placeholder: specify either a shape or ndim value.')
    if shape is not None:
        shape = tuple(None if d is None else int(d) for d in shape)
        ndim = len(shape)
    else:
        shape = (None,) * ndim
    x = T.TensorType(dtype, (False,) * ndim)(name)
    x._keras_shape = shape
    x._uses_learning_phase = False
    x._is_placeholder = True
    return x


def constant(value, dtype=None, shape=None, name=None):
    """A constant tensor of `value`, broadcast to `shape` when given."""
    if dtype is None:
        dtype = floatx()
    arr = np.asarray(value, dtype=dtype)
    if shape is not None:
        arr = np.broadcast_to(arr, shape).copy()
    c = T.constant(arr, dtype=dtype, name=name)
    c._keras_shape = arr.shape
    c._uses_learning_phase = False
    return c


def is_tensor(x):
    """Whether `x` is a Theano tensor (variable, shared variable or constant)."""
    return isinstance(x, _Variable)


def is_variable(x):
    """Whether `x` is a backend variable (a Theano shared variable)."""
    return isinstance(x, _SharedVariable)


def is_placeholder(x):
    """Whether `x` was made by `placeholder()`."""
    return getattr(x, '_is_placeholder', False)


def is_keras_tensor(x):
    """Whether `x` is a tensor produced by a Keras layer (has `_keras_history`)."""
    if not is_tensor(x):
        raise ValueError('Unexpectedly found an instance of type `%s`. Expected a symbolic '
                         'tensor instance.' % type(x))
    return hasattr(x, '_keras_history')


# Keras 2.3's flag for Theano's sparse module: None, as this backend has no sparse tensors
# (Keras' tests read it to skip their sparse cases).
th_sparse_module = None


def is_sparse(tensor):
    """Sparse tensors are not supported by this backend: always False."""
    return False


def to_dense(tensor):
    return tensor


def zeros(shape, dtype=None, name=None):
    """A variable of zeros."""
    return variable(np.zeros(shape), dtype, name)


def ones(shape, dtype=None, name=None):
    """A variable of ones."""
    return variable(np.ones(shape), dtype, name)


def eye(size, dtype=None, name=None):
    """An identity-matrix variable (`size` an int or a (rows, cols) tuple)."""
    return variable(_eye_array(size), dtype, name)


def zeros_like(x, dtype=None, name=None):
    x = _tensor(x)
    return T.zeros_like(x, dtype=dtype or x.dtype)


def ones_like(x, dtype=None, name=None):
    x = _tensor(x)
    return T.ones_like(x, dtype=dtype or x.dtype)


def set_random_seed(seed, disable_parallel_cpu=False):
    """Clear the session; Theano's random streams take their seeds from NumPy's global
    generator, which the caller seeds. With `disable_parallel_cpu`, OpenBLAS (which
    Theano's products run on) is set to one thread when its library can be reached."""
    clear_session()
    if disable_parallel_cpu:
        import ctypes
        for library in ('libopenblas.so.0', 'libopenblas.so'):
            try:
                ctypes.CDLL(library).openblas_set_num_threads(1)
                break
            except (OSError, AttributeError):
                continue


def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    """A variable drawn from U(low, high) with numpy (reproducible with `seed`)."""
    if seed is None:
        seed = np.random.randint(10 ** 6)
    value = np.random.RandomState(seed).uniform(low, high, size=shape)
    return variable(value.astype(dtype or floatx()), dtype, name)


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    """A variable drawn from N(mean, scale) with numpy (reproducible with `seed`)."""
    if seed is None:
        seed = np.random.randint(10 ** 6)
    value = np.random.RandomState(seed).normal(mean, scale, size=shape)
    return variable(value.astype(dtype or floatx()), dtype, name)


# -- values and shapes -------------------------------------------------------------

def eval(x):
    """The value of a tensor, as a numpy array (compiles a small function);
    an `Update` is run, and its new value returned."""
    if isinstance(x, Update):
        return np.asarray(function([], [T.cast(_tensor(x[1]), x[0].dtype)], updates=[x])([])[0])
    if isinstance(x, _SharedVariable):
        return x.get_value()
    if not isinstance(x, _Variable):
        return np.asarray(x)
    if isinstance(x, T.TensorConstant):
        return np.array(x.data)
    with _deep_recursion():
        return np.asarray(theano.function([], x, on_unused_input='ignore',
                                          mode=_compile_mode())())


def get_value(x):
    """The value of a variable, as a numpy array."""
    if not isinstance(x, _SharedVariable):
        raise TypeError('get_value: x must be a variable (a Theano shared variable), got %r.'
                        % type(x).__name__)
    return x.get_value()


def batch_get_value(xs):
    """The values of a list of variables."""
    return [get_value(x) for x in xs]


def set_value(x, value):
    """Set a variable's value from a numpy array (cast to its dtype)."""
    x.set_value(np.asarray(value, dtype=x.dtype))


def batch_set_value(tuples):
    """Set several variables: `[(variable, value), ...]`."""
    for x, value in tuples:
        set_value(x, value)


def get_variable_shape(x):
    return int_shape(x)


def int_shape(x):
    """The shape as a tuple of ints, None for the dims that are not known."""
    if hasattr(x, '_keras_shape'):
        return tuple(x._keras_shape)
    if isinstance(x, _SharedVariable):
        return tuple(int(d) for d in x.get_value(borrow=True, return_internal_type=True).shape)
    if isinstance(x, T.TensorConstant):
        return tuple(int(d) for d in x.data.shape)
    if isinstance(x, _Variable):
        return tuple(1 if b else None for b in x.broadcastable)
    return tuple(int(d) for d in np.shape(x))


def shape(x):
    """The symbolic shape of a tensor (an int vector)."""
    return _tensor(x).shape


def ndim(x):
    """The number of axes."""
    if isinstance(x, _Variable):
        return x.ndim
    return np.ndim(x)


def dtype(x):
    """The dtype, as a string."""
    if isinstance(x, _Variable):
        return x.dtype
    return np.asarray(x).dtype.name


def count_params(x):
    """The number of scalars in a variable."""
    return int(np.prod(int_shape(x)))


def cast(x, dtype):
    """Cast to `dtype`."""
    return T.cast(_tensor(x), dtype)


# -- updates -------------------------------------------------------------------------

def update(x, new_x):
    return Update(x, new_x)


def update_add(x, increment):
    return Update(x, x + increment)


def update_sub(x, decrement):
    return Update(x, x - decrement)


def moving_average_update(x, value, momentum):
    return Update(x, x * momentum + value * (1. - momentum))


# -- linear algebra and shape ops --------------------------------------------------

def dot(x, y):
    """Matrix product; for N-D, contracts the last axis of x with the second-to-last of y."""
    x, y = _tensor(x), _tensor(y)
    out = T.dot(x, y)
    xs, ys = _static(x), _static(y)
    if xs is not None and ys is not None:
        if len(ys) >= 2:
            _set_shape(out, xs[:-1] + ys[:-2] + ys[-1:])
        else:
            _set_shape(out, xs[:-1])
    return out


def batch_dot(x, y, axes=None):
    """Batch-wise dot product (Keras 2.3 semantics).

    For x (batch, ..., d) and y (batch, d, ...) the result has shape
    (batch, x's other dims..., y's other dims...); when x (or else y) has
    two dims, the size-1 axis this would leave is dropped, so two
    (batch, d) inputs give (batch, 1).
    """
    x, y = _tensor(x), _tensor(y)
    x_ndim, y_ndim = x.ndim, y.ndim
    axes = common.batch_dot_axes(x_ndim, y_ndim, axes)
    orig_x_ndim, orig_y_ndim = x_ndim, y_ndim
    static = _batch_dot_shape(_static(x), _static(y), axes)
    if x_ndim == 2:
        x = x.dimshuffle(0, 'x', 1)
        axes[0] += 1
        x_ndim += 1
    if y_ndim == 2:
        y = y.dimshuffle(0, 1, 'x')
        y_ndim += 1
    if axes[0] != x_ndim - 1:
        x = x.dimshuffle([i for i in range(x_ndim) if i != axes[0]] + [axes[0]])
    if axes[1] != 1:
        y = y.dimshuffle([0, axes[1]] + [i for i in range(1, y_ndim) if i != axes[1]])
    x_mid = x.shape[1:-1]
    y_rest = y.shape[2:]
    x3 = T.reshape(x, T.concatenate([x.shape[:1], [T.prod(x_mid)], x.shape[-1:]]), ndim=3) \
        if x_ndim > 3 else x
    y3 = T.reshape(y, T.concatenate([y.shape[:2], [T.prod(y_rest)]]), ndim=3) \
        if y_ndim > 3 else y
    out = T.batched_dot(x3, y3)
    if x_ndim > 3 or y_ndim > 3:
        out = T.reshape(out, T.concatenate([x.shape[:1], x_mid, y_rest]),
                        ndim=x_ndim + y_ndim - 3)
    if orig_x_ndim == 2:
        out = T.addbroadcast(out, 1).dimshuffle([i for i in range(out.ndim) if i != 1])
    elif orig_y_ndim == 2:
        out = T.addbroadcast(out, out.ndim - 1).dimshuffle(list(range(out.ndim - 1)))
    if static is not None:
        _set_shape(out, static)
    return out


def _batch_dot_shape(x_shape, y_shape, axes):
    """The static shape of `batch_dot` of inputs of static shapes `x_shape` and `y_shape`
    contracted on `axes` (non-negative), or None when a shape is unknown."""
    if x_shape is None or y_shape is None:
        return None
    batch = x_shape[0] if x_shape[0] is not None else y_shape[0]
    if len(x_shape) == 2 and len(y_shape) == 2:
        return (batch, 1)
    x_rest = [d for i, d in enumerate(x_shape) if i not in (0, axes[0])]
    y_rest = [d for i, d in enumerate(y_shape) if i not in (0, axes[1])]
    return tuple([batch] + x_rest + y_rest)


def transpose(x):
    x = _tensor(x)
    out = T.transpose(x)
    s = _static(x)
    if s is not None:
        _set_shape(out, s[::-1])
    return out


def reshape(x, shape):
    """Reshape; `shape` may hold one -1 and may be symbolic."""
    x = _tensor(x)
    if isinstance(shape, (list, tuple)) and _py_all(isinstance(d, (int, np.integer)) for d in shape):
        shape = tuple(int(d) for d in shape)
        out = T.reshape(x, shape, ndim=len(shape))
        known = [d for d in shape if d != -1]
        static = _static(x)
        if -1 in shape and static is not None and None not in static:
            missing = int(np.prod(static)) // int(np.prod(known)) if known else int(np.prod(static))
            _set_shape(out, tuple(missing if d == -1 else d for d in shape))
        else:
            _set_shape(out, tuple(None if d == -1 else d for d in shape))
        return out
    out = T.reshape(x, shape)
    if isinstance(shape, (list, tuple)):
        # The sizes given as ints stay known; symbolic ones and -1 are not.
        _set_shape(out, tuple(int(d) if isinstance(d, (int, np.integer)) and d != -1 else None
                              for d in shape))
    return out


def batch_flatten(x):
    """Flatten every axis but the first."""
    x = _tensor(x)
    out = T.reshape(x, (x.shape[0], T.prod(x.shape[1:])), ndim=2)
    s = _static(x)
    if s is not None:
        _set_shape(out, (s[0], None if None in s[1:] else int(np.prod(s[1:]))))
    return out


def flatten(x):
    return T.flatten(_tensor(x))


def expand_dims(x, axis=-1):
    """Insert a size-1 axis at `axis` (negative counts from the end of the result)."""
    x = _tensor(x)
    if axis < 0:
        axis = axis % (x.ndim + 1)
    pattern = list(range(x.ndim))
    pattern.insert(axis, 'x')
    out = x.dimshuffle(pattern)
    s = _static(x)
    if s is not None:
        _set_shape(out, s[:axis] + (1,) + s[axis:])
    return out


def squeeze(x, axis):
    """Remove the size-1 axis `axis`."""
    x = _tensor(x)
    axis = axis % x.ndim
    out = T.addbroadcast(x, axis).dimshuffle([i for i in range(x.ndim) if i != axis])
    s = _static(x)
    if s is not None:
        _set_shape(out, s[:axis] + s[axis + 1:])
    return out


def concatenate(tensors, axis=-1):
    tensors = [_tensor(t) for t in tensors]
    axis = axis % tensors[0].ndim
    return T.concatenate(tensors, axis=axis)


def stack(x, axis=0):
    x = [_tensor(t) for t in x]
    axis = axis % (x[0].ndim + 1)
    return T.stack(x, axis=axis)


def split(x, count, axis=-1):
    """`count` equal parts of `x` along `axis`, as a list of tensors (the axis's
    size must divide by `count`)."""
    x = _tensor(x)
    shape_ = int_shape(x)
    parts = common.split_by_slicing(x, count, axis, shape_, lambda a: x.shape[a])
    axis, width = common.split_axis(shape_, count, axis)
    for part in parts:
        part._keras_shape = shape_[:axis] + (width,) + shape_[axis + 1:]
    return parts


def permute_dimensions(x, pattern):
    x = _tensor(x)
    pattern = tuple(pattern)
    out = x.dimshuffle(pattern)
    s = _static(x)
    if s is not None:
        _set_shape(out, tuple(s[i] for i in pattern))
    return out


def gather(reference, indices):
    """`reference[indices]` along the first axis."""
    reference, indices = _tensor(reference), _tensor(indices)
    if indices.dtype not in ('int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32'):
        indices = T.cast(indices, 'int64')
    out = reference[indices]
    ref_shape, index_shape = _static(reference), _static(indices)
    if ref_shape is not None and index_shape is not None:
        _set_shape(out, tuple(index_shape) + tuple(ref_shape[1:]))
    return out


def one_hot(indices, num_classes):
    """One-hot encoding along a new last axis (floatx)."""
    indices = _tensor(indices)
    if indices.dtype.startswith('float'):
        indices = T.cast(indices, 'int64')
    return T.cast(T.eq(indices.dimshuffle(list(range(indices.ndim)) + ['x']),
                       T.arange(num_classes)), floatx())


def tile(x, n):
    """`x` repeated `n[i]` times along axis i; a shorter `n` applies to the last
    axes, a longer one adds leading axes (as `np.tile`)."""
    x = _tensor(x)
    if isinstance(n, (int, np.integer)):
        n = (n,)
    if not isinstance(n, (list, tuple)):
        return T.tile(x, n)
    shape = _static(x)
    y = T.tile(x, n, ndim=_py_max(x.ndim, len(n)))
    if shape is not None:
        reps = [1] * (len(shape) - len(n)) + list(n)
        shape = (1,) * (len(n) - len(shape)) + tuple(shape)
        _set_shape(y, [None if d is None or not isinstance(r, (int, np.integer)) else d * r
                       for d, r in zip(shape, reps)])
    return y


def repeat_elements(x, rep, axis):
    """Each element of `x` repeated `rep` times along `axis` (as `np.repeat`)."""
    x = _tensor(x)
    axis = axis % x.ndim
    y = T.repeat(x, rep, axis=axis)
    shape = _static(x)
    if shape is not None:
        shape = list(shape)
        shape[axis] = None if shape[axis] is None else shape[axis] * rep
        _set_shape(y, shape)
    return y


def repeat(x, n):
    """(batch, dim) -> (batch, n, dim)."""
    x = _tensor(x)
    if x.ndim != 2:
        raise ValueError('repeat: x must have 2 dims, got %d.' % x.ndim)
    return T.extra_ops.repeat(x.dimshuffle(0, 'x', 1), n, axis=1)


def arange(start, stop=None, step=1, dtype='int32'):
    return T.arange(start, stop=stop, step=step, dtype=dtype)


# -- reductions ------------------------------------------------------------------------

def _axis(x, axis):
    if isinstance(axis, (list, tuple)):
        return list(normalize_axis(tuple(axis), x.ndim))
    return normalize_axis(axis, x.ndim)


def sum(x, axis=None, keepdims=False):
    x = _tensor(x)
    return T.sum(x, axis=_axis(x, axis), keepdims=keepdims)


def prod(x, axis=None, keepdims=False):
    x = _tensor(x)
    return T.prod(x, axis=_axis(x, axis), keepdims=keepdims)


def mean(x, axis=None, keepdims=False):
    x = _tensor(x)
    if not x.dtype.startswith('float'):
        x = T.cast(x, floatx())
    return T.mean(x, axis=_axis(x, axis), keepdims=keepdims)


def max(x, axis=None, keepdims=False):
    x = _tensor(x)
    return T.max(x, axis=_axis(x, axis), keepdims=keepdims)


def min(x, axis=None, keepdims=False):
    x = _tensor(x)
    return T.min(x, axis=_axis(x, axis), keepdims=keepdims)


def var(x, axis=None, keepdims=False):
    x = _tensor(x)
    return T.var(x, axis=_axis(x, axis), keepdims=keepdims)


def std(x, axis=None, keepdims=False):
    return T.sqrt(var(x, axis=axis, keepdims=keepdims))


def any(x, axis=None, keepdims=False):
    x = _tensor(x)
    return T.any(x, axis=_axis(x, axis), keepdims=keepdims)


def all(x, axis=None, keepdims=False):
    x = _tensor(x)
    return T.all(x, axis=_axis(x, axis), keepdims=keepdims)


def argmax(x, axis=-1):
    x = _tensor(x)
    return T.argmax(x, axis=_axis(x, axis), keepdims=False)


def argmin(x, axis=-1):
    x = _tensor(x)
    return T.argmin(x, axis=_axis(x, axis), keepdims=False)


def logsumexp(x, axis=None, keepdims=False):
    """log(sum(exp(x))), computed stably."""
    x = _tensor(x)
    axis = _axis(x, axis)
    m = theano.gradient.zero_grad(T.max(x, axis=axis, keepdims=True))
    out = T.log(T.sum(T.exp(x - m), axis=axis, keepdims=True)) + m
    if keepdims:
        return out
    axes = list(range(x.ndim)) if axis is None else \
        (list(axis) if isinstance(axis, (list, tuple)) else [axis])
    out = T.addbroadcast(out, *axes)
    return out.dimshuffle([i for i in range(x.ndim) if i not in axes])


def cumsum(x, axis=0):
    return T.extra_ops.cumsum(_tensor(x), axis=axis)


def cumprod(x, axis=0):
    return T.extra_ops.cumprod(_tensor(x), axis=axis)


# -- element-wise -------------------------------------------------------------------------

def square(x):
    return T.sqr(_tensor(x))


def abs(x):
    return T.abs_(_tensor(x))


def sqrt(x):
    """Square root; negative inputs are clipped to 0."""
    x = _tensor(x)
    return T.sqrt(T.clip(x, 0., np.inf))


def exp(x):
    return T.exp(_tensor(x))


def log(x):
    return T.log(_tensor(x))


def round(x):
    """Round half to even (as numpy and TensorFlow)."""
    return T.round(_tensor(x), mode='half_to_even')


def sign(x):
    return T.sgn(_tensor(x))


def pow(x, a):
    return T.pow(_tensor(x), a)


def clip(x, min_value, max_value):
    """Clip to [min_value, max_value] (numbers or tensors that broadcast to `x`);
    None means unbounded; where max < min the bound is min."""
    if min_value is None:
        min_value = -np.inf
    if max_value is None:
        max_value = np.inf
    return T.clip(_tensor(x), min_value, T.maximum(max_value, min_value))


def sin(x):
    return T.sin(_tensor(x))


def cos(x):
    return T.cos(_tensor(x))


def equal(x, y):
    return T.eq(x, y)


def not_equal(x, y):
    return T.neq(x, y)


def greater(x, y):
    return T.gt(x, y)


def greater_equal(x, y):
    return T.ge(x, y)


def less(x, y):
    return T.lt(x, y)


def less_equal(x, y):
    return T.le(x, y)


def maximum(x, y):
    return T.maximum(x, y)


def minimum(x, y):
    return T.minimum(x, y)


def identity(x, name=None):
    return _tensor(x).copy(name=name)


def pattern_broadcast(x, broadcastable):
    """`x` with Theano's broadcastable flags set to `broadcastable` (a bool per axis).

    Theano backend only (Keras 2.3's theano_backend has it): marks axes of
    size 1 as broadcastable, so that they combine with larger axes.
    """
    x = _tensor(x)
    out = T.patternbroadcast(x, broadcastable)
    if hasattr(x, '_keras_shape'):
        _set_shape(out, x._keras_shape)
    return out


def l2_normalize(x, axis=None):
    """x / sqrt(max(sum(x**2, axis), 1e-12))."""
    x = _tensor(x)
    square_sum = T.sum(T.sqr(x), axis=_axis(x, axis), keepdims=True)
    return x / T.sqrt(T.maximum(square_sum, 1e-12))


def stop_gradient(variables):
    """The same values, with no gradient flowing back through them."""
    if isinstance(variables, (list, tuple)):
        return [theano.gradient.zero_grad(_tensor(v)) for v in variables]
    return theano.gradient.zero_grad(_tensor(variables))


# -- control flow ----------------------------------------------------------------------------

def switch(condition, then_expression, else_expression):
    """Element-wise (or scalar) choice; a lower-rank condition is aligned with the
    leading axes of the expressions."""
    if callable(then_expression):
        then_expression = then_expression()
    if callable(else_expression):
        else_expression = else_expression()
    if isinstance(condition, (bool, int, np.integer, np.bool_)):
        return then_expression if condition else else_expression
    condition = _tensor(condition)
    then_expression, else_expression = _tensor(then_expression), _tensor(else_expression)
    expr_ndim = _py_max(then_expression.ndim, else_expression.ndim)
    if condition.ndim > expr_ndim:
        raise ValueError('switch: condition has rank %d, more than the expressions (%d).'
                         % (condition.ndim, expr_ndim))
    if condition.ndim < expr_ndim:
        condition = condition.dimshuffle(list(range(condition.ndim))
                                         + ['x'] * (expr_ndim - condition.ndim))
    return T.switch(condition, then_expression, else_expression)


def in_train_phase(x, alt, training=None):
    """`x` in the training phase, `alt` otherwise (either may be a callable)."""
    def evaluated_switch(condition, then, otherwise):
        # Theano's switch takes values: both branches are built.
        return switch(condition, then() if callable(then) else then,
                      otherwise() if callable(otherwise) else otherwise)
    return phase_choice(x, alt, learning_phase() if training is None else training,
                        evaluated_switch)


def in_test_phase(x, alt, training=None):
    """`x` in the test phase, `alt` otherwise."""
    return in_train_phase(alt, x, training=training)


# -- activations ---------------------------------------------------------------------------------

def relu(x, alpha=0., max_value=None, threshold=0.):
    """x above `threshold`, `alpha * (x - threshold)` below; capped at `max_value`."""
    x = _tensor(x)
    if threshold == 0.:
        y = T.nnet.relu(x, alpha) if alpha != 0. else T.maximum(x, 0.)
    else:
        y = T.switch(T.gt(x, threshold), x, alpha * (x - threshold))
    if max_value is not None:
        y = T.minimum(y, max_value)
    return T.cast(y, x.dtype)


def elu(x, alpha=1.):
    x = _tensor(x)
    return T.switch(T.gt(x, 0.), x, alpha * (T.exp(T.minimum(x, 0.)) - 1.))


def softmax(x, axis=-1):
    x = _tensor(x)
    axis = axis % x.ndim
    if x.ndim == 2 and axis == 1:
        return T.nnet.softmax(x)
    e = T.exp(x - T.max(x, axis=axis, keepdims=True))
    return e / T.sum(e, axis=axis, keepdims=True)


def softplus(x):
    x = _tensor(x)
    # log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)), stable for any x.
    return T.maximum(x, 0.) + T.log1p(T.exp(-T.abs_(x)))


def softsign(x):
    x = _tensor(x)
    return x / (1. + T.abs_(x))


def sigmoid(x):
    return T.nnet.sigmoid(_tensor(x))


def hard_sigmoid(x):
    return T.clip(0.2 * _tensor(x) + 0.5, 0., 1.)


def tanh(x):
    return T.tanh(_tensor(x))


# -- losses -----------------------------------------------------------------------------------------

def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """-sum(target * log(output)) along `axis`; output normalized then clipped to
    [epsilon, 1 - epsilon] (softmax first when `from_logits`)."""
    target, output = _tensor(target), _tensor(output)
    if from_logits:
        output = softmax(output, axis=axis)
    else:
        output = output / T.sum(output, axis=axis % output.ndim, keepdims=True)
    output = T.clip(output, epsilon(), 1. - epsilon())
    return -T.sum(target * T.log(output), axis=axis % output.ndim)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Categorical crossentropy with integer targets; classes along `axis` of output."""
    target, output = _tensor(target), _tensor(output)
    axis = axis % output.ndim
    if axis != output.ndim - 1:
        output = output.dimshuffle([i for i in range(output.ndim) if i != axis] + [axis])
    labels = T.cast(T.flatten(target), 'int64')
    onehot = T.cast(T.eq(labels.dimshuffle(0, 'x'), T.arange(output.shape[-1])), output.dtype)
    onehot = T.reshape(onehot, output.shape, ndim=output.ndim)
    return categorical_crossentropy(onehot, output, from_logits=from_logits, axis=-1)


def binary_crossentropy(target, output, from_logits=False):
    """Element-wise binary crossentropy (see the numpy backend for its meaning)."""
    target, output = _tensor(target), _tensor(output)
    if from_logits:
        return T.maximum(output, 0.) - output * target + T.log1p(T.exp(-abs(output)))
    # Clip bounds and epsilon in the output's dtype, so that 1 - epsilon rounds
    # as it does on the other backends; the maximum() keeps Theano from
    # regrouping 1 - output + eps into (1 + eps) - output, which rounds worse.
    eps = np.asarray(epsilon(), dtype=output.dtype)
    output = T.clip(output, eps, np.asarray(1., dtype=output.dtype) - eps)
    complement = T.maximum(1. - output, 0.)
    return -(target * T.log(output + eps) + (1. - target) * T.log(complement + eps))


# -- neural network ops --------------------------------------------------------------------------------

def bias_add(x, bias, data_format=None):
    """Add a bias vector (or a bias of ndim(x) - 1 dims) along the channels axis."""
    data_format = normalize_data_format(data_format)
    x, bias = _tensor(x), _tensor(bias)
    if bias.ndim != 1 and bias.ndim != x.ndim - 1:
        raise ValueError('bias_add: unexpected bias dimensions %d, expected 1 or %d.'
                         % (bias.ndim, x.ndim - 1))
    if data_format == 'channels_first' and x.ndim > 2:
        if bias.ndim == 1:
            return x + bias.dimshuffle(['x', 0] + ['x'] * (x.ndim - 2))
        # As numpy_backend: a reshape of bias to (1, C) + its other dims.
        b = T.reshape(bias, T.concatenate([[1], bias.shape[-1:], bias.shape[:-1]]), ndim=x.ndim)
        return x + T.addbroadcast(b, 0)
    if bias.ndim == 1:
        return x + bias
    return x + bias.dimshuffle(['x'] + list(range(bias.ndim)))


def _tuple(value, n, function, argument):
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            raise ValueError('%s: %s must have %d values, got %r.' % (function, argument, n, value))
        return tuple(int(v) for v in value)
    return (int(value),) * n


def _same_pads(size, kernel, stride, dilation):
    """(before, after) for TF 'same' padding; ints when `size` is known, else symbolic."""
    effective = (kernel - 1) * dilation + 1
    if stride == 1:
        total = effective - 1
        return total // 2, total - total // 2
    if size is not None:
        out = -(-size // stride)
        total = _py_max((out - 1) * stride + effective - size, 0)
        return total // 2, total - total // 2
    return None


def _pad_amounts(x, spatial_axes, kernel, strides, dilation, padding, function):
    """A list of (before, after) pads (ints or symbolic scalars) per spatial axis."""
    static = _static(x)
    pads = []
    for i, ax in enumerate(spatial_axes):
        if padding == 'valid':
            pads.append((0, 0))
        elif padding == 'causal':
            pads.append(((kernel[i] - 1) * dilation[i], 0))
        elif padding == 'full':
            # Every position where kernel and input overlap (Keras on Theano only).
            pads.append(((kernel[i] - 1) * dilation[i],) * 2)
        elif padding == 'same':
            size = static[ax] if static is not None else None
            p = _same_pads(size, kernel[i], strides[i], dilation[i])
            if p is None:
                effective = (kernel[i] - 1) * dilation[i] + 1
                n = x.shape[ax]
                out = (n + strides[i] - 1) // strides[i]
                total = T.maximum((out - 1) * strides[i] + effective - n, 0)
                p = (total // 2, total - total // 2)
            pads.append(p)
        else:
            raise ValueError('%s: invalid padding: %r (expected "valid", "same", "full"%s).'
                             % (function, padding, ' or "causal"' if function == 'conv1d' else ''))
    return pads


def _is_int(v):
    return isinstance(v, (int, np.integer))


def _pad(x, spatial_axes, pads, value=0.):
    """Pad x's `spatial_axes` with `value` (pads may be symbolic)."""
    if _py_all(_is_int(b) and _is_int(a) and b == 0 and a == 0 for b, a in pads):
        return x
    new_shape = [x.shape[i] for i in range(x.ndim)]
    index = [_builtin_slice(None)] * x.ndim
    for ax, (before, after) in zip(spatial_axes, pads):
        new_shape[ax] = x.shape[ax] + before + after
        index[ax] = _builtin_slice(before, before + x.shape[ax])
    if value == 0.:
        base = T.zeros(new_shape, dtype=x.dtype)
    else:
        base = T.alloc(np.asarray(value, dtype=x.dtype), *new_shape)
    return T.set_subtensor(base[tuple(index)], x)


def _out_size(size, kernel, stride, dilation, padding):
    if size is None:
        return None
    effective = (kernel - 1) * dilation + 1
    if padding == 'valid':
        return (size - effective) // stride + 1
    if padding == 'same':
        return -(-size // stride)
    if padding == 'full':
        return (size + effective - 2) // stride + 1
    return size


def _conv_args(x, kernel, strides, dilation_rate, n, function):
    """Checked (x, kernel, strides, dilation, kernel's static shape) of an n-D convolution."""
    x, kernel = _tensor(x), _tensor(kernel)
    if x.ndim != n + 2:
        raise ValueError('%s: x must have %d dims, got %d.' % (function, n + 2, x.ndim))
    if kernel.ndim != n + 2:
        raise ValueError('%s: kernel must have %d dims, got %d.' % (function, n + 2, kernel.ndim))
    strides = _tuple(strides, n, function, 'strides')
    dilation = _tuple(dilation_rate, n, function, 'dilation_rate')
    kshape = _static(kernel)
    if kshape is None or None in kshape[:n]:
        raise _unsupported(function, 'kernel', kernel, 'a kernel of known spatial shape')
    return x, kernel, strides, dilation, kshape


def _convnd(x, kernel, strides, padding, data_format, dilation_rate, n, function, groups=1):
    data_format = normalize_data_format(data_format)
    # strides > 1 together with dilation > 1 is computed, as numpy_backend does
    # (TensorFlow refuses that combination).
    x, kernel, strides, dilation, kshape = _conv_args(x, kernel, strides, dilation_rate, n,
                                                      function)
    ksize = tuple(kshape[:n])
    static_in = _static(x)
    if data_format == 'channels_last':
        x = x.dimshuffle([0, n + 1] + list(range(1, n + 1)))
        if static_in is not None:
            static_in = (static_in[0], static_in[-1]) + tuple(static_in[1:-1])
    if static_in is not None:
        _set_shape(x, static_in)
    spatial_axes = list(range(2, n + 2))
    pads = _pad_amounts(x, spatial_axes, ksize, strides, dilation, padding, function)
    if _py_all(_is_int(b) and b == a for b, a in pads):
        border_mode = tuple(b for b, _ in pads)
    else:
        x = _pad(x, spatial_axes, pads)
        border_mode = (0,) * n
    # (spatial..., in, out) -> (out, in, spatial...); cross-correlation: no flip.
    k = kernel.dimshuffle([n + 1, n] + list(range(n)))
    if n == 2:
        out = T.nnet.conv2d(x, k, border_mode=border_mode, subsample=strides,
                            filter_flip=False, filter_dilation=dilation, num_groups=groups)
    elif n == 3:
        out = T.nnet.conv3d(x, k, border_mode=border_mode, subsample=strides,
                            filter_flip=False, filter_dilation=dilation)
    else:
        raise ValueError('%s: %d spatial dims are not supported.' % (function, n))
    if static_in is not None:
        spatial = tuple(_out_size(static_in[2 + i], ksize[i], strides[i], dilation[i], padding)
                        for i in range(n))
        out_shape = (static_in[0], kshape[-1]) + spatial
    else:
        out_shape = None
    if data_format == 'channels_last':
        out = out.dimshuffle([0] + list(range(2, n + 2)) + [1])
        if out_shape is not None:
            out_shape = (out_shape[0],) + out_shape[2:] + (out_shape[1],)
    if out_shape is not None:
        _set_shape(out, out_shape)
    return out


def conv1d(x, kernel, strides=1, padding='valid', data_format=None, dilation_rate=1):
    """1D convolution (cross-correlation); kernel (width, in, out); padding 'valid',
    'same', 'causal' or 'full' (as Keras, this backend only)."""
    data_format = normalize_data_format(data_format)
    x, kernel = _tensor(x), _tensor(kernel)
    if x.ndim != 3:
        raise ValueError('conv1d: x must have 3 dims, got %d.' % x.ndim)
    strides = _tuple(strides, 1, 'conv1d', 'strides')[0]
    dilation = _tuple(dilation_rate, 1, 'conv1d', 'dilation_rate')[0]
    if padding not in ('valid', 'same', 'causal', 'full'):
        raise ValueError('conv1d: invalid padding: %r (expected "valid", "same", "causal" or '
                         '"full").' % (padding,))
    static_in = _static(x)
    kshape = _static(kernel)
    if padding == 'causal':
        axis = 1 if data_format == 'channels_last' else 2
        x = _pad(x, [axis], [((kshape[0] - 1) * dilation, 0)])
        if static_in is not None:
            size = static_in[axis]
            s = list(static_in)
            s[axis] = None if size is None else size + (kshape[0] - 1) * dilation
            _set_shape(x, s)
        padding = 'valid'
    # Add a unit width axis and run a 2D convolution.
    if data_format == 'channels_last':
        x2 = x.dimshuffle(0, 1, 'x', 2)
    else:
        x2 = x.dimshuffle(0, 1, 2, 'x')
    s = _static(x)
    if s is not None:
        _set_shape(x2, s[:2] + (1,) + s[2:] if data_format == 'channels_last' else s + (1,))
    k2 = kernel.dimshuffle(0, 'x', 1, 2)
    _set_shape(k2, (kshape[0], 1) + tuple(kshape[1:]))
    out = _convnd(x2, k2, (strides, 1), padding, data_format, (dilation, 1), 2, 'conv1d')
    out_static = _static(out)
    if data_format == 'channels_last':
        y = T.addbroadcast(out, 2).dimshuffle(0, 1, 3)
        if out_static is not None:
            _set_shape(y, (out_static[0], out_static[1], out_static[3]))
    else:
        y = T.addbroadcast(out, 3).dimshuffle(0, 1, 2)
        if out_static is not None:
            _set_shape(y, out_static[:3])
    return y


def conv2d(x, kernel, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1)):
    """2D convolution (cross-correlation); kernel (rows, cols, in, out); padding
    'valid', 'same' or 'full' (as Keras, this backend only)."""
    return _convnd(x, kernel, strides, padding, data_format, dilation_rate, 2, 'conv2d')


def conv3d(x, kernel, strides=(1, 1, 1), padding='valid', data_format=None,
           dilation_rate=(1, 1, 1)):
    """3D convolution (cross-correlation); kernel (d1, d2, d3, in, out)."""
    return _convnd(x, kernel, strides, padding, data_format, dilation_rate, 3, 'conv3d')


def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding='valid', data_format=None,
                     dilation_rate=(1, 1)):
    """Each input channel convolved with its own `multiplier` filters; kernel (r, c, in, mult)."""
    kernel = _tensor(depthwise_kernel)
    r, c, cin, mult = int_shape(kernel)
    if None in (r, c, cin, mult):
        raise _unsupported('depthwise_conv2d', 'depthwise_kernel', depthwise_kernel,
                           'a kernel of known shape')
    # (r, c, in, mult) -> (r, c, 1, in * mult): output channel i * mult + m, as TensorFlow.
    k = _set_shape(T.reshape(kernel, (r, c, 1, cin * mult)), (r, c, 1, cin * mult))
    return _convnd(x, k, strides, padding, data_format, dilation_rate, 2, 'depthwise_conv2d',
                   groups=cin)


def separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1), padding='valid',
                     data_format=None, dilation_rate=(1, 1)):
    """A depthwise convolution followed by a 1x1 convolution."""
    y = depthwise_conv2d(x, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv2d(y, pointwise_kernel, (1, 1), 'valid', data_format)


def separable_conv1d(x, depthwise_kernel, pointwise_kernel, strides=1, padding='valid',
                     data_format=None, dilation_rate=1):
    """1D separable convolution, run as a 2D one over a unit axis."""
    data_format = normalize_data_format(data_format)
    x = _tensor(x)
    axis = 2 if data_format == 'channels_last' else 3
    x2 = expand_dims(x, axis)
    dk = expand_dims(_tensor(depthwise_kernel), 1)
    pk = expand_dims(_tensor(pointwise_kernel), 0)
    strides = _tuple(strides, 1, 'separable_conv1d', 'strides') + (1,)
    dilation = _tuple(dilation_rate, 1, 'separable_conv1d', 'dilation_rate') + (1,)
    if padding == 'causal':
        # Left padding by the dilated kernel's reach, then a 'valid' convolution.
        reach = (int(_static(_tensor(depthwise_kernel))[0]) - 1) * dilation[0]
        x2 = _pad(x2, [axis - 1], [(reach, 0)])
        padding = 'valid'
    y = separable_conv2d(x2, dk, pk, strides, padding, data_format, dilation)
    return squeeze(y, axis)


def _poolnd(x, pool_size, strides, padding, data_format, pool_mode, n, function):
    data_format = normalize_data_format(data_format)
    if pool_mode not in ('max', 'avg'):
        raise ValueError('%s: invalid pool_mode: %r (expected "max" or "avg").'
                         % (function, pool_mode))
    if padding not in ('valid', 'same'):
        raise ValueError('%s: invalid padding: %r (expected "valid" or "same").'
                         % (function, padding))
    x = _tensor(x)
    if x.ndim != n + 2:
        raise ValueError('%s: x must have %d dims, got %d.' % (function, n + 2, x.ndim))
    pool_size = _tuple(pool_size, n, function, 'pool_size')
    strides = _tuple(strides, n, function, 'strides')
    static_in = _static(x)
    if data_format == 'channels_last':
        x = x.dimshuffle([0, n + 1] + list(range(1, n + 1)))
        if static_in is not None:
            static_in = (static_in[0], static_in[-1]) + tuple(static_in[1:-1])
    if static_in is not None:
        _set_shape(x, static_in)
    spatial_axes = list(range(2, n + 2))
    pads = _pad_amounts(x, spatial_axes, pool_size, strides, (1,) * n, padding, function)
    pool = _pool.pool_2d if n == 2 else _pool.pool_3d
    symmetric = _py_all(_is_int(b) and b == a for b, a in pads)
    if pool_mode == 'max':
        if not _py_all(_is_int(b) and _is_int(a) and b == 0 and a == 0 for b, a in pads):
            x = _pad(x, spatial_axes, pads, value=-np.inf)
        out = pool(x, ws=pool_size, stride=strides, ignore_border=True, mode='max')
    elif symmetric and _py_all(b == 0 for b, _ in pads):
        out = pool(x, ws=pool_size, stride=strides, ignore_border=True,
                   mode='average_exc_pad')
    else:
        # Sum over the zero-padded input divided by the number of real cells
        # (Theano's 'average_exc_pad' has no gradient with padding).
        def padded_sum(t):
            if symmetric:
                return pool(t, ws=pool_size, stride=strides, ignore_border=True,
                            pad=tuple(b for b, _ in pads), mode='sum')
            return pool(_pad(t, spatial_axes, pads), ws=pool_size, stride=strides,
                        ignore_border=True, mode='sum')
        count = padded_sum(T.ones_like(x[:1, :1]))
        out = padded_sum(x) / T.addbroadcast(count, 0, 1)
    out = T.cast(out, x.dtype)
    out_shape = None
    if static_in is not None:
        out_shape = static_in[:2] + tuple(
            _out_size(static_in[2 + i], pool_size[i], strides[i], 1, padding) for i in range(n))
    if data_format == 'channels_last':
        out = out.dimshuffle([0] + list(range(2, n + 2)) + [1])
        if out_shape is not None:
            out_shape = (out_shape[0],) + out_shape[2:] + (out_shape[1],)
    if out_shape is not None:
        _set_shape(out, out_shape)
    return out


def pool2d(x, pool_size, strides=(1, 1), padding='valid', data_format=None, pool_mode='max'):
    """2D pooling; with 'same' padding, padded cells are ignored (as TensorFlow)."""
    return _poolnd(x, pool_size, strides, padding, data_format, pool_mode, 2, 'pool2d')


def pool3d(x, pool_size, strides=(1, 1, 1), padding='valid', data_format=None,
           pool_mode='max'):
    """3D pooling; with 'same' padding, padded cells are ignored (as TensorFlow)."""
    return _poolnd(x, pool_size, strides, padding, data_format, pool_mode, 3, 'pool3d')


# -- randomness -------------------------------------------------------------------------------------

def _stream(seed):
    if seed is None:
        seed = np.random.randint(1, 10 ** 7)
    return MRG_RandomStream(seed=int(seed))


def _size(shape):
    if isinstance(shape, (list, tuple)):
        return tuple(shape)
    return shape


def random_uniform(shape, minval=0., maxval=1., dtype=None, seed=None):
    """Uniform samples in [minval, maxval)."""
    dtype = dtype or floatx()
    return _stream(seed).uniform(_size(shape), low=minval, high=maxval, dtype=dtype)


def random_normal(shape, mean=0., stddev=1., dtype=None, seed=None):
    """Normal samples."""
    dtype = dtype or floatx()
    return _stream(seed).normal(_size(shape), avg=mean, std=stddev, dtype=dtype)


def random_binomial(shape, p=0., dtype=None, seed=None):
    """1 with probability p, else 0."""
    dtype = dtype or floatx()
    u = _stream(seed).uniform(_size(shape), dtype=floatx())
    return T.cast(T.lt(u, p), dtype)


def truncated_normal(shape, mean=0., stddev=1., dtype=None, seed=None):
    """Normal samples N(mean, stddev) with values beyond two stddev redrawn."""
    dtype = dtype or floatx()
    return _stream(seed).normal(_size(shape), avg=mean, std=stddev, dtype=dtype, truncate=True)


def dropout(x, level, noise_shape=None, seed=None):
    """Zero entries with probability `level`; scale the rest by 1 / (1 - level)."""
    x = _tensor(x)
    if level < 0. or level >= 1:
        raise ValueError('dropout: level must be in interval [0, 1), got %r.' % (level,))
    retain = 1. - level
    if noise_shape is None:
        size = x.shape
        pattern = None
    else:
        size = tuple(x.shape[i] if d is None else d for i, d in enumerate(noise_shape))
        pattern = tuple(d == 1 for d in noise_shape)
    u = _stream(seed).uniform(size, ndim=x.ndim, dtype=x.dtype)
    mask = T.cast(T.lt(u, retain), x.dtype)
    if pattern is not None:
        mask = T.patternbroadcast(mask, pattern)
    return x * mask / np.asarray(retain, dtype=x.dtype)


# -- functions and gradients -------------------------------------------------------------------------

# Theano walks graphs recursively (`theano.grad`, and pickling compile-cache
# keys in `theano.function`): a model a few hundred layers deep (ResNet50's
# training step) needs more than Python's default 1000 frames.
_RECURSION_LIMIT = 10000


@contextlib.contextmanager
def _deep_recursion():
    """Raise Python's recursion limit to `_RECURSION_LIMIT` (never lower it) for the
    block, and put it back afterwards unless the block changed it."""
    old = sys.getrecursionlimit()
    if old >= _RECURSION_LIMIT:
        yield
        return
    sys.setrecursionlimit(_RECURSION_LIMIT)
    try:
        yield
    finally:
        if sys.getrecursionlimit() == _RECURSION_LIMIT:
            sys.setrecursionlimit(old)


# Theano compiles each new C op as a module of its own (about a second of g++
# each, tens of them per model on an empty compile cache), most of it spent
# parsing the same headers and writing debug information. Unless the user set
# `gcc__cxxflags`, modules are built with `-g0` and with those headers
# precompiled once per compile directory (with the flags the modules use, so
# g++ takes it; g++ parses the header itself when it does not match).
_PCH_HEADERS = ('Python.h', 'iostream', 'theano_mod_helper.h', 'math.h', 'numpy/arrayobject.h',
                'numpy/arrayscalars.h', 'vector', 'algorithm', 'stdio.h')


def _use_precompiled_headers():
    if _STATE.get('pch') is not None:
        return
    _STATE['pch'] = False
    if theano.config.gcc__cxxflags or not theano.config.cxx:
        return
    from theano.compile.compilelock import lock_ctx
    from theano.link.c.cmodule import GCC_compiler, std_include_dirs
    theano.config.gcc__cxxflags = '-g0'
    # The flags of CLinker's modules, in its order (theano.link.c.basic).
    flags = (['-g', '-O3', '-fno-math-errno', '-Wno-unused-label', '-Wno-unused-variable',
              '-Wno-write-strings'] + GCC_compiler.compile_args() + ['-fvisibility=hidden']
             + ['-I' + d for d in std_include_dirs()])
    # g++ checks its version and the flags, not the headers' contents: numpy's
    # version names the directory too.
    tag = hashlib.sha1('\n'.join(flags + [np.__version__, theano.__version__]).encode())
    location = os.path.join(theano.config.compiledir, 'keras_pch', tag.hexdigest()[:16])
    header = os.path.join(location, 'theano_pch.h')
    try:
        os.makedirs(location, exist_ok=True)
        with lock_ctx(location):
            if not os.path.exists(header + '.gch'):
                with open(header, 'w') as f:
                    f.write(''.join('#include <%s>\n' % h for h in _PCH_HEADERS))
                out = subprocess.run([theano.config.cxx, '-x', 'c++-header'] + flags
                                     + ['-o', header + '.tmp', header],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                if out.returncode != 0:
                    return
                os.replace(header + '.tmp', header + '.gch')
    except OSError:
        return
    theano.config.gcc__cxxflags = '-g0 -include %s' % header
    _STATE['pch'] = True


# Theano's canonicalization `local_merge_switch_same_cond` rewrites
# `op(switch(c, a, b), switch(c, x, y))` as `switch(c, op(a, x), op(b, y))`.
# On graphs where every layer has a train/test switch feeding the next ones
# (BatchNormalization in DenseNet's concatenated blocks), its rewrites copy
# subgraphs that were shared, and optimization time doubles every two layers:
# a chain of 12 BatchNormalization/Concatenate links went from 30 s at 10 links
# to over 5 minutes, DenseNet121's predict function never finished. Graphs are
# optimized without it; the switches stay, each branch still fully optimized.
_EXCLUDED_OPTIMIZATIONS = ('local_merge_switch_same_cond',)
_OUR_OPTIMIZATIONS = 'multikeras'     # the tag of the rewrites below, in our mode only


def _permutation(variable):
    """The axis order of `variable` as a pure transpose of another tensor (a DimShuffle
    that moves every axis and adds or drops none), else None."""
    op = variable.owner.op if variable.owner is not None else None
    if not isinstance(op, T.elemwise.DimShuffle):
        return None
    order = list(op.new_order)
    return order if 'x' not in order and sorted(order) == list(range(len(order))) else None


@theano.graph.opt.local_optimizer([T.elemwise.Sum])
def _local_sum_of_transpose(fgraph, node):
    """`sum(transpose(x), axes)` -> `transpose(sum(x, the same axes of x))`.

    A recurrent layer's input gradient comes out of the time-major scan and is
    transposed back to batch-major; its bias gradient, a sum over batch and
    time, then strides through memory (80x64x256: 15.8 ms against 5.1 ms for
    the same sum in x's own layout). Summing x directly reads it in order."""
    transposed = node.inputs[0]
    order = _permutation(transposed)
    if order is None:
        return False
    summed = range(len(order)) if node.op.axis is None else node.op.axis
    x_axes = sorted(order[a] for a in summed)
    kept = [order[i] for i in range(len(order)) if i not in summed]   # x's axes, result order
    total = T.elemwise.Sum(axis=x_axes, dtype=node.op.dtype,
                           acc_dtype=node.op.acc_dtype)(transposed.owner.inputs[0])
    in_x_order = sorted(kept)
    if kept != in_x_order:
        total = total.dimshuffle([in_x_order.index(a) for a in kept])
    return [total]


theano.compile.optdb['specialize'].register('local_sum_of_transpose', _local_sum_of_transpose,
                                            _OUR_OPTIMIZATIONS)


@theano.graph.opt.local_optimizer([T.elemwise.Elemwise])
def _local_elementwise_before_transpose(fgraph, node):
    """`f(transpose(a), transpose(b), bias)` -> `transpose(f(a, b, bias laid out as a))`.

    A channels_last convolution is Theano's channels-first one between two
    transposes; its bias and activation then ran on the transposed view, and the
    next convolution or pooling read their result through another transpose (and
    the gradients the same way back): the bench CNN ran 1.12x raw Theano. Done in
    the convolution's own layout, the transposes meet and cancel. Only when every
    other input is a broadcast (bias, scalar): a full-size one would be read
    strided instead."""
    orders = [_permutation(x) for x in node.inputs]
    order = next((o for o in orders if o is not None), None)
    if order is None or order == sorted(order):
        return False
    inverse = [order.index(axis) for axis in range(len(order))]
    inputs = []
    for x, x_order in zip(node.inputs, orders):
        if x_order == order:
            inputs.append(x.owner.inputs[0])
        elif list(x.broadcastable).count(False) <= 1:
            inputs.append(x.dimshuffle(inverse))
        else:
            return False
    return [y.dimshuffle(order) for y in node.op(*inputs, return_list=True)]


@theano.graph.opt.local_optimizer([T.elemwise.DimShuffle])
def _local_transpose_of_dimshuffle(fgraph, node):
    """`transpose(dimshuffle(x))` -> one dimshuffle of x, or x when they cancel."""
    outer, inner = _permutation(node.outputs[0]), node.inputs[0].owner
    if outer is None or inner is None or not isinstance(inner.op, T.elemwise.DimShuffle):
        return False
    x = inner.inputs[0]
    order = [inner.op.new_order[axis] for axis in outer]
    return [x if order == list(range(x.ndim)) else x.dimshuffle(order)]


# After 'specialize' (2), whose local_dimshuffle_lift moves transposes the other way
# (into element-wise ops), and before elementwise fusion (49).
theano.compile.optdb.register(
    'elementwise_before_transpose',
    theano.graph.opt.EquilibriumOptimizer([_local_elementwise_before_transpose,
                                           _local_transpose_of_dimshuffle], max_use_ratio=5),
    3.5, _OUR_OPTIMIZATIONS)


def _compile_mode():
    """Theano's default mode (THEANO_FLAGS' `mode`), without `_EXCLUDED_OPTIMIZATIONS`
    and with our rewrites."""
    return theano.compile.mode.get_default_mode().excluding(
        *_EXCLUDED_OPTIMIZATIONS).including(_OUR_OPTIMIZATIONS)


class Function(object):
    """A compiled Theano function: `f(list_of_arrays) -> list_of_arrays`."""

    def __init__(self, inputs, outputs, updates=None, name=None, **kwargs):
        self.inputs = list(inputs)
        # A learning phase fixed to an int is not a graph input: drop its slot.
        self._positions = [i for i, x in enumerate(self.inputs) if isinstance(x, _Variable)]
        self._all_inputs = len(self._positions) == len(self.inputs)
        self._single = not isinstance(outputs, (list, tuple))
        outputs = [outputs] if self._single else list(outputs)
        pairs = []
        for u in (updates or []):
            if not isinstance(u, (list, tuple)) or len(u) != 2:
                raise ValueError('function: each update must be a (variable, new_value) tuple, '
                                 'got %r.' % (u,))
            var, new = u
            new = _tensor(new)
            if new.dtype != var.dtype:
                new = T.cast(new, var.dtype)
            if new.broadcastable != var.broadcastable:
                new = T.patternbroadcast(new, var.broadcastable)
            pairs.append((var, new))
        options = {'allow_input_downcast': True, 'on_unused_input': 'ignore',
                   'mode': _compile_mode()}
        options.update(kwargs)
        _use_precompiled_headers()
        with warnings.catch_warnings(), _deep_recursion():
            warnings.simplefilter('ignore')
            self._fn = theano.function([self.inputs[i] for i in self._positions], outputs,
                                       updates=pairs, name=name, **options)

    def __call__(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise TypeError('function: inputs must be a list or tuple of arrays, got %r.'
                            % type(inputs).__name__)
        if len(inputs) != len(self.inputs):
            raise ValueError('function: expected %d inputs, got %d.'
                             % (len(self.inputs), len(inputs)))
        if self._all_inputs:
            out = self._fn(*inputs)
        else:
            out = self._fn(*[inputs[i] for i in self._positions])
        return out[0] if self._single else out


def function(inputs, outputs, updates=None, name=None, **kwargs):
    """Compile a function from `inputs` (a list of placeholders, possibly with
    `learning_phase()`) to `outputs`, applying `updates` ((variable, new_value)
    pairs) at each call. Extra keyword arguments go to `theano.function`."""
    for key in kwargs:
        if key not in _FUNCTION_KWARGS:
            raise ValueError('function: invalid argument %r for the theano backend (it accepts '
                             'the theano.function arguments %s).'
                             % (key, ', '.join(_FUNCTION_KWARGS)))
    return Function(inputs, outputs, updates=updates, name=name, **kwargs)


def gradients(loss, variables):
    """The gradients of `loss` (summed when not a scalar) with respect to `variables`."""
    loss = _tensor(loss)
    if loss.ndim > 0:
        loss = T.sum(loss)
    single = not isinstance(variables, (list, tuple))
    with _deep_recursion():
        wrt = [variables] if single else list(variables)
        grads = T.grad(loss, wrt, disconnected_inputs='ignore', return_disconnected='None')
    # A variable the loss does not reach through floating point values (only
    # through integers, e.g. an argmax, or not at all) gets zeros, marked so
    # (optimizers refuse a loss that reaches no weight at all), as TensorFlow.
    reached = _reached_through_floats(loss)
    grads = [g if g is not None and id(v) in reached else _disconnected(T.zeros_like(v))
             for g, v in zip(grads, wrt)]
    return grads[0] if single else grads


def _reached_through_floats(output):
    """The ids of the variables `output` is computed from through floating point values."""
    reached, stack = set(), [output]
    while stack:
        v = stack.pop()
        if id(v) in reached:
            continue
        reached.add(id(v))
        if v.owner is not None:
            stack.extend(i for i in v.owner.inputs
                         if str(getattr(i, 'dtype', 'float')).startswith(('float', 'complex')))
    return reached


def _disconnected(zeros):
    zeros._keras_disconnected = True
    return zeros


# -- normalization, padding, images --------------------------------------------------------------------

def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=1e-3):
    """Batch normalization with the batch's own mean and variance.

    `reduction_axes` may also be Theano's names: `'per-activation'` (the batch
    axis) or `'spatial'` (the batch axis and the axes after the channels).
    """
    x = _tensor(x)
    if reduction_axes == 'per-activation':
        reduction_axes = [0]
    elif reduction_axes == 'spatial':
        reduction_axes = [0] + list(range(2, x.ndim))
    axes = sorted(_axis(x, list(reduction_axes)))
    mean_ = T.mean(x, axis=axes)
    var_ = T.var(x, axis=axes)
    keep = [i for i in range(x.ndim) if i not in axes]
    pattern = []
    j = 0
    for i in range(x.ndim):
        if i in axes:
            pattern.append('x')
        else:
            pattern.append(j)
            j += 1
    bmean, bvar = mean_.dimshuffle(pattern), var_.dimshuffle(pattern)
    bgamma = None if gamma is None else _broadcast_param(gamma, x.ndim, keep)
    bbeta = None if beta is None else _broadcast_param(beta, x.ndim, keep)
    return batch_normalization(x, bmean, bvar, bbeta, bgamma, epsilon), mean_, var_


def _broadcast_param(p, ndim, keep):
    p = _tensor(p)
    if p.ndim == len(keep) and p.ndim < ndim:
        pattern, j = [], 0
        for i in range(ndim):
            if i in keep:
                pattern.append(j)
                j += 1
            else:
                pattern.append('x')
        return p.dimshuffle(pattern)
    return p


def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=1e-3):
    """(x - mean) / sqrt(var + epsilon) * gamma + beta (statistics broadcast to x,
    or 1-D along `axis`)."""
    x = _tensor(x)
    if not isinstance(axis, (int, np.integer)):
        # Called as batch_normalization(x, mean, var, beta, gamma, epsilon).
        axis, epsilon = -1, axis

    def _b(p):
        if p is None:
            return None
        p = _tensor(p)
        if p.ndim == 1 and x.ndim > 1:
            ax = axis % x.ndim
            return p.dimshuffle(['x' if i != ax else 0 for i in range(x.ndim)])
        return p
    mean, var, beta, gamma = _b(mean), _b(var), _b(beta), _b(gamma)
    out = (x - mean) / T.sqrt(var + epsilon)
    if gamma is not None:
        out = out * gamma
    if beta is not None:
        out = out + beta
    return out


def temporal_padding(x, padding=(1, 1)):
    x = _tensor(x)
    return _pad(x, [1], [tuple(padding)])


def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    data_format = normalize_data_format(data_format)
    x = _tensor(x)
    axes = [1, 2] if data_format == 'channels_last' else [2, 3]
    return _pad(x, axes, [tuple(p) for p in padding])


def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)), data_format=None):
    data_format = normalize_data_format(data_format)
    x = _tensor(x)
    axes = [1, 2, 3] if data_format == 'channels_last' else [2, 3, 4]
    return _pad(x, axes, [tuple(p) for p in padding])


def _bilinear_axis(x, axis, factor):
    """Upsample `axis` of x by the integer `factor`, as TensorFlow's bilinear resize with
    half-pixel centres: source coordinate (i + 0.5) / factor - 0.5, clamped to the edges."""
    size = x.shape[axis]
    coords = (T.arange(size * factor).astype('float64') + 0.5) / float(factor) - 0.5
    floor = T.floor(coords)
    lower = T.cast(T.maximum(floor, 0.), 'int64')
    upper = T.cast(T.minimum(T.ceil(coords), T.cast(size - 1, 'float64')), 'int64')
    frac = T.cast(coords - floor, x.dtype)
    pattern = ['x'] * x.ndim
    pattern[axis] = 0
    low, high = T.take(x, lower, axis=axis), T.take(x, upper, axis=axis)
    return low + (high - low) * frac.dimshuffle(pattern)


def resize_images(x, height_factor, width_factor, data_format, interpolation='nearest'):
    """Upsample rows and columns by integer factors.

    `interpolation='nearest'` repeats cells; `'bilinear'` interpolates as
    `tf.image.resize(method='bilinear')` (half-pixel centres, edges clamped),
    width first, then height.
    """
    data_format = normalize_data_format(data_format)
    if interpolation not in ('nearest', 'bilinear'):
        raise _unsupported('resize_images', 'interpolation', interpolation,
                           '"nearest" or "bilinear"')
    x = _tensor(x)
    axes = (1, 2) if data_format == 'channels_last' else (2, 3)
    if interpolation == 'bilinear':
        y = _bilinear_axis(_bilinear_axis(x, axes[1], int(width_factor)), axes[0],
                           int(height_factor))
    else:
        y = T.repeat(T.repeat(x, height_factor, axis=axes[0]), width_factor, axis=axes[1])
    static = _static(x)
    if static is not None:
        shape = list(static)
        for ax, f in zip(axes, (height_factor, width_factor)):
            shape[ax] = None if shape[ax] is None else shape[ax] * int(f)
        _set_shape(y, shape)
    return y


def in_top_k(predictions, targets, k):
    predictions, targets = _tensor(predictions), _tensor(targets)
    targets = T.cast(T.flatten(targets), 'int64')
    target_values = predictions[T.arange(targets.shape[0]), targets]
    better = T.sum(T.gt(predictions, target_values.dimshuffle(0, 'x')), axis=1)
    return T.lt(better, k)


def print_tensor(x, message=''):
    return theano.printing.Print(message)(x)


def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    data_format = normalize_data_format(data_format)
    x = _tensor(x)
    axes = (2, 3, 4) if data_format == 'channels_first' else (1, 2, 3)
    for axis, factor in zip(axes, (depth_factor, height_factor, width_factor)):
        x = T.repeat(x, factor, axis=axis)
    return x


def reverse(x, axes):
    """Reverse along `axes` (an int or a list)."""
    x = _tensor(x)
    axes = [axes] if isinstance(axes, (int, np.integer)) else list(axes)
    index = [_builtin_slice(None)] * x.ndim
    for a in axes:
        index[a % x.ndim] = _builtin_slice(None, None, -1)
    return x[tuple(index)]


def slice(x, start, size):
    """x[start:start + size] along every axis (size -1: to the end).

    # Raises
        ValueError: when `start` and `size` do not have one entry per axis.
    """
    x = _tensor(x)
    _check_slice(x.ndim, start, size)
    index = tuple(_builtin_slice(s, s + n if n != -1 else None) for s, n in zip(start, size))
    return x[index]


def size(x, name=None):
    """The number of elements of `x` (int32 scalar)."""
    return T.cast(T.prod(_tensor(x).shape), 'int32')


def map_fn(fn, elems, name=None, dtype=None):
    """`fn` applied to each element along the first axis, stacked."""
    out, _ = _scan(fn, sequences=[_tensor(elems)], name=name)
    return out if dtype is None else T.cast(out, dtype)


def foldl(fn, elems, initializer=None, name=None):
    """Reduce the first axis of `elems` from the left with `fn(acc, x)`."""
    elems = _tensor(elems)
    if initializer is None:
        initializer, elems = elems[0], elems[1:]
    out, _ = _scan(lambda x, acc: fn(acc, x), sequences=[elems],
                   outputs_info=[_tensor(initializer)], name=name)
    return out[-1]


def foldr(fn, elems, initializer=None, name=None):
    """Reduce the first axis of `elems` from the right with `fn(acc, x)`."""
    return foldl(fn, _tensor(elems)[::-1], initializer, name)


def backend():
    return 'theano'


def manual_variable_initialization(value):
    """Theano variables hold their values from the start: nothing to do."""


@contextlib.contextmanager
def control_dependencies(control_inputs):
    """Theano has no control dependencies: a no-op context."""
    yield


# -- transposed, local and CTC operations -------------------------------------------------------------

def _deconv_default(size, kernel, stride, dilation, padding):
    """The output length of a transposed convolution when `output_shape` leaves it unknown."""
    effective = (kernel - 1) * dilation + 1
    if padding == 'same':
        return size * stride
    if padding == 'full':
        return (size - 1) * stride - effective + 2
    return (size - 1) * stride + effective


def _conv_transpose(x, kernel, output_shape, strides, padding, data_format, dilation_rate, n,
                    function):
    """Transposed convolution as the gradient of a 'valid' convolution of the padded output.

    TensorFlow's 'same' padding may put one more cell at the end than at the start;
    Theano's border modes are symmetric, so the convolution runs on the padded
    size (before + size + after) and the result is cut to [before, before + size).
    'full' (Keras's Theano-only mode) is the transpose of a convolution padded by
    the dilated kernel's size minus one on each side.
    """
    data_format = normalize_data_format(data_format)
    if padding not in ('valid', 'same', 'full'):
        raise ValueError('%s: invalid padding: %r (expected "valid", "same" or "full").'
                         % (function, padding))
    x, kernel, strides, dilation, kshape = _conv_args(x, kernel, strides, dilation_rate, n,
                                                      function)
    ksize = tuple(kshape[:n])
    if not isinstance(output_shape, (list, tuple)) or len(output_shape) != n + 2:
        raise ValueError('%s: output_shape must be a list or tuple of %d values, got %r.'
                         % (function, n + 2, output_shape))
    output_shape = list(output_shape)
    if data_format == 'channels_first':
        batch, channels, spatial = output_shape[0], output_shape[1], output_shape[2:]
    else:
        batch, channels, spatial = output_shape[0], output_shape[-1], output_shape[1:-1]
    if channels is not None and kshape[n] is not None and _is_int(channels) \
            and int(channels) != kshape[n]:
        raise ValueError('%s: output_shape has %s channels but the kernel (spatial..., out, in) '
                         'makes %d.' % (function, channels, kshape[n]))
    static_in = _static(x)
    if data_format == 'channels_last':
        x = x.dimshuffle([0, n + 1] + list(range(1, n + 1)))
        if static_in is not None:
            static_in = (static_in[0], static_in[-1]) + tuple(static_in[1:-1])
    in_spatial = [static_in[2 + i] if static_in is not None and static_in[2 + i] is not None
                  else x.shape[2 + i] for i in range(n)]
    spatial = [_deconv_default(in_spatial[i], ksize[i], strides[i], dilation[i], padding)
               if spatial[i] is None else spatial[i] for i in range(n)]
    pads = []
    for i in range(n):
        effective = (ksize[i] - 1) * dilation[i] + 1
        if padding in ('valid', 'full'):
            pads.append((0, 0) if padding == 'valid' else (effective - 1, effective - 1))
            continue
        size = spatial[i]
        if _is_int(size):
            out = -(-int(size) // strides[i])
            total = _py_max((out - 1) * strides[i] + effective - int(size), 0)
        else:
            out = (size + strides[i] - 1) // strides[i]
            total = T.maximum((out - 1) * strides[i] + effective - size, 0)
        pads.append((total // 2, total - total // 2))
    padded = [pads[i][0] + spatial[i] + pads[i][1] for i in range(n)]
    # (spatial..., out, in) -> Theano's (in, out, spatial...) of the forward convolution
    # that maps the (out-channel) result to x; cross-correlation: no flip.
    filters = kernel.dimshuffle([n + 1, n] + list(range(n)))
    grad_inputs = (T.nnet.abstract_conv.conv2d_grad_wrt_inputs if n == 2
                   else T.nnet.abstract_conv.conv3d_grad_wrt_inputs)
    channels = kshape[n] if kshape[n] is not None else channels
    input_shape = [None, channels if _is_int(channels) else None] + padded
    y = grad_inputs(x, filters, input_shape, border_mode='valid', subsample=strides,
                    filter_flip=False, filter_dilation=dilation)
    index = [_builtin_slice(None), _builtin_slice(None)]
    if not _py_all(_is_int(b) and _is_int(a) and b == 0 and a == 0 for b, a in pads):
        index += [_builtin_slice(pads[i][0], pads[i][0] + spatial[i]) for i in range(n)]
        y = y[tuple(index)]
    out_shape = ((static_in[0] if static_in is not None else None),
                 channels if _is_int(channels) else None) + \
        tuple(int(s) if _is_int(s) else None for s in spatial)
    if data_format == 'channels_last':
        y = y.dimshuffle([0] + list(range(2, n + 2)) + [1])
        out_shape = (out_shape[0],) + out_shape[2:] + (out_shape[1],)
    return _set_shape(y, out_shape)


def conv2d_transpose(x, kernel, output_shape, strides=(1, 1), padding='valid', data_format=None,
                     dilation_rate=(1, 1)):
    """Transposed 2D convolution (the gradient of `conv2d` with respect to its input).

    # Arguments
        x: input tensor.
        kernel: (rows, cols, out_channels, in_channels), as Keras stores it.
        output_shape: the result's shape (batch and spatial entries may be None).
        strides, padding ('valid' or 'same'), data_format, dilation_rate: as `conv2d`.

    # Returns
        A tensor of `output_shape`.
    """
    return _conv_transpose(x, kernel, output_shape, strides, padding, data_format,
                           dilation_rate, 2, 'conv2d_transpose')


def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1), padding='valid',
                     data_format=None):
    """Transposed 3D convolution; kernel (d1, d2, d3, out_channels, in_channels)."""
    return _conv_transpose(x, kernel, output_shape, strides, padding, data_format,
                           (1, 1, 1), 3, 'conv3d_transpose')


def _local_conv(x, kernel, kernel_size, strides, output_spatial, data_format, function):
    """Unshared convolution with Theano's unshared `conv2d` (one filter per position)."""
    data_format = normalize_data_format(data_format)
    x, kernel = _tensor(x), _tensor(kernel)
    kshape = _static(kernel)
    if kshape is None or None in kshape:
        raise _unsupported(function, 'kernel', kernel, 'a kernel of known shape')
    rows, cols = output_spatial
    kr, kc = kernel_size
    if data_format == 'channels_last':
        x = x.dimshuffle(0, 3, 1, 2)
    channels = kshape[1] // (kr * kc)
    if kshape[0] != rows * cols or channels * kr * kc != kshape[1]:
        raise ValueError('%s: kernel shape %s does not match %d output positions and a %dx%d '
                         'window.' % (function, kshape, rows * cols, kr, kc))
    # Only the part of x that the windows cover.
    x = x[:, :, :(rows - 1) * strides[0] + kr, :(cols - 1) * strides[1] + kc]
    # (positions, kr * kc * in, out) with the patch flattened as (kr, kc, in) ->
    # (out, rows, cols, in, kr, kc).
    w = T.reshape(kernel, (rows, cols, kr, kc, channels, kshape[2])).dimshuffle(5, 0, 1, 4, 2, 3)
    y = T.nnet.conv2d(x, w, border_mode='valid', subsample=tuple(strides), filter_flip=False,
                      unshared=True)
    return y


def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    """Unshared 1D convolution; kernel (output_length, kernel_size * in, out).

    # Returns
        (batch, output_length, out) (channels_last) or (batch, out, output_length).
    """
    data_format = normalize_data_format(data_format)
    x = _tensor(inputs)
    # (batch, steps, in) -> (batch, steps, 1, in): a 2D unshared conv with unit width.
    x2 = x.dimshuffle(0, 1, 'x', 2) if data_format == 'channels_last' else x.dimshuffle(0, 1, 2, 'x')
    k = _tensor(kernel)
    kshape = _static(k)
    y = _local_conv(x2, k, (int(kernel_size[0]), 1), (int(strides[0]), 1),
                    (kshape[0], 1), data_format, 'local_conv1d')
    y = T.addbroadcast(y, 3).dimshuffle(0, 1, 2)          # (batch, out, steps)
    return y.dimshuffle(0, 2, 1) if data_format == 'channels_last' else y


def local_conv2d(inputs, kernel, kernel_size, strides, output_shape, data_format=None):
    """Unshared 2D convolution; kernel (rows * cols, kr * kc * in, out)."""
    data_format = normalize_data_format(data_format)
    y = _local_conv(inputs, kernel, tuple(int(k) for k in kernel_size),
                    tuple(int(s) for s in strides), tuple(int(d) for d in output_shape),
                    data_format, 'local_conv2d')
    return y.dimshuffle(0, 2, 3, 1) if data_format == 'channels_last' else y


class SparseLabels(tuple):
    """(indices, values, dense_shape): a sparse tensor as three dense tensors."""

    __slots__ = ()

    def __new__(cls, indices, values, dense_shape):
        return tuple.__new__(cls, (indices, values, dense_shape))

    indices = property(lambda self: self[0])
    values = property(lambda self: self[1])
    dense_shape = property(lambda self: self[2])


def ctc_label_dense_to_sparse(labels, label_lengths):
    """The labels of each row cut to its length, as a sparse tensor.

    Theano has no sparse integer tensors: the result is `SparseLabels(indices
    (n, 2) int64, values (n,), dense_shape (2,) int64)`, a tuple whose parts are
    also reachable as `.indices`, `.values`, `.dense_shape` (as on a
    `tf.SparseTensor`).
    """
    labels = _tensor(labels)
    lengths = T.cast(T.flatten(_tensor(label_lengths)), 'int64')
    mask = T.lt(T.arange(labels.shape[1]).dimshuffle('x', 0), lengths.dimshuffle(0, 'x'))
    rows, cols = T.nonzero(mask)
    indices = T.cast(T.stack([rows, cols], axis=1), 'int64')
    values = labels[rows, cols]
    return SparseLabels(indices, values, T.cast(labels.shape, 'int64'))


_CTC_NEG = -1e30


def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    """CTC loss per sample, (batch, 1); the blank is the last class, as in Keras.

    A log-space forward (alpha) recursion run with `scan`, differentiable with
    respect to `y_pred`. Steps past a sample's `input_length` leave its alphas
    unchanged; label entries past `label_length` are ignored. A sample whose
    labels cannot be aligned within its input length gets an infinite loss
    (as numpy_backend; TensorFlow's ctc_loss gives 0 there).

    # Arguments
        y_true: (batch, max_label_length) labels.
        y_pred: (batch, time, classes) probabilities (softmax output).
        input_length, label_length: (batch, 1) or (batch,) lengths.
    """
    y_true, y_pred = _tensor(y_true), _tensor(y_pred)
    input_length = T.cast(T.flatten(_tensor(input_length)), 'int64')
    label_length = T.cast(T.flatten(_tensor(label_length)), 'int64')
    batch, steps, classes = y_pred.shape[0], y_pred.shape[1], y_pred.shape[2]
    max_label = y_true.shape[1]
    blank = classes - 1
    real = T.lt(T.arange(max_label).dimshuffle('x', 0), label_length.dimshuffle(0, 'x'))
    labels = T.cast(T.switch(real, y_true, blank), 'int64')
    width = 2 * max_label + 1
    ext = T.set_subtensor(T.alloc(T.cast(blank, 'int64'), batch, width)[:, 1::2], labels)
    # A skip from s - 2 is allowed onto a label that differs from the one two back.
    skip = T.concatenate([T.zeros((batch, 2), dtype='int8'),
                          T.cast(T.and_(T.neq(ext[:, 2:], blank), T.neq(ext[:, 2:], ext[:, :-2])),
                                 'int8')], axis=1)
    log_probs = T.log(T.clip(y_pred, 1e-7, 1.))
    # (time, batch * classes) gathered at each sample's extended labels -> (time, batch, width)
    flat = T.reshape(log_probs.dimshuffle(1, 0, 2), (steps, batch * classes), ndim=2)
    where = T.flatten(T.arange(batch).dimshuffle(0, 'x') * classes + ext)
    lp = T.reshape(T.take(flat, where, axis=1), (steps, batch, width), ndim=3)
    neg = np.asarray(_CTC_NEG, dtype=y_pred.dtype)
    first = T.lt(T.arange(width), 2).dimshuffle('x', 0)
    alpha0 = T.switch(first, lp[0], neg)

    def step(lp_t, t, alpha):
        pad1 = T.alloc(neg, batch, 1)
        a1 = T.concatenate([pad1, alpha[:, :-1]], axis=1)
        a2 = T.switch(skip, T.concatenate([pad1, pad1, alpha[:, :-2]], axis=1), neg)
        m = theano.gradient.zero_grad(T.maximum(alpha, T.maximum(a1, a2)))
        new = m + T.log(T.exp(alpha - m) + T.exp(a1 - m) + T.exp(a2 - m)) + lp_t
        return T.switch(T.lt(t, input_length).dimshuffle(0, 'x'), new, alpha)

    alphas, _ = _scan(step, sequences=[lp[1:], T.arange(1, steps)],
                      outputs_info=[alpha0], name='ctc_alpha')
    alpha = T.concatenate([alpha0.dimshuffle('x', 0, 1), alphas], axis=0)[-1]
    rows = T.arange(batch)
    last = alpha[rows, 2 * label_length]
    before_last = T.switch(T.gt(label_length, 0), alpha[rows, T.maximum(2 * label_length - 1, 0)],
                           neg)
    m = theano.gradient.zero_grad(T.maximum(last, before_last))
    total = m + T.log(T.exp(last - m) + T.exp(before_last - m))
    # No alignment fits (label longer than the input allows): an infinite loss, as numpy.
    loss = T.switch(T.lt(total, 0.5 * neg), np.asarray(np.inf, dtype=y_pred.dtype), -total)
    return T.reshape(loss, (batch, 1), ndim=2)


def ctc_decode(y_pred, input_length, greedy=True, beam_width=100, top_paths=1,
               merge_repeated=False):
    """Greedy CTC decoding (best class per step, repeats merged, blanks dropped).

    `beam_width`, `top_paths` and `merge_repeated` concern beam search only.

    # Returns
        ([decoded (batch, max_decoded_length) int64, padded with -1],
         log_probabilities (batch, 1): minus the sum of the log of each step's best
         probability).

    # Raises
        ValueError: for `greedy=False`; beam search is not implemented on theano.
    """
    if not greedy:
        raise _unsupported('ctc_decode', 'greedy', greedy,
                           'True; beam search is only offered by the tensorflow backend')
    y_pred = _tensor(y_pred)
    input_length = T.cast(T.flatten(_tensor(input_length)), 'int64')
    batch, steps, classes = y_pred.shape[0], y_pred.shape[1], y_pred.shape[2]
    blank = classes - 1
    best = T.argmax(y_pred, axis=-1)                                # (batch, time)
    in_range = T.cast(T.lt(T.arange(steps).dimshuffle('x', 0), input_length.dimshuffle(0, 'x')),
                      'int8')
    changed = T.concatenate([T.ones((batch, 1), dtype='int8'),
                             T.cast(T.neq(best[:, 1:], best[:, :-1]), 'int8')], axis=1)
    keep = in_range * T.cast(T.neq(best, blank), 'int8') * changed
    position = T.extra_ops.cumsum(T.cast(keep, 'int64'), axis=1) - 1
    width = T.maximum(T.max(T.sum(T.cast(keep, 'int64'), axis=1)), 1)
    rows, cols = T.nonzero(keep)
    dense = T.set_subtensor(T.alloc(np.int64(-1), batch, width)[rows, position[rows, cols]],
                            T.cast(best[rows, cols], 'int64'))
    top = T.max(y_pred, axis=-1)
    log_prob = -T.sum(T.switch(in_range, T.log(top), 0.), axis=1)
    return [dense], T.reshape(T.cast(log_prob, y_pred.dtype), (batch, 1), ndim=2)


# -- Theano's C scan on Python 3.11 ----------------------------------------------------------------

# Theano-PyMC 1.1.2 ships its C scan only as C generated by Cython 0.29.21
# (theano/scan/c_code/scan_perform.c; neither its wheel nor its sdist has the
# .pyx to regenerate it from), and that Cython's preamble predates Python 3.11.
# Built with Cython's portable code paths (the -D flags below) and two
# preamble lines updated for 3.11 (PyCode_New's new arguments; frame line
# numbers, now private, which tracebacks take from the code object instead),
# it compiles and runs. It is built once per Theano compile directory, where
# theano.scan.scan_perform_ext looks for it, with the version that module
# checks; without -march flags, so a shared directory suits every CPU.
_SCAN_C_VERSION = 0.298
_SCAN_C_FIXES = (
    ('PyCode_New(a, k, l, s, f, code, c, n, v, fv, cell, fn, name, fline, lnos)\n',
     'PyCode_New(a, k, l, s, f, code, c, n, v, fv, cell, fn, name, name, fline, lnos, '
     '__pyx_empty_bytes)\n'),
    ('#define __Pyx_PyFrame_SetLineNumber(frame, lineno)  (frame)->f_lineno = (lineno)',
     '#define __Pyx_PyFrame_SetLineNumber(frame, lineno)  ((void)(frame), (void)(lineno))'),
)
_SCAN_C_FLAGS = ['-fwrapv', '-O2', '-fno-strict-aliasing', '-fPIC',
                 '-DCYTHON_USE_PYLONG_INTERNALS=0', '-DCYTHON_FAST_THREAD_STATE=0',
                 '-DCYTHON_FAST_PYCALL=0', '-DCYTHON_USE_EXC_INFO_STACK=0']


def _c_scan_built(location):
    """Whether `location` holds a C scan of the version Theano expects."""
    try:
        with open(os.path.join(location, '__init__.py')) as f:
            stamp = f.read().strip()
        files = os.listdir(location)
    except OSError:
        return False
    return (stamp == '_version = %r' % _SCAN_C_VERSION
            and _py_any(n.startswith('scan_perform.') and n.endswith('.so') for n in files))


def _build_c_scan(location, source):
    """Compile Theano's generated scan C (the file `source`) for this Python into the
    package directory `location`. Returns False when `source` is not the C this
    backend knows how to update; compiler errors raise."""
    with open(source) as f:
        code = f.read()
    for old, new in _SCAN_C_FIXES:
        if code.count(old) != 1:
            return False
        code = code.replace(old, new)
    from theano.link.c.cmodule import GCC_compiler
    GCC_compiler.compile_str('scan_perform', code, location=location, preargs=_SCAN_C_FLAGS,
                             py_module=False, hide_symbols=False)
    with open(os.path.join(location, '__init__.py'), 'w') as f:
        f.write('_version = %r\n' % _SCAN_C_VERSION)
    return True


def _use_c_scan():
    """Let Theano run scans in C, building its C scan on first use; when that cannot be
    done (no compiler, another Theano), Theano keeps its Python scan, silently."""
    if _STATE.get('c_scan') is not None or sys.modules.get(_SCAN_EXT, 0) is not None:
        return
    _STATE['c_scan'] = False
    from theano.compile.compilelock import lock_ctx
    location = os.path.join(theano.config.compiledir, 'scan_perform')
    source = os.path.join(theano.__path__[0], 'scan', 'c_code', 'scan_perform.c')
    try:
        os.makedirs(location, exist_ok=True)
        with lock_ctx(location):
            if not _c_scan_built(location) and not _build_c_scan(location, source):
                return
        del sys.modules[_SCAN_EXT]
        importlib.import_module(_SCAN_EXT)
    except Exception:
        sys.modules[_SCAN_EXT] = None
        return
    _STATE['c_scan'] = True


def _scan(fn, **kwargs):
    """`theano.scan`, with the C scan when it can be had."""
    _use_c_scan()
    return theano.scan(fn, **kwargs)


# -- recurrence -------------------------------------------------------------------------------------

def _unbroadcast_all(x):
    axes = [i for i, b in enumerate(x.broadcastable) if b]
    return T.unbroadcast(x, *axes) if axes else x


def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None, constants=None,
        unroll=False, input_length=None, return_all_outputs=True):
    """Iterate `step_function(input_t, states + constants) -> (output_t, new_states)`
    over axis 1 of `inputs` (batch, time, ...) with Theano's scan.

    Returns (last_output, outputs (batch, time, ...), new_states). With a mask
    (batch, time), masked steps keep the previous output and states. With
    `return_all_outputs=False`, `outputs` is the last output alone (batch, 1, ...).
    """
    inputs = _tensor(inputs)
    if inputs.ndim < 3:
        raise ValueError('rnn: inputs must have at least 3 dims (batch, time, ...), got %d.'
                         % inputs.ndim)
    constants = list(constants or [])
    initial_states = list(initial_states)
    axes = [1, 0] + list(range(2, inputs.ndim))
    seq = inputs.dimshuffle(axes)
    if mask is not None:
        mask = _tensor(mask)
        if mask.ndim == 3:
            mask = mask[:, :, 0]
        if mask.ndim != 2:
            raise ValueError('rnn: mask must have shape (batch, time), got %d dims.' % mask.ndim)
        mask = mask.dimshuffle(1, 0)
    if go_backwards:
        seq = seq[::-1]
        if mask is not None:
            mask = mask[::-1]

    # Probe one step to learn the output's rank and dtype.
    probe_out, _ = step_function(seq[0], initial_states + constants)
    probe_out = _tensor(probe_out)
    n_states = len(initial_states)

    if unroll:
        steps = input_length
        if steps is None:
            static = _static(inputs)
            steps = static[1] if static is not None else None
        if steps is None:
            raise _unsupported('rnn', 'unroll', True, 'a known number of time steps')
        states = initial_states
        outputs = []
        prev = T.zeros_like(probe_out)
        for t in range(steps):
            out, new_states = step_function(seq[t], states + constants)
            if mask is not None:
                m = mask[t]
                out = switch(m, out, prev)
                new_states = [switch(m, ns, s) for ns, s in zip(new_states, states)]
            outputs.append(out)
            states = list(new_states)
            prev = out
        stacked = T.stack(outputs, axis=1) if return_all_outputs else expand_dims(outputs[-1], 1)
        return outputs[-1], stacked, states

    def _step(*args):
        i = 0
        x_t = args[i]
        i += 1
        if mask is not None:
            m_t = args[i]
            i += 1
        prev_out = args[i]
        i += 1
        states = list(args[i:i + n_states])
        out, new_states = step_function(x_t, states + constants)
        out = _tensor(out)
        new_states = [_tensor(s) for s in new_states]
        if mask is not None:
            out = switch(m_t, out, prev_out)
            new_states = [switch(m_t, ns, s) for ns, s in zip(new_states, states)]
        out = T.cast(out, probe_out.dtype)
        new_states = [T.patternbroadcast(T.cast(ns, s.dtype), s.broadcastable)
                      for ns, s in zip(new_states, states)]
        return [T.patternbroadcast(out, prev_out.broadcastable)] + new_states

    init_out = T.zeros_like(probe_out)
    # States stored in variables broadcast along their size-1 axes (a stateful
    # RNN with batch size 1); the loop's states must not, as the new states do not.
    init_states = [_unbroadcast_all(_tensor(s)) for s in initial_states]
    sequences = [seq] if mask is None else [seq, mask]
    results, _ = _scan(_step, sequences=sequences,
                       outputs_info=[init_out] + init_states,
                       non_sequences=constants)
    if not isinstance(results, (list, tuple)):
        results = [results]
    outputs = results[0]
    states = [s[-1] for s in results[1:]]
    last_output = outputs[-1]
    if not return_all_outputs:
        return last_output, expand_dims(last_output, 1), states
    outputs = outputs.dimshuffle([1, 0] + list(range(2, outputs.ndim)))
    return last_output, outputs, states
