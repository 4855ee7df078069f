"""Losses: functions `loss(y_true, y_pred)` returning one value per sample, and
the Keras 2.3 loss classes (`Loss` and its subclasses), which also reduce
those values to a scalar (`reduction`) and weight them (`sample_weight`).

Both kinds are accepted by `Model.compile(loss=...)`, by name or as objects.
Called on numpy arrays (outside a model), a loss object returns a numpy value.
"""
import numpy as np

from . import backend as K
from .utils.generic_utils import deserialize_keras_object, serialize_keras_object


# -- helpers shared with metrics.py -------------------------------------------------------

def is_symbolic(x):
    """Whether `x` is a tensor or variable of the active backend (not a numpy value)."""
    return K.is_tensor(x) or K.is_variable(x)


def to_tensor(x, dtype=None):
    """`x` as a tensor: tensors are kept, numpy values and lists become constants."""
    if x is None or is_symbolic(x):
        return x
    array = np.asarray(x)
    if dtype is None:
        dtype = 'int32' if array.dtype.kind in 'iub' else K.floatx()
    return K.constant(array, dtype=dtype)


def squeeze_or_expand(y_pred, y_true):
    """`y_pred` and `y_true` with a trailing axis of size 1 dropped from the one
    that has one axis more than the other (as Keras 2.3 matches them)."""
    pred_ndim, true_ndim = K.ndim(y_pred), K.ndim(y_true)
    if pred_ndim == true_ndim + 1 and (K.int_shape(y_pred) or (None,))[-1] == 1:
        y_pred = K.squeeze(y_pred, -1)
    elif true_ndim == pred_ndim + 1 and (K.int_shape(y_true) or (None,))[-1] == 1:
        y_true = K.squeeze(y_true, -1)
    return y_pred, y_true


def broadcast_weights(values, sample_weight):
    """`sample_weight` (one weight per sample, or per value) with the shape of `values`.

    A weight tensor with fewer axes gets trailing axes added; one with a
    trailing axis of size 1 more than `values` loses it.

    # Arguments
        values: The tensor the weights apply to.
        sample_weight: The weights (a tensor, array or number).

    # Returns
        The weights, broadcast to the shape of `values`.
    """
    sample_weight = K.cast(to_tensor(sample_weight), K.dtype(values))
    values_ndim = K.ndim(values)
    while K.ndim(sample_weight) > values_ndim and \
            (K.int_shape(sample_weight) or (None,))[-1] == 1:
        sample_weight = K.squeeze(sample_weight, -1)
    while K.ndim(sample_weight) < values_ndim:
        sample_weight = K.expand_dims(sample_weight, K.ndim(sample_weight))
    return sample_weight * K.ones_like(values)


def evaluate_now(fn, *args):
    """`fn(*args)` on numpy arguments: the args become constants, the result a numpy value."""
    return K.eval(fn(*[to_tensor(a) for a in args]))


# -- loss functions -----------------------------------------------------------------------

def mean_squared_error(y_true, y_pred):
    return K.mean(K.square(y_pred - y_true), axis=-1)


def mean_absolute_error(y_true, y_pred):
    return K.mean(K.abs(y_pred - y_true), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    diff = K.abs((y_true - y_pred) / K.clip(K.abs(y_true), K.epsilon(), None))
    return 100. * K.mean(diff, axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    first = K.log(K.clip(y_pred, K.epsilon(), None) + 1.)
    second = K.log(K.clip(y_true, K.epsilon(), None) + 1.)
    return K.mean(K.square(first - second), axis=-1)


def _signed_labels(y_true):
    """`y_true` with 0/1 labels turned into -1/1 when every label is 0 or 1
    (as Keras 2.3's hinge losses do); other labels are kept."""
    zero_or_one = K.cast(K.equal(y_true, 0.), K.floatx()) + K.cast(K.equal(y_true, 1.), K.floatx())
    binary = K.min(zero_or_one)                 # 1 when all labels are 0 or 1, else 0
    return y_true + binary * (y_true - 1.)      # 2 y - 1 when binary, else y


def squared_hinge(y_true, y_pred):
    y_true = _signed_labels(y_true)
    return K.mean(K.square(K.maximum(1. - y_true * y_pred, 0.)), axis=-1)


def hinge(y_true, y_pred):
    y_true = _signed_labels(y_true)
    return K.mean(K.maximum(1. - y_true * y_pred, 0.), axis=-1)


def categorical_hinge(y_true, y_pred):
    pos = K.sum(y_true * y_pred, axis=-1)
    neg = K.max((1. - y_true) * y_pred, axis=-1)
    return K.maximum(0., neg - pos + 1.)


def logcosh(y_true, y_pred):
    x = y_pred - y_true
    return K.mean(x + K.softplus(-2. * x) - K.log(2.), axis=-1)


def huber_loss(y_true, y_pred, delta=1.0):
    """Quadratic for errors up to `delta`, linear beyond: the mean over the last axis of
    `0.5 * e^2` where `|e| <= delta`, else `delta * (|e| - 0.5 * delta)`."""
    error = K.abs(y_pred - y_true)
    quadratic = K.minimum(error, delta)
    return K.mean(0.5 * K.square(quadratic) + delta * (error - quadratic), axis=-1)


def _smooth_labels(y_true, label_smoothing, num_classes):
    """Targets moved towards uniform: `y * (1 - s) + s / num_classes`."""
    if not label_smoothing:
        return y_true
    return y_true * (1. - label_smoothing) + label_smoothing / num_classes


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0):
    """Crossentropy of one-hot `y_true` and probabilities (or logits) `y_pred`.

    With `label_smoothing` s, the targets become `y * (1 - s) + s / classes`.
    """
    if label_smoothing:
        classes = K.sum(K.ones_like(y_true), axis=-1, keepdims=True)
        y_true = _smooth_labels(y_true, label_smoothing, classes)
    return K.categorical_crossentropy(y_true, y_pred, from_logits=from_logits)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, axis=-1):
    """Crossentropy of integer labels `y_true` and probabilities (or logits) `y_pred`."""
    return K.sparse_categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0):
    """Crossentropy of 0/1 targets and probabilities (or logits), averaged over the last axis.

    With `label_smoothing` s, the targets become `y * (1 - s) + s / 2`.
    Integer targets are cast to the predictions' dtype, as in Keras 2.3.
    """
    y_pred = to_tensor(y_pred)
    y_true = _smooth_labels(K.cast(to_tensor(y_true), K.dtype(y_pred)), label_smoothing, 2.)
    return K.mean(K.binary_crossentropy(y_true, y_pred, from_logits=from_logits), axis=-1)


def kullback_leibler_divergence(y_true, y_pred):
    y_true = K.clip(y_true, K.epsilon(), 1)
    y_pred = K.clip(y_pred, K.epsilon(), 1)
    return K.sum(y_true * K.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred):
    return K.mean(y_pred - y_true * K.log(y_pred + K.epsilon()), axis=-1)


def cosine_proximity(y_true, y_pred, axis=-1):
    """Minus the cosine similarity of `y_true` and `y_pred` along `axis` (a loss to minimise)."""
    y_true = K.l2_normalize(y_true, axis=axis)
    y_pred = K.l2_normalize(y_pred, axis=axis)
    return -K.sum(y_true * y_pred, axis=axis)


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence
cosine = cosine_similarity = cosine_proximity


# -- loss classes -------------------------------------------------------------------------

class Reduction(object):
    """How a `Loss` turns its per-sample values into what it returns.

    `SUM_OVER_BATCH_SIZE` ('sum_over_batch_size', the default): the weighted
    sum divided by the number of values; `SUM` ('sum'): the weighted sum;
    `NONE` ('none'): the weighted values themselves.
    """

    NONE = 'none'
    SUM = 'sum'
    SUM_OVER_BATCH_SIZE = 'sum_over_batch_size'

    @classmethod
    def all(cls):
        return (cls.SUM_OVER_BATCH_SIZE, cls.SUM, cls.NONE)

    @classmethod
    def validate(cls, reduction):
        if reduction not in cls.all():
            raise ValueError('Invalid loss `reduction`: %r. Valid values are %s.'
                             % (reduction, ', '.join(repr(r) for r in cls.all())))
        return reduction


def reduce_weighted(values, sample_weight=None, reduction=Reduction.SUM_OVER_BATCH_SIZE):
    """`values` times `sample_weight` (broadcast), reduced as `reduction` says."""
    values = K.cast(values, K.floatx())
    if sample_weight is not None:
        values = values * broadcast_weights(values, sample_weight)
    if reduction == Reduction.NONE:
        return values
    if reduction == Reduction.SUM:
        return K.sum(values)
    return K.sum(values) / K.sum(K.ones_like(values))


class Loss(object):
    """Base class of the loss objects. Subclasses implement `call(y_true, y_pred)`,
    which returns one value per sample (or per element of the leading axes).

    # Arguments
        reduction: `'sum_over_batch_size'` (default), `'sum'` or `'none'`
            (see `Reduction`). In `compile()`, `'sum'` trains on the weighted
            sum over the batch; the others on the weighted mean, as with loss
            functions.
        name: name of the loss.

    # Raises
        ValueError: for an unknown `reduction`.
    """

    def __init__(self, reduction=Reduction.SUM_OVER_BATCH_SIZE, name=None):
        self.reduction = Reduction.validate(reduction)
        self.name = name
        # How training code and the data checks recognise the kind of loss.
        self.__name__ = name or _snake_case(type(self).__name__)

    def __call__(self, y_true, y_pred, sample_weight=None):
        """The weighted, reduced loss: a tensor, or a numpy value when the
        arguments are numpy values.

        # Arguments
            y_true: targets.
            y_pred: predictions.
            sample_weight: a scalar, one weight per sample, or one per value
                of `call()`'s result.
        """
        if not any(is_symbolic(a) for a in (y_true, y_pred, sample_weight)):
            return evaluate_now(self._reduced, y_true, y_pred, sample_weight)
        return self._reduced(to_tensor(y_true), to_tensor(y_pred), to_tensor(sample_weight))

    def _reduced(self, y_true, y_pred, sample_weight=None):
        return reduce_weighted(self.call(y_true, y_pred), sample_weight, self.reduction)

    def call(self, y_true, y_pred):
        """The unreduced loss values (one per sample, or per element of the leading axes)."""
        raise NotImplementedError('%s must implement call(y_true, y_pred).' % type(self).__name__)

    def get_config(self):
        return {'reduction': self.reduction, 'name': self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _snake_case(name):
    from .engine.base_layer import to_snake_case
    return to_snake_case(name)


class LossFunctionWrapper(Loss):
    """A loss function as a `Loss` object.

    # Arguments
        fn: the function, `fn(y_true, y_pred, **kwargs)`.
        reduction: see `Loss`.
        name: name of the loss (default: the function's name).
        **kwargs: keyword arguments passed to `fn`.
    """

    def __init__(self, fn, reduction=Reduction.SUM_OVER_BATCH_SIZE, name=None, **kwargs):
        super(LossFunctionWrapper, self).__init__(reduction=reduction,
                                                  name=name or getattr(fn, '__name__', None))
        self.fn = fn
        self._fn_kwargs = kwargs
        self.__name__ = getattr(fn, '__name__', self.__name__)

    def call(self, y_true, y_pred):
        y_pred, y_true = squeeze_or_expand(y_pred, y_true)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config = dict(super(LossFunctionWrapper, self).get_config())
        config.update(self._fn_kwargs)
        if type(self) is LossFunctionWrapper:
            config['fn'] = serialize(self.fn)
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if cls is LossFunctionWrapper:
            config['fn'] = get(config['fn'])
        return cls(**config)


class MeanSquaredError(LossFunctionWrapper):
    """The mean of the squared errors over the last axis.

    # Arguments
        reduction: `'sum_over_batch_size'` (default), `'sum'` or `'none'`.
        name: name of the loss.
    """

    def __init__(self, reduction=Reduction.SUM_OVER_BATCH_SIZE, name='mean_squared_error'):
        super(MeanSquaredError, self).__init__(mean_squared_error, reduction=reduction, name=name)


class MeanAbsoluteError(LossFunctionWrapper):
    """The mean of the absolute errors over the last axis.

    # Arguments
        reduction: `'sum_over_batch_size'` (default), `'sum'` or `'none'`.
        name: name of the loss.
    """

    def __init__(self, reduction=Reduction.SUM_OVER_BATCH_SIZE, name='mean_absolute_error'):
        super(MeanAbsoluteError, self).__init__(mean_absolute_error, reduction=reduction, name=name)


class MeanAbsolutePercentageError(LossFunctionWrapper):
    """`100 * mean(|y_true - y_pred| / max(|y_true|, epsilon))` over the last axis.

    # Arguments
        reduction: `'sum_over_batch_size'` (default), `'sum'` or `'none'`.
        name: name of the loss.
    """

    def __init__(self, reduction=Reduction.SUM_OVER_BATCH_SIZE,
                 name='mean_absolute_percentage_error'):
        super(MeanAbsolutePercentageError, self).__init__(
            mean_absolute_percentage_error, reduction=reduction, name=name)


class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """The mean of `(log(y_pred + 1) - log(y_true + 1))^2` over the last axis.

    # Arguments
        reduction: `'sum_over_batch_size'` (default), `'sum'` or `'none'`.
        name: name of the loss.
    """

    def __init__(self, reduction=Reduction.SUM_OVER_BATCH_SIZE,
                 name='mean_squared_logarithmic_error'):
        super(MeanSquaredLogarithmicError, self).__init__(
            mean_squared_logarithmic_error, reduction=reduction, name=name)


class Hinge(LossFunctionWrapper):
    """`mean(max(1 - y_true * y_pred, 0))` over the last axis (targets -1 or 1).

    # Arguments
        reduction: `'sum_over_batch_size'` (default), `'sum'` or `'none'`.
        name: name of the loss.
    """

    def __init__(self, reduction=Reduction.SUM_OVER_BATCH_SIZE, name='hinge'):
        super(Hinge, self).__init__(hinge, reduction=reduction, name=name)


class SquaredHinge(LossFunctionWrapper):
    """`mean(max(1 - y_true * y_pred, 0)^2)` over the last axis.

    # Arguments
        reduction: `'sum_over_batch_size'` (default), `'sum'` or `'none'`.
        name: name of the loss.
    """

    def __init__(self, reduction=Reduction.SUM_OVER_BATCH_SIZE, name='squared_hinge'):
        super(SquaredHinge, self).__init__(squared_hinge, reduction=reduction, name=name)


class CategoricalHinge(LossFunctionWrapper):
    """`max(0, 1 + max((1 - y_true) * y_pred) - sum(y_true * y_pred))` (one-hot targets).

    # Arguments
        reduction: `'sum_over_batch_size'` (default), `'sum'` or `'none'`.
        name: name of the loss.
    """

    def __init__(self, reduction=Reduction.SUM_OVER_BATCH_SIZE, name='categorical_hinge'):
        super(CategoricalHinge, self).__init__(categorical_hinge, reduction=reduction, name=name)


class Poisson(LossFunctionWrapper):
    """`mean(y_pred - y_true * log(y_pred + epsilon))` over the last axis.

    # Arguments
        reduction: `'sum_over_batch_size'` (default), `'sum'` or `'none'`.
        name: name of the loss.
    """

    def __init__(self, reduction=Reduction.SUM_OVER_BATCH_SIZE, name='poisson'):
        super(Poisson, self).__init__(poisson, reduction=reduction, name=name)


class LogCosh(LossFunctionWrapper):
    """The mean of `log(cosh(y_pred - y_true))` over the last axis.

    # Arguments
        reduction: `'sum_over_batch_size'` (default), `'sum'` or `'none'`.
        name: name of the loss.
    """

    def __init__(self, reduction=Reduction.SUM_OVER_BATCH_SIZE, name='logcosh'):
        super(LogCosh, self).__init__(logcosh, reduction=reduction, name=name)


class KLDivergence(LossFunctionWrapper):
    """`sum(y_true * log(y_true / y_pred))` over the last axis (both clipped to [epsilon, 1]).

    # Arguments
        reduction: `'sum_over_batch_size'` (default), `'sum'` or `'none'`.
        name: name of the loss.
    """

    def __init__(self, reduction=Reduction.SUM_OVER_BATCH_SIZE,
                 name='kullback_leibler_divergence'):
        super(KLDivergence, self).__init__(kullback_leibler_divergence, reduction=reduction,
                                           name=name)


class BinaryCrossentropy(LossFunctionWrapper):
    """Crossentropy of 0/1 targets and predicted probabilities, averaged over the last axis.

    # Arguments
        from_logits: whether `y_pred` holds logits rather than probabilities.
        label_smoothing: s in [0, 1]: the targets become `y * (1 - s) + s / 2`.
        reduction: `'sum_over_batch_size'` (default), `'sum'` or `'none'`.
        name: name of the loss.
    """

    def __init__(self, from_logits=False, label_smoothing=0,
                 reduction=Reduction.SUM_OVER_BATCH_SIZE, name='binary_crossentropy'):
        super(BinaryCrossentropy, self).__init__(
            binary_crossentropy, reduction=reduction, name=name, from_logits=from_logits,
            label_smoothing=label_smoothing)
        self.from_logits, self.label_smoothing = from_logits, label_smoothing


class CategoricalCrossentropy(LossFunctionWrapper):
    """Crossentropy of one-hot targets and predicted class probabilities.

    # Arguments
        from_logits: whether `y_pred` holds logits rather than probabilities.
        label_smoothing: s in [0, 1]: the targets become `y * (1 - s) + s / classes`.
        reduction: `'sum_over_batch_size'` (default), `'sum'` or `'none'`.
        name: name of the loss.
    """

    def __init__(self, from_logits=False, label_smoothing=0,
                 reduction=Reduction.SUM_OVER_BATCH_SIZE, name='categorical_crossentropy'):
        super(CategoricalCrossentropy, self).__init__(
            categorical_crossentropy, reduction=reduction, name=name, from_logits=from_logits,
            label_smoothing=label_smoothing)
        self.from_logits, self.label_smoothing = from_logits, label_smoothing


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Crossentropy of integer class labels and predicted class probabilities.

    # Arguments
        from_logits: whether `y_pred` holds logits rather than probabilities.
        reduction: `'sum_over_batch_size'` (default), `'sum'` or `'none'`.
        name: name of the loss.
    """

    def __init__(self, from_logits=False, reduction=Reduction.SUM_OVER_BATCH_SIZE,
                 name='sparse_categorical_crossentropy'):
        super(SparseCategoricalCrossentropy, self).__init__(
            sparse_categorical_crossentropy, reduction=reduction, name=name,
            from_logits=from_logits)
        self.from_logits = from_logits


class CosineSimilarity(LossFunctionWrapper):
    """Minus the cosine similarity of `y_true` and `y_pred` along `axis`.

    # Arguments
        axis: the axis along which the similarity is computed (default -1).
        reduction: `'sum_over_batch_size'` (default), `'sum'` or `'none'`.
        name: name of the loss.
    """

    def __init__(self, axis=-1, reduction=Reduction.SUM_OVER_BATCH_SIZE,
                 name='cosine_similarity'):
        super(CosineSimilarity, self).__init__(cosine_similarity, reduction=reduction,
                                               name=name, axis=axis)
        self.axis = axis


class Huber(LossFunctionWrapper):
    """The Huber loss: quadratic for errors up to `delta`, linear beyond.

    # Arguments
        delta: where the loss changes from quadratic to linear (default 1).
        reduction: `'sum_over_batch_size'` (default), `'sum'` or `'none'`.
        name: name of the loss.
    """

    def __init__(self, delta=1.0, reduction=Reduction.SUM_OVER_BATCH_SIZE, name='huber_loss'):
        super(Huber, self).__init__(huber_loss, reduction=reduction, name=name, delta=delta)
        self.delta = delta


_OBJECTS = {k: v for k, v in globals().items()
            if not k.startswith('_') and getattr(v, '__module__', None) == __name__ and
            (isinstance(v, type) and issubclass(v, Loss) or
             callable(v) and not isinstance(v, type)) and
            k not in ('serialize', 'deserialize', 'get', 'is_symbolic', 'to_tensor',
                      'squeeze_or_expand', 'broadcast_weights', 'evaluate_now',
                      'reduce_weighted')}


def serialize(loss):
    """A loss function's name, a loss class's name or a loss object's
    `{'class_name', 'config'}`."""
    if isinstance(loss, type):
        return loss.__name__
    if isinstance(loss, Loss):
        return serialize_keras_object(loss)
    return getattr(loss, '__name__', None) or serialize_keras_object(loss)


def deserialize(name, custom_objects=None):
    """The loss a name or a `{'class_name', 'config'}` dict names (a class becomes an object).

    # Raises
        ValueError: for an unknown name; the message lists the valid ones.
    """
    found = deserialize_keras_object(name, _OBJECTS, custom_objects, 'loss function')
    if isinstance(found, type) and issubclass(found, Loss):
        return found()
    return found


def get(identifier):
    """A loss function or object from a name, a config dict, a class, an object or a function.

    # Arguments
        identifier: A name (e.g. `"mse"`), a serialized `Loss` (dict), a
            `Loss` class or instance, or a function.

    # Returns
        The loss function or `Loss` object.

    # Raises
        ValueError: for anything else, or an unknown name.
    """
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if isinstance(identifier, type) and issubclass(identifier, Loss):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError('Could not interpret loss identifier: %r (expected a name such as '
                     '"categorical_crossentropy", a function or a Loss object).' % (identifier,))
