"""Weight regularizers: penalties added to the loss."""
from . import backend as K
from .utils.generic_utils import serialize_keras_object, deserialize_keras_object


class Regularizer(object):
    """Base class: `regularizer(weights)` returns a scalar penalty."""

    def __call__(self, x):
        return 0.

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class L1L2(Regularizer):
    def __init__(self, l1=0., l2=0.):
        self.l1 = float(l1)
        self.l2 = float(l2)

    def __call__(self, x):
        penalty = 0.
        if self.l1:
            penalty += self.l1 * K.sum(K.abs(x))
        if self.l2:
            penalty += self.l2 * K.sum(K.square(x))
        return penalty

    def get_config(self):
        return {'l1': self.l1, 'l2': self.l2}


def l1(l=0.01):
    return L1L2(l1=l)


def l2(l=0.01):
    return L1L2(l2=l)


def l1_l2(l1=0.01, l2=0.01):
    return L1L2(l1=l1, l2=l2)


def serialize(regularizer):
    return serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    return deserialize_keras_object(config, {'L1L2': L1L2, 'l1': l1, 'l2': l2, 'l1_l2': l1_l2},
                                    custom_objects, 'regularizer')


def get(identifier):
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize(identifier)()
    if callable(identifier):
        return identifier
    raise ValueError('Could not interpret regularizer identifier: %r' % (identifier,))
