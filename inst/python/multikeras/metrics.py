"""Metrics: `metric(y_true, y_pred)` returns one value per sample (averaged by fit)."""
from . import backend as K
from . import losses
from .losses import (mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,  # noqa: F401
                     mean_squared_logarithmic_error, hinge, squared_hinge, categorical_hinge,
                     logcosh, categorical_crossentropy, sparse_categorical_crossentropy,
                     binary_crossentropy, kullback_leibler_divergence, poisson, cosine_proximity,
                     mse, mae, mape, msle, kld, cosine)
from .utils.generic_utils import deserialize_keras_object


def binary_accuracy(y_true, y_pred, threshold=0.5):
    return K.mean(K.cast(K.equal(y_true, K.cast(K.greater(y_pred, threshold), K.floatx())),
                         K.floatx()), axis=-1)


def categorical_accuracy(y_true, y_pred):
    return K.cast(K.equal(K.argmax(y_true, axis=-1), K.argmax(y_pred, axis=-1)), K.floatx())


def sparse_categorical_accuracy(y_true, y_pred):
    y_true = K.flatten(y_true) if K.ndim(y_true) == K.ndim(y_pred) else y_true
    return K.cast(K.equal(K.cast(y_true, 'int64'), K.cast(K.argmax(y_pred, axis=-1), 'int64')),
                  K.floatx())


_OBJECTS = dict(losses._OBJECTS)
_OBJECTS.update({'binary_accuracy': binary_accuracy, 'categorical_accuracy': categorical_accuracy,
                 'sparse_categorical_accuracy': sparse_categorical_accuracy})


def accuracy_for(loss_fn, output_shape):
    """The accuracy that fits a loss and output shape, as Keras chooses it."""
    name = getattr(loss_fn, '__name__', '')
    if name == 'sparse_categorical_crossentropy':
        return sparse_categorical_accuracy
    if name == 'binary_crossentropy' or (output_shape and output_shape[-1] == 1):
        return binary_accuracy
    return categorical_accuracy


def serialize(metric):
    return metric.__name__


def deserialize(name, custom_objects=None):
    return deserialize_keras_object(name, _OBJECTS, custom_objects, 'metric')


def get(identifier):
    if isinstance(identifier, str):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError('Could not interpret metric identifier: %r' % (identifier,))
