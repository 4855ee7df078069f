"""Weight initializers.

They draw values with NumPy (seedable with `np.random.seed` or a `seed`
argument), so the same seed gives the same weights on every backend.
"""
import numpy as np

from . import backend as K
from .utils.generic_utils import serialize_keras_object, deserialize_keras_object


class Initializer(object):
    """Base class: `initializer(shape, dtype)` returns a numpy array."""

    def __call__(self, shape, dtype=None):
        raise NotImplementedError

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def _rng(self):
        """The generator to draw from: NumPy's global one, or with a `seed` the
        instance's own, seeded once, so that successive calls draw new values
        (two layers given one seeded initializer start from different weights)
        while a fresh initializer with the same seed repeats the same draws."""
        seed = getattr(self, 'seed', None)
        if seed is None:
            return np.random
        if getattr(self, '_seeded_rng', None) is None or self._seeded_rng[0] != seed:
            self._seeded_rng = (seed, np.random.RandomState(seed))
        return self._seeded_rng[1]


class Zeros(Initializer):
    def __call__(self, shape, dtype=None):
        return np.zeros(shape, dtype=dtype or K.floatx())


class Ones(Initializer):
    def __call__(self, shape, dtype=None):
        return np.ones(shape, dtype=dtype or K.floatx())


class Constant(Initializer):
    def __init__(self, value=0):
        self.value = value

    def __call__(self, shape, dtype=None):
        return np.full(shape, self.value, dtype=dtype or K.floatx())

    def get_config(self):
        return {'value': self.value}


class RandomNormal(Initializer):
    def __init__(self, mean=0., stddev=0.05, seed=None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None):
        return self._rng().normal(self.mean, self.stddev, size=shape).astype(dtype or K.floatx())

    def get_config(self):
        return {'mean': self.mean, 'stddev': self.stddev, 'seed': self.seed}


class RandomUniform(Initializer):
    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=None):
        return self._rng().uniform(self.minval, self.maxval, size=shape).astype(dtype or K.floatx())

    def get_config(self):
        return {'minval': self.minval, 'maxval': self.maxval, 'seed': self.seed}


def _truncated(rng, shape, mean, stddev):
    values = rng.normal(0., 1., size=shape)
    bad = np.abs(values) > 2.
    while bad.any():
        values[bad] = rng.normal(0., 1., size=int(bad.sum()))
        bad = np.abs(values) > 2.
    return values * stddev + mean


class TruncatedNormal(Initializer):
    def __init__(self, mean=0., stddev=0.05, seed=None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None):
        return _truncated(self._rng(), shape, self.mean, self.stddev).astype(dtype or K.floatx())

    def get_config(self):
        return {'mean': self.mean, 'stddev': self.stddev, 'seed': self.seed}


def _compute_fans(shape, data_format='channels_last'):
    """The number of input and output units of a weight of `shape`.

    A 2D shape is `(inputs, outputs)`. A 3D to 5D shape is a convolution
    kernel, `(spatial..., inputs, outputs)` in Keras's layout
    (`data_format='channels_last'`, the one every Keras kernel uses) or
    `(outputs, inputs, spatial...)` (`'channels_first'`): each unit counts once
    per position of the kernel's window. Any other shape has
    `sqrt(prod(shape))` units of each kind.

    # Arguments
        shape: Integer shape tuple.
        data_format: `'channels_last'` or `'channels_first'`, the layout of a
            convolution kernel.

    # Returns
        A tuple `(fan_in, fan_out)`.

    # Raises
        ValueError: for another `data_format`.
    """
    shape = tuple(shape)
    if len(shape) == 2:
        return shape[0], shape[1]
    if len(shape) in (3, 4, 5):
        if data_format == 'channels_last':
            window = int(np.prod(shape[:-2]))
            return shape[-2] * window, shape[-1] * window
        if data_format == 'channels_first':
            window = int(np.prod(shape[2:]))
            return shape[1] * window, shape[0] * window
        raise ValueError('_compute_fans: invalid data_format %r (expected "channels_last" or '
                         '"channels_first").' % (data_format,))
    size = float(np.sqrt(np.prod(shape)))
    return size, size


class VarianceScaling(Initializer):
    def __init__(self, scale=1.0, mode='fan_in', distribution='normal', seed=None):
        if scale <= 0.:
            raise ValueError('VarianceScaling: `scale` must be positive; got %r.' % (scale,))
        if mode not in ('fan_in', 'fan_out', 'fan_avg'):
            raise ValueError('VarianceScaling: invalid `mode` %r (expected "fan_in", "fan_out" '
                             'or "fan_avg").' % (mode,))
        if distribution not in ('normal', 'uniform'):
            raise ValueError('VarianceScaling: invalid `distribution` %r (expected "normal" or '
                             '"uniform").' % (distribution,))
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed

    def __call__(self, shape, dtype=None):
        fan_in, fan_out = _compute_fans(shape)
        fan = {'fan_in': fan_in, 'fan_out': fan_out, 'fan_avg': (fan_in + fan_out) / 2.}[self.mode]
        variance = self.scale / max(1., fan)
        if self.distribution == 'normal':
            values = _truncated(self._rng(), shape, 0., np.sqrt(variance) / .87962566103423978)
        else:
            limit = np.sqrt(3. * variance)
            values = self._rng().uniform(-limit, limit, size=shape)
        return values.astype(dtype or K.floatx())

    def get_config(self):
        return {'scale': self.scale, 'mode': self.mode, 'distribution': self.distribution,
                'seed': self.seed}


class Orthogonal(Initializer):
    def __init__(self, gain=1., seed=None):
        self.gain, self.seed = gain, seed

    def __call__(self, shape, dtype=None):
        rows = int(np.prod(shape[:-1]))
        cols = shape[-1]
        a = self._rng().normal(0., 1., size=(max(rows, cols), min(rows, cols)))
        q, r = np.linalg.qr(a)
        q = q * np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return (self.gain * q[:rows, :cols]).reshape(shape).astype(dtype or K.floatx())

    def get_config(self):
        return {'gain': self.gain, 'seed': self.seed}


class Identity(Initializer):
    def __init__(self, gain=1.):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        if len(shape) != 2:
            raise ValueError('Identity initializer needs a 2D shape; got %r.' % (shape,))
        return (self.gain * np.eye(shape[0], shape[1])).astype(dtype or K.floatx())

    def get_config(self):
        return {'gain': self.gain}


def glorot_uniform(seed=None):
    return VarianceScaling(1., 'fan_avg', 'uniform', seed)


def glorot_normal(seed=None):
    return VarianceScaling(1., 'fan_avg', 'normal', seed)


def he_uniform(seed=None):
    return VarianceScaling(2., 'fan_in', 'uniform', seed)


def he_normal(seed=None):
    return VarianceScaling(2., 'fan_in', 'normal', seed)


def lecun_uniform(seed=None):
    return VarianceScaling(1., 'fan_in', 'uniform', seed)


def lecun_normal(seed=None):
    return VarianceScaling(1., 'fan_in', 'normal', seed)


zeros = zero = Zeros
ones = one = Ones
constant = Constant
uniform = random_uniform = RandomUniform
normal = random_normal = RandomNormal
truncated_normal = TruncatedNormal
identity = Identity
orthogonal = Orthogonal

_OBJECTS = {k: v for k, v in globals().items()
            if isinstance(v, type) and issubclass(v, Initializer) or
            k in ('glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal',
                  'lecun_uniform', 'lecun_normal')}


def serialize(initializer):
    return serialize_keras_object(initializer)


def deserialize(config, custom_objects=None):
    return deserialize_keras_object(config, _OBJECTS, custom_objects, 'initializer')


def get(identifier):
    """An initializer from a name, a config dict, or a callable."""
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        obj = deserialize(identifier)
        return obj() if not isinstance(obj, Initializer) else obj
    if callable(identifier):
        return identifier
    raise ValueError('Could not interpret initializer identifier: %r' % (identifier,))
