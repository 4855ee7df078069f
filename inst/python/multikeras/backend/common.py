"""Settings shared by every backend: floatx, epsilon, image data format, uids.

These live here, not in an engine module, so they keep their values when the
backend is switched.
"""
import contextlib
from collections import defaultdict

import numpy as np

from .. import config

_SETTINGS = {
    'floatx': config.DEFAULTS['floatx'],
    'epsilon': config.DEFAULTS['epsilon'],
    'image_data_format': config.DEFAULTS['image_data_format'],
}
_UIDS = defaultdict(int)



def symbolic(func):
    """Decorator for functions that build symbolic graphs (all our backends do): identity."""
    return func


def eager(func):
    """Decorator for functions that may run eagerly: identity, as no backend here is eager."""
    return func


def _check(key, value, argument):
    problem = config.validate_value(key, value)
    if problem:
        raise ValueError('Invalid %s: %r (%s).' % (argument, value, problem))


def floatx():
    """The default float type, as a string (e.g. `'float32'`)."""
    return _SETTINGS['floatx']


def set_floatx(floatx):
    """Set the default float type: `'float16'`, `'float32'` or `'float64'`."""
    _check('floatx', str(floatx), 'floatx')
    _SETTINGS['floatx'] = str(floatx)


def epsilon():
    """The fuzz factor used in numeric expressions."""
    return _SETTINGS['epsilon']


def set_epsilon(e):
    """Set the fuzz factor used in numeric expressions (a positive number)."""
    _check('epsilon', e, 'epsilon')
    _SETTINGS['epsilon'] = float(e)


def image_data_format():
    """`'channels_last'` or `'channels_first'`."""
    return _SETTINGS['image_data_format']


def set_image_data_format(data_format):
    """Set the default image data format: `'channels_last'` or `'channels_first'`."""
    _check('image_data_format', data_format, 'data_format')
    _SETTINGS['image_data_format'] = data_format


def normalize_data_format(value):
    """Return `value`, or the default image data format when it is None; validate it."""
    if value is None:
        value = image_data_format()
    data_format = str(value).lower()
    if data_format not in config.DATA_FORMATS:
        raise ValueError('Invalid data_format: %r (expected "channels_last" or '
                         '"channels_first").' % (value,))
    return data_format


def cast_to_floatx(x):
    """Cast a numpy array (or number) to the default float type."""
    return np.asarray(x, dtype=floatx())


def eye_array(size):
    """The identity matrix that `eye(size)` holds, as a float64 numpy array:
    `size` is n (an n x n matrix) or a pair (rows, cols).

    # Raises
        ValueError: for anything else (the message names `size` and its value).
    """
    dims = tuple(size) if isinstance(size, (list, tuple)) else (size,)
    if not 1 <= len(dims) <= 2 or not all(isinstance(d, (int, np.integer)) and
                                          not isinstance(d, bool) and d >= 0 for d in dims):
        raise ValueError('eye: `size` must be a whole number n or a pair (rows, cols) of '
                         'whole numbers; got %r.' % (size,))
    return np.eye(*[int(d) for d in dims])


def check_slice(ndim, start, size):
    """Raise a ValueError unless `start` and `size` (of `slice(x, start, size)`)
    have one entry per axis of a tensor of `ndim` axes (tensors are not checked)."""
    if not isinstance(start, (list, tuple)) or not isinstance(size, (list, tuple)):
        return
    if len(start) != ndim or len(size) != ndim:
        raise ValueError('slice: `start` (%r) and `size` (%r) must have one entry per axis of '
                         'the tensor (%d axes).' % (list(start), list(size), ndim))


def phase_choice(x, alt, training, symbolic_switch):
    """`in_train_phase` for every backend: `x` when training, `alt` otherwise.

    A Python `training` value (0/1, bool) picks at once, calling the chosen
    callable; a symbolic one goes through the backend's
    `symbolic_switch(training, x, alt)`, whose result is marked as using the
    learning phase.

    # Arguments
        x: What to use in the training phase: a tensor or a function
            returning one.
        alt: What to use otherwise: a tensor or a function returning one.
        training: The learning phase: a Python value or a symbolic scalar.
        symbolic_switch: The backend's `switch`.

    # Returns
        The chosen tensor.
    """
    if isinstance(training, (bool, int, np.bool_, np.integer)):
        chosen = x if training else alt
        return chosen() if callable(chosen) else chosen
    out = symbolic_switch(training, x, alt)
    try:
        out._uses_learning_phase = True
    except AttributeError:
        pass
    return out


class Update(tuple):
    """The update `variable <- value` that `update()`, `update_add()`,
    `update_sub()` and `moving_average_update()` return on a symbolic backend.

    It is the `(variable, new value)` pair that `function(updates=...)` takes
    (all the updates of one call read the state from before the call), and,
    as Keras's assign ops, `eval()` of it runs it at once and gives the new
    value.
    """

    def __new__(cls, variable, value):
        return super(Update, cls).__new__(cls, (variable, value))

    def __getnewargs__(self):
        return tuple(self)


def check_learning_phase(value):
    """`value` if it is 0 or 1 (a fixed learning phase), else a ValueError."""
    if value not in (0, 1):
        raise ValueError('set_learning_phase: invalid value %r (expected 0 or 1).' % (value,))
    return int(value)


@contextlib.contextmanager
def fixed_learning_phase(state, key, value):
    """Within the block, the learning phase is fixed to `value` (0 or 1), as
    after `set_learning_phase(value)`; afterwards it is what it was. `state[key]`
    is where the backend keeps its fixed phase."""
    previous = state[key]
    state[key] = check_learning_phase(value)
    try:
        yield
    finally:
        state[key] = previous


def get_uid(prefix=''):
    """A per-prefix counter, used to name layers (`dense_1`, `dense_2`, ...)."""
    _UIDS[prefix] += 1
    return _UIDS[prefix]


def reset_uids():
    """Reset the layer name counters."""
    _UIDS.clear()


@contextlib.contextmanager
def name_scope(name):
    """A no-op name scope for backends that have none."""
    yield


def normalize_axis(axis, ndim):
    """Turn a possibly negative axis (or list of them) into non-negative ints."""
    if axis is None:
        return None
    if isinstance(axis, (list, tuple)):
        return tuple(a % ndim if a < 0 else a for a in axis)
    return axis % ndim if axis < 0 else axis


def split_axis(shape, count, axis):
    """`split`'s arguments checked against the tensor's static `shape`: returns
    (non-negative axis, width of each part, None when the axis's size is not
    known before the graph runs)."""
    if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or count < 1:
        raise ValueError('split: count must be a positive integer, got %r.' % (count,))
    ndim = len(shape)
    if not -ndim <= axis < ndim:
        raise ValueError('split: axis %r is out of range for a tensor of %d dims.' % (axis, ndim))
    axis = axis % ndim
    size = shape[axis]
    if size is not None and size % count:
        raise ValueError('split: axis %d has size %d, which cannot be split into %d equal '
                         'parts.' % (axis, size, count))
    return axis, None if size is None else size // count


def split_by_slicing(x, count, axis, shape, run_time_size=None):
    """`split` for backends whose slices already have cheap gradients;
    `run_time_size(axis)` gives the axis's symbolic size when `shape` lacks it."""
    axis, width = split_axis(shape, count, axis)
    if width is None:
        width = run_time_size(axis) // count
    head = (slice(None),) * axis
    return [x[head + (slice(i * width, (i + 1) * width),)] for i in range(count)]


def batch_dot_axes(x_ndim, y_ndim, axes):
    """`batch_dot`'s `axes` checked and made `[x_axis, y_axis]`, both non-negative:
    Keras 2.3's default is the last axis of x with the last (y 2D) or the
    second-to-last axis of y; axis 0, the batch, cannot be one of them."""
    if x_ndim < 2 or y_ndim < 2:
        raise ValueError('batch_dot: x and y must have at least 2 dims, got ndim %d and %d.'
                         % (x_ndim, y_ndim))
    if isinstance(axes, int):
        axes = [axes, axes]
    if axes is None:
        axes = [x_ndim - 1, y_ndim - 1] if y_ndim == 2 else [x_ndim - 1, y_ndim - 2]
    if any(isinstance(a, (list, tuple)) for a in axes):
        raise ValueError('batch_dot: multiple target dimensions are not supported (axes=%r).'
                         % (axes,))
    axes = [axes[0] % x_ndim, axes[1] % y_ndim]
    if 0 in axes:
        raise ValueError('batch_dot: cannot perform batch_dot over axis 0 (axes=%r).' % (axes,))
    return axes
