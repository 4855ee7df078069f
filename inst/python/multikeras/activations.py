"""Activation functions, looked up by name with `get()`."""
import warnings

from . import backend as K
from .utils.generic_utils import deserialize_keras_object


def softmax(x, axis=-1):
    """Softmax along `axis` of a tensor of rank 2 or more.

    # Raises
        ValueError: `x` is 1D (Keras refuses a softmax over the batch axis).
    """
    if K.ndim(x) < 2:
        raise ValueError('softmax: `x` must have 2 or more dimensions (samples first); got a '
                         'tensor of %d dimension(s): %s.' % (K.ndim(x), x))
    return K.softmax(x, axis=axis)


def elu(x, alpha=1.0):
    return K.elu(x, alpha)


def selu(x):
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946
    return scale * K.elu(x, alpha)


def softplus(x):
    return K.softplus(x)


def softsign(x):
    return K.softsign(x)


def relu(x, alpha=0., max_value=None, threshold=0.):
    return K.relu(x, alpha=alpha, max_value=max_value, threshold=threshold)


def tanh(x):
    return K.tanh(x)


def sigmoid(x):
    return K.sigmoid(x)


def hard_sigmoid(x):
    return K.hard_sigmoid(x)


def exponential(x):
    return K.exp(x)


def linear(x):
    return x


_ACTIVATIONS = {f.__name__: f for f in (softmax, elu, selu, softplus, softsign, relu, tanh,
                                        sigmoid, hard_sigmoid, exponential, linear)}


def serialize(activation):
    return activation.__name__


def deserialize(name, custom_objects=None):
    return deserialize_keras_object(name, _ACTIVATIONS, custom_objects, 'activation function')


def get(identifier):
    """An activation function from its name, a callable, or None (linear).

    # Arguments
        identifier: A name (e.g. `"relu"`), a function, or None.

    # Returns
        The activation function (`linear` for None).

    # Raises
        ValueError: for an unknown name or anything else.
    """
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        return deserialize(identifier)
    if callable(identifier):
        from .engine.base_layer import Layer  # here: the engine imports this module
        if isinstance(identifier, Layer):
            warnings.warn('Do not pass a layer instance (such as %s) as the activation argument '
                          'of another layer; add advanced activation layers to the model like '
                          'any other layer.' % identifier.__class__.__name__)
        return identifier
    raise ValueError('Could not interpret activation identifier: %r (expected a name such as '
                     '"relu" or a function).' % (identifier,))
