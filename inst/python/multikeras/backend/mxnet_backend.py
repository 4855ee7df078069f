"""The MXNet backend: every backend function, on MXNet 1.9.1 symbols, in process.

Tensors are `MXTensor`s: an `mx.sym` symbol with its static shape
(`_keras_shape`, None for dims known only at run time) and dtype. Leaves of
the graph are named `mx.sym.Variable`s: variables and constants hold a
persistent `mx.nd` array; placeholders, the learning phase and random draws
are fed at each call. `function()` binds the graph into executors, cached per
input shape, and assigns updates into the variables' arrays after every
output is computed (all updates of a call read the state from before it).
The meaning of every function is the one of `numpy_backend`.

Gradients. `mx.sym` has no symbolic gradient op, so `gradients(loss, params)`
returns stand-in leaves recorded as (loss, parameter) pairs. A function whose
outputs or updates use them runs in two phases: an executor over the loss
(and the outputs that need no gradient) runs forward and backward, which
fills the gradient arrays; then an executor over the rest (optimizer updates,
outputs built on gradients) runs forward with those arrays bound as inputs.
Measured (bench/mxnet_design.py, 784-256-10 MLP, batch 128, SGD, 2-core
machine): bound executors 3.1-3.3 ms a step, `mx.nd` + autograd replaying the
ops from Python 4.7-5.6 ms, the loss as a `CachedOp` under autograd
4.1-5.5 ms; the gap grows with the optimizer's update ops, which the
executor runs in one engine call. Hence executors. One order of gradients
only: a gradient of a gradient is a named error.

MXNet's NumPy shape semantics are switched on, process-wide, when the engine
loads (`mx.util.set_np_shape(2)`): scalars have shape () and an unknown dim
is -1. Legacy operators still reduce to shape (1,), which this module
reshapes to (). MXNet has no bool arrays: bools are held as float32 0/1,
reported as 'bool' by `dtype()` and returned as bool by `function()`.
Random functions draw with NumPy generators seeded per op (so a seed repeats
its draws, as in Keras) and feed the draws to the graph. oneDNN's subgraph
backend is replaced by MXNet's empty 'default' one: it cached convolution
weights in inference executors, so weights set after a predict went unseen.

Built here: TensorFlow's asymmetric 'same' padding (explicit pads, or, when
strides meet sizes known only at run time, a stride-1 op whose output
positions are taken from the run-time shape); `rnn` as `contrib.foreach`
(unrolled with `unroll=True`); transposed convolutions as a padding-free
Deconvolution cut to the output; ctc_batch_cost on `ctc_loss` (float32 only
on CPU); greedy `ctc_decode` and `ctc_label_dense_to_sparse` as host tensors,
computed in numpy after the graph runs (their widths depend on the values):
outputs of a function, not inputs of further ops. Known limits, each a named
error: beam-search decoding, a reshape with two sizes known only at run time
(but TimeDistributed's folds), tile/arange/slice with tensor arguments,
`rnn(unroll=True)` of unknown length, sparse placeholders (a sparse value
given to `variable()` is held dense). Dtypes MXNet lacks (bool, int16,
uint16, uint32) are held in a wider one and returned as asked.
"""
import builtins
import contextlib
import itertools
import operator
import os
import weakref

import numpy as np

from . import common
from .common import (floatx, epsilon, image_data_format, normalize_data_format,  # noqa: F401
                     normalize_axis, name_scope, get_uid, cast_to_floatx, phase_choice,
                     check_learning_phase, Update)
from .common import eye_array as _eye_array, check_slice as _check_slice

mx = None
_npi = None    # MXNet's NumPy-semantics operators (reshape to any shape, scalars included)
name = 'mxnet'

_py_slice = builtins.slice
_py_sum = builtins.sum
_py_max = builtins.max
_py_all = builtins.all
_py_any = builtins.any

_STATE = {'learning_phase': None, 'fixed_phase': None}
_LEAVES = weakref.WeakValueDictionary()    # leaf name -> MXTensor
_NAMES = itertools.count(1)


def ensure_engine():
    """Import MXNet (once) and switch on its NumPy shape semantics for the process."""
    global mx, _npi
    if mx is None:
        # oneDNN's subgraph backend (the default) fuses the convolutions of inference
        # executors and caches their weights at the first run: weights set afterwards
        # (set_weights, a later fit) would go unseen. MXNet's 'default' subgraph backend,
        # given no op names, partitions nothing (and, unlike 'NONE', logs nothing).
        os.environ['MXNET_SUBGRAPH_BACKEND'] = 'default'
        os.environ.setdefault('MXNET_SUBGRAPH_VERBOSE', '0')    # else a line at every bind
        import mxnet
        from mxnet.symbol.numpy import _internal as npi
        mxnet.util.set_np_shape(2)
        mx, _npi = mxnet, npi


def clear_session():
    """A new learning phase; variables made before keep their arrays."""
    ensure_engine()
    _STATE['learning_phase'] = None
    _STATE['fixed_phase'] = None


def _unsupported(function, why):
    return NotImplementedError('%s is not supported by the mxnet backend: %s.' % (function, why))


# -- tensors ---------------------------------------------------------------------------------

class MXTensor(object):
    """A symbolic tensor: an `mx.sym` symbol with its static shape and dtype.

    `kind` is None for a computed tensor, else the kind of leaf: 'variable',
    'constant', 'placeholder', 'phase', 'random' or 'gradient'.
    """

    def __init__(self, sym, shape, dtype, kind=None, parents=(), name=None):
        self.sym = sym
        self._keras_shape = None if shape is None else tuple(
            None if d is None or d < 0 else int(d) for d in shape)
        self.dtype = dtype
        self.kind = kind
        self.name = name
        self._parents = tuple(parents)     # keeps the graph's leaves alive
        self._uses_learning_phase = False

    @property
    def shape(self):
        return self._keras_shape

    @property
    def ndim(self):
        return len(self._keras_shape)

    def __repr__(self):
        return '<MXTensor %s shape=%s dtype=%s>' % (self.name or self.sym.name, self._keras_shape,
                                                    self.dtype)

    def __hash__(self):
        return id(self)

    def eval(self):
        return eval(self)

    # arithmetic follows NumPy's broadcasting
    def __add__(self, other):
        return _binary('broadcast_add', self, other)

    def __radd__(self, other):
        return _binary('broadcast_add', other, self)

    def __sub__(self, other):
        return _binary('broadcast_sub', self, other)

    def __rsub__(self, other):
        return _binary('broadcast_sub', other, self)

    def __mul__(self, other):
        return _binary('broadcast_mul', self, other)

    def __rmul__(self, other):
        return _binary('broadcast_mul', other, self)

    def __truediv__(self, other):
        return _binary('broadcast_div', self, other)

    def __rtruediv__(self, other):
        return _binary('broadcast_div', other, self)

    def __pow__(self, other):
        return pow(self, other)

    def __rpow__(self, other):
        return _binary('broadcast_power', other, self)

    def __mod__(self, other):
        return _binary('broadcast_mod', self, other)

    def __neg__(self):
        return _unary(lambda s: mx.sym.negative(s), self)

    def __abs__(self):
        return abs(self)

    def __lt__(self, other):
        return less(self, other)

    def __le__(self, other):
        return less_equal(self, other)

    def __gt__(self, other):
        return greater(self, other)

    def __ge__(self, other):
        return greater_equal(self, other)

    def __getitem__(self, key):
        return _getitem(self, key)


def _new_name(prefix):
    return '%s_%d' % ((prefix or 'tensor').replace(':', '_'), next(_NAMES))


def _leaf(kind, shape, dtype, name=None, array=None):
    """A leaf named `name` (as the user gave it); its symbol's name, `key`, is unique."""
    key = _new_name(name or kind)
    physical = _physical(dtype)
    t = MXTensor(mx.sym.Variable(key, dtype=physical), shape, dtype, kind=kind,
                 name=name or kind)
    t.key, t.array = key, array
    _LEAVES[key] = t
    return t


# The dtypes MXNet has no arrays of, and the dtype holding their values.
_HELD_AS = {'bool': 'float32', 'int16': 'int32', 'uint16': 'int32', 'uint32': 'int64'}


def _physical(dtype):
    """The MXNet dtype holding values of `dtype`."""
    dtype = np.dtype(dtype).name
    return _HELD_AS.get(dtype, dtype)


def _is_tensor(x):
    return isinstance(x, MXTensor)


def _tensor(x, dtype=None):
    """`x` as an MXTensor (numpy values and numbers become constants)."""
    if isinstance(x, MXTensor):
        return x
    if dtype is None:
        arr = np.asarray(x)
        dtype = floatx() if arr.dtype.kind == 'f' or arr.dtype == object else arr.dtype.name
    return constant(x, dtype=dtype)


def _shape_key(shape):
    return tuple(-1 if d is None else int(d) for d in shape)


def _infer(sym, inputs):
    """(shape, dtype) of the one-output `sym` over the stand-ins `__in<i>` for `inputs`."""
    shapes = dict(('__in%d' % i, _shape_key(t._keras_shape)) for i, t in enumerate(inputs))
    types = dict(('__in%d' % i, np.dtype(_physical(t.dtype))) for i, t in enumerate(inputs))
    shape = dtype = None
    try:
        _, out_shapes, _ = sym.infer_shape_partial(**shapes)
        if out_shapes and out_shapes[0] is not None:
            shape = tuple(out_shapes[0])
    except Exception:  # noqa: BLE001 - an op MXNet cannot infer statically: shape unknown
        shape = None
    try:
        _, out_types, _ = sym.infer_type_partial(**types)
        if out_types and out_types[0] is not None:
            dtype = np.dtype(out_types[0]).name
    except Exception:  # noqa: BLE001
        dtype = None
    return shape, dtype


def _apply(fn, inputs, shape=None, dtype=None):
    """The tensor `fn(*symbols)` of the MXTensors `inputs`.

    `fn` is built once on stand-in variables, whose shape and dtype are
    inferred statically, then composed onto the inputs' symbols. `shape` and
    `dtype`, when given, override what inference finds.
    """
    inputs = [_tensor(t) for t in inputs]
    for t in inputs:
        if t.kind == 'host':
            raise _unsupported('using the result of %s in further operations' % t.name,
                               'it is computed in numpy after the MXNet graph has run; it can '
                               'only be an output of a function')
    standins = [mx.sym.Variable('__in%d' % i) for i in range(len(inputs))]
    small = fn(*standins)
    inferred_shape, inferred_dtype = _infer(small, inputs)
    sym = small(**dict(('__in%d' % i, t.sym) for i, t in enumerate(inputs))) if inputs else small
    if shape is None:
        shape = inferred_shape
    if dtype is None:
        dtype = inferred_dtype or inputs[0].dtype
    out = MXTensor(sym, shape, dtype, parents=inputs)
    out._uses_learning_phase = _py_any(t._uses_learning_phase for t in inputs)
    return out


def _unary(fn, x, shape=None, dtype=None):
    x = _tensor(x)
    return _apply(fn, [x], shape=x._keras_shape if shape is None else shape,
                  dtype=x.dtype if dtype is None else dtype)


def _align(a, b):
    """a and b with the lower-rank one given leading size-1 axes (NumPy broadcasting)."""
    if a.ndim < b.ndim:
        a = reshape(a, (1,) * (b.ndim - a.ndim) + tuple(_shape_key(a._keras_shape)))
    elif b.ndim < a.ndim:
        b = reshape(b, (1,) * (a.ndim - b.ndim) + tuple(_shape_key(b._keras_shape)))
    return a, b


def _broadcast_shape(a, b):
    out = []
    for da, db in zip(a, b):
        if da == 1:
            out.append(db)
        elif db == 1 or da == db:
            out.append(da)
        else:
            out.append(da if db is None else db)
    return tuple(out)


_SCALAR_FORMS = {
    'broadcast_add': operator.add, 'broadcast_sub': operator.sub,
    'broadcast_mul': operator.mul, 'broadcast_div': operator.truediv,
    'broadcast_power': operator.pow, 'broadcast_mod': operator.mod,
    'broadcast_equal': operator.eq, 'broadcast_not_equal': operator.ne,
    'broadcast_greater': operator.gt, 'broadcast_greater_equal': operator.ge,
    'broadcast_lesser': operator.lt, 'broadcast_lesser_equal': operator.le,
    'broadcast_maximum': lambda a, b: mx.sym.maximum(a, b),
    'broadcast_minimum': lambda a, b: mx.sym.minimum(a, b),
}


_ELEMWISE = {
    'broadcast_add': lambda a, b: mx.sym.elemwise_add(a, b),
    'broadcast_sub': lambda a, b: mx.sym.elemwise_sub(a, b),
    'broadcast_mul': lambda a, b: mx.sym.elemwise_mul(a, b),
    'broadcast_div': lambda a, b: mx.sym.elemwise_div(a, b),
}


def _as_float32(form):
    return lambda a, b: mx.sym.cast(form(a, b), 'float32')


def _is_number(x):
    return not _is_tensor(x) and np.ndim(x) == 0 and np.asarray(x).dtype.kind in 'biuf'


def _binary(op, x, y, dtype=None):
    """An element-wise binary op with NumPy broadcasting; a number stays a scalar operand."""
    if _is_number(x) and _is_tensor(y) or _is_number(y) and _is_tensor(x):
        scalar_form = _SCALAR_FORMS[op]
        if dtype == 'bool':    # a bool is held as float32 0/1, whatever the inputs' dtype
            scalar_form = _as_float32(scalar_form)
        if _is_number(x):
            number, y = float(x), _as_numeric(y)
            return _unary(lambda s: scalar_form(number, s), y, dtype=dtype)
        number, x = float(y), _as_numeric(x)
        return _unary(lambda s: scalar_form(s, number), x, dtype=dtype)
    x, y = _as_numeric(_tensor(x)), _as_numeric(_tensor(y))
    if x.dtype != y.dtype:
        common_dtype = np.result_type(x.dtype, y.dtype).name
        x, y = cast(x, common_dtype), cast(y, common_dtype)
    x, y = _align(x, y)
    if op in _ELEMWISE and dtype != 'bool':
        # MXNet's broadcasting kernels are slow (a (1, 1) times a 784x256 array: 0.62 ms,
        # against 0.15 ms to spread the (1, 1) with broadcast_axis and 0.19 ms for the
        # element-wise product), so known shapes take the element-wise kernels.
        full = [t._keras_shape for t in (x, y) if None not in t._keras_shape]
        if len(full) == 2 and full[0] == full[1]:
            return _apply(lambda a, b: _ELEMWISE[op](a, b), [x, y], shape=x._keras_shape,
                          dtype=x.dtype)
        if len(full) == 2 and 1 in (int(np.prod(full[0])), int(np.prod(full[1]))):
            target = _py_max(full, key=lambda shape_: int(np.prod(shape_)))
            x, y = [_spread(t, target) for t in (x, y)]
            return _apply(lambda a, b: _ELEMWISE[op](a, b), [x, y], shape=target, dtype=x.dtype)
    if dtype == 'bool':
        return _apply(lambda a, b: mx.sym.cast(getattr(mx.sym, op)(a, b), 'float32'), [x, y],
                      shape=_broadcast_shape(x._keras_shape, y._keras_shape), dtype=dtype)
    return _apply(lambda a, b: getattr(mx.sym, op)(a, b), [x, y],
                  shape=_broadcast_shape(x._keras_shape, y._keras_shape),
                  dtype=dtype or x.dtype)


def _spread(x, shape):
    """`x`, of one element (or of `shape` already), repeated to `shape`."""
    if x._keras_shape == tuple(shape):
        return x
    axes = tuple(range(len(shape)))
    return _unary(lambda s: mx.sym.broadcast_axis(s, axis=axes, size=tuple(shape)), x,
                  shape=tuple(shape))


def _as_numeric(x):
    """A 'bool' tensor as the float32 0/1 values that hold it."""
    if x.dtype != 'bool':
        return x
    out = MXTensor(x.sym, x._keras_shape, 'float32', parents=[x])
    out._uses_learning_phase = x._uses_learning_phase
    return out


# -- learning phase ----------------------------------------------------------------------------

def learning_phase():
    """The learning phase: a symbolic scalar (0 = test, 1 = train, fed to functions
    with 0 when not given), or the integer fixed with `set_learning_phase()`."""
    ensure_engine()
    if _STATE['fixed_phase'] is not None:
        return _STATE['fixed_phase']
    if _STATE['learning_phase'] is None:
        _STATE['learning_phase'] = _leaf('phase', (), 'uint8', 'keras_learning_phase')
    return _STATE['learning_phase']


def set_learning_phase(value):
    """Fix the learning phase to 0 (test) or 1 (train)."""
    _STATE['fixed_phase'] = check_learning_phase(value)


def learning_phase_scope(value):
    """A context in which the learning phase is fixed to `value` (0 or 1)."""
    return common.fixed_learning_phase(_STATE, 'fixed_phase', value)


# -- creation ---------------------------------------------------------------------------------

def variable(value, dtype=None, name=None, constraint=None):
    """A variable holding a copy of `value` (cast to `dtype`, default floatx)."""
    ensure_engine()
    if dtype is None:
        dtype = floatx()
    if isinstance(value, MXTensor):
        value = eval(value)
    if hasattr(value, 'toarray'):
        value = value.toarray()    # a scipy sparse matrix: this backend holds it dense
    value = np.array(value, dtype=dtype)
    v = _leaf('variable', value.shape, np.dtype(dtype).name, name,
              mx.nd.array(value, dtype=_physical(dtype)))
    v.constraint = constraint
    return v


def constant(value, dtype=None, shape=None, name=None):
    """A constant tensor of `value`, broadcast to `shape` when given."""
    ensure_engine()
    if dtype is None:
        dtype = floatx()
    arr = np.asarray(value, dtype=dtype)
    if shape is not None:
        arr = np.broadcast_to(arr, shape).copy()
    return _leaf('constant', arr.shape, np.dtype(dtype).name, name,
                 mx.nd.array(arr, dtype=_physical(dtype)))


def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    """A symbolic input of `shape` (None for unknown dims) or `ndim` dims."""
    ensure_engine()
    if sparse:
        raise _unsupported('placeholder(sparse=True)', 'MXNet symbols here are dense')
    if shape is None and ndim is None:
        raise ValueError('placeholder: specify either a shape or ndim value.')
    shape = tuple(shape) if shape is not None else (None,) * ndim
    return _leaf('placeholder', shape, np.dtype(dtype or floatx()).name, name)


def is_tensor(x):
    """Whether `x` is a tensor of this backend."""
    return isinstance(x, MXTensor)


def is_variable(x):
    """Whether `x` was made by `variable()`."""
    return isinstance(x, MXTensor) and x.kind == 'variable'


def is_placeholder(x):
    """Whether `x` was made by `placeholder()`."""
    return isinstance(x, MXTensor) and x.kind == 'placeholder'


def is_keras_tensor(x):
    """Whether `x` is a tensor produced by a Keras layer (has `_keras_history`)."""
    if not is_tensor(x):
        raise ValueError('Unexpectedly found an instance of type `%s`. Expected a symbolic '
                         'tensor instance.' % type(x))
    return hasattr(x, '_keras_history')


def is_sparse(tensor):
    """This backend has no sparse tensors (sparse values are held dense): always False."""
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
    out = _unary(lambda s: mx.sym.zeros_like(s), x)
    return out if dtype is None else cast(out, dtype)


def ones_like(x, dtype=None, name=None):
    x = _tensor(x)
    out = _unary(lambda s: mx.sym.ones_like(s), x)
    return out if dtype is None else cast(out, dtype)


def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    """A variable drawn from U(low, high) with numpy (reproducible with `seed`)."""
    if seed is None:
        seed = np.random.randint(10 ** 6)
    value = np.random.RandomState(seed).uniform(low, high, size=shape)
    return variable(value, dtype, name)


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    """A variable drawn from N(mean, scale) with numpy (reproducible with `seed`)."""
    if seed is None:
        seed = np.random.randint(10 ** 6)
    value = np.random.RandomState(seed).normal(mean, scale, size=shape)
    return variable(value, dtype, name)


def set_random_seed(seed, disable_parallel_cpu=False):
    """Clear the session and seed MXNet's generator (draws here come from numpy
    generators seeded from NumPy's global state, which the caller seeds)."""
    clear_session()
    mx.random.seed(int(seed))


# -- values and shapes ---------------------------------------------------------------------------

def eval(x):
    """The value of a tensor, as a numpy array; an `Update` is run and its new value returned."""
    if isinstance(x, Update):
        function([], [], updates=[x])([])
        return get_value(x[0])
    if not isinstance(x, MXTensor):
        return np.asarray(x)
    if x.kind in ('variable', 'constant'):
        return _value(x)
    return function([], [x])([])[0]


def _value(x):
    value = x.array.asnumpy()
    return value.astype(x.dtype) if x.dtype in _HELD_AS else value


def get_value(x):
    """The value of a variable, as a numpy array."""
    if not is_variable(x) and not (isinstance(x, MXTensor) and x.kind == 'constant'):
        raise TypeError('get_value: x must be a variable, got %r.' % (x,))
    return _value(x)


def batch_get_value(xs):
    """The values of a list of variables."""
    return [get_value(x) for x in xs]


def set_value(x, value):
    """Set a variable's value from a numpy array (cast to its dtype; same shape)."""
    value = np.asarray(value, dtype=_physical(x.dtype))
    if value.shape != x.array.shape:
        if value.size != x.array.size:
            raise ValueError('set_value: the variable %s has shape %s; got a value of shape %s.'
                             % (x.name, x.array.shape, value.shape))
        value = value.reshape(x.array.shape)
    x.array[:] = value


def batch_set_value(tuples):
    """Set several variables: `[(variable, value), ...]`."""
    for x, value in tuples:
        set_value(x, value)


def get_variable_shape(x):
    return int_shape(x)


def int_shape(x):
    """The shape as a tuple of ints, None for the dims known only at run time
    (also for the Keras tensors of another backend, by their `_keras_shape`)."""
    if hasattr(x, '_keras_shape'):
        return tuple(x._keras_shape)
    return tuple(int(d) for d in np.shape(x))


def shape(x):
    """The symbolic shape of a tensor (an int32 vector)."""
    x = _tensor(x)
    out = _apply(lambda s: mx.sym.cast(mx.sym.shape_array(s), 'int32'), [x],
                 shape=(x.ndim,), dtype='int32')
    out._shape_of = x
    return out


def ndim(x):
    """The number of axes."""
    if isinstance(x, MXTensor):
        return len(x._keras_shape)
    return np.ndim(x)


def dtype(x):
    """The dtype, as a string."""
    if isinstance(x, MXTensor):
        return x.dtype
    return np.asarray(x).dtype.name


def count_params(x):
    """The number of scalars in a variable."""
    return int(np.prod(int_shape(x)))


def cast(x, dtype):
    """Cast to `dtype`."""
    x = _tensor(x)
    dtype = np.dtype(dtype).name
    if dtype == x.dtype:
        return x
    if dtype == 'bool':
        return _unary(lambda s: mx.sym.cast(mx.sym.broadcast_not_equal(s, mx.sym.zeros_like(s)),
                                            'float32'), x, dtype='bool')
    return _unary(lambda s: mx.sym.cast(s, _physical(dtype)), x, dtype=dtype)


# -- updates -------------------------------------------------------------------------------------

def update(x, new_x):
    return Update(x, new_x)


def update_add(x, increment):
    return Update(x, x + increment)


def update_sub(x, decrement):
    return Update(x, x - decrement)


def moving_average_update(x, value, momentum):
    return Update(x, x * momentum + _tensor(value) * (1. - momentum))


class _FusedSGDStep(object):
    """`param <- param - lr * grad` by MXNet's `sgd_update` kernel: one pass over
    the weights where the graph would broadcast `lr`, multiply, subtract and copy.
    `function()` runs it after every output and other update of the call is
    computed, so that all of them read the state from before the call."""

    def __init__(self, param, grad, lr):
        self.param, self.grad, self.lr = param, grad, lr


def _fused_sgd_update(param, grad, lr):
    """The optimizers' hook for plain SGD: a fused step when `grad` is the
    gradient of `param` itself (not clipped) and `lr` a scalar variable, else None."""
    grad, lr = _tensor(grad), _tensor(lr)
    if grad.kind != 'gradient' or grad.wrt is not param or lr.kind != 'variable' \
            or lr.array.size != 1 or not param.dtype.startswith('float'):
        return None
    return _FusedSGDStep(param, grad, lr)


# -- linear algebra and shape ops ----------------------------------------------------------------

def _np_reshape(sym, shape):
    """`sym` reshaped with NumPy's rules (-1 inferred, () a scalar)."""
    return _npi.reshape(sym.as_np_ndarray(), newshape=tuple(shape)).as_nd_ndarray()


def _static_reshape(in_shape, shape):
    shape = list(shape)
    if -1 in shape and in_shape is not None and None not in in_shape:
        known = int(np.prod([d for d in shape if d != -1]))
        shape[shape.index(-1)] = int(np.prod(in_shape)) // known if known else 0
    return tuple(None if d == -1 else d for d in shape)


def reshape(x, shape):
    """`x` with a new shape; one entry may be -1 or a tensor (the size it must have)."""
    x = _tensor(x)
    shape = list(shape) if isinstance(shape, (list, tuple)) else shape
    if isinstance(shape, MXTensor):
        raise _unsupported('reshape to a shape tensor', 'give a tuple (one entry may be -1 or a '
                           'tensor)')
    folded = _fold_or_unfold(x, shape)
    if folded is not None:
        return folded
    copied = [i for i, d in enumerate(shape) if getattr(d, '_dim_of', None) == (x, i)]
    if copied:
        # MXNet's reshape code 0 keeps the input's dim at that position (e.g. the batch
        # size that Keras's Reshape layer passes as shape(x)[0]).
        codes = tuple(0 if i in copied else -1 if isinstance(d, MXTensor) or d is None
                      else int(d) for i, d in enumerate(shape))
        if codes.count(-1) > 1:
            raise _unsupported('reshape to %r' % (shape,), 'only one dim may be unknown')
        static = tuple(x._keras_shape[i] if c == 0 else c for i, c in enumerate(codes))
        static = _static_reshape(x._keras_shape, tuple(-1 if d is None or d == -1 else d
                                                       for d in static))
        out = _unary(lambda s: mx.sym.reshape(s, shape=codes), x, shape=static)
        out._keras_shape = tuple(x._keras_shape[i] if i in copied else d
                                 for i, d in enumerate(out._keras_shape))
        return out
    unknown = [i for i, d in enumerate(shape) if isinstance(d, MXTensor) or d is None or d == -1]
    if len(unknown) > 1:
        raise _unsupported('reshape to %r' % (shape,), 'only one dim may be unknown (-1 or a '
                           'tensor)')
    shape = tuple(-1 if i in unknown else int(d) for i, d in enumerate(shape))
    return _unary(lambda s: _np_reshape(s, shape), x,
                  shape=_static_reshape(x._keras_shape, shape))


def _keeps_dims(x, entries, start):
    """Whether `entries` are the sizes of `x` from axis `start` on (numbers or shape(x)[i])."""
    if len(entries) != x.ndim - start:
        return False
    for axis, entry in enumerate(entries, start):
        if isinstance(entry, MXTensor):
            if getattr(entry, '_dim_of', None) != (x, axis):
                return False
        elif entry != x._keras_shape[axis] and x._keras_shape[axis] is not None:
            return False
    return True


def _fold_or_unfold(x, shape):
    """The two reshapes of sizes known only at run time that TimeDistributed asks for, or
    None: (-1, sizes of x from axis 2) folds time into the batch axis; (-1, shape(src)[1],
    sizes of x from axis 1) unfolds the batch axis into src's (batch, time)."""
    if len(shape) < 1 or not (shape[0] == -1 and _py_any(isinstance(d, MXTensor)
                                                         for d in shape)):
        return None
    if x.ndim >= 2 and _keeps_dims(x, shape[1:], 2):
        rows = None if None in x._keras_shape[:2] else x._keras_shape[0] * x._keras_shape[1]
        return _unary(lambda s: mx.sym.reshape(s, shape=(-3, -2)), x,
                      shape=(rows,) + x._keras_shape[2:])
    source = getattr(shape[1], '_dim_of', None) if len(shape) > 1 else None
    if source is not None and source[1] == 1 and _keeps_dims(x, shape[2:], 1):
        src = source[0]
        return _apply(lambda s, r: mx.sym.reshape_like(s, r, lhs_begin=0, lhs_end=1,
                                                       rhs_begin=0, rhs_end=2), [x, src],
                      shape=src._keras_shape[:2] + x._keras_shape[1:], dtype=x.dtype)
    return None


def _to_scalar(x):
    """A reduction's (1,) result as a scalar ()."""
    return MXTensor(_np_reshape(x.sym, ()), (), x.dtype, parents=[x])


def dot(x, y):
    """Keras's dot: the last axis of `x` with the second-to-last of `y` (its only one if a
    vector)."""
    x, y = _tensor(x), _tensor(y)
    if x.dtype != y.dtype:
        common_dtype = np.result_type(x.dtype, y.dtype).name
        x, y = cast(x, common_dtype), cast(y, common_dtype)
    if y.ndim > 2:
        order = (y.ndim - 2,) + tuple(range(y.ndim - 2)) + (y.ndim - 1,)
        y = permute_dimensions(y, order)
    shape = x._keras_shape[:-1] + y._keras_shape[1:]
    out = _apply(lambda a, b: mx.sym.dot(a, b), [x, y], shape=shape, dtype=x.dtype)
    return _to_scalar(out) if shape == () else out


def batch_dot(x, y, axes=None):
    """Batch-wise dot product (Keras 2.3 semantics, as numpy_backend)."""
    x, y = _tensor(x), _tensor(y)
    axes = common.batch_dot_axes(x.ndim, y.ndim, axes)
    x_ndim, y_ndim = x.ndim, y.ndim
    if x_ndim == 2:
        x = expand_dims(x, 1)
        axes[0] += 1
    if y_ndim == 2:
        y = expand_dims(y, 2)
    x = permute_dimensions(x, [a for a in range(x.ndim) if a != axes[0]] + [axes[0]])
    y = permute_dimensions(y, [0, axes[1]] + [a for a in range(1, y.ndim) if a != axes[1]])
    x_rest, y_rest = x._keras_shape[1:-1], y._keras_shape[2:]
    batch = x._keras_shape[0] if x._keras_shape[0] is not None else y._keras_shape[0]
    if None in x_rest + y_rest or x._keras_shape[-1] is None:
        # sizes known only at run time: a broadcast product summed over the shared axis
        for _ in y_rest:
            x = expand_dims(x, -1)
        for _ in x_rest:
            y = expand_dims(y, 1)
        out = sum(x * y, axis=1 + len(x_rest))
    else:
        depth = x._keras_shape[-1]
        x3 = reshape(x, (-1, int(np.prod(x_rest)), depth))
        y3 = reshape(y, (-1, depth, int(np.prod(y_rest))))
        out = _apply(lambda a, b: mx.sym.batch_dot(a, b), [x3, y3],
                     shape=(batch, x3._keras_shape[1], y3._keras_shape[2]))
        out = reshape(out, (-1,) + x_rest + y_rest)
    out._keras_shape = (batch,) + x_rest + y_rest
    if x_ndim == 2:
        out = squeeze(out, 1)
    elif y_ndim == 2:
        out = squeeze(out, -1)
    return out


def transpose(x):
    x = _tensor(x)
    return _unary(lambda s: mx.sym.transpose(s), x, shape=x._keras_shape[::-1])


def permute_dimensions(x, pattern):
    x = _tensor(x)
    pattern = tuple(int(p) for p in pattern)
    return _unary(lambda s: mx.sym.transpose(s, axes=pattern), x,
                  shape=tuple(x._keras_shape[p] for p in pattern))


def batch_flatten(x):
    x = _tensor(x)
    rest = x._keras_shape[1:]
    size = None if None in rest else int(np.prod(rest))
    out = _unary(lambda s: mx.sym.flatten(s), x, shape=(x._keras_shape[0], size))
    return out


def flatten(x):
    return reshape(x, (-1,))


def expand_dims(x, axis=-1):
    x = _tensor(x)
    axis = axis % (x.ndim + 1)
    shape = x._keras_shape[:axis] + (1,) + x._keras_shape[axis:]
    return _unary(lambda s: mx.sym.expand_dims(s, axis=axis), x, shape=shape)


def squeeze(x, axis):
    x = _tensor(x)
    axis = axis % x.ndim
    shape = x._keras_shape[:axis] + x._keras_shape[axis + 1:]
    if shape == ():
        return reshape(x, ())
    return _unary(lambda s: mx.sym.squeeze(s, axis=axis), x, shape=shape)


def _concat_shape(shapes, axis):
    out = list(shapes[0])
    sizes = [s[axis] for s in shapes]
    out[axis] = None if None in sizes else _py_sum(sizes)
    for i in range(len(out)):
        if i != axis and out[i] is None:
            out[i] = next((s[i] for s in shapes if s[i] is not None), None)
    return tuple(out)


def concatenate(tensors, axis=-1):
    tensors = [_tensor(t) for t in tensors]
    dtype_ = np.result_type(*[t.dtype for t in tensors]).name
    tensors = [cast(t, dtype_) for t in tensors]
    axis = axis % tensors[0].ndim
    return _apply(lambda *s: mx.sym.concat(*s, dim=axis), tensors,
                  shape=_concat_shape([t._keras_shape for t in tensors], axis), dtype=dtype_)


def stack(x, axis=0):
    tensors = [_tensor(t) for t in x]
    axis = axis % (tensors[0].ndim + 1)
    base = tensors[0]._keras_shape
    return _apply(lambda *s: mx.sym.stack(*s, axis=axis), tensors,
                  shape=base[:axis] + (len(tensors),) + base[axis:], dtype=tensors[0].dtype)


def split(x, count, axis=-1):
    """`count` equal parts of `x` along `axis`, as a list of tensors (the axis's
    size must divide by `count`)."""
    x = _tensor(x)
    return common.split_by_slicing(x, count, axis, int_shape(x))


def gather(reference, indices):
    """`reference[indices]` along axis 0."""
    reference, indices = _tensor(reference), _tensor(indices, dtype='int32')
    return _apply(lambda r, i: mx.sym.take(r, i, axis=0), [reference, indices],
                  shape=indices._keras_shape + reference._keras_shape[1:], dtype=reference.dtype)


def one_hot(indices, num_classes):
    indices = _tensor(indices, dtype='int32')
    return _unary(lambda s: mx.sym.one_hot(s, depth=int(num_classes), dtype=floatx()), indices,
                  shape=indices._keras_shape + (int(num_classes),), dtype=floatx())


def tile(x, n):
    """`x` repeated `n[i]` times along axis i (as `np.tile`)."""
    x = _tensor(x)
    if isinstance(n, MXTensor) or (isinstance(n, (list, tuple)) and
                                   _py_any(isinstance(k, MXTensor) for k in n)):
        raise _unsupported('tile with tensor multiples', 'MXNet takes the multiples as numbers')
    reps = tuple(int(k) for k in (n if isinstance(n, (list, tuple)) else [n]))
    ndim_ = _py_max(len(reps), x.ndim)
    in_shape = (1,) * (ndim_ - x.ndim) + x._keras_shape
    reps = (1,) * (ndim_ - len(reps)) + reps
    shape = tuple(None if d is None else d * r for d, r in zip(in_shape, reps))
    return _unary(lambda s: mx.sym.tile(s, reps=reps), x, shape=shape)


def repeat_elements(x, rep, axis):
    x = _tensor(x)
    axis = axis % x.ndim
    shape = list(x._keras_shape)
    shape[axis] = None if shape[axis] is None else shape[axis] * rep
    return _unary(lambda s: mx.sym.repeat(s, repeats=int(rep), axis=axis), x, shape=tuple(shape))


def repeat(x, n):
    """(batch, dim) -> (batch, n, dim)."""
    return repeat_elements(expand_dims(x, 1), n, 1)


def arange(start, stop=None, step=1, dtype='int32'):
    """A vector of evenly spaced numbers (bounds: numbers or constant tensors)."""
    start, stop, step = [_number(v, 'arange') for v in (start, stop, step)]
    if stop is None and start < 0:
        start = 0
    values = np.arange(start, stop, step, dtype=dtype) if stop is not None else \
        np.arange(start, step=step, dtype=dtype)
    return constant(values, dtype=dtype)


def _number(value, function):
    """A Python number from a number or a constant tensor; None stays None."""
    if isinstance(value, MXTensor):
        if value.kind != 'constant':
            raise _unsupported('%s with a computed tensor argument' % function,
                               'MXNet needs its sizes when the graph is built')
        value = value.array.asnumpy()
    return None if value is None else np.asarray(value).item()


# -- reductions ---------------------------------------------------------------------------------

def _axes(x, axis):
    if axis is None:
        return tuple(range(x.ndim))
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    return tuple(sorted(int(a) % x.ndim for a in axes))


def _reduce(op, x, axis=None, keepdims=False, dtype=None):
    x = _tensor(x)
    axes = _axes(x, axis)
    if not axes:
        return x
    shape = tuple(1 if i in axes else d for i, d in enumerate(x._keras_shape)) if keepdims else \
        tuple(d for i, d in enumerate(x._keras_shape) if i not in axes)
    out = _unary(lambda s: getattr(mx.sym, op)(s, axis=axes, keepdims=keepdims), x,
                 shape=shape if shape else (1,), dtype=dtype)
    return _to_scalar(out) if shape == () else out


def sum(x, axis=None, keepdims=False):
    return _reduce('sum', _as_numeric(_tensor(x)), axis, keepdims)


def prod(x, axis=None, keepdims=False):
    return _reduce('prod', _as_numeric(_tensor(x)), axis, keepdims)


def mean(x, axis=None, keepdims=False):
    x = _as_numeric(_tensor(x))
    if x.dtype.startswith(('int', 'uint')):
        x = cast(x, floatx())
    return _reduce('mean', x, axis, keepdims)


def max(x, axis=None, keepdims=False):
    return _reduce('max', _tensor(x), axis, keepdims)


def min(x, axis=None, keepdims=False):
    return _reduce('min', _tensor(x), axis, keepdims)


def var(x, axis=None, keepdims=False):
    x = _tensor(x)
    centred = x - mean(x, axis, keepdims=True)
    return mean(square(centred), axis, keepdims)


def std(x, axis=None, keepdims=False):
    return sqrt(var(x, axis, keepdims))


def any(x, axis=None, keepdims=False):
    out = _reduce('max', cast(cast(x, 'bool'), 'float32'), axis, keepdims)
    return cast(out, 'bool')


def all(x, axis=None, keepdims=False):
    out = _reduce('min', cast(cast(x, 'bool'), 'float32'), axis, keepdims)
    return cast(out, 'bool')


def _arg(op, x, axis):
    x = _tensor(x)
    axis = axis % x.ndim
    shape = x._keras_shape[:axis] + x._keras_shape[axis + 1:]
    out = _unary(lambda s: mx.sym.cast(getattr(mx.sym, op)(s, axis=axis), 'int64'), x,
                 shape=shape if shape else (1,), dtype='int64')
    return _to_scalar(out) if shape == () else out


def argmax(x, axis=-1):
    return _arg('argmax', x, axis)


def argmin(x, axis=-1):
    return _arg('argmin', x, axis)


def logsumexp(x, axis=None, keepdims=False):
    x = _tensor(x)
    m = stop_gradient(max(x, axis, keepdims=True))
    out = log(sum(exp(x - m), axis, keepdims=True)) + m
    if keepdims:
        return out
    return reshape(out, [d if d is not None else -1 for i, d in enumerate(out._keras_shape)
                         if i not in _axes(x, axis)])


def cumsum(x, axis=0):
    x = _tensor(x)
    axis = axis % x.ndim
    return _unary(lambda s: mx.sym.cumsum(s, axis=axis), x)


def cumprod(x, axis=0):
    """The running product along `axis` (a known size), step by step."""
    x = _tensor(x)
    axis = axis % x.ndim
    length = x._keras_shape[axis]
    if length is None:
        raise _unsupported('cumprod along an axis of unknown size', 'it is built step by step')
    parts = [slice_axis(x, axis, i, i + 1) for i in range(length)]
    running = [parts[0]]
    for part in parts[1:]:
        running.append(running[-1] * part)
    return concatenate(running, axis)


def slice_axis(x, axis, begin, end):
    """`x[..., begin:end, ...]` on `axis` (not a Keras function; a helper)."""
    x = _tensor(x)
    shape = list(x._keras_shape)
    shape[axis] = end - begin
    return _unary(lambda s: mx.sym.slice_axis(s, axis=axis, begin=begin, end=end), x,
                  shape=tuple(shape))


# -- element-wise ----------------------------------------------------------------------------------

def square(x):
    return _unary(lambda s: mx.sym.square(s), x)


def abs(x):
    return _unary(lambda s: mx.sym.abs(s), x)


def sqrt(x):
    return _unary(lambda s: mx.sym.sqrt(mx.sym.relu(s)), x)


def exp(x):
    return _unary(lambda s: mx.sym.exp(s), x)


def log(x):
    return _unary(lambda s: mx.sym.log(s), x)


def round(x):
    """Round half to even, as numpy."""
    def half_to_even(s):
        low = mx.sym.floor(s)
        frac = s - low
        low_is_odd = low - 2. * mx.sym.floor(low * .5)
        up = (frac > .5) + (frac == .5) * low_is_odd
        return low + up
    return _unary(half_to_even, x)


def sign(x):
    return _unary(lambda s: mx.sym.sign(s), x)


def pow(x, a):
    x = _tensor(x)
    if _is_number(a):
        return _unary(lambda s: s ** float(a), x)
    return _binary('broadcast_power', x, a)


def clip(x, min_value, max_value):
    """`x` clipped to [min_value, max_value] (numbers, tensors or None); where
    max_value < min_value the bound is min_value."""
    x = _tensor(x)
    if _is_number(min_value) and _is_number(max_value):
        low, high = float(min_value), float(max_value)
        return _unary(lambda s: mx.sym.clip(s, low, builtins.max(low, high)), x)
    if min_value is not None and max_value is not None:
        max_value = maximum(max_value, min_value)
    if min_value is not None:
        x = maximum(x, min_value)
    if max_value is not None:
        x = minimum(x, max_value)
    return x


def sin(x):
    return _unary(lambda s: mx.sym.sin(s), x)


def cos(x):
    return _unary(lambda s: mx.sym.cos(s), x)


def equal(x, y):
    return _binary('broadcast_equal', x, y, dtype='bool')


def not_equal(x, y):
    return _binary('broadcast_not_equal', x, y, dtype='bool')


def greater(x, y):
    return _binary('broadcast_greater', x, y, dtype='bool')


def greater_equal(x, y):
    return _binary('broadcast_greater_equal', x, y, dtype='bool')


def less(x, y):
    return _binary('broadcast_lesser', x, y, dtype='bool')


def less_equal(x, y):
    return _binary('broadcast_lesser_equal', x, y, dtype='bool')


def maximum(x, y):
    return _binary('broadcast_maximum', x, y)


def minimum(x, y):
    return _binary('broadcast_minimum', x, y)


def identity(x, name=None):
    return _unary(lambda s: mx.sym.identity(s), x)


def stop_gradient(variables):
    """The tensor(s) with no gradient flowing back through them."""
    if isinstance(variables, (list, tuple)):
        return [stop_gradient(v) for v in variables]
    return _unary(lambda s: mx.sym.BlockGrad(s), variables)


def l2_normalize(x, axis=None):
    x = _tensor(x)
    return x / sqrt(maximum(sum(square(x), axis, keepdims=True), 1e-12))


# -- control flow ----------------------------------------------------------------------------------

def switch(condition, then_expression, else_expression):
    """Element-wise (or scalar) choice; a lower-rank condition is aligned with the
    leading axes of the expressions."""
    if callable(then_expression):
        then_expression = then_expression()
    if callable(else_expression):
        else_expression = else_expression()
    if isinstance(condition, (bool, int, np.integer, np.bool_)):
        return then_expression if condition else else_expression
    condition = cast(_tensor(condition), 'bool')
    then_expression, else_expression = _tensor(then_expression), _tensor(else_expression)
    if then_expression.dtype != else_expression.dtype:
        common_dtype = np.result_type(then_expression.dtype, else_expression.dtype).name
        then_expression = cast(then_expression, common_dtype)
        else_expression = cast(else_expression, common_dtype)
    expr_ndim = _py_max(then_expression.ndim, else_expression.ndim)
    if condition.ndim > expr_ndim:
        raise ValueError('switch: condition has rank %d, more than the expressions (%d).'
                         % (condition.ndim, expr_ndim))
    if condition.ndim < expr_ndim:
        condition = reshape(condition, tuple(_shape_key(condition._keras_shape)) +
                            (1,) * (expr_ndim - condition.ndim))
    # mx.sym.where takes three arrays of one shape: broadcast all three to it.
    base = (zeros_like(_as_numeric(condition)) + zeros_like(then_expression) +
            zeros_like(else_expression))
    parts = [_as_numeric(condition) + cast(base, 'float32'), then_expression + base,
             else_expression + base]
    out = _apply(lambda c, a, b: mx.sym.where(c, a, b), parts, shape=base._keras_shape,
                 dtype=then_expression.dtype)
    return out


def in_train_phase(x, alt, training=None):
    """`x` in the training phase, `alt` otherwise (either may be a callable)."""
    return phase_choice(x, alt, learning_phase() if training is None else training, switch)


def in_test_phase(x, alt, training=None):
    """`x` in the test phase, `alt` otherwise."""
    return in_train_phase(alt, x, training=training)


# -- activations -----------------------------------------------------------------------------------

def relu(x, alpha=0., max_value=None, threshold=0.):
    x = _tensor(x)
    alpha, threshold = float(alpha), float(threshold)
    if alpha == 0. and threshold == 0.:
        y = _unary(lambda s: mx.sym.relu(s), x)
    else:
        y = _unary(lambda s: mx.sym.where(s > threshold, s, alpha * (s - threshold)), x)
    if max_value is not None:
        y = minimum(y, float(max_value))
    return y


def elu(x, alpha=1.):
    alpha = float(alpha)
    return _unary(lambda s: mx.sym.where(s > 0, s, alpha * (mx.sym.exp(s) - 1.)), x)


def softmax(x, axis=-1):
    x = _tensor(x)
    axis = axis % x.ndim
    return _unary(lambda s: mx.sym.softmax(s, axis=axis), x)


def softplus(x):
    return _unary(lambda s: mx.sym.relu(s) + mx.sym.log1p(mx.sym.exp(-mx.sym.abs(s))), x)


def softsign(x):
    return _unary(lambda s: s / (1. + mx.sym.abs(s)), x)


def sigmoid(x):
    return _unary(lambda s: mx.sym.sigmoid(s), x)


def hard_sigmoid(x):
    return _unary(lambda s: mx.sym.clip(0.2 * s + 0.5, 0., 1.), x)


def tanh(x):
    return _unary(lambda s: mx.sym.tanh(s), x)


# -- losses ----------------------------------------------------------------------------------------

def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _tensor(target), _tensor(output)
    if from_logits:
        output = softmax(output, axis=axis)
    else:
        output = output / sum(output, axis=axis, keepdims=True)
    output = clip(output, epsilon(), 1. - epsilon())
    return -sum(target * log(output), axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output = _tensor(output)
    axis = axis % output.ndim
    if axis != output.ndim - 1:
        output = permute_dimensions(output, [a for a in range(output.ndim) if a != axis] + [axis])
    classes = output._keras_shape[-1]
    target = reshape(cast(_tensor(target), 'int32'),
                     [-1 if d is None else d for d in output._keras_shape[:-1]])
    return categorical_crossentropy(one_hot(target, classes), output, from_logits, axis=-1)


def binary_crossentropy(target, output, from_logits=False):
    """Element-wise binary crossentropy, as Keras 2.3 on TensorFlow computes it."""
    target, output = _tensor(target), _tensor(output)
    if from_logits:
        return relu(output) - output * target + _unary(
            lambda s: mx.sym.log1p(mx.sym.exp(-mx.sym.abs(s))), output)
    eps = epsilon()
    output = clip(output, eps, 1. - eps)
    return -(target * log(output + eps) + (1. - target) * log(1. - output + eps))


# -- functions and gradients ---------------------------------------------------------------------

_FED_KINDS = ('placeholder', 'phase')


class Function(object):
    """`f(list_of_arrays) -> list_of_arrays` over bound MXNet executors.

    Executors are bound per shape of the fed inputs and cached. With
    gradients, a first executor per loss runs forward and backward (and
    computes the outputs that need no gradient); a second one computes the
    rest and the updates from the gradient arrays the first filled.
    """

    def __init__(self, inputs, outputs, updates=None, name=None):
        self.inputs = list(inputs)
        for x in self.inputs:
            if isinstance(x, MXTensor) and x.kind not in _FED_KINDS:
                raise ValueError('function: inputs must be placeholders or the learning phase; '
                                 'got %r.' % (x,))
        self._single = not isinstance(outputs, (list, tuple))
        self._requested = [_tensor(o) for o in ([outputs] if self._single else outputs)]
        # A host tensor is computed in numpy from the values of its inputs.
        self.outputs = []
        for t in self._requested:
            self.outputs.extend(t.host_inputs if t.kind == 'host' else [t])
        self.updates, self._fused = [], []
        for u in (updates or []):
            if isinstance(u, _FusedSGDStep):
                self._fused.append(u)
                continue
            if not isinstance(u, (list, tuple)) or len(u) != 2:
                raise ValueError('function: each update must be a (variable, new_value) tuple, '
                                 'got %r.' % (u,))
            target, value = u
            if not is_variable(target):
                raise ValueError('function: an update must assign a variable; got %r.' % (target,))
            self.updates.append((target, cast(_tensor(value), target.dtype)))
        # early: computed with the losses; late: after them, from their gradients
        self._late = [t for t in self.outputs if _gradient_leaves(t)] + \
            [v for _, v in self.updates]
        self._early = [t for t in self.outputs if not _gradient_leaves(t)]
        grads = dict((step.grad.key, step.grad) for step in self._fused)
        for t in self._late:
            grads.update(_gradient_leaves(t))
        self._losses = {}
        for g in grads.values():
            self._losses.setdefault(id(g.loss), (g.loss, []))[1].append(g)
        self._executors = {}

    def __call__(self, values):
        if not isinstance(values, (list, tuple)):
            raise TypeError('function: inputs must be a list or tuple of arrays, got %r.'
                            % type(values).__name__)
        if len(values) != len(self.inputs):
            raise ValueError('function: expected %d inputs, got %d.'
                             % (len(self.inputs), len(values)))
        feed = {}
        for x, value in zip(self.inputs, values):
            if isinstance(x, MXTensor):
                feed[x.key] = np.asarray(value)
        key = tuple(sorted((n, v.shape) for n, v in feed.items()))
        bound = self._executors.get(key)
        if bound is None:
            bound = self._executors[key] = self._bind(feed)
        first, rest, fed, drawn, fused = bound
        for n, array in fed.items():
            array[:] = feed[n] if n in feed else 0
        for leaf, array in drawn:
            array[:] = leaf.draw(array.shape)
        early_values = []
        for executor, n_early, head_grads in first:
            executor.forward(is_train=True)
            executor.backward(out_grads=head_grads)
            early_values = early_values or executor.outputs[1:1 + n_early]
        if rest is not None:
            rest.forward(is_train=False)
            if not first:
                early_values = rest.outputs[:len(self._early)]
        late_values = rest.outputs[len(self._early) if not first else 0:] if rest else []
        n_late_outputs = len(self._late) - len(self.updates)
        results, early, late = [], iter(early_values), iter(late_values[:n_late_outputs])
        for t in self.outputs:
            results.append(_numpy_of(t, next(late) if _gradient_leaves(t) else next(early)))
        if self.updates:
            for new, array in zip(late_values[n_late_outputs:], self._update_targets(rest)):
                new.copyto(array)
        rates = {}
        for weight, grad, lr in fused:
            rate = rates.get(id(lr))
            if rate is None:
                rate = rates[id(lr)] = float(lr.asnumpy().reshape(()))
            mx.nd.sgd_update(weight, grad, lr=rate, wd=0., rescale_grad=1., out=weight)
        values, results = iter(results), []
        for t in self._requested:
            if t.kind == 'host':
                results.append(t.host_fn(*[next(values) for _ in t.host_inputs]))
            else:
                results.append(next(values))
        return results[0] if self._single else results

    def _update_targets(self, rest):
        """The variables' arrays, each viewed in the shape of its update's output."""
        targets = getattr(rest, 'keras_update_targets', None)
        if targets is None:
            outputs = rest.outputs[len(rest.outputs) - len(self.updates):]
            targets = rest.keras_update_targets = [
                target.array.reshape(out.shape) for (target, _), out in zip(self.updates,
                                                                            outputs)]
        return targets

    def _bind(self, feed):
        """Executors for inputs of these shapes: (first, rest, fed arrays, random arrays,
        (weight, gradient, learning rate) arrays of the fused steps)."""
        fed, drawn, arrays = {}, [], {}

        def args_of(sym):
            args = {}
            for n in sym.list_arguments():
                if n in arrays:
                    args[n] = arrays[n]
                    continue
                leaf = _LEAVES.get(n)
                if leaf is None:
                    raise ValueError('function: the graph uses %r, which is not a tensor of this '
                                     'session.' % n)
                if leaf.kind in ('variable', 'constant'):
                    array = leaf.array
                elif leaf.kind in _FED_KINDS:
                    if n not in feed and leaf.kind == 'placeholder':
                        raise ValueError('function: the placeholder %r is needed but not among '
                                         'the inputs.' % n)
                    shape_ = feed[n].shape if n in feed else ()  # the phase: 0 unless fed
                    array = fed[n] = mx.nd.zeros(shape_, dtype=_physical(leaf.dtype))
                elif leaf.kind == 'random':
                    array = mx.nd.zeros(leaf.concrete_shape(feed), dtype=_physical(leaf.dtype))
                    drawn.append((leaf, array))
                else:
                    raise ValueError('function: %r is not ready when it is needed.' % n)
                args[n] = arrays[n] = array
            return args

        first = []
        for i, (loss, grads) in enumerate(self._losses.values()):
            early = self._early if i == 0 else []
            sym = mx.sym.Group([loss.sym] + [mx.sym.BlockGrad(t.sym) for t in early])
            args = args_of(sym)
            wrt = dict((g.wrt.key, g) for g in grads)
            args_grad = dict((n, mx.nd.zeros(args[n].shape, dtype=args[n].dtype)) for n in wrt)
            grad_req = dict((n, 'write' if n in wrt else 'null') for n in args)
            executor = sym.bind(mx.cpu(), args, args_grad=args_grad, grad_req=grad_req)
            shapes = executor.outputs
            head_grads = [mx.nd.ones(shapes[0].shape, dtype=shapes[0].dtype)] + \
                [mx.nd.zeros(o.shape, dtype=o.dtype) for o in shapes[1:]]
            for n, g in wrt.items():
                arrays[g.key] = args_grad[n]
            first.append((executor, len(early), head_grads))
        pending = self._late if first else self._early + self._late
        rest = None
        if pending:
            sym = mx.sym.Group([t.sym for t in pending])
            rest = sym.bind(mx.cpu(), args_of(sym), grad_req='null')
        fused = [(step.param.array, arrays[step.grad.key], step.lr.array) for step in self._fused]
        return first, rest, fed, drawn, fused


def _numpy_of(t, array):
    value = array.asnumpy()
    if value.ndim != len(t._keras_shape) and value.size == 1:
        value = value.reshape(())
    return value.astype(t.dtype) if t.dtype in _HELD_AS else value


def _gradient_leaves(t):
    """{name: leaf} of the gradient stand-ins `t` is computed from."""
    found = getattr(t, '_gradients', None)
    if found is None:
        found = {}
        for n in t.sym.list_arguments():
            leaf = _LEAVES.get(n)
            if leaf is not None and leaf.kind == 'gradient':
                found[n] = leaf
        t._gradients = found
    return found


def _reached_through_floats(output):
    """The ids of the tensors `output` is computed from through floating point values (a
    gradient cannot pass through integers or bools, e.g. an argmax or a comparison)."""
    reached, stack_ = set(), [output]
    while stack_:
        t = stack_.pop()
        if id(t) in reached:
            continue
        reached.add(id(t))
        stack_.extend(p for p in t._parents if p.dtype.startswith('float'))
    return reached


def function(inputs, outputs, updates=None, name=None, **kwargs):
    """A function from `inputs` (placeholders, possibly with `learning_phase()`) to
    `outputs`, applying `updates` ((variable, new_value) pairs) at each call."""
    if kwargs:
        raise ValueError('function: invalid argument(s) %s for the mxnet backend (it takes '
                         'inputs, outputs, updates and name).' % ', '.join(sorted(kwargs)))
    return Function(inputs, outputs, updates=updates, name=name)


def gradients(loss, variables):
    """The gradients of `loss` (summed when not a scalar) with respect to `variables`
    (variables or placeholders): stand-ins that `function()` fills by running the
    loss forward and backward."""
    loss = _tensor(loss)
    if _gradient_leaves(loss):
        raise _unsupported('gradients of a gradient', 'MXNet symbols have no symbolic gradient '
                           'op, and this backend computes one order of gradients')
    single = not isinstance(variables, (list, tuple))
    wrt = [variables] if single else list(variables)
    reached = _reached_through_floats(loss)
    grads = []
    for v in wrt:
        if not isinstance(v, MXTensor) or v.kind not in ('variable', 'placeholder'):
            raise _unsupported('gradients with respect to %r' % (v,),
                               'only variables and placeholders can be differentiated against')
        if id(v) not in reached or not v.dtype.startswith('float'):
            g = zeros_like(v)
            g._keras_disconnected = True
        else:
            g = _leaf('gradient', v._keras_shape, v.dtype, 'grad_' + v.name)
            g.loss, g.wrt = loss, v
            g._parents = (loss, v)
        grads.append(g)
    return grads[0] if single else grads


# -- indexing --------------------------------------------------------------------------------------

def _getitem(x, key):
    """`x[key]` for ints and slices (with steps), axis by axis from the first, or for a
    tensor of positions along the first axis."""
    if isinstance(key, MXTensor):
        return gather(x, key)    # positions along the first axis, as numpy's x[indices]
    key = key if isinstance(key, tuple) else (key,)
    if _py_any(k is Ellipsis or k is None or isinstance(k, (MXTensor, list, np.ndarray))
               for k in key):
        raise _unsupported('indexing a tensor with %r' % (key,), 'only ints and slices are '
                           'supported (use gather for lists of positions)')
    if len(key) > x.ndim:
        raise IndexError('too many indices (%d) for a tensor of rank %d.' % (len(key), x.ndim))
    begin, end, step, shape, dropped = [], [], [], [], []
    for axis, k in enumerate(key):
        size = x._keras_shape[axis]
        if isinstance(k, _py_slice):
            begin.append(k.start)
            end.append(k.stop)
            step.append(k.step)
            shape.append(None if size is None else len(range(*k.indices(size))))
        else:
            k = int(k)
            begin.append(k)
            end.append(k + 1 if k != -1 else None)
            step.append(None)
            shape.append(1)
            dropped.append(axis)
    shape = tuple(shape) + x._keras_shape[len(key):]
    out = _unary(lambda s: mx.sym.slice(s, begin=tuple(begin), end=tuple(end),
                                        step=tuple(step)), x, shape=shape)
    for axis in reversed(dropped):
        out = squeeze(out, axis)
    if getattr(x, '_shape_of', None) is not None and len(key) == 1 and dropped:
        out._dim_of = (x._shape_of, int(key[0]) % x._keras_shape[0])    # shape(t)[i]
    return out


def reverse(x, axes):
    """Reverse along `axes` (an int or a list)."""
    x = _tensor(x)
    axes = [axes] if isinstance(axes, (int, np.integer)) else list(axes)
    axes = tuple(sorted(a % x.ndim for a in axes))
    return _unary(lambda s: mx.sym.reverse(s, axis=axes), x)


def slice(x, start, size):
    """x[start:start + size] along every axis (size -1: to the end)."""
    x = _tensor(x)
    _check_slice(x.ndim, start, size)
    if not isinstance(start, (list, tuple)) or not isinstance(size, (list, tuple)) or \
            _py_any(isinstance(v, MXTensor) for v in list(start) + list(size)):
        raise _unsupported('slice with tensor bounds', 'MXNet takes slice bounds as numbers')
    return _getitem(x, tuple(_py_slice(int(s), int(s) + int(n) if n != -1 else None)
                             for s, n in zip(start, size)))


def size(x, name=None):
    """The number of elements of `x` (an int32 scalar)."""
    x = _tensor(x)
    out = _apply(lambda s: mx.sym.cast(mx.sym.size_array(s), 'int32'), [x], shape=(1,),
                 dtype='int32')
    return _to_scalar(out)


# -- randomness ------------------------------------------------------------------------------------

def _random(shape, dtype, seed, draw):
    """A leaf fed, at each call, with `draw(rng, shape)` from a numpy generator seeded
    with `seed` (else from NumPy's global state). `shape` may hold tensors (sizes known
    only when the graph runs) or be one (a shape vector)."""
    if seed is None:
        seed = np.random.randint(10 ** 6)
    if isinstance(shape, MXTensor):
        static = (None,) * (shape._keras_shape[0] or 0)
    else:
        static = tuple(None if isinstance(d, MXTensor) or d is None else int(d) for d in shape)
    leaf = _leaf('random', static, np.dtype(dtype or floatx()).name)
    leaf.spec = shape
    rng = np.random.RandomState(seed)
    leaf.draw = lambda concrete: draw(rng, concrete).astype(leaf.dtype)
    leaf.concrete_shape = lambda feed: _concrete_shape(leaf.spec, feed)
    leaf._parents = tuple(d for d in (shape if isinstance(shape, (list, tuple)) else [shape])
                          if isinstance(d, MXTensor))
    return leaf


def _concrete_shape(spec, feed):
    """The numbers of a shape spec, evaluating its tensors on the fed values."""
    tensors = [spec] if isinstance(spec, MXTensor) else [d for d in spec if isinstance(d, MXTensor)]
    values = {}
    if tensors:
        placeholders = {}
        for t in tensors:
            for n in t.sym.list_arguments():
                leaf = _LEAVES.get(n)
                if leaf is not None and leaf.kind in _FED_KINDS:
                    placeholders[n] = leaf
        names = sorted(placeholders)
        results = function([placeholders[n] for n in names], tensors)(
            [feed.get(n, np.zeros(())) for n in names])
        values = dict(zip(map(id, tensors), results))
    if isinstance(spec, MXTensor):
        return tuple(int(d) for d in values[id(spec)])
    return tuple(int(values[id(d)]) if isinstance(d, MXTensor) else int(d) for d in spec)


def random_uniform(shape, minval=0., maxval=1., dtype=None, seed=None):
    return _random(shape, dtype, seed, lambda rng, s: rng.uniform(minval, maxval, size=s))


def random_normal(shape, mean=0., stddev=1., dtype=None, seed=None):
    return _random(shape, dtype, seed, lambda rng, s: rng.normal(mean, stddev, size=s))


def random_binomial(shape, p=0., dtype=None, seed=None):
    return _random(shape, dtype, seed, lambda rng, s: rng.uniform(size=s) < p)


def truncated_normal(shape, mean=0., stddev=1., dtype=None, seed=None):
    """Normal draws, those beyond two standard deviations drawn again."""
    def draw(rng, s):
        values = rng.normal(0., 1., size=s)
        bad = np.abs(values) > 2.
        while bad.any():
            values[bad] = rng.normal(0., 1., size=bad.sum())
            bad = np.abs(values) > 2.
        return values * stddev + mean
    return _random(shape, dtype, seed, draw)


def dropout(x, level, noise_shape=None, seed=None):
    """`x` with a fraction `level` of its entries zeroed, the rest scaled by 1 / (1 - level)."""
    x = _tensor(x)
    if not 0. <= level < 1.:
        raise ValueError('dropout: level must be in [0, 1); got %r.' % (level,))
    keep = 1. - level
    if noise_shape is None:
        noise_shape = shape(x) if None in x._keras_shape else x._keras_shape
    else:
        noise_shape = [shape(x)[i] if d is None else d for i, d in enumerate(noise_shape)]
    mask = random_binomial(noise_shape, p=keep, dtype=x.dtype, seed=seed)
    return x * mask / keep


# -- neural network ops ----------------------------------------------------------------------------

def bias_add(x, bias, data_format=None):
    """`x` plus `bias` on the channels axis."""
    x, bias = _tensor(x), _tensor(bias)
    data_format = normalize_data_format(data_format)
    if bias.ndim != 1 and bias.ndim != x.ndim - 1:
        raise ValueError('bias_add: unexpected bias rank %d for an input of rank %d (expected 1 '
                         'or %d).' % (bias.ndim, x.ndim, x.ndim - 1))
    if data_format == 'channels_first' and x.ndim > 2:
        if bias.ndim == 1:
            bias = reshape(bias, (1, -1) + (1,) * (x.ndim - 2))
        else:
            # as numpy_backend: the values reshaped (not transposed) to (1, channels, ...)
            bias = reshape(bias, (1, bias._keras_shape[-1]) + bias._keras_shape[:-1])
    return x + bias


def _tuple(value, n):
    return tuple(int(v) for v in value) if isinstance(value, (list, tuple)) else (int(value),) * n


def _check_padding(padding, function, allowed=('valid', 'same')):
    if padding not in allowed:
        raise ValueError('%s: invalid padding %r (expected %s).'
                         % (function, padding, ' or '.join('"%s"' % p for p in allowed)))


def _pads(sizes, kernel, strides, dilation, padding, function):
    """[(before, after)] per spatial axis, and the output sizes (None when unknown)."""
    pads, outs = [], []
    for size_, k, s, d in zip(sizes, kernel, strides, dilation):
        effective = (k - 1) * d + 1
        if padding == 'valid':
            pads.append((0, 0))
            outs.append(None if size_ is None else (size_ - effective) // s + 1)
        elif padding == 'causal':
            pads.append((effective - 1, 0))
            outs.append(None if size_ is None else (size_ - 1) // s + 1)
        else:
            if size_ is None:
                total = effective - 1    # stride 1 (larger strides: see _same_at_run_time)
            else:
                out = -(-size_ // s)
                total = _py_max((out - 1) * s + effective - size_, 0)
            pads.append((total // 2, total - total // 2))
            outs.append(None if size_ is None else -(-size_ // s))
    return pads, outs


def _to_first(x, data_format):
    """`x` channels first (MXNet's layout)."""
    if data_format == 'channels_last':
        return permute_dimensions(x, (0, x.ndim - 1) + tuple(range(1, x.ndim - 1)))
    return x


def _from_first(x, data_format):
    if data_format == 'channels_last':
        return permute_dimensions(x, (0,) + tuple(range(2, x.ndim)) + (1,))
    return x


def _pad_first(x, pads, value=0.):
    """Pad the spatial axes of a channels-first tensor (2 or 3 spatial axes)."""
    if _py_all(p == (0, 0) for p in pads):
        return x
    width = (0, 0, 0, 0) + tuple(v for p in pads for v in p)
    shape = x._keras_shape[:2] + tuple(None if d is None else d + b + a
                                       for d, (b, a) in zip(x._keras_shape[2:], pads))
    return _unary(lambda s: mx.sym.pad(s, mode='constant', pad_width=width,
                                       constant_value=value), x, shape=shape)


def _spatial_1d_as_2d(x, data_format):
    """A 1D input (channels last or first) as a 2D one with rows of size 1."""
    return expand_dims(x, 1 if data_format == 'channels_last' else 2)


def _needs_run_time_padding(x, strides, padding):
    """Whether 'same' padding of channels-first `x` depends on sizes known only at run time."""
    return padding == 'same' and _py_any(size_ is None and s != 1
                                         for size_, s in zip(x._keras_shape[2:], strides))


def _same_at_run_time(x, run, kernel_spatial, strides, dilation, pad_value=0.):
    """TensorFlow's 'same' result of `run(x_padded, strides)` (an op over channels-first `x`)
    when the padding depends on sizes known only at run time.

    The op runs with stride 1 over `x` padded by (effective - 1) cells on each side;
    along each spatial axis of size n the output positions i * stride + (effective - 1
    - before(n)) are then taken, with before(n) TensorFlow's padding, computed from the
    run-time shape of `x`.
    """
    effectives = [(k - 1) * d + 1 for k, d in zip(kernel_spatial, dilation)]
    y = run(_pad_first(x, [(e - 1, e - 1) for e in effectives], pad_value),
            (1,) * len(strides))
    for i, (e, stride) in enumerate(zip(effectives, strides)):
        axis = 2 + i

        def pick(ys, xs, axis=axis, e=e, stride=stride):
            n = mx.sym.cast(mx.sym.slice_axis(mx.sym.shape_array(xs), axis=0, begin=axis,
                                              end=axis + 1), 'float32')
            out = mx.sym.ceil(n / stride)
            before = mx.sym.floor(mx.sym.relu((out - 1) * stride + e - n) / 2)
            steps = [1] * (len(strides) + 2)
            steps[axis] = stride
            strided = mx.sym.slice(xs, begin=(None,) * len(steps), end=(None,) * len(steps),
                                   step=tuple(steps))
            positions = mx.sym.broadcast_add(
                mx.sym.contrib.arange_like(strided, axis=axis) * stride, (e - 1) - before)
            return mx.sym.take(ys, positions, axis=axis)
        shape_ = list(y._keras_shape)
        shape_[axis] = None if x._keras_shape[axis] is None else -(-x._keras_shape[axis] // stride)
        y = _apply(pick, [y, x], shape=tuple(shape_), dtype=y.dtype)
    return y


def _convolution(x, weight, strides, padding, data_format, dilation, groups, function,
                 kernel_spatial):
    """`x` (channels last or first) convolved with an MXNet weight (out, in/groups, spatial...)."""
    n = len(kernel_spatial)
    x = _to_first(x, data_format)
    if x.dtype != weight.dtype:
        x = cast(x, weight.dtype)
    if _needs_run_time_padding(x, strides, padding):
        return _from_first(_same_at_run_time(
            x, lambda padded, ones: _convolution(padded, weight, ones, 'valid', 'channels_first',
                                                 dilation, groups, function, kernel_spatial),
            kernel_spatial, strides, dilation), data_format)
    pads, outs = _pads(x._keras_shape[2:], kernel_spatial, strides, dilation, padding, function)
    symmetric = _py_all(b == a for b, a in pads)
    if not symmetric:
        x = _pad_first(x, pads)
    pad = tuple(b for b, _ in pads) if symmetric else (0,) * n
    filters = weight._keras_shape[0]
    out = _apply(lambda s, w: mx.sym.Convolution(s, w, kernel=kernel_spatial, stride=strides,
                                                 dilate=dilation, pad=pad, num_filter=filters,
                                                 num_group=groups, no_bias=True,
                                                 cudnn_off=True),
                 [x, weight], shape=(x._keras_shape[0], filters) + tuple(outs), dtype=x.dtype)
    return _from_first(out, data_format)


def _kernel_to_mxnet(kernel):
    """A (spatial..., in, out) kernel as MXNet's (out, in, spatial...)."""
    kernel = _tensor(kernel)
    n = kernel.ndim - 2
    return permute_dimensions(kernel, (n + 1, n) + tuple(range(n)))


def _convnd(x, kernel, strides, padding, data_format, dilation_rate, function):
    x, kernel = _tensor(x), _tensor(kernel)
    data_format = normalize_data_format(data_format)
    _check_padding(padding, function, ('valid', 'same', 'causal') if function == 'conv1d'
                   else ('valid', 'same'))
    n = kernel.ndim - 2
    strides, dilation = _tuple(strides, n), _tuple(dilation_rate, n)
    if n == 1:
        if padding == 'causal':
            effective = (kernel._keras_shape[0] - 1) * dilation[0] + 1
            x = temporal_padding(x, (effective - 1, 0)) if data_format == 'channels_last' else \
                permute_dimensions(temporal_padding(permute_dimensions(x, (0, 2, 1)),
                                                    (effective - 1, 0)), (0, 2, 1))
            padding = 'valid'
        out = _convnd(_spatial_1d_as_2d(x, data_format), expand_dims(kernel, 0),
                      (1,) + strides, padding, data_format, (1,) + dilation, 'conv1d')
        return squeeze(out, 1 if data_format == 'channels_last' else 2)
    return _convolution(x, _kernel_to_mxnet(kernel), strides, padding, data_format, dilation, 1,
                        function, kernel._keras_shape[:n])


def conv1d(x, kernel, strides=1, padding='valid', data_format=None, dilation_rate=1):
    """1D convolution (cross-correlation); kernel (width, in, out)."""
    return _convnd(x, kernel, strides, padding, data_format, dilation_rate, 'conv1d')


def conv2d(x, kernel, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1)):
    """2D convolution (cross-correlation); kernel (rows, cols, in, out)."""
    return _convnd(x, kernel, strides, padding, data_format, dilation_rate, 'conv2d')


def conv3d(x, kernel, strides=(1, 1, 1), padding='valid', data_format=None,
           dilation_rate=(1, 1, 1)):
    """3D convolution (cross-correlation); kernel (d1, d2, d3, in, out)."""
    return _convnd(x, kernel, strides, padding, data_format, dilation_rate, 'conv3d')


def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding='valid', data_format=None,
                     dilation_rate=(1, 1)):
    """Each input channel convolved with its own `multiplier` filters; kernel (r, c, in, mult)."""
    x, kernel = _tensor(x), _tensor(depthwise_kernel)
    data_format = normalize_data_format(data_format)
    _check_padding(padding, 'depthwise_conv2d')
    rows, cols, channels, multiplier = kernel._keras_shape
    # output channel c * multiplier + m is input channel c's filter m, as MXNet's groups give
    weight = expand_dims(permute_dimensions(reshape(kernel, (rows, cols, channels * multiplier)),
                                            (2, 0, 1)), 1)
    return _convolution(x, weight, _tuple(strides, 2), padding, data_format,
                        _tuple(dilation_rate, 2), channels, 'depthwise_conv2d', (rows, cols))


def separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1), padding='valid',
                     data_format=None, dilation_rate=(1, 1)):
    y = depthwise_conv2d(x, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv2d(y, pointwise_kernel, (1, 1), 'valid', data_format)


def separable_conv1d(x, depthwise_kernel, pointwise_kernel, strides=1, padding='valid',
                     data_format=None, dilation_rate=1):
    data_format = normalize_data_format(data_format)
    x = _tensor(x)
    _check_padding(padding, 'separable_conv1d', ('valid', 'same', 'causal'))
    strides, dilation = _tuple(strides, 1), _tuple(dilation_rate, 1)
    if padding == 'causal':
        effective = (_tensor(depthwise_kernel)._keras_shape[0] - 1) * dilation[0] + 1
        x = _from_first(_pad_first(_spatial_1d_as_2d(_to_first(x, data_format),
                                                     'channels_first'),
                                   [(0, 0), (effective - 1, 0)]), data_format)
        x = squeeze(x, 1 if data_format == 'channels_last' else 2)
        padding = 'valid'
    y = depthwise_conv2d(_spatial_1d_as_2d(x, data_format), expand_dims(depthwise_kernel, 0),
                         (1,) + strides, padding, data_format, (1,) + dilation)
    y = conv2d(y, expand_dims(pointwise_kernel, 0), (1, 1), 'valid', data_format)
    return squeeze(y, 1 if data_format == 'channels_last' else 2)


def _poolnd(x, pool_size, strides, padding, data_format, pool_mode, function):
    x = _tensor(x)
    data_format = normalize_data_format(data_format)
    _check_padding(padding, function)
    if pool_mode not in ('max', 'avg', 'sum'):    # 'sum': internal, for 'avg' above
        raise ValueError('%s: invalid pool_mode %r (expected "max" or "avg").'
                         % (function, pool_mode))
    n = len(pool_size)
    pool_size, strides = _tuple(pool_size, n), _tuple(strides, n)
    x = _to_first(x, data_format)
    if _needs_run_time_padding(x, strides, padding):
        def run(padded, ones):
            return _poolnd(padded, pool_size, ones, 'valid', 'channels_first', pool_kind, function)
        if pool_mode == 'max':
            pool_kind = 'max'
            lowest = float(np.finfo(_physical(x.dtype)).min)
            out = _same_at_run_time(x, run, pool_size, strides, (1,) * n, lowest)
        else:
            # Padded cells are not counted: window sums over counts of real cells.
            pool_kind = 'sum'
            out = _same_at_run_time(x, run, pool_size, strides, (1,) * n) / \
                _same_at_run_time(ones_like(x), run, pool_size, strides, (1,) * n)
        return _from_first(out, data_format)
    pads, outs = _pads(x._keras_shape[2:], pool_size, strides, (1,) * n, padding, function)
    shape_ = x._keras_shape[:2] + tuple(outs)

    def pool(t, kind):
        return _unary(lambda s: mx.sym.Pooling(s, kernel=pool_size, stride=strides,
                                               pool_type=kind, pooling_convention='valid',
                                               cudnn_off=True), t, shape=shape_)
    if pool_mode == 'sum':
        out = pool(x, 'sum')
    elif pool_mode == 'max':
        lowest = float(np.finfo(_physical(x.dtype)).min)
        out = pool(_pad_first(x, pads, lowest), 'max')
    elif _py_all(p == (0, 0) for p in pads):
        out = pool(x, 'avg')
    else:
        # Padded cells are not counted: the sum over each window over the count of real cells.
        out = pool(_pad_first(x, pads), 'sum') / pool(_pad_first(ones_like(x), pads), 'sum')
    return _from_first(out, data_format)


def pool2d(x, pool_size, strides=(1, 1), padding='valid', data_format=None, pool_mode='max'):
    """2D pooling; padded cells are ignored (as TensorFlow does)."""
    return _poolnd(x, pool_size, strides, padding, data_format, pool_mode, 'pool2d')


def pool3d(x, pool_size, strides=(1, 1, 1), padding='valid', data_format=None, pool_mode='max'):
    """3D pooling; padded cells are ignored (as TensorFlow does)."""
    return _poolnd(x, pool_size, strides, padding, data_format, pool_mode, 'pool3d')


# -- padding and resizing -------------------------------------------------------------------------

def temporal_padding(x, padding=(1, 1)):
    """Zeros added before and after the time axis (1) of a 3D tensor."""
    x = _tensor(x)
    padded = _pad_first(expand_dims(permute_dimensions(x, (0, 2, 1)), 2),
                        [(0, 0), tuple(int(p) for p in padding)])
    return permute_dimensions(squeeze(padded, 2), (0, 2, 1))


def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    data_format = normalize_data_format(data_format)
    x = _to_first(_tensor(x), data_format)
    return _from_first(_pad_first(x, [tuple(int(v) for v in p) for p in padding]), data_format)


def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)), data_format=None):
    data_format = normalize_data_format(data_format)
    x = _to_first(_tensor(x), data_format)
    return _from_first(_pad_first(x, [tuple(int(v) for v in p) for p in padding]), data_format)


def _bilinear_axis(x, axis, factor):
    """Upsample `axis` by `factor` with TensorFlow's half-pixel bilinear rule (as numpy_backend)."""
    size_ = x._keras_shape[axis]
    coords = (np.arange(size_ * factor, dtype='float64') + 0.5) / factor - 0.5
    floor = np.floor(coords)
    lower = np.maximum(floor, 0).astype('int32')
    upper = np.minimum(np.ceil(coords), size_ - 1).astype('int32')
    frac_shape = [1] * x.ndim
    frac_shape[axis] = -1
    frac = constant((coords - floor).reshape(frac_shape), dtype=x.dtype)
    shape_ = list(x._keras_shape)
    shape_[axis] = size_ * factor

    def take(indices):
        return _apply(lambda s, i: mx.sym.take(s, i, axis=axis), [x, constant(indices, 'int32')],
                      shape=tuple(shape_), dtype=x.dtype)
    low, high = take(lower), take(upper)
    return low + (high - low) * frac


def resize_images(x, height_factor, width_factor, data_format, interpolation='nearest'):
    """Upsample rows and columns by integer factors ('nearest' or 'bilinear')."""
    if interpolation not in ('nearest', 'bilinear'):
        raise ValueError('resize_images: invalid interpolation %r (expected "nearest" or '
                         '"bilinear").' % (interpolation,))
    x = _tensor(x)
    axes = (2, 3) if normalize_data_format(data_format) == 'channels_first' else (1, 2)
    if interpolation == 'bilinear':
        if None in (x._keras_shape[axes[0]], x._keras_shape[axes[1]]):
            raise _unsupported('resize_images(interpolation="bilinear") of unknown sizes',
                               'the sampling positions are built from the sizes')
        return _bilinear_axis(_bilinear_axis(x, axes[1], int(width_factor)), axes[0],
                              int(height_factor))
    return repeat_elements(repeat_elements(x, int(height_factor), axes[0]), int(width_factor),
                           axes[1])


def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    axes = (2, 3, 4) if normalize_data_format(data_format) == 'channels_first' else (1, 2, 3)
    for axis, factor in zip(axes, (depth_factor, height_factor, width_factor)):
        x = repeat_elements(x, int(factor), axis)
    return x


# -- transposed and local convolutions -------------------------------------------------------------

def _conv_transpose(x, kernel, output_shape, strides, padding, data_format, dilation_rate,
                    function):
    """The transpose of a convolution: MXNet's Deconvolution with no padding gives the full
    result, cut to `output_shape` where the convolution's 'same' padding starts."""
    x, kernel = _tensor(x), _tensor(kernel)
    data_format = normalize_data_format(data_format)
    _check_padding(padding, function)
    n = kernel.ndim - 2
    strides, dilation = _tuple(strides, n), _tuple(dilation_rate, n)
    output_shape = tuple(output_shape)
    spatial_out = output_shape[1:-1] if data_format == 'channels_last' else output_shape[2:]
    if _py_any(not isinstance(d, (int, np.integer)) for d in spatial_out):
        raise _unsupported('%s with output sizes %r' % (function, spatial_out),
                           'the spatial output sizes must be numbers')
    x = _to_first(x, data_format)
    in_sizes = x._keras_shape[2:]
    if None in in_sizes:
        raise _unsupported('%s of an input whose spatial sizes are unknown' % function,
                           'the crop is built from them')
    kernel_spatial = kernel._keras_shape[:n]
    filters = kernel._keras_shape[n]
    befores = [_pads([int(o)], [k], [s], [d], padding, function)[0][0][0]
               for o, k, s, d in zip(spatial_out, kernel_spatial, strides, dilation)]
    full = [(i - 1) * s + (k - 1) * d + 1
            for i, k, s, d in zip(in_sizes, kernel_spatial, strides, dilation)]
    weight = permute_dimensions(kernel, (n + 1, n) + tuple(range(n)))    # (in, out, spatial...)
    if x.dtype != weight.dtype:
        x = cast(x, weight.dtype)
    y = _apply(lambda s, w: mx.sym.Deconvolution(s, w, kernel=kernel_spatial, stride=strides,
                                                 dilate=dilation, pad=(0,) * n,
                                                 num_filter=filters, no_bias=True,
                                                 cudnn_off=True),
               [x, weight], shape=(x._keras_shape[0], filters) + tuple(full), dtype=x.dtype)
    extra = [_py_max(b + int(o) - f, 0) for b, o, f in zip(befores, spatial_out, full)]
    if _py_any(extra):
        y = _pad_first(y, [(0, e) for e in extra])
    y = y[(_py_slice(None), _py_slice(None)) +
          tuple(_py_slice(b, b + int(o)) for b, o in zip(befores, spatial_out))]
    return _from_first(y, data_format)


def conv2d_transpose(x, kernel, output_shape, strides=(1, 1), padding='valid', data_format=None,
                     dilation_rate=(1, 1)):
    """Transposed 2D convolution; kernel (rows, cols, out, in), as Keras stores it."""
    return _conv_transpose(x, kernel, output_shape, strides, padding, data_format,
                           dilation_rate, 'conv2d_transpose')


def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1), padding='valid',
                     data_format=None):
    """Transposed 3D convolution; kernel (d1, d2, d3, out, in)."""
    return _conv_transpose(x, kernel, output_shape, strides, padding, data_format, (1, 1, 1),
                           'conv3d_transpose')


def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    """Unshared 1D convolution; kernel (output_length, kernel_size * in, out)."""
    data_format = normalize_data_format(data_format)
    x = _tensor(inputs)
    if data_format == 'channels_first':
        x = permute_dimensions(x, (0, 2, 1))
    k, s = int(kernel_size[0]), int(strides[0])
    kernel = _tensor(kernel)
    outputs = [dot(batch_flatten(x[:, i * s:i * s + k, :]), kernel[i])
               for i in range(kernel._keras_shape[0])]
    out = stack(outputs, axis=1)
    return permute_dimensions(out, (0, 2, 1)) if data_format == 'channels_first' else out


def local_conv2d(inputs, kernel, kernel_size, strides, output_shape, data_format=None):
    """Unshared 2D convolution; kernel (rows * cols, kr * kc * in, out)."""
    data_format = normalize_data_format(data_format)
    x = _tensor(inputs)
    if data_format == 'channels_first':
        x = permute_dimensions(x, (0, 2, 3, 1))
    kernel = _tensor(kernel)
    rows, cols = output_shape
    outputs = []
    for i in range(rows):
        for j in range(cols):
            patch = x[:, i * strides[0]:i * strides[0] + kernel_size[0],
                      j * strides[1]:j * strides[1] + kernel_size[1], :]
            outputs.append(dot(batch_flatten(patch), kernel[i * cols + j]))
    out = reshape(stack(outputs, axis=1), (-1, rows, cols, kernel._keras_shape[-1]))
    return permute_dimensions(out, (0, 3, 1, 2)) if data_format == 'channels_first' else out


# -- normalization ---------------------------------------------------------------------------------

def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=1e-3):
    """(x - mean) / sqrt(var + epsilon) * gamma + beta, the statistics broadcast as numpy does."""
    x = _tensor(x)
    out = (x - mean) / sqrt(_tensor(var) + epsilon)
    if gamma is not None:
        out = out * gamma
    if beta is not None:
        out = out + beta
    return out


def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=1e-3):
    """(normalized x, mean, variance) over `reduction_axes`."""
    x = _tensor(x)
    reduction_axes = [a % x.ndim for a in reduction_axes]
    mean_ = mean(x, axis=reduction_axes)
    var_ = var(x, axis=reduction_axes)
    shape_ = [1 if i in reduction_axes else (-1 if d is None else d)
              for i, d in enumerate(x._keras_shape)]
    normed = batch_normalization(x, reshape(mean_, shape_), reshape(var_, shape_),
                                 None if beta is None else reshape(beta, shape_),
                                 None if gamma is None else reshape(gamma, shape_),
                                 epsilon=epsilon)
    return normed, mean_, var_


# -- recurrence and loops --------------------------------------------------------------------------

def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None, constants=None,
        unroll=False, input_length=None, return_all_outputs=True):
    """Run `step_function(x_t, states + constants)` over the time axis 1 of `inputs`:
    unrolled when `unroll` is set (the number of steps must then be known), else as
    MXNet's `foreach` loop.

    # Returns
        (last_output, outputs (batch, time, ...), new_states). Where `mask` is 0
        the previous output and states are carried through unchanged. With
        `return_all_outputs=False`, `outputs` is the last output alone
        (batch, 1, ...).
    """
    inputs = _tensor(inputs)
    constants = list(constants or [])
    states = [_tensor(st) for st in initial_states]
    if mask is not None:
        mask = cast(mask, 'bool')
        if mask.ndim > 2:
            mask = mask[(_py_slice(None), _py_slice(None)) + (0,) * (mask.ndim - 2)]
    if unroll:
        steps = inputs._keras_shape[1] or input_length
        if steps is None:
            raise _unsupported('rnn(unroll=True) over a time axis of unknown length',
                               'unrolling needs the number of steps')
        last, outputs, states = _unrolled(step_function, inputs, states, constants, mask,
                                          go_backwards, steps)
    else:
        last, outputs, states = _loop(step_function, inputs, states, constants, mask,
                                      go_backwards)
    if not return_all_outputs:
        return last, expand_dims(last, 1), states
    return last, outputs, states


def _masked(kept, output, previous, new_states, states):
    """Where `kept` is False, the previous output and states."""
    return switch(kept, output, previous), [switch(kept, new, old)
                                            for new, old in zip(new_states, states)]


def _unrolled(step_function, inputs, states, constants, mask, go_backwards, steps):
    outputs, last = [], None
    for t in (range(steps - 1, -1, -1) if go_backwards else range(steps)):
        output, new_states = step_function(inputs[:, t], states + constants)
        new_states = list(new_states)
        if mask is not None:
            previous = zeros_like(output) if last is None else last
            output, new_states = _masked(mask[:, t], output, previous, new_states, states)
        outputs.append(output)
        states, last = new_states, output
    return last, stack(outputs, axis=1), states


def _loop(step_function, inputs, states, constants, mask, go_backwards):
    """The recurrence as one `mx.sym.contrib.foreach` over the time-major inputs (and mask).
    With a mask the previous output is carried as an extra state, its shape from a first
    call of `step_function` outside the loop."""
    time_major = permute_dimensions(inputs, (1, 0) + tuple(range(2, inputs.ndim)))
    sequences = [time_major] + ([permute_dimensions(mask, (1, 0))] if mask is not None else [])
    if go_backwards:
        sequences = [reverse(seq, 0) for seq in sequences]
    carried = list(states)
    if mask is not None:
        probe, _ = step_function(inputs[:, 0], states + constants)
        carried.append(zeros_like(probe))
    made = {}

    def body(data, loop_states):
        x_t = MXTensor(data[0], inputs._keras_shape[:1] + inputs._keras_shape[2:], inputs.dtype)
        old = [MXTensor(sym, t._keras_shape, t.dtype) for sym, t in zip(loop_states, carried)]
        output, new_states = step_function(x_t, old[:len(states)] + constants)
        new_states = [cast(_tensor(n), t.dtype) for n, t in zip(new_states, states)]
        if mask is not None:
            kept = MXTensor(data[1], mask._keras_shape[:1], mask.dtype)
            output, new_states = _masked(kept, output, old[-1], new_states, old[:-1])
        made['output'], made['states'] = output, new_states
        results = [n.sym for n in new_states]
        if mask is not None:
            results.append(cast(output, carried[-1].dtype).sym)
        return _using_every_state(output, results, loop_states), results

    # foreach names its loop variables after the initial states: one symbol given for two
    # states (ConvLSTM2D's h and c start equal) must become two.
    outputs_sym, final_syms = mx.sym.contrib.foreach(body, [t.sym for t in sequences],
                                                     [mx.sym.identity(t.sym) for t in carried])
    parents = sequences + carried + [_tensor(c) for c in constants]
    leaves = [_LEAVES[n] for n in outputs_sym.list_arguments() if n in _LEAVES]
    output = made['output']
    outputs = MXTensor(outputs_sym, (inputs._keras_shape[1],) + output._keras_shape,
                       output.dtype, parents=parents + leaves)
    uses_phase = output._uses_learning_phase or _py_any(t._uses_learning_phase for t in parents)
    outputs._uses_learning_phase = uses_phase
    final_states = []
    for sym, made_state in zip(final_syms, made['states']):
        state = MXTensor(sym, made_state._keras_shape, made_state.dtype, parents=[outputs])
        state._uses_learning_phase = uses_phase
        final_states.append(state)
    last = outputs[-1]
    outputs = permute_dimensions(outputs, (1, 0) + tuple(range(2, outputs.ndim)))
    return last, outputs, final_states


def _using_every_state(output, results, loop_states):
    """`output`'s symbol, plus a zero computed from each loop state the step ignores:
    foreach refuses a loop state its body does not use."""
    out = output.sym
    used = set(mx.sym.Group([out] + results).list_arguments())
    for state in loop_states:
        if state.name not in used:
            zero = mx.sym.cast(mx.sym.sum(mx.sym.zeros_like(state)), _physical(output.dtype))
            out = mx.sym.broadcast_add(out, _np_reshape(zero, (1,) * output.ndim))
    return out


def _unstack(elems):
    elems = _tensor(elems)
    if elems._keras_shape[0] is None:
        raise _unsupported('a loop over a first axis of unknown size', 'the loop is unrolled')
    return [elems[i] for i in range(elems._keras_shape[0])]


def map_fn(fn, elems, name=None, dtype=None):
    """`fn` applied to each element along the first axis, stacked."""
    out = stack([fn(e) for e in _unstack(elems)])
    return out if dtype is None else cast(out, dtype)


def foldl(fn, elems, initializer=None, name=None):
    """Reduce the first axis of `elems` from the left with `fn(acc, x)`."""
    items = _unstack(elems)
    acc = items.pop(0) if initializer is None else initializer
    for item in items:
        acc = fn(acc, item)
    return acc


def foldr(fn, elems, initializer=None, name=None):
    """Reduce the first axis of `elems` from the right with `fn(acc, x)`."""
    items = _unstack(elems)[::-1]
    acc = items.pop(0) if initializer is None else initializer
    for item in items:
        acc = fn(acc, item)
    return acc


# -- the rest of the Keras 2.3 backend API ---------------------------------------------------------

def backend():
    return 'mxnet'


def manual_variable_initialization(value):
    """MXNet variables hold their values from the start: nothing to do."""


@contextlib.contextmanager
def control_dependencies(control_inputs):
    """MXNet symbols have no control dependencies: a no-op context."""
    yield


def in_top_k(predictions, targets, k):
    """Whether each target's score is among the `k` largest of its row (ties count as in)."""
    predictions = _tensor(predictions)
    targets = cast(reshape(_tensor(targets), (-1,)), 'int32')
    target_scores = _apply(lambda p, t: mx.sym.pick(p, t, axis=1), [predictions, targets],
                           shape=predictions._keras_shape[:1], dtype=predictions.dtype)
    above = sum(cast(greater(predictions, expand_dims(target_scores, 1)), 'int32'), axis=1)
    return less(above, int(k))


def _host(function, fn, inputs, shape, dtype):
    """A tensor computed by `fn` in numpy from the values of `inputs` after the graph runs
    (for results whose shape depends on the values, which an MXNet executor cannot have)."""
    t = MXTensor(None, shape, dtype, kind='host', parents=inputs, name=function)
    t.host_fn, t.host_inputs = fn, [_tensor(i) for i in inputs]
    return t


_PRINT_OP = {'registered': False}


def _register_print_op():
    """A custom MXNet op that prints its input when the graph runs and passes it through."""
    if _PRINT_OP['registered']:
        return

    class PrintTensor(mx.operator.CustomOp):
        def __init__(self, message):
            super(PrintTensor, self).__init__()
            self.message = message

        def forward(self, is_train, req, in_data, out_data, aux):
            print(self.message, in_data[0].asnumpy())
            self.assign(out_data[0], req[0], in_data[0])

        def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
            self.assign(in_grad[0], req[0], out_grad[0])

    @mx.operator.register('keras_print_tensor')
    class PrintTensorProp(mx.operator.CustomOpProp):
        def __init__(self, message=''):
            super(PrintTensorProp, self).__init__(need_top_grad=True)
            self.message = message

        def infer_shape(self, in_shape):
            return in_shape, [in_shape[0]], []

        def infer_type(self, in_type):
            return in_type, [in_type[0]], []

        def create_operator(self, ctx, shapes, dtypes):
            return PrintTensor(self.message)

    _PRINT_OP['registered'] = True


def print_tensor(x, message=''):
    """`x`, printed with `message` each time the graph computes it."""
    _register_print_op()
    return _unary(lambda s: mx.sym.Custom(s, op_type='keras_print_tensor', message=message), x)


# -- CTC -------------------------------------------------------------------------------------------

def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    """CTC loss per sample (batch, 1) of softmax outputs `y_pred`; blank is the last class.

    MXNet's `ctc_loss` takes activations and applies a softmax: given log(y_pred) it
    works on y_pred itself (rows of y_pred sum to 1). It computes in float32."""
    y_pred = _tensor(y_pred)
    # MXNet's CPU ctc_loss computes in float32 only.
    data = permute_dimensions(log(clip(cast(y_pred, 'float32'), 1e-7, 1.)), (1, 0, 2))
    labels = cast(_tensor(y_true), 'float32')
    data_lengths = cast(reshape(_tensor(input_length), (-1,)), 'float32')
    label_lengths = cast(reshape(_tensor(label_length), (-1,)), 'float32')
    loss = _apply(lambda d, l, dl, ll: mx.sym.ctc_loss(d, l, dl, ll, use_data_lengths=True,
                                                       use_label_lengths=True,
                                                       blank_label='last'),
                  [data, labels, data_lengths, label_lengths],
                  shape=y_pred._keras_shape[:1], dtype='float32')
    return cast(expand_dims(loss, 1), y_pred.dtype)


def ctc_decode(y_pred, input_length, greedy=True, beam_width=100, top_paths=1,
               merge_repeated=False):
    """Greedy CTC decoding: ([decoded (batch, max_len), padded with -1], log_probabilities).

    The decoded width depends on the values, so both results are computed in numpy
    (as numpy_backend does) from the graph's values: they can be outputs of a
    function, not inputs of further operations."""
    if not greedy:
        raise ValueError('ctc_decode: greedy=False (beam search) is not supported by the mxnet '
                         'backend.')
    from . import numpy_backend
    y_pred, input_length = _tensor(y_pred), _tensor(input_length)
    batch = y_pred._keras_shape[:1]
    decoded = _host('ctc_decode', lambda p, n: numpy_backend.ctc_decode(p, n)[0][0],
                    [y_pred, input_length], batch + (None,), 'int64')
    log_prob = _host('ctc_decode', lambda p, n: numpy_backend.ctc_decode(p, n)[1],
                     [y_pred, input_length], batch + (1,), floatx())
    return [decoded], log_prob


def ctc_label_dense_to_sparse(labels, label_lengths):
    """(indices, values, dense_shape) of the labels, each row cut to its length: a tuple of
    tensors computed in numpy (their sizes depend on the values), usable as outputs of a
    function."""
    from . import numpy_backend
    labels, label_lengths = _tensor(labels), _tensor(label_lengths)
    parts = [_host('ctc_label_dense_to_sparse',
                   lambda y, n, i=i: numpy_backend.ctc_label_dense_to_sparse(y, n)[i],
                   [labels, label_lengths], shape_, dtype_)
             for i, (shape_, dtype_) in enumerate((((None, 2), 'int64'), ((None,), labels.dtype),
                                                   ((2,), 'int64')))]
    return tuple(parts)
