"""Metrics: functions `metric(y_true, y_pred)` returning one value per sample,
and the stateful Keras 2.3 metric classes (`Metric` and its subclasses).

A `Metric` keeps state variables (made with `add_weight`), which
`update_state()` accumulates batch after batch and `result()` turns into the
metric's value; `reset_states()` zeroes them. In a model, every metric (a
function is wrapped in `MeanMetricWrapper`) updates in the train and test
functions, is reset at the start of each epoch and of each evaluation, so the
values shown during and after an epoch, and those `evaluate()` returns, cover
all the batches seen so far.

Outside a model, on numpy values, `update_state()` updates the state at once
and `m(y_true, y_pred)` returns the new result as a numpy value; on tensors,
`update_state()` returns the updates (`(variable, new value)` pairs) for a
backend function, and `m(y_true, y_pred)` the result tensor after them.
"""
import functools

import numpy as np

from . import backend as K
from . import initializers
from . import losses
from .engine.base_layer import Layer, note_metric_change, to_snake_case
from .losses import (mean_squared_error, mean_absolute_error,  # noqa: F401
                     mean_absolute_percentage_error,
                     mean_squared_logarithmic_error, hinge, squared_hinge, categorical_hinge,
                     logcosh, categorical_crossentropy, sparse_categorical_crossentropy,
                     binary_crossentropy, kullback_leibler_divergence, poisson,
                     mse, mae, mape, msle, kld, MSE, MAE, MAPE, MSLE, KLD,
                     is_symbolic, to_tensor, squeeze_or_expand, broadcast_weights)
from .utils.generic_utils import deserialize_keras_object, serialize_keras_object
from .utils.metrics_utils import (NEG_INF, parse_init_thresholds,
                                  update_confusion_matrix_variables as confusion_updates)

# -- metric functions ---------------------------------------------------------------------

def accuracy(y_true, y_pred):
    """1 where `y_pred` equals `y_true`, else 0 (element-wise)."""
    y_true = K.cast(y_true, K.dtype(y_pred))
    return K.cast(K.equal(y_true, y_pred), K.floatx())


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """The share of the last axis where `y_pred > threshold` matches the 0/1 `y_true`."""
    return K.mean(K.cast(K.equal(y_true, K.cast(K.greater(y_pred, threshold), K.floatx())),
                         K.floatx()), axis=-1)


def categorical_accuracy(y_true, y_pred):
    """1 where the largest prediction is at the class of the one-hot `y_true`."""
    return K.cast(K.equal(K.argmax(y_true, axis=-1), K.argmax(y_pred, axis=-1)), K.floatx())


def sparse_categorical_accuracy(y_true, y_pred):
    """1 where the largest prediction is at the integer label `y_true`."""
    y_true = K.flatten(y_true) if K.ndim(y_true) == K.ndim(y_pred) else y_true
    return K.cast(K.equal(K.cast(y_true, 'int64'), K.cast(K.argmax(y_pred, axis=-1), 'int64')),
                  K.floatx())


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1 where the class of the one-hot `y_true` is among the `k` largest predictions."""
    return K.cast(K.in_top_k(y_pred, K.cast(K.argmax(y_true, axis=-1), 'int32'), k), K.floatx())


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1 where the integer label `y_true` is among the `k` largest predictions."""
    if K.ndim(y_true) == K.ndim(y_pred):
        y_true = K.flatten(y_true)
    return K.cast(K.in_top_k(y_pred, K.cast(y_true, 'int32'), k), K.floatx())


def cosine_proximity(y_true, y_pred, axis=-1):
    """The cosine similarity of `y_true` and `y_pred` along `axis` (1: same direction)."""
    y_true = K.l2_normalize(y_true, axis=axis)
    y_pred = K.l2_normalize(y_pred, axis=axis)
    return K.sum(y_true * y_pred, axis=axis)


cosine = cosine_similarity = cosine_proximity


def _div_no_nan(numerator, denominator):
    """`numerator / denominator`, and 0 where the denominator is 0."""
    nonzero = K.cast(K.not_equal(denominator, 0), K.dtype(denominator))
    return numerator * nonzero / (denominator + (1. - nonzero))


# -- the Metric base class --------------------------------------------------------------

def _updates_of(value):
    """The `(variable, new value)` pairs an `update_state()` returned."""
    if value is None:
        return []
    if isinstance(value, tuple) and len(value) == 2 and K.is_variable(value[0]):
        return [value]
    pairs = []
    for item in value:
        pairs.extend(_updates_of(item))
    return pairs


def _run_on_values(update_state):
    """Wraps a Metric's `update_state`: on numpy values (no tensor among the
    arguments) the updates are computed and applied at once."""

    @functools.wraps(update_state)
    def wrapper(self, *args, **kwargs):
        if any(is_symbolic(a) for a in list(args) + list(kwargs.values())):
            return update_state(self, *args, **kwargs)
        args = [to_tensor(a, K.floatx()) for a in args]
        kwargs = {k: to_tensor(v, K.floatx()) for k, v in kwargs.items()}
        self._apply(update_state(self, *args, **kwargs))

    wrapper._runs_on_values = True
    return wrapper


class Metric(Layer):
    """Base class of stateful metrics.

    Subclasses create their state in `__init__` with `self.add_weight(name,
    shape)` (zeros, not trained), accumulate it in `update_state(y_true,
    y_pred, sample_weight=None)` (returning the updates, e.g. made with
    `K.update_add`), and compute the value from it in `result()`.

    `metric(y_true, y_pred, sample_weight=None)` updates the state and returns
    the result after the update: a tensor, or a numpy value when called on
    numpy values.

    # Arguments
        name: the metric's name (default: the class name in snake case).
        dtype: dtype of the state and result (default: floatx).
    """

    def __init__(self, name=None, dtype=None, **kwargs):
        super(Metric, self).__init__(name=name or to_snake_case(type(self).__name__),
                                     dtype=dtype, **kwargs)
        self.stateful = True
        self.built = True
        self._backend_tag = K.session_tag()

    def __init_subclass__(cls, **kwargs):
        super(Metric, cls).__init_subclass__(**kwargs)
        method = cls.__dict__.get('update_state')
        if method is not None and not getattr(method, '_runs_on_values', False):
            cls.update_state = _run_on_values(method)

    def add_weight(self, name, shape=(), initializer='zeros', dtype=None):
        """A state variable, initially zeros (not trained), named `name` itself, as
        Keras names a metric's variables (`true_positives:0` on TensorFlow)."""
        dtype = dtype or self.dtype
        weight = K.variable(initializers.get(initializer)(tuple(shape), dtype=dtype),
                            dtype=dtype, name=name)
        self._non_trainable_weights.append(weight)
        return weight

    def update_state(self, *args, **kwargs):
        """Accumulate the statistics of one batch; returns the updates."""
        raise NotImplementedError('%s must implement update_state().' % type(self).__name__)

    def result(self):
        """The metric's value, a tensor computed from the state variables."""
        raise NotImplementedError('%s must implement result().' % type(self).__name__)

    def reset_states(self):
        """Set every state variable back to zero."""
        K.batch_set_value([(v, np.zeros(K.int_shape(v), dtype=K.dtype(v)))
                           for v in self.weights])

    def __call__(self, *args, **kwargs):
        if not any(is_symbolic(a) for a in list(args) + list(kwargs.values())):
            self.update_state(*args, **kwargs)
            return K.eval(self.result())
        result, updates = self.update_and_result(*args, **kwargs)
        self.add_update(updates)
        if K.is_variable(result):
            result = K.identity(result)
        # As Keras's result tensor runs its metric's assign ops, K.eval(result)
        # applies the updates (K.function(updates=...) does it otherwise).
        result._metric_updates = updates
        # What a model reports for this metric (see Layer.add_metric): the result
        # of its latest call on tensors, with that call's updates; the result
        # tensor knows its metric.
        self._call_result, self._call_updates = result, updates
        try:
            result._metric_obj = self
        except AttributeError:
            pass
        note_metric_change()
        return result

    def update_and_result(self, *args, **kwargs):
        """The result after this batch's update (a tensor), and the updates.

        The result is computed from the updated values themselves rather than
        by reading the variables after the update, so it is the same on every
        backend whatever order the backend runs updates and outputs in.
        """
        before = len(self._updates)
        updates = _updates_of(self.update_state(*args, **kwargs))
        if not updates:
            updates = _updates_of(self._updates[before:])
        new_values = {id(variable): value for variable, value in updates}
        swapped = {key: value for key, value in vars(self).items() if id(value) in new_values}
        try:
            for key, variable in swapped.items():
                setattr(self, key, new_values[id(variable)])
            result = self.result()
        finally:
            for key, variable in swapped.items():
                setattr(self, key, variable)
        return result, updates

    def _apply(self, updates):
        """Run `updates` now (for numpy arguments)."""
        updates = _updates_of(updates)
        if updates:
            values = K.function([], [value for _, value in updates])([])
            K.batch_set_value([(variable, np.asarray(value).reshape(K.int_shape(variable)))
                               for (variable, _), value in zip(updates, values)])

    def get_config(self):
        return {'name': self.name, 'dtype': self.dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


# -- reductions -------------------------------------------------------------------------

class Reduce(Metric):
    """A metric reducing values: `'sum'`, `'sum_over_batch_size'` (the mean over
    all values seen) or `'weighted_mean'` (weighted by `sample_weight`)."""

    _REDUCTIONS = ('sum', 'sum_over_batch_size', 'weighted_mean')

    def __init__(self, reduction, name, dtype=None):
        if reduction not in self._REDUCTIONS:
            raise ValueError('Invalid metric reduction %r; expected one of %s.'
                             % (reduction, ', '.join(self._REDUCTIONS)))
        super(Reduce, self).__init__(name=name, dtype=dtype)
        self.reduction = reduction
        self.total = self.add_weight('total')
        if reduction != 'sum':
            self.count = self.add_weight('count')

    def update_state(self, values, sample_weight=None):
        """Add the (weighted) values to the total and their number (or weights) to the count."""
        values = K.cast(values, self.dtype)
        weights = None
        if sample_weight is not None:
            weights = broadcast_weights(values, sample_weight)
            values = values * weights
        updates = [K.update_add(self.total, K.sum(values))]
        if self.reduction == 'sum':
            return updates
        if self.reduction == 'weighted_mean' and weights is not None:
            seen = K.sum(weights)
        else:
            seen = K.sum(K.ones_like(values))
        return updates + [K.update_add(self.count, seen)]

    def result(self):
        if self.reduction == 'sum':
            return K.identity(self.total)
        return _div_no_nan(self.total, self.count)


class Sum(Reduce):
    """The (weighted) sum of the values given.

    # Arguments
        name, dtype: see `Metric`.
    """

    def __init__(self, name='sum', dtype=None):
        super(Sum, self).__init__('sum', name=name, dtype=dtype)


class Mean(Reduce):
    """The (weighted) mean of the values given: `sum(w * v) / sum(w)`.

    # Arguments
        name, dtype: see `Metric`.
    """

    def __init__(self, name='mean', dtype=None):
        super(Mean, self).__init__('weighted_mean', name=name, dtype=dtype)


class MeanMetricWrapper(Mean):
    """The mean of a metric function's per-sample values over all batches seen.

    # Arguments
        fn: the function, `fn(y_true, y_pred, **kwargs)`.
        name: the metric's name (default: the function's name).
        dtype: see `Metric`.
        **kwargs: keyword arguments passed to `fn`.
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super(MeanMetricWrapper, self).__init__(name=name or getattr(fn, '__name__', None),
                                                dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = K.cast(y_true, self.dtype)
        y_pred = K.cast(y_pred, self.dtype)
        y_pred, y_true = squeeze_or_expand(y_pred, y_true)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        return super(MeanMetricWrapper, self).update_state(values, sample_weight=sample_weight)

    def get_config(self):
        config = dict(super(MeanMetricWrapper, self).get_config())
        config.update(self._fn_kwargs)
        if type(self) is MeanMetricWrapper:
            config['fn'] = serialize(self._fn)
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if cls is MeanMetricWrapper:
            config['fn'] = get(config['fn'])
        return cls(**config)


class Accuracy(MeanMetricWrapper):
    """How often `y_pred` equals `y_true` (element-wise)."""

    def __init__(self, name='accuracy', dtype=None):
        super(Accuracy, self).__init__(accuracy, name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    """How often `y_pred > threshold` matches the 0/1 `y_true`.

    # Arguments
        threshold: the decision threshold (default 0.5).
    """

    def __init__(self, name='binary_accuracy', dtype=None, threshold=0.5):
        super(BinaryAccuracy, self).__init__(binary_accuracy, name, dtype=dtype,
                                             threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    """How often the largest prediction is at the class of the one-hot `y_true`."""

    def __init__(self, name='categorical_accuracy', dtype=None):
        super(CategoricalAccuracy, self).__init__(categorical_accuracy, name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the largest prediction is at the integer label `y_true`."""

    def __init__(self, name='sparse_categorical_accuracy', dtype=None):
        super(SparseCategoricalAccuracy, self).__init__(sparse_categorical_accuracy, name,
                                                        dtype=dtype)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the class of the one-hot `y_true` is among the `k` largest predictions."""

    def __init__(self, k=5, name='top_k_categorical_accuracy', dtype=None):
        super(TopKCategoricalAccuracy, self).__init__(top_k_categorical_accuracy, name,
                                                      dtype=dtype, k=k)


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label `y_true` is among the `k` largest predictions."""

    def __init__(self, k=5, name='sparse_top_k_categorical_accuracy', dtype=None):
        super(SparseTopKCategoricalAccuracy, self).__init__(
            sparse_top_k_categorical_accuracy, name, dtype=dtype, k=k)


class BinaryCrossentropy(MeanMetricWrapper):
    """The mean binary crossentropy (see `losses.binary_crossentropy`)."""

    def __init__(self, name='binary_crossentropy', dtype=None, from_logits=False,
                 label_smoothing=0):
        super(BinaryCrossentropy, self).__init__(binary_crossentropy, name, dtype=dtype,
                                                 from_logits=from_logits,
                                                 label_smoothing=label_smoothing)


class CategoricalCrossentropy(MeanMetricWrapper):
    """The mean categorical crossentropy (see `losses.categorical_crossentropy`)."""

    def __init__(self, name='categorical_crossentropy', dtype=None, from_logits=False,
                 label_smoothing=0):
        super(CategoricalCrossentropy, self).__init__(categorical_crossentropy, name,
                                                      dtype=dtype, from_logits=from_logits,
                                                      label_smoothing=label_smoothing)


class SparseCategoricalCrossentropy(MeanMetricWrapper):
    """The mean crossentropy of integer labels (see `losses.sparse_categorical_crossentropy`)."""

    def __init__(self, name='sparse_categorical_crossentropy', dtype=None, from_logits=False,
                 axis=-1):
        super(SparseCategoricalCrossentropy, self).__init__(
            sparse_categorical_crossentropy, name, dtype=dtype, from_logits=from_logits,
            axis=axis)


class Hinge(MeanMetricWrapper):
    """The mean hinge loss (targets -1 or 1)."""

    def __init__(self, name='hinge', dtype=None):
        super(Hinge, self).__init__(hinge, name, dtype=dtype)


class SquaredHinge(MeanMetricWrapper):
    """The mean squared hinge loss (targets -1 or 1)."""

    def __init__(self, name='squared_hinge', dtype=None):
        super(SquaredHinge, self).__init__(squared_hinge, name, dtype=dtype)


class CategoricalHinge(MeanMetricWrapper):
    """The mean categorical hinge loss (one-hot targets)."""

    def __init__(self, name='categorical_hinge', dtype=None):
        super(CategoricalHinge, self).__init__(categorical_hinge, name, dtype=dtype)


class KLDivergence(MeanMetricWrapper):
    """The mean Kullback-Leibler divergence of `y_pred` from `y_true`."""

    def __init__(self, name='kullback_leibler_divergence', dtype=None):
        super(KLDivergence, self).__init__(kullback_leibler_divergence, name, dtype=dtype)


class Poisson(MeanMetricWrapper):
    """The mean Poisson loss."""

    def __init__(self, name='poisson', dtype=None):
        super(Poisson, self).__init__(poisson, name, dtype=dtype)


class MeanSquaredError(MeanMetricWrapper):
    """The mean squared error."""

    def __init__(self, name='mean_squared_error', dtype=None):
        super(MeanSquaredError, self).__init__(mean_squared_error, name, dtype=dtype)


class MeanAbsoluteError(MeanMetricWrapper):
    """The mean absolute error."""

    def __init__(self, name='mean_absolute_error', dtype=None):
        super(MeanAbsoluteError, self).__init__(mean_absolute_error, name, dtype=dtype)


class MeanAbsolutePercentageError(MeanMetricWrapper):
    """The mean absolute percentage error."""

    def __init__(self, name='mean_absolute_percentage_error', dtype=None):
        super(MeanAbsolutePercentageError, self).__init__(mean_absolute_percentage_error, name,
                                                          dtype=dtype)


class MeanSquaredLogarithmicError(MeanMetricWrapper):
    """The mean squared logarithmic error."""

    def __init__(self, name='mean_squared_logarithmic_error', dtype=None):
        super(MeanSquaredLogarithmicError, self).__init__(mean_squared_logarithmic_error, name,
                                                          dtype=dtype)


class LogCoshError(MeanMetricWrapper):
    """The mean of `log(cosh(y_pred - y_true))`."""

    def __init__(self, name='logcosh', dtype=None):
        super(LogCoshError, self).__init__(logcosh, name, dtype=dtype)


class CosineSimilarity(MeanMetricWrapper):
    """The mean cosine similarity of `y_true` and `y_pred` along `axis` (1: same direction).

    # Arguments
        axis: the axis along which the similarity is computed (default -1).
    """

    def __init__(self, name='cosine_similarity', dtype=None, axis=-1):
        super(CosineSimilarity, self).__init__(cosine_similarity, name, dtype=dtype, axis=axis)


class RootMeanSquaredError(Mean):
    """The square root of the mean of the squared errors over all values seen."""

    def __init__(self, name='root_mean_squared_error', dtype=None):
        super(RootMeanSquaredError, self).__init__(name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred, y_true = squeeze_or_expand(K.cast(y_pred, self.dtype), K.cast(y_true, self.dtype))
        return super(RootMeanSquaredError, self).update_state(K.square(y_pred - y_true),
                                                              sample_weight=sample_weight)

    def result(self):
        return K.sqrt(_div_no_nan(self.total, self.count))


# -- confusion-matrix metrics -------------------------------------------------------------

_COUNTS = ('true_positives', 'false_positives', 'true_negatives', 'false_negatives')


class _ConfusionCount(Metric):
    """One confusion count (`kind`) at each threshold: a scalar for one threshold,
    else a vector."""

    _kind = None

    def __init__(self, thresholds=None, name=None, dtype=None):
        super(_ConfusionCount, self).__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = parse_init_thresholds(thresholds, 0.5)
        self.accumulator = self.add_weight('accumulator', shape=(len(self.thresholds),))

    def update_state(self, y_true, y_pred, sample_weight=None):
        return confusion_updates({self._kind: self.accumulator}, y_true, y_pred,
                                 self.thresholds, sample_weight=sample_weight, owner=self.name)

    def result(self):
        if len(self.thresholds) == 1:
            return K.sum(self.accumulator)
        return K.identity(self.accumulator)

    def get_config(self):
        return dict(super(_ConfusionCount, self).get_config(), thresholds=self.init_thresholds)


_COUNT_DOC = '''The (weighted) number of %s: %s.

    # Arguments
        thresholds: a float or list of floats in [0, 1] (default 0.5); a
            prediction above a threshold counts as positive. With a list, the
            result has one count per threshold.
        name, dtype: see `Metric`.
    '''


class TruePositives(_ConfusionCount):
    __doc__ = _COUNT_DOC % ('true positives', 'positive targets predicted positive')
    _kind = 'true_positives'


class FalsePositives(_ConfusionCount):
    __doc__ = _COUNT_DOC % ('false positives', 'negative (0) targets predicted positive')
    _kind = 'false_positives'


class TrueNegatives(_ConfusionCount):
    __doc__ = _COUNT_DOC % ('true negatives', 'negative (0) targets predicted negative')
    _kind = 'true_negatives'


class FalseNegatives(_ConfusionCount):
    __doc__ = _COUNT_DOC % ('false negatives', 'positive targets predicted negative')
    _kind = 'false_negatives'


class _RatioMetric(Metric):
    """`tp / (tp + other)` at each threshold: Precision (other = false positives)
    and Recall (other = false negatives)."""

    _other = None

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super(_RatioMetric, self).__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        self.thresholds = parse_init_thresholds(thresholds, 0.5 if top_k is None else NEG_INF)
        size = (len(self.thresholds),)
        self.true_positives = self.add_weight('true_positives', shape=size)
        setattr(self, self._other, self.add_weight(self._other, shape=size))

    def update_state(self, y_true, y_pred, sample_weight=None):
        return confusion_updates(
            {'true_positives': self.true_positives, self._other: getattr(self, self._other)},
            y_true, y_pred, self.thresholds, top_k=self.top_k, class_id=self.class_id,
            sample_weight=sample_weight, owner=self.name)

    def result(self):
        ratio = _div_no_nan(self.true_positives, self.true_positives + getattr(self, self._other))
        return K.sum(ratio) if len(self.thresholds) == 1 else ratio

    def get_config(self):
        return dict(super(_RatioMetric, self).get_config(), thresholds=self.init_thresholds,
                    top_k=self.top_k, class_id=self.class_id)


_RATIO_DOC = '''%s: `true_positives / (true_positives + %s)`, over all batches seen.

    # Arguments
        thresholds: a float or list of floats in [0, 1] (default 0.5, or no
            threshold with `top_k`); a prediction above a threshold counts as
            positive. With a list, the result has one value per threshold.
        top_k: only the `top_k` largest predictions of each sample can count
            as positive.
        class_id: compute the metric for this class (last-axis position) only.
        name, dtype: see `Metric`.
    '''


class Precision(_RatioMetric):
    __doc__ = _RATIO_DOC % ('The share of positive predictions that are right',
                            'false_positives')
    _other = 'false_positives'


class Recall(_RatioMetric):
    __doc__ = _RATIO_DOC % ('The share of positive targets predicted positive',
                            'false_negatives')
    _other = 'false_negatives'


class _AllCounts(Metric):
    """A metric over the four confusion counts at each of its `thresholds`."""

    def _add_counts(self, size):
        for kind in _COUNTS:
            setattr(self, kind, self.add_weight(kind, shape=(size,)))

    def update_state(self, y_true, y_pred, sample_weight=None):
        return confusion_updates({kind: getattr(self, kind) for kind in _COUNTS}, y_true,
                                 y_pred, self.thresholds, sample_weight=sample_weight,
                                 owner=self.name)


def _evenly_spaced(num_thresholds):
    """`num_thresholds` thresholds from 0 to 1 (0.5 alone for one)."""
    if num_thresholds == 1:
        return [0.5]
    inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return [0.0] + inner + [1.0]


class _AtRate(_AllCounts):
    """One rate read at the threshold where another rate is nearest `value`."""

    def __init__(self, value, num_thresholds, argument, name=None, dtype=None):
        if not 0 <= value <= 1:
            raise ValueError('`%s` must be in [0, 1]; got %r.' % (argument, value))
        if not isinstance(num_thresholds, (int, np.integer)) or num_thresholds < 1:
            raise ValueError('`num_thresholds` must be a whole number > 0; got %r.'
                             % (num_thresholds,))
        super(_AtRate, self).__init__(name=name, dtype=dtype)
        self.value = value
        self.num_thresholds = int(num_thresholds)
        self.thresholds = _evenly_spaced(self.num_thresholds)
        self._add_counts(self.num_thresholds)

    def _read_at(self, rate, target, numerator, other):
        """`numerator / (numerator + other)` at the first threshold where `rate` is
        nearest `target`."""
        distance = K.abs(rate - target)
        nearest = K.cast(K.equal(distance, K.min(distance)), K.floatx())
        # The first of the nearest (argmin's choice; spelled out so that every
        # backend breaks ties the same way).
        at = nearest * K.cast(K.equal(K.cumsum(nearest, axis=0), 1.), K.floatx())
        hits = K.sum(numerator * at)
        return _div_no_nan(hits, hits + K.sum(other * at))


class SensitivityAtSpecificity(_AtRate):
    """The sensitivity (recall, tp / (tp + fn)) at the threshold whose specificity
    (tn / (tn + fp)) is nearest `specificity`.

    # Arguments
        specificity: a value in [0, 1].
        num_thresholds: thresholds evenly spaced in [0, 1] to choose from (default 200).
        name, dtype: see `Metric`.
    """

    def __init__(self, specificity, num_thresholds=200, name=None, dtype=None):
        super(SensitivityAtSpecificity, self).__init__(specificity, num_thresholds,
                                                       'specificity', name=name, dtype=dtype)
        self.specificity = specificity

    def result(self):
        specificities = _div_no_nan(self.true_negatives,
                                    self.true_negatives + self.false_positives)
        return self._read_at(specificities, self.value, self.true_positives,
                             self.false_negatives)

    def get_config(self):
        return dict(super(SensitivityAtSpecificity, self).get_config(),
                    specificity=self.specificity, num_thresholds=self.num_thresholds)


class SpecificityAtSensitivity(_AtRate):
    """The specificity (tn / (tn + fp)) at the threshold whose sensitivity
    (tp / (tp + fn)) is nearest `sensitivity`.

    # Arguments
        sensitivity: a value in [0, 1].
        num_thresholds: thresholds evenly spaced in [0, 1] to choose from (default 200).
        name, dtype: see `Metric`.
    """

    def __init__(self, sensitivity, num_thresholds=200, name=None, dtype=None):
        super(SpecificityAtSensitivity, self).__init__(sensitivity, num_thresholds,
                                                       'sensitivity', name=name, dtype=dtype)
        self.sensitivity = sensitivity

    def result(self):
        sensitivities = _div_no_nan(self.true_positives,
                                    self.true_positives + self.false_negatives)
        return self._read_at(sensitivities, self.value, self.true_negatives,
                             self.false_positives)

    def get_config(self):
        return dict(super(SpecificityAtSensitivity, self).get_config(),
                    sensitivity=self.sensitivity, num_thresholds=self.num_thresholds)


class AUC(_AllCounts):
    """The area under the ROC or precision-recall curve, by a Riemann sum over thresholds.

    The counts at each threshold add up over batches, so the AUC over many
    batches equals the AUC of all their samples at once.

    # Arguments
        num_thresholds: the number of thresholds (default 200): `num_thresholds
            - 2` evenly spaced in (0, 1), plus one just below 0 and one just
            above 1.
        curve: `'ROC'` (default; true positive rate against false positive
            rate) or `'PR'` (precision against recall).
        summation_method: `'interpolation'` (default; the trapezoid rule for
            ROC, and for PR the interpolation of Davis & Goadrich (2006),
            precision varying as the counts vary linearly between thresholds),
            `'minoring'` (the lower of the two heights of each step) or
            `'majoring'` (the higher).
        name, dtype: see `Metric`.
        thresholds: a list of thresholds in [0, 1] to use instead of evenly
            spaced ones (the two end points are added).

    # Raises
        ValueError: for an unknown curve or summation method, or
            `num_thresholds` < 2.
    """

    _CURVES = ('ROC', 'PR')
    _SUMMATIONS = ('interpolation', 'minoring', 'majoring')

    def __init__(self, num_thresholds=200, curve='ROC', summation_method='interpolation',
                 name=None, dtype=None, thresholds=None):
        curve_key = str(curve).upper()
        if curve_key not in self._CURVES:
            raise ValueError('AUC: invalid curve %r; valid values are %s.'
                             % (curve, ', '.join(self._CURVES)))
        summation = str(summation_method).lower()
        if summation not in self._SUMMATIONS:
            raise ValueError('AUC: invalid summation_method %r; valid values are %s.'
                             % (summation_method, ', '.join(self._SUMMATIONS)))
        if thresholds is not None:
            inner = sorted(float(t) for t in thresholds)
        else:
            if not isinstance(num_thresholds, (int, np.integer)) or num_thresholds < 2:
                raise ValueError('AUC: `num_thresholds` must be a whole number > 1; got %r.'
                                 % (num_thresholds,))
            inner = _evenly_spaced(int(num_thresholds))[1:-1]
        super(AUC, self).__init__(name=name, dtype=dtype)
        self.curve = curve_key
        self.summation_method = summation
        self.num_thresholds = len(inner) + 2
        self.thresholds = [0.0 - K.epsilon()] + inner + [1.0 + K.epsilon()]
        self._add_counts(self.num_thresholds)

    def result(self):
        tp, fp = self.true_positives, self.false_positives
        tn, fn = self.true_negatives, self.false_negatives
        if self.curve == 'PR' and self.summation_method == 'interpolation':
            return self._interpolated_pr_auc()
        recall = _div_no_nan(tp, tp + fn)
        if self.curve == 'ROC':
            x, y = _div_no_nan(fp, fp + tn), recall
        else:
            x, y = recall, _div_no_nan(tp, tp + fp)
        left, right = self._pairs(y)
        if self.summation_method == 'interpolation':
            heights = (left + right) / 2.
        elif self.summation_method == 'minoring':
            heights = K.minimum(left, right)
        else:
            heights = K.maximum(left, right)
        x_left, x_right = self._pairs(x)
        return K.sum((x_left - x_right) * heights)

    def _pairs(self, x):
        """`x[:-1]` and `x[1:]`: each threshold's value and the next one's."""
        n = self.num_thresholds
        return K.slice(x, [0], [n - 1]), K.slice(x, [1], [n - 1])

    def _interpolated_pr_auc(self):
        """The PR area with tp and p = tp + fp linear between thresholds: on each
        step, precision is `(intercept + slope * p) / p`, whose integral over
        recall is `slope * (dtp + intercept * log(p_a / p_b)) / positives`."""
        tp_a, tp_b = self._pairs(self.true_positives)
        predicted = self.true_positives + self.false_positives
        p_a, p_b = self._pairs(predicted)
        dtp = tp_a - tp_b
        slope = _div_no_nan(dtp, K.maximum(p_a - p_b, 0.))
        intercept = tp_b - slope * p_b
        both = K.cast(K.greater(p_a, 0.), K.floatx()) * K.cast(K.greater(p_b, 0.), K.floatx())
        ratio = both * _div_no_nan(p_a, p_b) + (1. - both)
        steps = slope * (dtp + intercept * K.log(ratio))
        _, fn_b = self._pairs(self.false_negatives)
        positives = tp_b + fn_b
        return K.sum(_div_no_nan(K.maximum(steps, 0.), positives))

    def get_config(self):
        return dict(super(AUC, self).get_config(), num_thresholds=self.num_thresholds,
                    curve=self.curve, summation_method=self.summation_method,
                    thresholds=self.thresholds[1:-1])


class MeanIoU(Metric):
    """The mean over classes of the intersection over union, from a confusion matrix
    accumulated over batches: `IoU = tp / (tp + fp + fn)`, classes that never
    occur (neither in targets nor predictions) left out.

    `y_true` and `y_pred` are integer class labels (predictions are cast to
    integers: give `argmax` values, not probabilities).

    # Arguments
        num_classes: the number of classes.
        name, dtype: see `Metric`.
    """

    def __init__(self, num_classes, name=None, dtype=None):
        if not isinstance(num_classes, (int, np.integer)) or num_classes < 1:
            raise ValueError('MeanIoU: `num_classes` must be a whole number > 0; got %r.'
                             % (num_classes,))
        super(MeanIoU, self).__init__(name=name, dtype=dtype)
        self.num_classes = int(num_classes)
        self.total_cm = self.add_weight('total_confusion_matrix',
                                        shape=(self.num_classes, self.num_classes))

    def update_state(self, y_true, y_pred, sample_weight=None):
        truth = K.one_hot(K.cast(K.flatten(y_true), 'int32'), self.num_classes)
        pred = K.one_hot(K.cast(K.flatten(y_pred), 'int32'), self.num_classes)
        truth = K.cast(truth, self.dtype)
        if sample_weight is not None:
            weights = K.flatten(broadcast_weights(K.cast(y_true, self.dtype), sample_weight))
            truth = truth * K.expand_dims(weights, 1)
        return [K.update_add(self.total_cm, K.dot(K.transpose(truth), K.cast(pred, self.dtype)))]

    def result(self):
        cm = self.total_cm
        eye = K.constant(np.eye(self.num_classes, dtype=K.floatx()))
        hits = K.sum(cm * eye, axis=1)
        union = K.sum(cm, axis=0) + K.sum(cm, axis=1) - hits
        present = K.sum(K.cast(K.not_equal(union, 0), K.floatx()))
        return _div_no_nan(K.sum(_div_no_nan(hits, union)), present)

    def get_config(self):
        return dict(super(MeanIoU, self).get_config(), num_classes=self.num_classes)


# -- cloning, (de)serialization ---------------------------------------------------------------

def clone_metric(metric):
    """A fresh copy (same config, zero state) of a `Metric`; anything else as it is."""
    if isinstance(metric, Metric):
        return metric.__class__.from_config(metric.get_config())
    return metric


def clone_metrics(metrics):
    """`clone_metric` over a list or the values of a dict (None stays None)."""
    if metrics is None:
        return None
    if isinstance(metrics, dict):
        return {key: clone_metric(value) for key, value in metrics.items()}
    return [clone_metric(metric) for metric in metrics]


_HELPERS = ('serialize', 'deserialize', 'get', 'clone_metric', 'clone_metrics', 'accuracy_for',
            'confusion_updates', 'is_symbolic', 'to_tensor', 'squeeze_or_expand',
            'broadcast_weights')
_OBJECTS = {k: v for k, v in globals().items()
            if not k.startswith('_') and k not in _HELPERS and
            (isinstance(v, type) and issubclass(v, Metric) or
             callable(v) and not isinstance(v, type) and
             getattr(v, '__module__', None) in (__name__, losses.__name__))}


def accuracy_for(loss_fn, output_shape, name='accuracy'):
    """The metric function Keras picks for `'accuracy'` (or `'crossentropy'`) given the
    loss and the output shape."""
    loss_name = getattr(loss_fn, '__name__', '')
    crossentropy = name in ('crossentropy', 'ce')
    if loss_name == 'sparse_categorical_crossentropy':
        return sparse_categorical_crossentropy if crossentropy else sparse_categorical_accuracy
    if loss_name == 'binary_crossentropy' or (output_shape and output_shape[-1] == 1):
        return binary_crossentropy if crossentropy else binary_accuracy
    return categorical_crossentropy if crossentropy else categorical_accuracy


def serialize(metric):
    """A metric function's or class's name, or a `Metric` object's `{'class_name', 'config'}`."""
    if isinstance(metric, type):
        return metric.__name__
    if isinstance(metric, Metric):
        return serialize_keras_object(metric)
    return getattr(metric, '__name__', None) or serialize_keras_object(metric)


def deserialize(config, custom_objects=None):
    """The metric a name or `{'class_name', 'config'}` dict names (a class name gives an
    object with default arguments).

    # Raises
        ValueError: for an unknown name; the message lists the valid ones.
    """
    found = deserialize_keras_object(config, _OBJECTS, custom_objects, 'metric')
    if isinstance(found, type) and issubclass(found, Metric):
        return found()
    return found


def get(identifier):
    """A metric function or `Metric` object from a name, a config dict, a `Metric`
    class or object, or a function.

    # Raises
        ValueError: for anything else, or an unknown name.
    """
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if isinstance(identifier, type) and issubclass(identifier, Metric):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError('Could not interpret metric identifier: %r (expected a name such as '
                     '"accuracy", a function or a Metric object).' % (identifier,))
