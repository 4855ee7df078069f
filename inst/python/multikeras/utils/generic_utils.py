"""Small helpers shared by the core: object lookup by name, the progress bar."""
import sys
import time

import numpy as np

_CUSTOM_OBJECTS = {}


class CustomObjectScope(object):
    """`with CustomObjectScope({'MyLayer': MyLayer}):` makes names known to lookups."""

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
    """Turn a name or a `{'class_name', 'config'}` dict into the object it names."""
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
        if hasattr(cls, 'from_config'):
            return cls.from_config(config)
        return cls(**config)
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
    return x[0] if isinstance(x, list) and len(x) == 1 else x


class Progbar(object):
    """A progress bar: live (carriage returns) for verbose=1, one line per epoch for 2."""

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
