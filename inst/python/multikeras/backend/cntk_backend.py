"""The CNTK backend: a recorded graph, built and run by CNTK in its own process.

CNTK 2.7 runs only on Python 2.7/3.5-3.7, so it lives in an engine process
(`cntk_engine/engine.py`, started by `cntk_engine/client.py` on first use).
Here every backend call records a symbolic `Tensor` (op, inputs, attrs,
shape, dtype). `function()` sends the graph to the engine once; each call
sends numpy arrays and gets numpy arrays back. Variables keep their value
here until a function that uses them is built; from then on it lives in the
engine and `get_value`/`set_value` go there.

Conventions of the engine graph:
- Keras axis 0 is a CNTK free dimension (no dynamic axes), so every op keeps
  numpy's meaning on every axis, including reductions and reshapes over the
  batch axis.
- Integer and boolean tensors are float32 (float64 when mixed with float64)
  in the engine; values are cast back to their Keras dtype on the way out.
- Convolution kernels are stored (rows, cols, in, out) as on every backend;
  the engine transposes them for CNTK inside the graph.
- Gradients are `grad` nodes. A function with gradients runs in two stages:
  forward + backward, then a graph where the gradients are inputs (the
  optimizer's updates, written with K ops, run unchanged). All values are
  computed from the variables' old values.
- Shapes known only at run time: a graph whose padding depends on a spatial size
  ('same' with strides or an even kernel, average pooling counts) or which holds a
  recurrence over an unknown number of steps is built by the engine once per shape
  of its inputs (the batch axis stays free); the step function of such a recurrence
  is recorded once and unrolled by the engine.
- Outputs whose shape depends on the data (decoded CTC paths, sparse labels) are
  `host` nodes: the engine computes their inputs, numpy finishes them here; they
  can be returned by a function but not used by other ops.

The meaning of every function is `numpy_backend`'s; shapes and dtypes of
new tensors are inferred by running numpy_backend on small dummy arrays.
"""
import builtins
import contextlib
import itertools

import numpy as np

from . import numpy_backend as NP
from . import common  # noqa: E402
from .common import (floatx, epsilon, image_data_format, normalize_data_format,  # noqa: F401
                     normalize_axis, name_scope, get_uid, phase_choice, check_learning_phase,
                     Update)
from .common import eye_array as _eye_array, check_slice as _check_slice
from .cntk_engine import client

name = 'cntk'
_ids = itertools.count(1)
_state = {'session': 0, 'learning_phase': None, 'fixed_learning_phase': None, 'used': False}
_slice = builtins.slice
_DUMMY = (5, 7)


class _Device(object):
    """The device CNTK computes on, as Keras 2.3's `cntk_backend.dev` tells it:
    `type()` is 0 for the CPU, 1 for a GPU. The engine sets CNTK's default
    device to the CPU (its build is CNTK's CPU package)."""

    def type(self):
        return 0


dev = _Device()


def ensure_engine():
    """Check that the CNTK engine is installed and starts.

    # Raises
        ImportError: naming what is missing and the command that installs it.
    """
    client.engine_command()
    if not client.running():
        try:
            client.get()
        except client.EngineError as e:
            raise ImportError('the CNTK engine is installed at %s but does not start: %s. %s'
                              % (client.prefix(), e, client.INSTALL_HINT)) from e


def clear_session():
    """Forget every variable and function: the engine process is stopped (a fresh one
    starts on next use)."""
    _state['session'] += 1
    _state['learning_phase'] = None
    _state['fixed_learning_phase'] = None
    if _state['used']:
        client.stop()
    _state['used'] = False


def set_random_seed(seed, disable_parallel_cpu=False):
    """Clear the session and have every engine started from now on seeded: CNTK's
    fixed random seed and its deterministic algorithms, and with
    `disable_parallel_cpu` one CPU thread. (Random ops get their seeds from NumPy's
    global generator, which the caller seeds.)"""
    clear_session()
    _state['seed_request'] = {'cmd': 'seed', 'seed': None if seed is None else int(seed),
                              'threads': 1 if disable_parallel_cpu else None}
    _state['seeded_generation'] = None


def _engine():
    _state['used'] = True
    engine = client.get()
    request = _state.get('seed_request')
    if request is not None and _state.get('seeded_generation') != client.generation():
        _state['seeded_generation'] = client.generation()
        engine.request(request)
    return engine


def _not_implemented(fn):
    raise NotImplementedError('%s is not implemented by the cntk backend yet.' % fn)


# -- symbolic tensors ------------------------------------------------------------------

def _edtype(dtype, inputs=()):
    """The dtype a tensor has in the engine: float32 or float64."""
    if dtype == 'float64':
        return 'float64'
    if dtype in ('float32', 'float16'):
        return 'float32'
    return 'float64' if builtins.any(getattr(t, 'edtype', None) == 'float64' for t in inputs) \
        else 'float32'


class Tensor(object):
    """A node of the recorded graph; supports Python operators like a TF tensor."""

    __array_priority__ = 100
    __array_ufunc__ = None

    def __init__(self, op, inputs=(), attrs=None, shape=(), dtype=None, name=None):
        self.id = next(_ids)
        self.op = op
        self.inputs = list(inputs)
        self.attrs = attrs or {}
        self._shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = np.dtype(dtype or floatx()).name
        self.edtype = _edtype(self.dtype, self.inputs)
        self.name = name or '%s_%d' % (op, self.id)
        self._session = _state['session']

    @property
    def shape(self):
        return self._shape

    @property
    def ndim(self):
        return len(self._shape)

    def __repr__(self):
        return '<cntk Tensor %s shape=%s dtype=%s>' % (self.name, self._shape, self.dtype)

    def __bool__(self):
        raise TypeError('A symbolic cntk tensor has no truth value; use K.switch or compare '
                        'its value after K.eval.')

    def __len__(self):
        if not self._shape or self._shape[0] is None:
            raise TypeError('len() of a cntk tensor with unknown first dimension %s' % (self._shape,))
        return self._shape[0]

    def __iter__(self):
        raise TypeError('A cntk tensor is not iterable; index it instead.')

    __hash__ = object.__hash__

    def __add__(self, o): return _binary('add', self, o)
    def __radd__(self, o): return _binary('add', o, self)
    def __sub__(self, o): return _binary('sub', self, o)
    def __rsub__(self, o): return _binary('sub', o, self)
    def __mul__(self, o): return _binary('mul', self, o)
    def __rmul__(self, o): return _binary('mul', o, self)
    def __truediv__(self, o): return _binary('div', self, o)
    def __rtruediv__(self, o): return _binary('div', o, self)
    def __pow__(self, o): return _binary('pow', self, o)
    def __rpow__(self, o): return _binary('pow', o, self)
    def __neg__(self): return _unary('neg', self)
    def __pos__(self): return self
    def __abs__(self): return _unary('abs', self)
    def __lt__(self, o): return _binary('lt', self, o)
    def __le__(self, o): return _binary('le', self, o)
    def __gt__(self, o): return _binary('gt', self, o)
    def __ge__(self, o): return _binary('ge', self, o)

    def __getitem__(self, key):
        return _getitem(self, key)


class Variable(Tensor):
    """A variable: its value lives here until a function uses it, then in the engine."""

    def __init__(self, value, dtype, name=None, constraint=None):
        value = np.array(value, dtype=dtype)
        super(Variable, self).__init__('variable', (), {}, value.shape, dtype,
                                       name=name or 'variable')
        self.attrs = {'vid': self.id}
        self._value = value
        self._generation = None       # engine generation holding the value
        self.constraint = constraint
        self._keras_shape = value.shape

    def _in_engine(self):
        return self._generation is not None and self._generation == client.generation() \
            and client.running()

    def _check_session(self):
        if self._session != _state['session']:
            raise ValueError('The variable %r was created before the last clear_session() (or '
                             'backend switch) and no longer exists in the cntk backend.' % self.name)
        if self._generation is not None and not self._in_engine():
            raise client.EngineError('The CNTK engine that held the variable %r has stopped '
                                     '(it died or was restarted); its value is lost. Clear the '
                                     'session and build the model again.' % self.name)

    def _engine_value(self):
        return np.ascontiguousarray(self._value, dtype=self.edtype)


class ShapeTensor(Tensor):
    """`K.shape(x)`: a vector tensor; its items are scalar tensors that know their static value."""

    def __init__(self, source):
        dims = [_dim(source, i) for i in range(source.ndim)]
        super(ShapeTensor, self).__init__('stack_scalars', dims, {}, (source.ndim,), 'int32')
        self.source = source
        self.dims = dims

    def __getitem__(self, key):
        if isinstance(key, (int, np.integer)):
            return self.dims[key]
        return super(ShapeTensor, self).__getitem__(key)


def _dim(x, axis):
    t = Tensor('dim', [x], {'axis': axis}, (), 'int32')
    t.static = x.shape[axis]
    t.dim_of = (x, axis)
    return t


def _static_int(v):
    """A Python int for v (an int, or a dimension tensor of known size), else None."""
    if isinstance(v, (int, np.integer)):
        return int(v)
    return getattr(v, 'static', None)


def _mark(x, uses_learning_phase=False):
    x._uses_learning_phase = uses_learning_phase
    return x


def _const_tensor(value, dtype=None):
    value = np.asarray(value, dtype=dtype)
    t = Tensor('const', [], {}, value.shape, value.dtype.name)
    t.value = value
    return t


def _as_tensor(x, like=None):
    """Tensors pass; numbers and arrays become constants (numbers take `like`'s float dtype)."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, (bool, int, float, np.number)) and like is not None:
        if np.dtype(like.dtype).kind == 'f':
            dtype = like.dtype
        elif isinstance(x, float):
            dtype = floatx()
        else:
            dtype = like.dtype
        return _const_tensor(x, dtype)
    arr = np.asarray(x)
    if arr.dtype == np.float64 and not isinstance(x, np.ndarray):
        arr = arr.astype(floatx())
    return _const_tensor(arr)


def _dummy(t, size):
    if t.op == 'const':
        return t.value
    shape = tuple(size if d is None else d for d in t.shape)
    return np.ones(shape, dtype=t.dtype)


def _infer(ref, inputs):
    """(shape, dtype) of ref(*inputs) from two runs on dummy arrays (None = unknown)."""
    results = []
    with np.errstate(all='ignore'):
        for size in _DUMMY:
            results.append(np.asarray(ref(*[_dummy(t, size) for t in inputs])))
    a, b = results
    if a.ndim != b.ndim:
        return tuple(None for _ in range(a.ndim)), a.dtype.name
    shape = tuple(da if da == db else None for da, db in zip(a.shape, b.shape))
    return shape, a.dtype.name


def _node(op, inputs, attrs=None, ref=None, shape=None, dtype=None):
    inputs = [_as_tensor(t) for t in inputs]
    if shape is None or dtype is None:
        try:
            s, d = _infer(ref, inputs)
        except Exception as e:  # noqa: BLE001 - a shape error: say which op and shapes
            raise ValueError('%s: incompatible shapes %s (%s).'
                             % (op, [t.shape for t in inputs], e)) from None
        shape = s if shape is None else shape
        dtype = d if dtype is None else dtype
    return Tensor(op, inputs, attrs, shape, dtype)


def _broadcast(shapes):
    ndim = builtins.max(len(s) for s in shapes)
    out = []
    for i in range(ndim):
        dims = [s[i - ndim + len(s)] for s in shapes if i - ndim + len(s) >= 0]
        known = [d for d in dims if d is not None and d != 1]
        if known:
            if builtins.any(k != known[0] for k in known):
                raise ValueError('shapes %s cannot be broadcast together' % (shapes,))
            out.append(known[0])
        elif builtins.any(d is None for d in dims):
            out.append(None)
        else:
            out.append(1)
    return tuple(out)


_BINARY_REF = {'add': np.add, 'sub': np.subtract, 'mul': np.multiply, 'div': np.true_divide,
               'pow': np.power, 'maximum': np.maximum, 'minimum': np.minimum,
               'eq': np.equal, 'ne': np.not_equal, 'gt': np.greater, 'ge': np.greater_equal,
               'lt': np.less, 'le': np.less_equal}


def _binary(op, x, y):
    if not isinstance(x, Tensor):
        x = _as_tensor(x, like=y)
    if not isinstance(y, Tensor):
        y = _as_tensor(y, like=x)
    try:
        shape = _broadcast([x.shape, y.shape])
    except ValueError as e:
        raise ValueError('%s: %s' % (op, e)) from None
    with np.errstate(all='ignore'):
        dtype = _BINARY_REF[op](np.ones((), x.dtype), np.ones((), y.dtype)).dtype.name
    if op == 'div' and np.dtype(dtype).kind != 'f':
        dtype = floatx()
    return Tensor(op, [x, y], {}, shape, dtype)


def _unary(op, x, dtype=None):
    x = _as_tensor(x)
    return Tensor(op, [x], {}, x.shape, dtype or x.dtype)


def _getitem(x, key):
    if not isinstance(key, tuple):
        key = (key,)
    if builtins.any(k is Ellipsis for k in key):
        i = [j for j, k in enumerate(key) if k is Ellipsis][0]
        key = key[:i] + (_slice(None),) * (x.ndim - len(key) + 1) + key[i + 1:]
    specs, drop, shape = [], [], []
    for axis, k in enumerate(key):
        size = x.shape[axis]
        if isinstance(k, (int, np.integer)):
            k = int(k)
            specs.append([axis, k, k + 1 if k != -1 else 0, 1])
            drop.append(axis)
            continue
        if not isinstance(k, _slice):
            _not_implemented('indexing a tensor with %r' % (k,))
        start, stop, step = k.start, k.stop, k.step or 1
        if step < 1:
            _not_implemented('indexing with a negative step')
        if start is None and stop is None and step == 1:
            shape.append(size)
            continue
        begin = 0 if start is None else int(start)
        end = 0 if stop is None else int(stop)
        if stop is not None and end == 0:
            shape.append(0)
        if size is not None:
            shape.append(len(range(*_slice(start, stop, step).indices(size))))
        else:
            shape.append(None)
        specs.append([axis, begin, end, step])
    shape += list(x.shape[len(key):])
    if not specs:
        return x
    return Tensor('slice', [x], {'specs': specs, 'drop': drop}, shape, x.dtype)


# -- creation -----------------------------------------------------------------

def variable(value, dtype=None, name=None, constraint=None):
    """A variable initialised to a copy of `value` (cast to `dtype`, default floatx)."""
    if isinstance(value, Tensor):
        value = eval(value)
    v = Variable(value, dtype or floatx(), name=name, constraint=constraint)
    return _mark(v)


def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    """A symbolic input of `shape` (None for unknown dims) or of `ndim` dims."""
    if sparse:
        raise ValueError('placeholder: sparse=True is not supported by the cntk backend.')
    if shape is None:
        if ndim is None:
            raise ValueError('placeholder: give `shape` or `ndim`.')
        shape = (None,) * ndim
    x = Tensor('placeholder', [], {'name': name or 'input'}, shape, dtype or floatx(),
               name=name or 'placeholder')
    x._keras_shape = tuple(shape)
    return _mark(x)


def constant(value, dtype=None, shape=None, name=None):
    value = NP.constant(value, dtype=dtype or floatx(), shape=shape)
    return _const_tensor(value)


def is_variable(x):
    return isinstance(x, Variable)


def is_tensor(x):
    return isinstance(x, Tensor)


def is_placeholder(x):
    return isinstance(x, Tensor) and x.op == 'placeholder'


def is_keras_tensor(x):
    if not is_tensor(x):
        raise ValueError('is_keras_tensor: expected a symbolic tensor, got %s. Only tensors can be '
                         'Keras tensors.' % type(x).__name__)
    return hasattr(x, '_keras_history')


def zeros(shape, dtype=None, name=None):
    return variable(np.zeros(shape), dtype, name)


def ones(shape, dtype=None, name=None):
    return variable(np.ones(shape), dtype, name)


def eye(size, dtype=None, name=None):
    """An identity matrix variable: `size` is n (n x n) or a tuple (rows, cols)."""
    return variable(_eye_array(size), dtype, name)


def zeros_like(x, dtype=None, name=None):
    x = _as_tensor(x)
    return _unary('zeros_like', x, dtype or x.dtype)


def ones_like(x, dtype=None, name=None):
    x = _as_tensor(x)
    return _unary('ones_like', x, dtype or x.dtype)


def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    return variable(np.random.RandomState(_seed(seed)).uniform(low, high, size=shape), dtype, name)


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    return variable(np.random.RandomState(_seed(seed)).normal(mean, scale, size=shape), dtype,
                    name)


# -- values and shapes --------------------------------------------------------

def _from_engine(value, dtype):
    value = np.asarray(value)
    if dtype == 'bool':
        return value != 0
    if np.dtype(dtype).kind in 'iu':
        return np.rint(value).astype(dtype)
    return value.astype(dtype, copy=False)


def eval(x):
    """The value of `x` as a numpy array; an `Update` is run, and its new value returned."""
    updates = []
    if isinstance(x, Update):
        x, updates = _as_tensor(x[1], like=x[0]), [x]
    elif isinstance(x, Variable):
        return get_value(x)
    elif not isinstance(x, Tensor):
        return np.asarray(x)
    elif x.op == 'const':
        return np.array(x.value)
    f = function([], [x], updates=updates)
    try:
        return f([])[0]
    finally:
        f.free()


def get_value(x):
    return batch_get_value([x])[0]


def batch_get_value(xs):
    xs = list(xs)
    for x in xs:
        if isinstance(x, Variable):
            x._check_session()
    remote = [x for x in xs if isinstance(x, Variable) and x._in_engine()]
    if remote:
        _, values = _engine().request({'cmd': 'get', 'vids': [x.id for x in remote]})
        for x, v in zip(remote, values):
            x._value = _from_engine(v, x.dtype).reshape(x.shape)
    return [np.array(x._value) if isinstance(x, Variable) else eval(x) for x in xs]


def set_value(x, value):
    batch_set_value([(x, value)])


def batch_set_value(tuples):
    remote = []
    for x, value in tuples:
        if not isinstance(x, Variable):
            raise ValueError('set_value: %r is not a variable.' % (x,))
        x._check_session()
        value = np.asarray(value, dtype=x.dtype)
        if value.shape != x.shape:
            value = np.broadcast_to(value, x.shape) if value.size == 1 else value.reshape(x.shape)
        x._value = np.array(value)
        if x._in_engine():
            remote.append(x)
    if remote:
        _engine().request({'cmd': 'set', 'vars': [[x.id, i] for i, x in enumerate(remote)]},
                          [x._engine_value() for x in remote])


def int_shape(x):
    if hasattr(x, '_keras_shape') and x._keras_shape is not None:
        return tuple(x._keras_shape)
    if isinstance(x, Tensor):
        return x.shape
    return tuple(np.shape(x))


def get_variable_shape(x):
    return int_shape(x)


def shape(x):
    """The shape of `x` as a symbolic int32 vector; items of known size know it statically."""
    return ShapeTensor(_as_tensor(x))


def ndim(x):
    return len(x.shape) if isinstance(x, Tensor) else np.ndim(x)


def dtype(x):
    return x.dtype if isinstance(x, Tensor) else np.asarray(x).dtype.name


def count_params(x):
    return int(np.prod(int_shape(x)))


def cast(x, dtype):
    x = _as_tensor(x)
    dtype = np.dtype(dtype).name
    if dtype == x.dtype:
        return x
    kind = 'bool' if dtype == 'bool' else ('int' if np.dtype(dtype).kind in 'iu' and
                                            np.dtype(x.dtype).kind == 'f' else 'float')
    return Tensor('cast', [x], {'kind': kind}, x.shape, dtype)


# -- updates ------------------------------------------------------------------

def update(x, new_x):
    """The update `x <- new_x` (an `Update`: a `(variable, new_value)` pair for
    `function(updates=)`, which `eval()` runs at once)."""
    return Update(x, new_x)


def update_add(x, increment):
    return Update(x, x + increment)


def update_sub(x, decrement):
    return Update(x, x - decrement)


def moving_average_update(x, value, momentum):
    return Update(x, x * momentum + value * (1. - momentum))


# -- linear algebra and shape ops ----------------------------------------------

def dot(x, y):
    x, y = _as_tensor(x), _as_tensor(y)
    return _node('dot', [x, y], {}, ref=NP.dot)


def transpose(x):
    return permute_dimensions(x, tuple(range(ndim(x) - 1, -1, -1)))


def permute_dimensions(x, pattern):
    x = _as_tensor(x)
    pattern = tuple(int(p) for p in pattern)
    if sorted(pattern) != list(range(x.ndim)):
        raise ValueError('permute_dimensions: pattern %r is not a permutation of the %d axes of a '
                         'tensor of shape %s.' % (pattern, x.ndim, x.shape))
    if pattern == tuple(range(x.ndim)):
        return x
    return Tensor('transpose', [x], {'perm': list(pattern)}, [x.shape[p] for p in pattern], x.dtype)


def reshape(x, shape):
    """Reshape; entries may be -1 or dimension tensors such as `K.shape(x)[0]`."""
    x = _as_tensor(x)
    if isinstance(shape, ShapeTensor):
        shape = shape.dims
    elif isinstance(shape, Tensor):
        _not_implemented('reshape to a computed shape tensor')
    target = []
    for d in shape:
        s = _static_int(d)
        target.append(-1 if s is None else s)
    shape = list(shape)
    if target.count(-1) > 1 and shape and getattr(shape[0], 'dim_of', None) == (x, 0) and \
            x.ndim >= 1:
        # (K.shape(x)[0], ...): axis 0 is kept, the others are reshaped
        inner = target[1:]
        if inner.count(-1) > 1:
            raise ValueError('reshape: the cntk backend can infer only one unknown dimension; got '
                             'target %r for a tensor of shape %s.' % (tuple(shape), x.shape))
        out = list(inner)
        if -1 in inner:
            total = int(np.prod(x.shape[1:])) if None not in x.shape[1:] else None
            known = int(np.prod([d for d in inner if d != -1]))
            out[inner.index(-1)] = total // known if total is not None and known else None
        return Tensor('reshape', [x], {'shape': inner, 'begin_axis': 1},
                      [x.shape[0]] + out, x.dtype)
    if target.count(-1) > 1:
        raise ValueError('reshape: the cntk backend can infer only one unknown dimension; got '
                         'target %r for a tensor of shape %s.' % (tuple(shape), x.shape))
    out = list(target)
    known = int(np.prod([d for d in target if d != -1]))
    if -1 in target:
        total = int(np.prod(x.shape)) if None not in x.shape else None
        out[target.index(-1)] = total // known if total is not None and known else None
    elif None not in x.shape and int(np.prod(x.shape)) != known:
        raise ValueError('reshape: cannot reshape a tensor of shape %s to %s.'
                         % (x.shape, tuple(target)))
    return Tensor('reshape', [x], {'shape': target}, out, x.dtype)


def batch_flatten(x):
    x = _as_tensor(x)
    rest = x.shape[1:]
    if None in rest:
        raise ValueError('batch_flatten: the cntk backend needs all but the first dimension known; '
                         'got shape %s.' % (x.shape,))
    return reshape(x, (-1, int(np.prod(rest))))


def flatten(x):
    return reshape(x, (-1,))


def expand_dims(x, axis=-1):
    x = _as_tensor(x)
    axis = axis % (x.ndim + 1)
    shape = list(x.shape)
    shape.insert(axis, 1)
    return Tensor('expand_dims', [x], {'axis': axis}, shape, x.dtype)


def squeeze(x, axis):
    x = _as_tensor(x)
    axis = axis % x.ndim
    if x.shape[axis] not in (1, None):
        raise ValueError('squeeze: axis %d of a tensor of shape %s has size %s, not 1.'
                         % (axis, x.shape, x.shape[axis]))
    return Tensor('squeeze', [x], {'axis': axis}, x.shape[:axis] + x.shape[axis + 1:], x.dtype)


def concatenate(tensors, axis=-1):
    tensors = [_as_tensor(t) for t in tensors]
    rank = tensors[0].ndim
    axis = axis % rank
    shape = list(tensors[0].shape)
    sizes = [t.shape[axis] for t in tensors]
    shape[axis] = None if None in sizes else builtins.sum(sizes)
    for i in range(rank):
        if i != axis:
            dims = [t.shape[i] for t in tensors if t.shape[i] is not None]
            shape[i] = dims[0] if dims else None
    dtype = np.result_type(*[np.dtype(t.dtype) for t in tensors]).name
    return Tensor('concat', tensors, {'axis': axis}, shape, dtype)


def stack(x, axis=0):
    x = [_as_tensor(t) for t in x]
    axis = axis % (x[0].ndim + 1)
    return concatenate([expand_dims(t, axis) for t in x], axis)


def split(x, count, axis=-1):
    """`count` equal parts of `x` along `axis`, as a list of tensors (the axis's
    size must divide by `count`)."""
    x = _as_tensor(x)
    return common.split_by_slicing(x, count, axis, int_shape(x))


def gather(reference, indices):
    reference, indices = _as_tensor(reference), _as_tensor(indices)
    return Tensor('gather', [reference, indices], {}, indices.shape + reference.shape[1:],
                  reference.dtype)


def one_hot(indices, num_classes):
    indices = _as_tensor(indices)
    return Tensor('one_hot', [indices], {'num_classes': int(num_classes)},
                  indices.shape + (int(num_classes),), floatx())


# -- reductions ---------------------------------------------------------------

def _axes(x, axis):
    if axis is None:
        return None
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    return sorted(set(int(a) % builtins.max(x.ndim, 1) for a in axes))


def _reduce(kind, x, axis, keepdims, dtype=None):
    x = _as_tensor(x)
    axes = _axes(x, axis)
    if x.ndim == 0:
        return x
    red = range(x.ndim) if axes is None else axes
    shape = [1 if i in red else d for i, d in enumerate(x.shape)] if keepdims else \
        [d for i, d in enumerate(x.shape) if i not in red]
    return Tensor('reduce', [x], {'kind': kind, 'axes': axes, 'keepdims': bool(keepdims)}, shape,
                  dtype or x.dtype)


def sum(x, axis=None, keepdims=False):
    return _reduce('sum', x, axis, keepdims)


def prod(x, axis=None, keepdims=False):
    return _reduce('prod', x, axis, keepdims)


def mean(x, axis=None, keepdims=False):
    x = _as_tensor(x)
    if np.dtype(x.dtype).kind in 'iub':
        x = cast(x, floatx())
    return _reduce('mean', x, axis, keepdims)


def max(x, axis=None, keepdims=False):
    return _reduce('max', x, axis, keepdims)


def min(x, axis=None, keepdims=False):
    return _reduce('min', x, axis, keepdims)


def var(x, axis=None, keepdims=False):
    x = _as_tensor(x)
    if np.dtype(x.dtype).kind in 'iub':
        x = cast(x, floatx())
    m = mean(x, axis, keepdims=True)
    return mean(square(x - m), axis, keepdims)


def std(x, axis=None, keepdims=False):
    return sqrt(var(x, axis, keepdims))


def any(x, axis=None, keepdims=False):
    return cast(_reduce('max', cast(cast(x, 'bool'), floatx()), axis, keepdims), 'bool')


def all(x, axis=None, keepdims=False):
    return cast(_reduce('min', cast(cast(x, 'bool'), floatx()), axis, keepdims), 'bool')


def _arg(op, x, axis):
    x = _as_tensor(x)
    axis = axis % x.ndim
    return Tensor(op, [x], {'axis': axis}, x.shape[:axis] + x.shape[axis + 1:], 'int64')


def argmax(x, axis=-1):
    return _arg('argmax', x, axis)


def argmin(x, axis=-1):
    return _arg('argmin', x, axis)


def logsumexp(x, axis=None, keepdims=False):
    x = _as_tensor(x)
    m = stop_gradient(max(x, axis, keepdims=True))
    out = log(sum(exp(x - m), axis, keepdims=True)) + m
    if keepdims:
        return out
    return reshape_drop(out, _axes(x, axis))


def reshape_drop(x, axes):
    """Drop size-1 `axes` (None: all) of x."""
    axes = range(x.ndim) if axes is None else axes
    for a in sorted(axes, reverse=True):
        x = squeeze(x, a)
    return x


# -- element-wise ----------------------------------------------------------------

def square(x):
    return _unary('square', x)


def abs(x):
    return _unary('abs', x)


def sqrt(x):
    return _unary('sqrt', x)


def exp(x):
    return _unary('exp', x)


def log(x):
    return _unary('log', x)


def round(x):
    """Round half to even, as numpy does."""
    x = _as_tensor(x)
    f = _unary('floor', x)
    d = x - f
    half_odd = cast(equal(d, 0.5), x.dtype) * (f - 2. * _unary('floor', f * 0.5))
    return f + cast(greater(d, 0.5), x.dtype) + half_odd


def sign(x):
    x = _as_tensor(x)
    return cast(greater(x, 0), x.dtype) - cast(less(x, 0), x.dtype)


def pow(x, a):
    return _binary('pow', x, a)


def clip(x, min_value, max_value):
    """Clip to [min_value, max_value] (numbers or tensors that broadcast to `x`);
    None means unbounded; where max < min the bound is min."""
    x = _as_tensor(x)
    if isinstance(min_value, (Tensor, np.ndarray)) or isinstance(max_value, (Tensor, np.ndarray)):
        if min_value is not None:
            x = maximum(x, min_value)
            if max_value is not None:
                max_value = maximum(max_value, min_value)
        return x if max_value is None else minimum(x, max_value)
    lo = -np.inf if min_value is None else float(min_value)
    hi = np.inf if max_value is None else builtins.max(float(max_value), lo)
    return Tensor('clip', [x], {'lo': lo, 'hi': hi}, x.shape, x.dtype)


def sin(x):
    return _unary('sin', x)


def cos(x):
    return _unary('cos', x)


def equal(x, y):
    return _binary('eq', x, y)


def not_equal(x, y):
    return _binary('ne', x, y)


def greater(x, y):
    return _binary('gt', x, y)


def greater_equal(x, y):
    return _binary('ge', x, y)


def less(x, y):
    return _binary('lt', x, y)


def less_equal(x, y):
    return _binary('le', x, y)


def maximum(x, y):
    return _binary('maximum', x, y)


def minimum(x, y):
    return _binary('minimum', x, y)


def stop_gradient(variables):
    if isinstance(variables, (list, tuple)):
        return [_unary('stop_gradient', v) for v in variables]
    return _unary('stop_gradient', variables)


def identity(x, name=None):
    return _unary('identity', x)


def _where(cond, a, b):
    cond, a = _as_tensor(cond), _as_tensor(a)
    b = _as_tensor(b, like=a)
    shape = _broadcast([cond.shape, a.shape, b.shape])
    dtype = np.result_type(np.dtype(a.dtype), np.dtype(b.dtype)).name
    return Tensor('where', [cond, a, b], {}, shape, dtype)


def switch(condition, then_expression, else_expression):
    then_value = then_expression() if callable(then_expression) else then_expression
    else_value = else_expression() if callable(else_expression) else else_expression
    if isinstance(condition, (bool, int, np.bool_, np.integer)):
        return then_value if condition else else_value
    condition = _as_tensor(condition)
    expr_ndim = builtins.max(ndim(then_value), ndim(else_value))
    while condition.ndim and condition.ndim < expr_ndim:
        condition = expand_dims(condition, -1)
    return _where(condition, then_value, else_value)


def gradients(loss, variables):
    """Symbolic gradients of `loss` (summed if not a scalar) with respect to `variables`.

    A variable the loss does not reach through floating point tensors (only
    through integers, e.g. an argmax, or not at all) gets zeros, marked so
    (optimizers refuse a loss that reaches no weight at all).
    """
    loss = _as_tensor(loss)
    reachable = set()
    stack_ = [loss]
    while stack_:
        t = stack_.pop()
        if t.id in reachable or t.op == 'stop_gradient':
            continue
        reachable.add(t.id)
        stack_.extend(i for i in t.inputs if np.dtype(i.dtype).kind == 'f')
    out = []
    for v in variables:
        if v.id in reachable:
            out.append(Tensor('grad', [loss, v], {}, v.shape, v.dtype if np.dtype(v.dtype).kind == 'f'
                              else floatx()))
        else:
            zeros = zeros_like(v)
            zeros._keras_disconnected = True
            out.append(zeros)
    return out


# -- activations -------------------------------------------------------------------

def relu(x, alpha=0., max_value=None, threshold=0.):
    x = _as_tensor(x)
    if alpha == 0 and threshold == 0:
        y = _unary('relu', x)
    else:
        y = _where(greater(x, threshold), x, alpha * (x - threshold))
    if max_value is not None:
        y = minimum(y, max_value)
    return y


def elu(x, alpha=1.):
    x = _as_tensor(x)
    return _where(greater(x, 0), x, alpha * (exp(x) - 1.))


def softmax(x, axis=-1):
    x = _as_tensor(x)
    return Tensor('softmax', [x], {'axis': axis % x.ndim}, x.shape, x.dtype)


def softplus(x):
    return _unary('softplus', x)


def softsign(x):
    return x / (1. + abs(x))


def sigmoid(x):
    return _unary('sigmoid', x)


def hard_sigmoid(x):
    return clip(0.2 * _as_tensor(x) + 0.5, 0., 1.)


def tanh(x):
    return _unary('tanh', x)


# -- losses -------------------------------------------------------------------

def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _as_tensor(target), _as_tensor(output)
    axis = axis % output.ndim
    logits = None
    if from_logits:
        logits = output
    elif output.op == 'softmax' and output.attrs['axis'] == axis:
        # The output of a softmax: CNTK's fused cross_entropy_with_softmax on
        # its logits is faster and more stable (it is what TensorFlow does too).
        logits = output.inputs[0]
    if logits is not None:
        return Tensor('softmax_xent', [target, logits], {'axis': axis},
                      logits.shape[:axis] + logits.shape[axis + 1:], logits.dtype)
    if from_logits:
        output = softmax(output, axis=axis)
    else:
        output = output / sum(output, axis, keepdims=True)
    output = clip(output, epsilon(), 1. - epsilon())
    return -sum(target * log(output), axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _as_tensor(target), _as_tensor(output)
    axis = axis % output.ndim
    if axis != output.ndim - 1:
        output = permute_dimensions(output, [i for i in range(output.ndim) if i != axis] + [axis])
    lead = output.shape[:-1]
    labels = reshape(target, [d if d is not None else -1 for d in lead]) \
        if target.shape != lead else target
    labels = one_hot(labels, output.shape[-1])
    return categorical_crossentropy(labels, output, from_logits, axis=-1)


def binary_crossentropy(target, output, from_logits=False):
    target, output = _as_tensor(target), _as_tensor(output)
    if from_logits:
        return maximum(output, 0.) - output * target + log(1. + exp(-abs(output)))
    eps = epsilon()
    output = clip(output, eps, 1. - eps)
    return -(target * log(output + eps) + (1. - target) * log(1. - output + eps))


def l2_normalize(x, axis=None):
    x = _as_tensor(x)
    return x / sqrt(maximum(sum(square(x), axis, keepdims=True), 1e-12))


# -- neural network ops ---------------------------------------------------------

def bias_add(x, bias, data_format=None):
    x, bias = _as_tensor(x), _as_tensor(bias)
    data_format = normalize_data_format(data_format)
    if data_format == 'channels_first' and x.ndim > 2:
        if bias.ndim == 1:
            return x + reshape(bias, (1, bias.shape[0]) + (1,) * (x.ndim - 2))
        return x + reshape(bias, (1, bias.shape[-1]) + tuple(bias.shape[:-1]))
    return x + bias


def _tuple(value, n):
    return tuple(int(v) for v in value) if isinstance(value, (list, tuple)) else (int(value),) * n


def _to_first(x, data_format):
    if data_format == 'channels_last':
        return permute_dimensions(x, (0, x.ndim - 1) + tuple(range(1, x.ndim - 1)))
    return x


def _from_first(x, data_format):
    if data_format == 'channels_last':
        return permute_dimensions(x, (0,) + tuple(range(2, x.ndim)) + (1,))
    return x


def _pads(function, spatial, kernel, strides, dilation, padding, counts=False):
    """[(before, after)] per spatial axis, and the output sizes.

    The pads are None when they depend on a spatial size known only at run time
    ('same' padding with strides or an even kernel, or `counts` of padded cells
    for average pooling): the engine then builds the graph for each input shape.
    """
    if padding not in ('valid', 'same'):
        raise ValueError('%s: invalid padding %r (expected "valid" or "same").' % (function, padding))
    if padding == 'same' and None in tuple(spatial):
        dynamic = counts
        for size, k, s, d in zip(spatial, kernel, strides, dilation):
            effective = (k - 1) * d + 1
            if size is None and (s != 1 or effective % 2 == 0):
                dynamic = True
        if dynamic:
            outs = [None if size is None else -(-size // s) for size, s in zip(spatial, strides)]
            return None, outs
    pads, outs = [], []
    for size, k, s, d in zip(spatial, kernel, strides, dilation):
        effective = (k - 1) * d + 1
        if size is None:
            if padding == 'valid':
                pads.append((0, 0))
            else:
                pads.append(((effective - 1) // 2, (effective - 1) // 2))
            outs.append(None)
            continue
        out, before, after = NP._pad_amounts(size, k, s, d, padding)
        pads.append((int(before), int(after)))
        outs.append(int(out))
    return pads, outs


def _conv(function, x, kernel, strides, padding, data_format, dilation_rate, groups=1):
    """Convolution node; with `groups` > 1, input channels in `groups` equal groups,
    each convolved with its own slice of the kernel's output channels."""
    x, kernel = _as_tensor(x), _as_tensor(kernel)
    data_format = normalize_data_format(data_format)
    n = kernel.ndim - 2
    if x.ndim != n + 2:
        raise ValueError('%s: expected a %d-D input (batch, %d spatial axes, channels); got shape '
                         '%s.' % (function, n + 2, n, x.shape))
    strides, dilation = _tuple(strides, n), _tuple(dilation_rate, n)
    if padding == 'causal':
        if data_format == 'channels_last':
            x = temporal_padding(x, ((kernel.shape[0] - 1) * dilation[0], 0))
        else:
            x = _pad(x, [(0, 0), (0, 0), ((kernel.shape[0] - 1) * dilation[0], 0)])
        padding = 'valid'
    x = _to_first(x, data_format)
    pads, outs = _pads(function, x.shape[2:], kernel.shape[:n], strides, dilation, padding)
    if builtins.any(d > 1 for d in dilation):
        # CNTK has no dilated convolution on CPU: convolve with a kernel holding zeros
        # between its taps instead (same result).
        kernel = _dilate_kernel(kernel, dilation)
        dilation = (1,) * n
    if kernel.shape[n] * groups != x.shape[1]:
        raise ValueError('%s: the kernel expects %s input channels, the input has %s (shape %s, '
                         '%s).' % (function, kernel.shape[n] * groups, x.shape[1], x.shape,
                                   data_format))
    attrs = {'strides': list(strides), 'pads': pads, 'dilation': list(dilation)}
    if groups > 1:
        attrs['groups'] = groups
    y = Tensor('conv', [x, kernel], attrs, (x.shape[0], kernel.shape[-1]) + tuple(outs), x.dtype)
    return _from_first(y, data_format)


def _dilate_kernel(kernel, dilation):
    for axis, d in enumerate(dilation):
        if d == 1:
            continue
        zero = _getitem(kernel, (_slice(None),) * axis + (_slice(0, 1),)) * 0.
        parts = []
        for i in range(kernel.shape[axis]):
            if i:
                parts.extend([zero] * (d - 1))
            parts.append(_getitem(kernel, (_slice(None),) * axis + (_slice(i, i + 1),)))
        kernel = concatenate(parts, axis)
    return kernel


def conv1d(x, kernel, strides=1, padding='valid', data_format=None, dilation_rate=1):
    """1D convolution (cross-correlation); kernel (width, in, out)."""
    return _conv('conv1d', x, kernel, strides, padding, data_format, dilation_rate)


def conv2d(x, kernel, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1)):
    """2D convolution (cross-correlation); kernel (rows, cols, in, out)."""
    return _conv('conv2d', x, kernel, strides, padding, data_format, dilation_rate)


def conv3d(x, kernel, strides=(1, 1, 1), padding='valid', data_format=None, dilation_rate=(1, 1, 1)):
    """3D convolution (cross-correlation); kernel (d1, d2, d3, in, out)."""
    return _conv('conv3d', x, kernel, strides, padding, data_format, dilation_rate)


def _pool(function, x, pool_size, strides, padding, data_format, pool_mode):
    x = _as_tensor(x)
    data_format = normalize_data_format(data_format)
    if pool_mode not in ('max', 'avg'):
        raise ValueError('%s: invalid pool_mode %r (expected "max" or "avg").' % (function, pool_mode))
    n = len(pool_size)
    x = _to_first(x, data_format)
    pads, outs = _pads(function, x.shape[2:], pool_size, strides, (1,) * n, padding,
                       counts=pool_mode == 'avg')
    y = Tensor('pool', [x], {'mode': pool_mode, 'size': list(pool_size), 'strides': list(strides),
                             'pads': pads}, x.shape[:2] + tuple(outs), x.dtype)
    return _from_first(y, data_format)


def pool2d(x, pool_size, strides=(1, 1), padding='valid', data_format=None, pool_mode='max'):
    """2D pooling; padded cells are ignored (as TensorFlow does)."""
    return _pool('pool2d', x, _tuple(pool_size, 2), _tuple(strides, 2), padding, data_format,
                 pool_mode)


def pool3d(x, pool_size, strides=(1, 1, 1), padding='valid', data_format=None, pool_mode='max'):
    return _pool('pool3d', x, _tuple(pool_size, 3), _tuple(strides, 3), padding, data_format,
                 pool_mode)


def _pad(x, pattern):
    x = _as_tensor(x)
    shape = [None if d is None else d + b + a for d, (b, a) in zip(x.shape, pattern)]
    return Tensor('pad', [x], {'pattern': [list(p) for p in pattern]}, shape, x.dtype)


def temporal_padding(x, padding=(1, 1)):
    return _pad(x, [(0, 0), tuple(padding), (0, 0)])


def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    return _pad(x, NP._spatial_pads(padding, data_format))


def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)), data_format=None):
    return _pad(x, NP._spatial_pads(padding, data_format))


def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=1e-3):
    x = _as_tensor(x)
    y = (x - mean) / sqrt(var + epsilon)
    if gamma is not None:
        y = y * gamma
    if beta is not None:
        y = y + beta
    return y


def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=1e-3):
    x = _as_tensor(x)
    axes = sorted(a % x.ndim for a in reduction_axes)
    mean_k = mean(x, axes, keepdims=True)
    var_k = mean(square(x - mean_k), axes, keepdims=True)
    kept = [i for i in range(x.ndim) if i not in axes]

    def bshape(v):
        if v is None:
            return None
        v = _as_tensor(v)
        if v.ndim == x.ndim:
            return v
        return reshape(v, [1 if i in axes else -1 for i in range(x.ndim)]) if len(kept) == 1 else \
            reshape(v, [1 if i in axes else x.shape[i] for i in range(x.ndim)])

    normed = batch_normalization(x, mean_k, var_k, bshape(beta), bshape(gamma), epsilon=epsilon)
    return normed, reshape_drop(mean_k, axes), reshape_drop(var_k, axes)


# -- learning phase and randomness ----------------------------------------------

def learning_phase():
    """A scalar input (0 by default: test), or the fixed 0/1 value."""
    if _state['fixed_learning_phase'] is not None:
        return _state['fixed_learning_phase']
    if _state['learning_phase'] is None:
        _state['learning_phase'] = Tensor('learning_phase', [], {}, (), 'uint8',
                                          name='keras_learning_phase')
    return _state['learning_phase']


def set_learning_phase(value):
    _state['fixed_learning_phase'] = check_learning_phase(value)


def learning_phase_scope(value):
    """A context in which the learning phase is fixed to `value` (0 or 1)."""
    return common.fixed_learning_phase(_state, 'fixed_learning_phase', value)


def in_train_phase(x, alt, training=None):
    return phase_choice(x, alt, learning_phase() if training is None else training, switch)


def in_test_phase(x, alt, training=None):
    return in_train_phase(alt, x, training=training)


def _seed(seed):
    return int(seed) if seed is not None else int(np.random.randint(1, 10 ** 7))


def _random(kind, shape, dtype, seed, **params):
    dtype = np.dtype(dtype or floatx()).name
    if isinstance(shape, ShapeTensor):
        return Tensor(kind + '_like', [shape.source], dict(params, seed=_seed(seed)),
                      shape.source.shape, dtype)
    spec = list(shape) if isinstance(shape, (list, tuple)) else [shape]
    dims = [_static_int(d) for d in spec]
    if None in dims:
        template = _zeros_of_computed_shape(spec, shape)
        return Tensor(kind + '_like', [template], dict(params, seed=_seed(seed)),
                      template.shape, dtype)
    return Tensor(kind, [], dict(params, shape=dims, seed=_seed(seed)), dims, dtype)


def _zeros_of_computed_shape(spec, shape):
    """Zeros of the shape `spec`, whose items are ints or dimensions of other
    tensors (`K.shape(x)[i]`): each such item broadcasts in a zero vector as
    long as that axis of its tensor."""
    dims = [_static_int(d) for d in spec]
    zeros_ = _const_tensor(np.zeros([1 if d is None else d for d in dims], floatx()))
    for i, item in enumerate(spec):
        if dims[i] is not None:
            continue
        if not hasattr(item, 'dim_of'):
            _not_implemented('random tensors of a computed shape %r' % (shape,))
        source, axis = item.dim_of
        others = [a for a in range(source.ndim) if a != axis]
        line = sum(zeros_like(source, dtype=floatx()), axis=others) if others else \
            zeros_like(source, dtype=floatx())
        zeros_ = zeros_ + reshape(line, [-1 if a == i else 1 for a in range(len(spec))])
    return zeros_


def random_uniform(shape, minval=0., maxval=1., dtype=None, seed=None):
    return _random('random_uniform', shape, dtype, seed, low=float(minval), high=float(maxval))


def random_normal(shape, mean=0., stddev=1., dtype=None, seed=None):
    return _random('random_normal', shape, dtype, seed, mean=float(mean), stddev=float(stddev))


def random_binomial(shape, p=0., dtype=None, seed=None):
    dtype = dtype or floatx()
    return cast(less(random_uniform(shape, dtype=dtype, seed=seed), p), dtype)


def truncated_normal(shape, mean=0., stddev=1., dtype=None, seed=None):
    """Normal values redrawn (twice) when beyond 2 standard deviations, then clipped."""
    seed = _seed(seed)
    v = random_normal(shape, 0., 1., dtype, seed)
    for i in (1, 2):
        v = _where(greater(abs(v), 2.), random_normal(shape, 0., 1., dtype, seed + i), v)
    return clip(v, -2., 2.) * stddev + mean


def dropout(x, level, noise_shape=None, seed=None):
    x = _as_tensor(x)
    if isinstance(level, bool) or not 0. <= level < 1.:
        raise ValueError('dropout: `level` must be in [0, 1); got %r.' % (level,))
    keep = 1. - level
    ref = x
    if noise_shape is not None:
        axes = [i for i, d in enumerate(noise_shape) if _static_int(d) == 1 and x.shape[i] != 1]
        ref = sum(x, axes, keepdims=True) if axes else x
    u = Tensor('random_uniform_like', [ref], {'seed': _seed(seed), 'low': 0., 'high': 1.},
               ref.shape, x.dtype)
    return x * cast(less(u, keep), x.dtype) / keep


# -- compiled functions -------------------------------------------------------------

def _toposort(roots):
    order, seen = [], set()
    for root in roots:
        stack_ = [(root, False)]
        while stack_:
            t, done = stack_.pop()
            if done:
                order.append(t)
                continue
            if t.id in seen:
                continue
            seen.add(t.id)
            stack_.append((t, True))
            for i in reversed(t.inputs):
                if i.id not in seen:
                    stack_.append((i, False))
    return order


class Function(object):
    """A graph built once in the engine; each call sends inputs and returns outputs."""

    def __init__(self, inputs, outputs, updates=None, name=None):
        self.inputs = [_as_tensor(x) for x in inputs]
        for x in self.inputs:
            if x.op not in ('placeholder', 'learning_phase'):
                raise ValueError('function: inputs must be placeholders (or the learning phase); '
                                 'got %r.' % (x,))
        self._single = not isinstance(outputs, (list, tuple))
        self.results = [_as_tensor(y) for y in ([outputs] if self._single else outputs)]
        self.outputs = self._engine_outputs(self.results)
        self.updates = []
        for u in updates or []:
            if not (isinstance(u, (list, tuple)) and len(u) == 2 and isinstance(u[0], Variable)):
                raise ValueError('function: updates must be (variable, new value) pairs; got %r.'
                                 % (u,))
            self.updates.append((u[0], _as_tensor(u[1], like=u[0])))
        self.name = name
        self.fid = None
        self._generation = None
        self._in_dtypes = [x.edtype for x in self.inputs]
        self._out_dtypes = [y.dtype for y in self.outputs]
        self._out_shapes = [y.shape for y in self.outputs]
        self._build()

    @staticmethod
    def _engine_outputs(results):
        """The tensors the engine computes: the results, with host nodes replaced by the
        engine tensors they read."""
        out, seen = [], set()
        stack_ = list(results)
        while stack_:
            t = stack_.pop(0)
            if t.id in seen:
                continue
            seen.add(t.id)
            if t.op == 'host':
                stack_.extend(t.inputs)
            else:
                out.append(t)
        return out

    def _host_results(self, values):
        """The results, computing host nodes here from the engine's values."""
        memo = dict((t.id, v) for t, v in zip(self.outputs, values))

        def value(t):
            if t.id not in memo:
                memo[t.id] = np.asarray(t.host_fn(*[value(i) for i in t.inputs]))
            return memo[t.id]
        return [value(t) for t in self.results]

    def _build(self):
        roots = self.outputs + [v for _, v in self.updates] + [p for p, _ in self.updates]
        nodes = _toposort(roots)
        grad_targets = set(t.inputs[1].id for t in nodes if t.op == 'grad')
        arrays, specs, variables = [], [], []
        specialize = False
        for t in nodes:
            if t.op == 'host':
                raise NotImplementedError('function: the value of %r depends on the data only at '
                                          'run time (its shape is not fixed), so the cntk backend '
                                          'can return it but not use it in other ops.' % (t,))
            if t._session != _state['session'] and t.op in ('variable', 'placeholder'):
                raise ValueError('function: %r was created before the last clear_session() and '
                                 'cannot be used any more.' % (t,))
            attrs = dict(t.attrs)
            if t.op == 'const':
                attrs['index'] = len(arrays)
                arrays.append(np.ascontiguousarray(t.value, dtype=t.edtype))
            elif t.op == 'placeholder' and t.id in grad_targets:
                attrs['needs_gradient'] = True
            elif t.op == 'variable':
                t._check_session()
                variables.append(t)
            specs.append({'id': t.id, 'op': t.op, 'in': [i.id for i in t.inputs], 'attrs': attrs,
                          'shape': list(t.shape), 'edtype': t.edtype,
                          'in_shapes': [list(i.shape) for i in t.inputs]})
            if t.op in ('conv', 'pool') and t.attrs.get('pads') is None:
                specialize = True
            if t.op == 'rnn':
                specialize = True
                specs[-1]['attrs']['step_nodes'] = [
                    {'id': i.id, 'op': i.op, 'in': [j.id for j in i.inputs], 'attrs': dict(i.attrs),
                     'shape': list(i.shape), 'edtype': i.edtype,
                     'in_shapes': [list(j.shape) for j in i.inputs]} for i in t.step_nodes]
                for i in t.step_nodes:
                    if i.op in ('const', 'variable', 'placeholder', 'host', 'grad', 'rnn'):
                        raise NotImplementedError('rnn: a %s node inside the step function of a '
                                                  'recurrence with an unknown number of steps is '
                                                  'not supported by the cntk backend.' % i.op)
        engine = _engine()
        new_vars = []
        for v in variables:
            if not v._in_engine():
                new_vars.append([v.id, len(arrays)])
                arrays.append(v._engine_value())
        self.fid = next(_ids)
        self.build_info, _ = engine.request({'cmd': 'build', 'fid': self.fid, 'nodes': specs, 'vars': new_vars,
                        'inputs': [x.id for x in self.inputs],
                        'outputs': [y.id for y in self.outputs],
                        'updates': [[p.id, v.id] for p, v in self.updates],
                        'specialize': specialize}, arrays)
        for v in variables:
            v._generation = client.generation()
        self._generation = client.generation()
        self._variables = variables

    def _check_inputs(self, values):
        if len(values) != len(self.inputs):
            raise ValueError('function: expected %d input arrays, got %d.'
                             % (len(self.inputs), len(values)))
        arrays = []
        for x, v, d in zip(self.inputs, values, self._in_dtypes):
            a = np.asarray(v, dtype=d)
            if a.ndim != x.ndim or builtins.any(s is not None and s != n
                                                for s, n in zip(x.shape, a.shape)):
                raise ValueError('function: input %r expects shape %s, got an array of shape %s.'
                                 % (x.name, x.shape, a.shape))
            arrays.append(a)
        return arrays

    def __call__(self, inputs):
        if self._generation != client.generation() or not client.running():
            for v in self._variables:
                v._check_session()
            self._build()
        arrays = self._check_inputs(list(inputs))
        _, outs = _engine().request({'cmd': 'run', 'fid': self.fid}, arrays)
        values = [_from_engine(o if o.ndim == len(s) else o.reshape([-1 if d is None else d for d in s]),
                               d) for o, d, s in zip(outs, self._out_dtypes, self._out_shapes)]
        if len(self.results) == len(self.outputs) and builtins.all(
                a is b for a, b in zip(self.results, self.outputs)):
            return values
        return self._host_results(values)

    def free(self):
        if self.fid is not None and self._generation == client.generation() and client.running():
            try:
                client.get().request({'cmd': 'free', 'fids': [self.fid]})
            except client.EngineError:
                pass
        self.fid = None


def function(inputs, outputs, updates=None, name=None, **kwargs):
    """Compile `outputs` as a function of `inputs`, running `updates` on each call."""
    for key in kwargs:
        raise ValueError('function: argument %r is not supported by the cntk backend.' % key)
    return Function(inputs, outputs, updates=updates, name=name)


# -- the rest of the Keras 2.3 backend API ------------------------------------------

def backend():
    return 'cntk'


def is_sparse(x):
    return False


def to_dense(x):
    return x


def manual_variable_initialization(value):
    """Variables hold their values from the start; kept for API compatibility."""


@contextlib.contextmanager
def control_dependencies(control_inputs):
    yield


def print_tensor(x, message=''):
    return identity(x)


def size(x, name=None):
    x = _as_tensor(x)
    if None in x.shape:
        return prod(cast(shape(x), floatx()))
    return _const_tensor(np.asarray(int(np.prod(x.shape)), 'int32'))


def arange(start, stop=None, step=1, dtype='int32'):
    """`[start, start + step, ...)` below `stop`, or `[0, ..., start)` without `stop`
    (Python numbers: the range is a constant).

    # Raises
        ValueError: for an empty range, which CNTK cannot hold.
    """
    value = NP.arange(start, stop, step, dtype)
    if value.size == 0:
        raise ValueError('arange: start=%r, stop=%r, step=%r give an empty range, which the cntk '
                         'backend cannot hold (CNTK has no empty tensors).' % (start, stop, step))
    return _const_tensor(value)


def slice(x, start, size):
    """x[start:start + size] along every axis (size -1: to the end)."""
    x = _as_tensor(x)
    _check_slice(x.ndim, start, size)
    key = tuple(_slice(s, s + n if n != -1 else None) for s, n in zip(start, size))
    return _getitem(x, key)


def reverse(x, axes):
    x = _as_tensor(x)
    axes = [axes] if isinstance(axes, int) else list(axes)
    for a in axes:
        a = a % x.ndim
        if x.shape[a] is None:
            _not_implemented('reverse along an axis of unknown size')
        x = concatenate([_getitem(x, (_slice(None),) * a + (_slice(i, i + 1),))
                         for i in range(x.shape[a] - 1, -1, -1)], a)
    return x


def tile(x, n):
    x = _as_tensor(x)
    n = [n] if isinstance(n, int) else list(n)
    if len(n) > x.ndim:
        for _ in range(len(n) - x.ndim):
            x = expand_dims(x, 0)
    n = [1] * (x.ndim - len(n)) + n
    for axis, k in enumerate(n):
        if k != 1:
            x = concatenate([x] * int(k), axis)
    return x


def repeat(x, n):
    """(batch, dim) -> (batch, n, dim)."""
    return tile(expand_dims(x, 1), [1, n, 1])


def repeat_elements(x, rep, axis):
    x = _as_tensor(x)
    axis = axis % x.ndim
    if x.shape[axis] is None:
        _not_implemented('repeat_elements along an axis of unknown size')
    parts = []
    for i in range(x.shape[axis]):
        part = _getitem(x, (_slice(None),) * axis + (_slice(i, i + 1),))
        parts.extend([part] * rep)
    return concatenate(parts, axis)


def batch_dot(x, y, axes=None):
    """Dot product of each sample of x with the matching sample of y, along `axes`."""
    x, y = _as_tensor(x), _as_tensor(y)
    if isinstance(axes, int):
        axes = (axes, axes)
    if axes is None:
        axes = (x.ndim - 1, y.ndim - 2 if y.ndim > 2 else y.ndim - 1)
    ax, ay = axes[0] % x.ndim, axes[1] % y.ndim
    if ax == 0 or ay == 0:
        raise ValueError('batch_dot: cannot contract over the batch axis 0; got axes=%r.' % (axes,))
    xr = [i for i in range(1, x.ndim) if i != ax]
    yr = [i for i in range(1, y.ndim) if i != ay]
    xp = permute_dimensions(x, [0] + xr + [ax])
    yp = permute_dimensions(y, [0] + yr + [ay])
    for _ in yr:
        xp = expand_dims(xp, -2)
    for _ in xr:
        yp = expand_dims(yp, 1)
    out = sum(xp * yp, -1)
    if out.ndim == 1:
        out = expand_dims(out, 1)
    return out


def in_top_k(predictions, targets, k):
    predictions, targets = _as_tensor(predictions), _as_tensor(targets)
    picked = sum(predictions * one_hot(cast(targets, 'int64'), predictions.shape[-1]), -1,
                 keepdims=True)
    return less(sum(cast(greater(predictions, picked), floatx()), -1), k)


def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    axes = (2, 3, 4) if normalize_data_format(data_format) == 'channels_first' else (1, 2, 3)
    for axis, factor in zip(axes, (depth_factor, height_factor, width_factor)):
        x = repeat_elements(x, factor, axis)
    return x


def _unstack(x, what):
    x = _as_tensor(x)
    if x.shape[0] is None:
        _not_implemented('%s over an axis of unknown size' % what)
    return [_getitem(x, i) for i in range(x.shape[0])]


def map_fn(fn, elems, name=None, dtype=None):
    return stack([fn(e) for e in _unstack(elems, 'map_fn')])


def foldl(fn, elems, initializer=None, name=None):
    elems = _unstack(elems, 'foldl')
    acc = elems.pop(0) if initializer is None else initializer
    for e in elems:
        acc = fn(acc, e)
    return acc


def foldr(fn, elems, initializer=None, name=None):
    elems = _unstack(elems, 'foldr')[::-1]
    acc = elems.pop(0) if initializer is None else initializer
    for e in elems:
        acc = fn(acc, e)
    return acc


def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None, constants=None,
        unroll=False, input_length=None, return_all_outputs=True):
    """Iterate `step_function` over time (axis 1), unrolled here when the number of steps
    is known, else by the engine for each input shape.

    # Returns
        (last_output, outputs (batch, time, ...), new_states); with
        `return_all_outputs=False`, `outputs` is the last output alone (batch, 1, ...).
    """
    inputs = _as_tensor(inputs)
    steps = inputs.shape[1] if inputs.shape[1] is not None else input_length
    if steps is None:
        last, outputs, states = _rnn_in_engine(step_function, inputs, initial_states,
                                               go_backwards, mask, constants)
        return last, outputs if return_all_outputs else expand_dims(last, 1), states
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    states = list(initial_states)
    constants = list(constants or [])
    outputs, last = [], None
    if mask is not None:
        mask = cast(_as_tensor(mask), 'bool')
    for t in order:
        x_t = _getitem(inputs, (_slice(None), t))
        output, new_states = step_function(x_t, states + constants)
        new_states = list(new_states)
        if mask is not None:
            m = _getitem(mask, (_slice(None), t))
            if last is None:
                last = zeros_like(output)
            output = switch(m, output, last)
            new_states = [switch(m, ns, s) for s, ns in zip(states, new_states)]
        if return_all_outputs:
            outputs.append(output)
        states, last = new_states, output
    return last, stack(outputs, axis=1) if return_all_outputs else expand_dims(last, 1), states


# -- host nodes: data-dependent shapes --------------------------------------------------

def _host(fn, inputs, shape, dtype):
    """A node computed here with numpy after the engine ran (for outputs whose shape
    depends on the data, such as decoded CTC paths); it cannot feed engine ops."""
    inputs = [_as_tensor(t) for t in inputs]
    t = Tensor('host', inputs, {}, shape, dtype)
    t.host_fn = fn
    return t


# -- cumulative ops ----------------------------------------------------------------------

def _move_last(x, axis):
    perm = [i for i in range(x.ndim) if i != axis] + [axis]
    inverse = list(np.argsort(perm))
    return permute_dimensions(x, perm), inverse


def cumsum(x, axis=0):
    """Cumulative sum: a dot product with an upper-triangular constant (the axis size
    must be known)."""
    x = _as_tensor(x)
    axis = axis % x.ndim
    n = x.shape[axis]
    if n is None:
        _not_implemented('cumsum along an axis of unknown size')
    y, inverse = _move_last(x, axis)
    tri = _const_tensor(np.triu(np.ones((n, n))).astype(x.dtype))
    return permute_dimensions(dot(y, tri), inverse)


def cumprod(x, axis=0):
    """Cumulative product, unrolled along `axis` (its size must be known)."""
    x = _as_tensor(x)
    axis = axis % x.ndim
    n = x.shape[axis]
    if n is None:
        _not_implemented('cumprod along an axis of unknown size')
    parts = []
    for i in range(n):
        part = _getitem(x, (_slice(None),) * axis + (_slice(i, i + 1),))
        parts.append(part if not parts else parts[-1] * part)
    return concatenate(parts, axis)


# -- depthwise, separable, transposed and local convolutions ----------------------------------

def _depthwise(function, x, kernel, strides, padding, data_format, dilation_rate):
    """A grouped convolution, one group per input channel: the kernel (*spatial, in, mult)
    read as (*spatial, 1, in * mult), so input channel c feeds output channels
    c * mult .. c * mult + mult - 1, Keras's order."""
    kernel = _as_tensor(kernel)
    n = kernel.ndim - 2
    channels, mult = kernel.shape[n], kernel.shape[n + 1]
    kernel = reshape(kernel, tuple(kernel.shape[:n]) + (1, channels * mult))
    return _conv(function, x, kernel, strides, padding, data_format, dilation_rate,
                 groups=channels)


def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding='valid', data_format=None,
                     dilation_rate=(1, 1)):
    """Each input channel convolved with its own `multiplier` filters; kernel (r, c, in, mult)."""
    return _depthwise('depthwise_conv2d', x, depthwise_kernel, strides, padding, data_format,
                      dilation_rate)


def separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1), padding='valid',
                     data_format=None, dilation_rate=(1, 1)):
    y = depthwise_conv2d(x, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv2d(y, pointwise_kernel, (1, 1), 'valid', data_format)


def separable_conv1d(x, depthwise_kernel, pointwise_kernel, strides=1, padding='valid',
                     data_format=None, dilation_rate=1):
    y = _depthwise('separable_conv1d', x, depthwise_kernel, strides, padding, data_format,
                   dilation_rate)
    return conv1d(y, pointwise_kernel, 1, 'valid', data_format)


def _insert_zeros(x, axis, stride):
    """Put stride - 1 zeros between the cells of `axis`."""
    if stride == 1:
        return x
    n = x.shape[axis]
    xe = expand_dims(x, axis + 1)
    zero = zeros_like(xe)
    y = concatenate([xe] + [zero] * (stride - 1), axis + 1)
    target = [-1 if d is None else d for d in x.shape]
    target[axis] = n * stride
    y = reshape(y, target)
    return _getitem(y, (_slice(None),) * axis + (_slice(0, (n - 1) * stride + 1),))


def _conv_transpose(function, x, kernel, output_shape, strides, padding, data_format,
                    dilation_rate):
    """The gradient of a convolution: zeros inserted between the input cells, then a
    'full' convolution with the flipped kernel, cropped to `output_shape`."""
    x, kernel = _as_tensor(x), _as_tensor(kernel)
    data_format = normalize_data_format(data_format)
    n = kernel.ndim - 2
    strides, dilation = _tuple(strides, n), _tuple(dilation_rate, n)
    if padding not in ('valid', 'same'):
        raise ValueError('%s: invalid padding %r (expected "valid" or "same").' % (function, padding))
    out_shape = tuple(_static_int(d) if not isinstance(d, (int, np.integer)) and d is not None
                      else d for d in output_shape)
    if data_format == 'channels_first':
        out_shape = (out_shape[0],) + tuple(out_shape[2:]) + (out_shape[1],)
        x = permute_dimensions(x, (0,) + tuple(range(2, x.ndim)) + (1,))
    spatial_out = out_shape[1:-1]
    if None in x.shape[1:] or None in spatial_out:
        raise ValueError('%s: the cntk backend needs known spatial sizes; got input %s, '
                         'output_shape %s.' % (function, x.shape, output_shape))
    effective = [(kernel.shape[i] - 1) * dilation[i] + 1 for i in range(n)]
    pattern = [(0, 0)]
    crops = []
    for i in range(n):
        x = _insert_zeros(x, 1 + i, strides[i])
        full = (x.shape[1 + i] - 1) + effective[i]
        _, before, _ = NP._pad_amounts(spatial_out[i], kernel.shape[i], strides[i], dilation[i],
                                       padding)
        extra = builtins.max(0, int(before) + spatial_out[i] - full)
        pattern.append((effective[i] - 1, effective[i] - 1 + extra))
        crops.append(_slice(int(before), int(before) + spatial_out[i]))
    pattern.append((0, 0))
    x = _pad(x, pattern)
    k = reverse(kernel, list(range(n)))
    k = permute_dimensions(k, tuple(range(n)) + (n + 1, n))
    y = _conv(function, x, k, (1,) * n, 'valid', 'channels_last', dilation)
    y = _getitem(y, (_slice(None),) + tuple(crops))
    if data_format == 'channels_first':
        y = permute_dimensions(y, (0, y.ndim - 1) + tuple(range(1, y.ndim - 1)))
    return y


def conv2d_transpose(x, kernel, output_shape, strides=(1, 1), padding='valid', data_format=None,
                     dilation_rate=(1, 1)):
    """Transposed 2D convolution; kernel (rows, cols, out, in), as Keras stores it."""
    return _conv_transpose('conv2d_transpose', x, kernel, output_shape, strides, padding,
                           data_format, dilation_rate)


def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1), padding='valid', data_format=None):
    return _conv_transpose('conv3d_transpose', x, kernel, output_shape, strides, padding,
                           data_format, (1, 1, 1))


def _local(x, kernel, patches):
    """Unshared convolution: one flattened patch per output position, each multiplied by
    its own kernel slice. Returns (batch, positions, out)."""
    flat = [reshape(p, (-1, int(np.prod(p.shape[1:])))) for p in patches]
    stacked = stack(flat, axis=0)                      # (positions, batch, k * in)
    out = batch_dot(stacked, _as_tensor(kernel), axes=(2, 1))   # (positions, batch, out)
    return permute_dimensions(out, (1, 0, 2))


def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    """Unshared 1D convolution; kernel (output_length, kernel_size * in, out)."""
    data_format = normalize_data_format(data_format)
    x = _as_tensor(inputs)
    if data_format == 'channels_first':
        x = permute_dimensions(x, (0, 2, 1))
    k, s = int(kernel_size[0]), int(strides[0])
    kernel = _as_tensor(kernel)
    patches = [_getitem(x, (_slice(None), _slice(i * s, i * s + k))) for i in range(kernel.shape[0])]
    y = _local(x, kernel, patches)
    return permute_dimensions(y, (0, 2, 1)) if data_format == 'channels_first' else y


def local_conv2d(inputs, kernel, kernel_size, strides, output_shape, data_format=None):
    """Unshared 2D convolution; kernel (rows * cols, kr * kc * in, out)."""
    data_format = normalize_data_format(data_format)
    x = _as_tensor(inputs)
    if data_format == 'channels_first':
        x = permute_dimensions(x, (0, 2, 3, 1))
    rows, cols = int(output_shape[0]), int(output_shape[1])
    kr, kc = int(kernel_size[0]), int(kernel_size[1])
    sr, sc = int(strides[0]), int(strides[1])
    patches = [_getitem(x, (_slice(None), _slice(i * sr, i * sr + kr), _slice(j * sc, j * sc + kc)))
               for i in range(rows) for j in range(cols)]
    y = _local(x, kernel, patches)
    y = reshape(y, (-1, rows, cols, y.shape[-1]))
    return permute_dimensions(y, (0, 3, 1, 2)) if data_format == 'channels_first' else y


# -- CTC ----------------------------------------------------------------------------------

_NEG = -1e30


def _lse(terms):
    m = terms[0]
    for t in terms[1:]:
        m = maximum(m, t)
    m = stop_gradient(m)
    total = exp(terms[0] - m)
    for t in terms[1:]:
        total = total + exp(t - m)
    return log(total) + m


def _shift(x, k, fill):
    """x[:, s - k] along axis 1 (`fill` for s < k)."""
    pad = _getitem(x, (_slice(None), _slice(0, k))) * 0. + fill
    return concatenate([pad, _getitem(x, (_slice(None), _slice(0, x.shape[1] - k)))], 1)


def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    """CTC loss per sample (batch, 1); blank is the last class. The forward (alpha)
    recursion in log space, unrolled over the (known) number of time steps."""
    y_true, y_pred = _as_tensor(y_true), _as_tensor(y_pred)
    input_length, label_length = _as_tensor(input_length), _as_tensor(label_length)
    steps, classes, max_label = y_pred.shape[1], y_pred.shape[2], y_true.shape[1]
    if steps is None or classes is None or max_label is None:
        raise ValueError('ctc_batch_cost: the cntk backend needs known numbers of time steps, '
                         'classes and label positions; got y_pred %s, y_true %s.'
                         % (y_pred.shape, y_true.shape))
    dt = y_pred.dtype if np.dtype(y_pred.dtype).kind == 'f' else floatx()
    blank = classes - 1
    S = 2 * max_label + 1
    labels = cast(y_true, dt)
    # extended labels (batch, S): blank, l0, blank, l1, ..., blank
    blanks = labels[:, 0:1] * 0. + blank
    parts = [blanks]
    for j in range(max_label):
        parts += [labels[:, j:j + 1], blanks]
    ext = concatenate(parts, 1)
    log_probs = log(clip(cast(y_pred, dt), 1e-7, 1.))                    # (batch, T, C)
    onehot = one_hot(cast(ext, 'int32'), classes)                        # (batch, S, C)
    emit = batch_dot(log_probs, cast(onehot, dt), axes=(2, 2))           # (batch, T, S)
    skip = cast(not_equal(ext, blank), dt) * cast(not_equal(ext, _shift(ext, 2, -1.)), dt)
    skip_mask = (1. - skip) * _NEG                                       # 0 where skipping is allowed
    in_len = cast(reshape(input_length, (-1, 1)), dt)
    lab_len = cast(reshape(label_length, (-1, 1)), dt)
    start = _const_tensor(np.array([0., 0.] + [_NEG] * (S - 2), dtype=dt)[:S])
    alpha = emit[:, 0, :] + start
    for t in range(1, steps):
        terms = [alpha, _shift(alpha, 1, _NEG), _shift(alpha, 2, _NEG) + skip_mask]
        new = _lse(terms) + emit[:, t, :]
        alpha = switch(less(float(t), in_len), new, alpha)
    positions = _const_tensor(np.arange(S, dtype=dt))
    final = cast(equal(positions, 2. * lab_len), dt) + cast(equal(positions, 2. * lab_len - 1.), dt)
    total = alpha + (1. - final) * _NEG                                  # (batch, S)
    m = stop_gradient(max(total, 1, keepdims=True))
    return -(log(sum(exp(total - m), 1, keepdims=True)) + m)


def _compact_paths(best, input_length, blank):
    best = np.asarray(best).astype('int64')
    lengths = np.asarray(input_length).astype('int64').reshape(-1)
    decoded = []
    for b in range(best.shape[0]):
        out, prev = [], None
        for c in best[b, :lengths[b]]:
            if c != prev and c != blank:
                out.append(int(c))
            prev = c
        decoded.append(out)
    width = builtins.max([len(d) for d in decoded] + [1])
    dense = np.full((len(decoded), width), -1, dtype='int64')
    for i, d in enumerate(decoded):
        dense[i, :len(d)] = d
    return dense


def ctc_decode(y_pred, input_length, greedy=True, beam_width=100, top_paths=1,
               merge_repeated=False):
    """Greedy CTC decoding: ([decoded (batch, max_len), padded with -1], log_probabilities).

    `beam_width`, `top_paths` and `merge_repeated` concern beam search only.

    The best class per step and the log probabilities are computed by CNTK; merging
    repeats and dropping blanks (an output whose width depends on the data) runs here.
    """
    if not greedy:
        raise ValueError('ctc_decode: greedy=False (beam search) is not supported by the cntk '
                         'backend.')
    y_pred, input_length = _as_tensor(y_pred), _as_tensor(input_length)
    steps = y_pred.shape[1]
    if steps is None:
        raise ValueError('ctc_decode: the cntk backend needs a known number of time steps; got '
                         'y_pred %s.' % (y_pred.shape,))
    blank = y_pred.shape[-1] - 1
    best = argmax(y_pred, -1)
    in_len = cast(reshape(input_length, (-1, 1)), y_pred.dtype)
    valid = cast(less(_const_tensor(np.arange(steps, dtype=y_pred.dtype)), in_len), y_pred.dtype)
    scores = -sum(log(max(y_pred, -1)) * valid, 1, keepdims=True)
    decoded = _host(lambda b, l: _compact_paths(b, l, blank), [best, input_length],
                    (y_pred.shape[0], None), 'int64')
    return [decoded], cast(scores, floatx())


def ctc_label_dense_to_sparse(labels, label_lengths):
    """(indices, values, dense_shape) of the labels, each row cut to its length (computed
    here: the number of entries depends on the data)."""
    labels, label_lengths = _as_tensor(labels), _as_tensor(label_lengths)
    fn = NP.ctc_label_dense_to_sparse
    return (_host(lambda y, l: fn(y, l)[0], [labels, label_lengths], (None, 2), 'int64'),
            _host(lambda y, l: np.asarray(fn(y, l)[1], dtype=labels.dtype), [labels, label_lengths],
                  (None,), labels.dtype),
            _host(lambda y, l: fn(y, l)[2], [labels, label_lengths], (2,), 'int64'))


def _bilinear_axis(x, axis, factor):
    size = x.shape[axis]
    if size is None:
        _not_implemented('bilinear resize along an axis of unknown size')
    coords = (np.arange(size * factor, dtype='float64') + 0.5) / factor - 0.5
    floor_ = np.floor(coords)
    lower = np.maximum(floor_, 0).astype('int64')
    upper = np.minimum(np.ceil(coords), size - 1).astype('int64')
    shape = [1] * x.ndim
    shape[axis] = -1
    frac = _const_tensor((coords - floor_).astype(x.dtype).reshape(shape))

    def take(idx):
        return concatenate([_getitem(x, (_slice(None),) * axis + (_slice(int(i), int(i) + 1),))
                            for i in idx], axis)
    low, high = take(lower), take(upper)
    return low + (high - low) * frac


def resize_images(x, height_factor, width_factor, data_format, interpolation='nearest'):
    if interpolation not in ('nearest', 'bilinear'):
        raise ValueError('resize_images: invalid interpolation %r (expected "nearest" or '
                         '"bilinear").' % (interpolation,))
    x = _as_tensor(x)
    axes = (2, 3) if normalize_data_format(data_format) == 'channels_first' else (1, 2)
    if interpolation == 'bilinear':
        return _bilinear_axis(_bilinear_axis(x, axes[1], int(width_factor)), axes[0],
                              int(height_factor))
    return repeat_elements(repeat_elements(x, height_factor, axes[0]), width_factor, axes[1])



def _rnn_in_engine(step_function, inputs, initial_states, go_backwards, mask, constants):
    """A recurrence over a number of steps known only at run time: the step is recorded
    once on stand-in tensors; the engine unrolls it for each input shape."""
    initial_states = [_as_tensor(st) for st in initial_states]
    constants = [_as_tensor(c) for c in (constants or [])]
    x_t = Tensor('step_input', [], {}, inputs.shape[:1] + inputs.shape[2:], inputs.dtype)
    states = [Tensor('step_input', [], {}, st.shape, st.dtype) for st in initial_states]
    consts = [Tensor('step_input', [], {}, c.shape, c.dtype) for c in constants]
    output, new_states = step_function(x_t, states + consts)
    output, new_states = _as_tensor(output), [_as_tensor(ns) for ns in new_states]
    stand_ins = set(t.id for t in [x_t] + states + consts)
    order = _toposort([output] + new_states)
    inner = set()
    for t in order:
        if t.id in stand_ins or builtins.any(i.id in inner for i in t.inputs):
            inner.add(t.id)
    outer = []
    for t in order:
        if t.id not in inner:
            continue
        for i in t.inputs:
            if i.id not in inner and i not in outer:
                outer.append(i)
    for t in [output] + new_states:
        if t.id not in inner and t not in outer:
            outer.append(t)
    step_nodes = [t for t in order if t.id in inner and t.id not in stand_ins]
    ins = [inputs] + initial_states + constants + \
        ([cast(_as_tensor(mask), floatx())] if mask is not None else []) + outer
    node = Tensor('rnn', ins, {
        'x': x_t.id, 'states': [st.id for st in states], 'consts': [c.id for c in consts],
        'outer': [t.id for t in outer], 'mask': mask is not None,
        'go_backwards': bool(go_backwards), 'output': output.id,
        'new_states': [ns.id for ns in new_states]}, (), floatx())
    node.step_nodes = step_nodes
    parts = [(output.shape, output.dtype),
             (output.shape[:1] + (None,) + output.shape[1:], output.dtype)] + \
        [(st.shape, st.dtype) for st in new_states]
    results = [Tensor('rnn_part', [node], {'index': i}, sh, dt) for i, (sh, dt) in enumerate(parts)]
    for r in results:
        r._uses_learning_phase = builtins.any(getattr(t, '_uses_learning_phase', False)
                                              for t in [output] + new_states)
    return results[0], results[1], results[2:]


def _install_missing():
    """Every numpy_backend function not implemented here raises an error that names it."""
    def stub(fn_name):
        def missing(*args, **kwargs):
            _not_implemented(fn_name)
        missing.__name__ = fn_name
        missing.__doc__ = 'Not implemented by the cntk backend yet.'
        return missing

    for fn_name in dir(NP):
        if fn_name.startswith('_') or fn_name in globals() or fn_name in NP.REFERENCE_ONLY:
            continue
        if callable(getattr(NP, fn_name)) and getattr(getattr(NP, fn_name), '__module__', '') == \
                NP.__name__ and not isinstance(getattr(NP, fn_name), type):
            globals()[fn_name] = stub(fn_name)


_install_missing()
