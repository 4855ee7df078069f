"""The backend facade: `K.<fn>` is the active backend's `<fn>`.

Layers, losses, optimizers and the training loop import this module as `K`
and never an engine module. The active backend is chosen with
`use_backend()`, else `KERAS_BACKEND`, else `keras.json`, else TensorFlow. Its
engine (tensorflow, theano, mxnet) is imported on first use, not when this package
is imported.
"""
import importlib
import os
import weakref

import numpy as np

from .. import config
from .common import (floatx, set_floatx, epsilon, set_epsilon, image_data_format,
                     set_image_data_format, normalize_data_format, cast_to_floatx,
                     get_uid, reset_uids, symbolic, eager)

# name -> (module, the pip package its engine needs, how to install it)
_BACKEND_MODULES = {
    'tensorflow': ('tensorflow_backend', 'tensorflow-cpu==2.15.1',
                   'pip install tensorflow-cpu==2.15.1   (or, in R: install_keras())'),
    'theano': ('theano_backend', 'Theano-PyMC==1.1.2',
               'pip install Theano-PyMC==1.1.2 numpy==1.23.5   (or, in R: install_keras())'),
    'cntk': ('cntk_backend', 'cntk==2.7 (run in a Python 2.7 engine process)',
             'python -m multikeras.backend.cntk_engine.install   (or, in R: install_keras(backends = "cntk"))'),
    'mxnet': ('mxnet_backend', 'mxnet==1.9.1',
              'pip install --no-deps mxnet==1.9.1   (or, in R: install_keras())'),
    'numpy': ('numpy_backend', 'numpy', 'pip install numpy'),
}

_state = {'name': None, 'module': None, 'session': 0, 'settings': None}
_live_models = weakref.WeakSet()


def _load_settings():
    """keras.json's settings, read once per process (on import, as Keras does).

    floatx, epsilon and image_data_format are applied only then, so values
    set in the session stay set through compile(), clear_session() and
    use_backend() until the user changes them.
    """
    if _state['settings'] is None:
        settings = config.load_config()
        for key, setter in (('floatx', set_floatx), ('epsilon', set_epsilon),
                            ('image_data_format', set_image_data_format)):
            setter(settings[key])
        _state['settings'] = settings
    return _state['settings']


_load_settings()


def _initial_backend_name(settings):
    env = os.environ.get('KERAS_BACKEND')
    if env:
        if env not in _BACKEND_MODULES:
            raise ValueError('Invalid KERAS_BACKEND environment variable: %r (expected one of %s).'
                             % (env, ', '.join(repr(b) for b in _BACKEND_MODULES)))
        return env
    return settings['backend']


def _import_backend(name):
    if name not in _BACKEND_MODULES:
        raise ValueError('Unknown backend: %r. Valid backends are %s.'
                         % (name, ', '.join(repr(b) for b in _BACKEND_MODULES)))
    module_name, package, command = _BACKEND_MODULES[name]
    try:
        module = importlib.import_module('.' + module_name, __name__)
        module.ensure_engine()
    except ImportError as e:
        raise ImportError('The %r backend is not available: its engine (%s) could not be '
                          'imported (%s). Install it with: %s. The active backend is '
                          'unchanged.' % (name, package, e, command)) from e
    return module


def _active():
    if _state['module'] is None:
        settings = _load_settings()
        name = _initial_backend_name(settings)
        _state['module'] = _import_backend(name)
        _state['name'] = name
    return _state['module']


def backend():
    """The name of the active backend: `'tensorflow'`, `'theano'`, `'cntk'`, `'mxnet'` or
    `'numpy'`."""
    if _state['name'] is None:
        return _initial_backend_name(_load_settings())
    return _state['name']


def use_backend(name):
    """Switch the active backend, at any time in a session.

    The new backend's session is cleared. Models built before the switch keep
    their weights and are rebuilt on the new backend the next time they are
    used.

    # Arguments
        name: `'tensorflow'`, `'theano'`, `'cntk'`, `'mxnet'` or `'numpy'`.

    # Raises
        ValueError: for an unknown name.
        ImportError: when the backend's engine is not installed; the active
            backend is then unchanged.
    """
    if not isinstance(name, str) or name not in _BACKEND_MODULES:
        raise ValueError('Unknown backend: %r. Valid backends are %s.'
                         % (name, ', '.join(repr(b) for b in _BACKEND_MODULES)))
    module = _import_backend(name)
    before = dict(_state)
    _snapshot_live_models()
    _state['session'] += 1
    _state['module'] = module
    _state['name'] = name
    try:
        module.clear_session()
    except BaseException:
        # All or nothing: the previous backend and its session stay active.
        _state.update(before)
        raise
    reset_uids()
    return name


def clear_session():
    """Reset the active backend's state (graph, session, layer names)."""
    module = _active()
    _snapshot_live_models()
    _state['session'] += 1
    reset_uids()
    module.clear_session()


def session_tag():
    """Identifies the active backend and session; models built under another tag are stale."""
    _active()
    return (_state['name'], _state['session'])


def _snapshot_live_models():
    for model in list(_live_models):
        try:
            model._snapshot_weights()
        except Exception as e:  # noqa: BLE001 - one broken model must not block the switch
            model._carried = None
            model._carry_error = '%s: %s' % (type(e).__name__, e)


def register_model(model):
    """Track `model` so its weights survive a backend switch."""
    _live_models.add(model)


_OWNER_MODULES = (('tensorflow', 'tensorflow'), ('theano', 'theano'),
                  ('multikeras.backend.cntk_backend', 'cntk'),
                  ('multikeras.backend.mxnet_backend', 'mxnet'))


def _owner(x):
    """The backend whose tensor or variable `x` is, from its type (None: a plain value)."""
    module = type(x).__module__ or ''
    for prefix, name in _OWNER_MODULES:
        if module == prefix or module.startswith(prefix + '.'):
            return name
    return None


def _check_owned(fn_name, xs):
    """Refuse, with a message saying what to do, a variable of another backend."""
    active = backend()
    for x in xs:
        owner = _owner(x)
        if owner is not None and owner != active:
            name = getattr(x, 'name', None)
            raise ValueError(
                '%s: the argument%s is a %s variable, but the active backend is %r. A variable '
                'stays in the backend that made it; a model carries its weights across '
                'use_backend(), a bare variable does not. Read it before switching, or use the '
                'model\'s get_weights().' % (fn_name, ' %r' % name if name else '', owner, active))


def get_value(x):
    """The value of variable `x`, as a numpy array."""
    _check_owned('get_value', [x])
    return _active().get_value(x)


def batch_get_value(xs):
    """The values of a list of variables."""
    xs = list(xs)
    _check_owned('batch_get_value', xs)
    return _active().batch_get_value(xs)


def set_value(x, value):
    """Set variable `x` to a numpy value."""
    _check_owned('set_value', [x])
    return _active().set_value(x, value)


def batch_set_value(tuples):
    """Set several variables: a list of (variable, value) pairs."""
    tuples = list(tuples)
    _check_owned('batch_set_value', [x for x, _ in tuples])
    return _active().batch_set_value(tuples)


def eval(x):  # noqa: A001 - the Keras name
    """The value of tensor `x`, as a numpy array.

    The result tensor of a metric called on tensors (`metric(y_true, y_pred)`)
    carries the metric's updates: evaluating it applies them, as evaluating
    Keras's result tensor runs the assign ops it depends on.
    """
    _check_owned('eval', [x])
    updates = getattr(x, '_metric_updates', None)
    if updates:
        return np.asarray(_active().function([], [x], updates=list(updates))([])[0])
    return _active().eval(x)


def index_axes(x, key):
    """`x` indexed axis by axis with the active backend's `slice`, `gather` and `squeeze`.

    Not a Keras 2.3 function: it is how the R interface's `x[i, j, ...]` on a
    tensor runs the same way on every backend (the R side turns R's 1-based,
    inclusive indices into this key).

    # Arguments
        x: a tensor or variable.
        key: a list with one entry per leading axis of `x`; the axes after the
            last entry are kept whole. An entry is `None` (the whole axis), an
            int (that position; the axis is dropped), a `slice` with step 1
            (that contiguous range) or a list of ints (those positions, in
            that order, repeats allowed; the axis is kept). Positions are
            0-based and non-negative.

    # Returns
        A tensor.

    # Raises
        ValueError: for more entries than axes, a negative or out-of-range
            position, an empty selection or a slice whose step is not 1.
    """
    module = _active()
    ndim = module.ndim(x)
    key = list(key)
    if len(key) > ndim:
        raise ValueError('index_axes: %d indices given for a tensor with %d axes.'
                         % (len(key), ndim))
    shape = module.int_shape(x) or (None,) * ndim
    starts, sizes, drops, takes, static = [], [], [], {}, []
    for axis, entry in enumerate(key + [None] * (ndim - len(key))):
        length = shape[axis]
        start, size = 0, -1
        if isinstance(entry, slice):
            if entry.step not in (None, 1):
                raise ValueError('index_axes: axis %d: only slices of step 1 are supported; got %r.'
                                 % (axis, entry))
            start = 0 if entry.start is None else _position(entry.start, axis, length)
            if entry.stop is not None:
                _position(entry.stop - 1, axis, length)
                size = entry.stop - start
                if size < 1:
                    raise ValueError('index_axes: axis %d: the slice %r selects nothing.'
                                     % (axis, entry))
        elif isinstance(entry, (list, tuple)):
            positions = [_position(p, axis, length) for p in entry]
            if not positions:
                raise ValueError('index_axes: axis %d: an empty selection is not supported.' % axis)
            if positions == list(range(positions[0], positions[0] + len(positions))):
                start, size = positions[0], len(positions)
            else:
                takes[axis] = positions
        elif entry is not None:
            start, size = _position(entry, axis, length), 1
            drops.append(axis)
        starts.append(start)
        sizes.append(size)
        if axis in takes:
            static.append(len(takes[axis]))
        elif axis not in drops:
            static.append(size if size != -1 else
                          None if length is None else length - start)
    if any(s != 0 for s in starts) or any(n != -1 for n in sizes):
        x = module.slice(x, starts, sizes)
    for axis, positions in sorted(takes.items()):
        x = _gather_axis(module, x, axis, positions, ndim)
    for axis in reversed(drops):
        x = module.squeeze(x, axis)
    if tuple(module.int_shape(x) or ()) != tuple(static):
        # A backend that does not follow static sizes through slices (Theano)
        # reads them here, as it does for layer outputs.
        x._keras_shape = tuple(static)
    return x


def _position(value, axis, length):
    """A checked 0-based position on `axis` (of `length`, None when unknown)."""
    import numpy as np
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError('index_axes: axis %d: positions must be whole numbers; got %r.'
                         % (axis, value))
    value = int(value)
    if value < 0 or (length is not None and value >= length):
        raise ValueError('index_axes: axis %d: position %d is out of range (the axis has %s '
                         'positions).' % (axis, value, length if length is not None else
                                           'an unknown number of'))
    return value


def _gather_axis(module, x, axis, positions, ndim):
    """`x` at `positions` along `axis`, with the backend's `gather` (which takes axis 0)."""
    import numpy as np
    indices = module.constant(np.asarray(positions, dtype='int32'), dtype='int32')
    if axis == 0:
        return module.gather(x, indices)
    order = [axis] + [a for a in range(ndim) if a != axis]
    gathered = module.gather(module.permute_dimensions(x, order), indices)
    return module.permute_dimensions(gathered, [order.index(a) for a in range(ndim)])


# -- axis arguments ------------------------------------------------------------------------
#
# The engines check axes late (a TensorFlow or Theano internal message) or not
# at all (CNTK wraps around and returns a wrong result), so the facade checks
# them first, the same way for every backend. Each entry: the position and name
# of the axis argument, and its kind: 'axes' (None, an axis or a list of axes
# of the tensor), 'new' (a position for a new axis: rank + 1 choices), or
# 'pattern' (a permutation of all the axes). The tensor is the first argument
# (for concatenate and stack, the first tensor of the list).

_AXIS_ARGUMENTS = dict(
    [(fn, (1, 'axis', 'axes')) for fn in ('sum', 'mean', 'max', 'min', 'prod', 'std', 'var',
                                          'any', 'all', 'logsumexp', 'argmax', 'argmin',
                                          'cumsum', 'cumprod', 'softmax', 'l2_normalize',
                                          'concatenate')] +
    [('squeeze', (1, 'axis', 'axes')), ('repeat_elements', (2, 'axis', 'axes')),
     ('reverse', (1, 'axes', 'axes')), ('expand_dims', (1, 'axis', 'new')),
     ('stack', (1, 'axis', 'new')), ('permute_dimensions', (1, 'pattern', 'pattern'))])

_checked = {}


class AxisError(ValueError):
    """An axis argument out of range for the tensor's rank (a ValueError).

    The message reads "fn: `argument` = value is out of range for a tensor of
    rank r; valid axes are low to high ..." (the R package restates it in
    1-based terms).
    """


def _is_int(value):
    import numpy as np
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def check_axis(fn, argument, value, rank, kind='axes'):
    """Checks an axis argument for a tensor of `rank` axes.

    Values of other types than whole numbers and lists of them (tensors) are
    left to the engine.

    # Arguments
        fn: The backend function's name, for the message.
        argument: The argument's name, for the message.
        value: The argument's value: None, an axis, or a list of axes.
        rank: The tensor's number of axes (None: unknown, not checked).
        kind: `'axes'` (axes of the tensor), `'new'` (a position for a new
            axis) or `'pattern'` (a permutation of all the axes).

    # Raises
        AxisError: (a ValueError) when `value` is out of range or not a
            whole number.
    """
    if value is None or rank is None:
        return
    if isinstance(value, (bool, float, str)):
        raise AxisError('%s: `%s` must be a whole number (an axis); got %r.' % (fn, argument, value))
    if kind == 'pattern':
        pattern = list(value) if isinstance(value, (list, tuple)) else None
        if pattern is None or not all(_is_int(p) for p in pattern) or \
                sorted(int(p) for p in pattern) != list(range(rank)):
            raise AxisError('%s: `%s` = %r is not a permutation of the axes 0 to %d of a tensor '
                            'of rank %d.' % (fn, argument, value, rank - 1, rank))
        return
    size = rank + 1 if kind == 'new' else rank
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    for axis in values:
        if isinstance(axis, (bool, float, str)):
            raise AxisError('%s: `%s` must hold whole numbers (axes); got %r.'
                            % (fn, argument, value))
        if _is_int(axis) and not -size <= axis < size:
            raise AxisError('%s: `%s` = %d is out of range for a tensor of rank %d; valid axes '
                            'are %d to %d (negative values count from the end).'
                            % (fn, argument, axis, rank, -size, size - 1))


def _rank(module, x):
    try:
        rank = module.ndim(x)
    except Exception:  # noqa: BLE001 - not a tensor: the engine says what is wrong
        return None
    return rank if _is_int(rank) else None


def _check_squeezable(module, x, axis):
    try:
        size = (module.int_shape(x) or ())[axis]
    except Exception:  # noqa: BLE001 - no static shape: the engine checks at run time
        return
    if size is not None and size != 1:
        raise AxisError('squeeze: `axis` = %d has size %d; only an axis of size 1 can be '
                        'squeezed.' % (axis, size))


def _with_axis_check(module, name, function):
    position, argument, kind = _AXIS_ARGUMENTS[name]

    def checked(*args, **kwargs):
        if len(args) > position:
            value = args[position]
        elif argument in kwargs:
            value = kwargs[argument]
        else:
            return function(*args, **kwargs)
        x = args[0] if args else kwargs.get('tensors' if name == 'concatenate' else 'x')
        if name in ('concatenate', 'stack') and isinstance(x, (list, tuple)):
            x = x[0] if x else None
        if value is not None and x is not None:
            check_axis(name, argument, value, _rank(module, x), kind)
            if name == 'squeeze' and _is_int(value):
                _check_squeezable(module, x, int(value))
        return function(*args, **kwargs)
    checked.__name__ = name
    checked.__doc__ = function.__doc__
    checked.__wrapped__ = function
    return checked


def __getattr__(name):
    if name.startswith('__'):
        raise AttributeError(name)
    module = _active()
    try:
        function = getattr(module, name)
    except AttributeError:
        raise AttributeError('The %r backend has no function %r.' % (_state['name'], name)) from None
    if name not in _AXIS_ARGUMENTS:
        return function
    key = (id(module), name)
    cached = _checked.get(key)
    if cached is None or cached.__wrapped__ is not function:
        cached = _checked[key] = _with_axis_check(module, name, function)
    return cached


def __dir__():
    names = set(globals())
    if _state['module'] is not None:
        names.update(n for n in dir(_state['module']) if not n.startswith('_'))
    return sorted(names)
