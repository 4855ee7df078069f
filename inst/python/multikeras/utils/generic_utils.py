"""Small helpers shared by the core: object lookup by name, the progress bar, function
(de)serialization, signature checks and the list and shape helpers of Keras 2.3."""
import binascii
import codecs
import inspect
import marshal
import sys
import time
import types

import numpy as np

_CUSTOM_OBJECTS = {}


class CustomObjectScope(object):
    """Makes custom classes and functions known by name inside a `with` block.

    `with CustomObjectScope({'MyLayer': MyLayer}):` lets `load_model`,
    `deserialize` and the `get` functions find `MyLayer` by its name.

    # Arguments
        scopes: Dicts from names to the objects they stand for.
    """

    def __init__(self, *scopes):
        self.scopes = scopes
        self.backup = None

    def __enter__(self):
        self.backup = dict(_CUSTOM_OBJECTS)
        for scope in self.scopes:
            _CUSTOM_OBJECTS.update(scope)
        return self

    def __exit__(self, *args):
        _CUSTOM_OBJECTS.clear()
        _CUSTOM_OBJECTS.update(self.backup)


def custom_object_scope(*scopes):
    return CustomObjectScope(*scopes)


def get_custom_objects():
    """The global dict of user-registered objects (name -> class or function)."""
    return _CUSTOM_OBJECTS


def serialize_keras_object(instance):
    """`{'class_name': ..., 'config': ...}` for objects with get_config, else the name."""
    if instance is None:
        return None
    if hasattr(instance, 'get_config'):
        return {'class_name': instance.__class__.__name__, 'config': instance.get_config()}
    if hasattr(instance, '__name__'):
        return instance.__name__
    raise ValueError('Cannot serialize %r: it has no get_config() and no name.' % (instance,))


def deserialize_keras_object(identifier, module_objects, custom_objects=None,
                             printable_module_name='object'):
    """Turns a name or a `{'class_name': ..., 'config': ...}` dict into the object it names.

    # Arguments
        identifier: A name (string) or a serialized object (dict).
        module_objects: Dict of the objects the module offers by name.
        custom_objects: Dict of further (custom) objects by name.
        printable_module_name: What the object is, for error messages (e.g.
            `'loss function'`).

    # Returns
        The object: the function or class named, or an instance built from
        the configuration.

    # Raises
        ValueError: for an unknown name or class, or another kind of
            identifier.
    """
    known = dict(module_objects)
    known.update(_CUSTOM_OBJECTS)
    known.update(custom_objects or {})
    if isinstance(identifier, dict):
        class_name = identifier.get('class_name')
        cls = known.get(class_name)
        if cls is None:
            raise ValueError('Unknown %s: %r. Pass its class in custom_objects.'
                             % (printable_module_name, class_name))
        config = identifier.get('config', {})
        with custom_object_scope(custom_objects or {}):
            if not hasattr(cls, 'from_config'):
                return cls(**config)
            if has_arg(cls.from_config, 'custom_objects'):
                return cls.from_config(config, custom_objects=custom_objects)
            return cls.from_config(config)
    if isinstance(identifier, str):
        fn = known.get(identifier)
        if fn is None:
            valid = sorted(k for k in module_objects if not k.startswith('_'))
            raise ValueError('Unknown %s: %r. Valid values are: %s.'
                             % (printable_module_name, identifier, ', '.join(valid)))
        return fn
    raise ValueError('Could not interpret %s identifier: %r' % (printable_module_name, identifier))


def to_list(x):
    """`x` as a list (a single item becomes a one-item list; None an empty list)."""
    if x is None:
        return []
    if isinstance(x, list):
        return x
    if isinstance(x, tuple):
        return list(x)
    return [x]


def unpack_singleton(x):
    """The only element of a one-element list, else `x` itself."""
    return x[0] if isinstance(x, list) and len(x) == 1 else x


def object_list_uid(object_list):
    """A string naming the objects of `object_list` (or one object) by identity."""
    return ', '.join(str(abs(id(x))) for x in _as_items(object_list))


def is_all_none(iterable_or_element):
    """Whether every element of a list or tuple (or the single element) is None."""
    return all(x is None for x in _as_items(iterable_or_element))


def _as_items(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def slice_arrays(arrays, start=None, stop=None):
    """`arrays[start:stop]`, or that slice of each array of a list (None stays None).

    # Arguments
        arrays: an array, a list of arrays (or Nones), or None.
        start: the first row, or a list or array of row indices (then `stop`
            is ignored).
        stop: the row after the last.

    # Returns
        The slice, a list of slices, or `[None]` for `arrays=None` (as Keras
        2.3 returns).
    """
    if arrays is None:
        return [None]
    rows = start.tolist() if hasattr(start, 'shape') else start
    by_index = hasattr(rows, '__len__')

    def take(x):
        if x is None:
            return None
        return x[rows] if by_index else x[start:stop]
    if isinstance(arrays, list):
        return [take(x) for x in arrays]
    return take(arrays)


def transpose_shape(shape, target_format, spatial_axes):
    """A channels-last `shape` (tuple or list) rearranged for `target_format`.

    # Arguments
        shape: the shape, channels last.
        target_format: `'channels_first'` or `'channels_last'` (returned as is).
        spatial_axes: the positions of the spatial axes in `shape`.

    # Returns
        The shape with the channel axis moved before the spatial axes, of the
        type of `shape`.

    # Raises
        ValueError: for another `target_format`.
    """
    if target_format == 'channels_last':
        return shape
    if target_format != 'channels_first':
        raise ValueError('The `data_format` argument must be one of "channels_first", '
                         '"channels_last"; got %r.' % (target_format,))
    first = spatial_axes[0]
    moved = tuple(shape[:first]) + (shape[-1],) + tuple(shape[a] for a in spatial_axes)
    return list(moved) if isinstance(shape, list) else moved


def check_for_unexpected_keys(name, input_dict, expected_values):
    """Raise a ValueError naming the keys of `input_dict` not in `expected_values`."""
    unknown = sorted(set(input_dict) - set(expected_values), key=str)
    if unknown:
        raise ValueError('Unknown entries in %s dictionary: %s. Only expected the keys %s.'
                         % (name, unknown, list(expected_values)))


def has_arg(fn, name, accept_all=False):
    """Whether `fn` can be called with the keyword argument `name`.

    # Arguments
        fn: a callable.
        name: the argument name.
        accept_all: what to answer when `fn` has no parameter `name` but takes
            `**kwargs`.

    # Returns
        True when `fn` has a parameter `name` that can be passed by keyword
        (not positional-only), or, with `accept_all`, when it takes `**kwargs`.
    """
    parameters = inspect.signature(fn).parameters
    parameter = parameters.get(name)
    if parameter is None:
        return bool(accept_all) and any(p.kind == inspect.Parameter.VAR_KEYWORD
                                        for p in parameters.values())
    return parameter.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD,
                              inspect.Parameter.KEYWORD_ONLY)


def func_dump(func):
    """A Python function as `(code, defaults, closure)`, its code as base64 text.

    The inverse is `func_load`; the code is only readable by the same Python
    version. It is written in marshal format 2, which has no back-references
    (whose flags depend on reference counts), so a function always gives the
    same text.
    """
    code = codecs.encode(marshal.dumps(func.__code__, 2), 'base64').decode('ascii')
    closure = tuple(c.cell_contents for c in func.__closure__) if func.__closure__ else None
    return code, func.__defaults__, closure


def func_load(code, defaults=None, closure=None, globs=None):
    """The function that `func_dump` described.

    # Arguments
        code: the code text of `func_dump` (or its whole tuple); text dumped
            as raw bytes, as Keras wrote before 2.1.2, is read too.
        defaults: the default argument values.
        closure: the values of the closure variables.
        globs: the globals the function sees (default: this module's).

    # Returns
        A function.

    # Raises
        TypeError: when the code uses closure variables and no `closure`
            values are given.
    """
    if isinstance(code, (tuple, list)):
        code, defaults, closure = code
    if isinstance(defaults, list):
        defaults = tuple(defaults)
    try:
        raw = codecs.decode(code.encode('ascii'), 'base64')
        code = marshal.loads(raw)
    except (UnicodeEncodeError, binascii.Error, ValueError, EOFError):
        code = marshal.loads(code.encode('raw_unicode_escape'))
    if closure is None and code.co_freevars:
        raise TypeError('func_load(): the code of %r uses the closure variables %s, but no '
                        '`closure` values were given (files written before Keras 2.1.2 did not '
                        'keep them); pass them as `closure=`.'
                        % (code.co_name, ', '.join(code.co_freevars)))
    cells = None if closure is None else tuple(
        c if isinstance(c, types.CellType) else types.CellType(c) for c in closure)
    return types.FunctionType(code, globals() if globs is None else globs, code.co_name,
                              defaults, cells)


class Progbar(object):
    """A progress bar: live (carriage returns) for `verbose=1`, one line at the end for 2.

    # Arguments
        target: Total number of steps expected (None if unknown).
        width: Width of the bar on screen, in characters.
        verbose: 0 (silent), 1 (live bar) or 2 (one line at the end).
        interval: Minimum time in seconds between two updates of the bar.
        stateful_metrics: Names of the metrics shown as they are, rather than
            averaged over the steps.
    """

    def __init__(self, target, width=30, verbose=1, interval=0.05, stateful_metrics=None):
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.stateful_metrics = set(stateful_metrics or [])
        self._values = {}
        self._order = []
        self._seen = 0
        self._start = time.time()
        self._last_update = 0
        self._last_width = 0

    def update(self, current, values=None):
        for key, value in values or []:
            if key not in self._values:
                self._order.append(key)
            if key in self.stateful_metrics:
                self._values[key] = [value, 1]
            else:
                count = current - self._seen
                total, n = self._values.get(key, [0., 0])
                self._values[key] = [total + value * count, n + count]
        self._seen = current
        now = time.time()
        finished = self.target is not None and current >= self.target
        if self.verbose == 1:
            if not finished and now - self._last_update < self.interval:
                return
            self._last_update = now
            line = self._bar(current) + self._eta(current, now, finished) + self._metrics()
            pad = max(self._last_width - len(line), 0)
            self._last_width = len(line)
            sys.stdout.write('\r' + line + ' ' * pad + ('\n' if finished else ''))
            sys.stdout.flush()
        elif self.verbose == 2 and finished:
            elapsed = now - self._start
            sys.stdout.write('%d/%d - %.0fs%s\n' % (current, self.target, elapsed, self._metrics()))
            sys.stdout.flush()

    def add(self, n, values=None):
        self.update(self._seen + n, values)

    def _bar(self, current):
        if self.target is None:
            return '%7d/Unknown' % current
        digits = len(str(self.target))
        done = int(self.width * current / max(self.target, 1))
        arrow = '=' * max(done - 1, 0) + ('>' if current < self.target else '=') if done else ''
        return '%*d/%d [%s%s]' % (digits, current, self.target, arrow, '.' * (self.width - len(arrow)))

    def _eta(self, current, now, finished):
        elapsed = now - self._start
        if finished or not current:
            return ' - %.0fs' % elapsed
        remaining = elapsed / current * (self.target - current) if self.target else 0
        return ' - ETA: %.0fs' % remaining

    def _metrics(self):
        parts = []
        for key in self._order:
            total, n = self._values[key]
            value = total / max(n, 1)
            parts.append(' - %s: %s' % (key, ('%.4f' % value) if abs(value) > 1e-3 else ('%.4e' % value)))
        return ''.join(parts)
