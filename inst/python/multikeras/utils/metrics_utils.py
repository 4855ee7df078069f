"""Helpers of the confusion-matrix metrics, under their Keras 2.3 names
(`keras.utils.metrics_utils`).

`update_confusion_matrix_variables` adds a batch's (weighted) true/false
positive/negative counts at each threshold; `Precision`, `Recall`, `AUC` and
the other counting metrics of `metrics.py` are built on it.
"""
from enum import Enum

import numpy as np

from .. import backend as K
from ..losses import squeeze_or_expand, broadcast_weights

# Predictions outside the top k are moved here, below every threshold.
NEG_INF = -1e10


class Reduction(object):
    """How a metric reduces its weighted values: their sum, their sum over their
    number, or their sum over the sum of the weights."""

    SUM = 'sum'
    SUM_OVER_BATCH_SIZE = 'sum_over_batch_size'
    WEIGHTED_MEAN = 'weighted_mean'


class ConfusionMatrix(Enum):
    """The four counts of a confusion matrix (keys of `update_confusion_matrix_variables`)."""

    TRUE_POSITIVES = 'tp'
    FALSE_POSITIVES = 'fp'
    TRUE_NEGATIVES = 'tn'
    FALSE_NEGATIVES = 'fn'


_COUNT_NAMES = {ConfusionMatrix.TRUE_POSITIVES: 'true_positives',
                ConfusionMatrix.FALSE_POSITIVES: 'false_positives',
                ConfusionMatrix.TRUE_NEGATIVES: 'true_negatives',
                ConfusionMatrix.FALSE_NEGATIVES: 'false_negatives'}


class AUCCurve(str, Enum):
    """The curve of an `AUC`; equal to its name (`AUC(curve='PR').curve == AUCCurve.PR`)."""

    ROC = 'ROC'
    PR = 'PR'

    @staticmethod
    def from_str(key):
        try:
            return AUCCurve(str(key).upper())
        except ValueError:
            raise ValueError('Invalid AUC curve value %r; valid values are ROC, PR.' % (key,))


class AUCSummationMethod(str, Enum):
    """How an `AUC` sums its steps; equal to its name in lower case."""

    INTERPOLATION = 'interpolation'
    MAJORING = 'majoring'
    MINORING = 'minoring'

    @staticmethod
    def from_str(key):
        try:
            return AUCSummationMethod(str(key).lower())
        except ValueError:
            raise ValueError('Invalid AUC summation method value %r; valid values are '
                             'interpolation, majoring, minoring.' % (key,))


def assert_thresholds_range(thresholds):
    """Raise a ValueError listing the thresholds outside [0, 1] (or None)."""
    invalid = [t for t in thresholds or [] if t is None or not 0 <= t <= 1]
    if invalid:
        raise ValueError('Threshold values must be in [0, 1]. Invalid values: %s' % (invalid,))


def parse_init_thresholds(thresholds, default_threshold=0.5):
    """A metric's `thresholds` argument as a list of floats (one value or a list;
    None: `[default_threshold]`).

    # Raises
        ValueError: for an empty list or a threshold outside [0, 1].
    """
    if thresholds is None:
        return [float(default_threshold)]
    values = list(thresholds) if isinstance(thresholds, (list, tuple, np.ndarray)) \
        else [thresholds]
    if not values:
        raise ValueError('`thresholds` must not be empty.')
    assert_thresholds_range(values)
    return [float(t) for t in values]


def _class_column(ys, class_id, owner):
    """`y[..., class_id]` for each `y` of `ys` (the first one is the predictions, whose
    shape is checked), by a product with a one-hot mask of the same shape as `y`, so it
    runs the same way on every backend."""
    classes = (K.int_shape(ys[0]) or (None,))[-1]
    if classes is not None and not 0 <= class_id < classes:
        raise ValueError('%s: class_id=%d does not fit the output shape %s (classes 0 to %d).'
                         % (owner, class_id, K.int_shape(ys[0]), classes - 1))
    position = K.cumsum(K.ones_like(ys[0]), axis=K.ndim(ys[0]) - 1) - 1.
    mask = K.cast(K.equal(position, float(class_id)), K.floatx())
    return [K.sum(y * mask, axis=-1) for y in ys]


def filter_top_k(x, k):
    """`x` with the values outside the `k` largest of the last axis set far below
    every threshold. Of equal values the first ones rank higher, as
    `tf.nn.top_k` orders them (Keras takes the top k with it), so exactly `k`
    values are kept."""
    last = K.ndim(x) - 1

    def pairs(y):
        # (..., n, n) pairs: [..., i, j] holds (y_i, y_j).
        return K.expand_dims(y, last + 1), K.expand_dims(y, last)

    x_i, x_j = pairs(x)
    position_i, position_j = pairs(K.cumsum(K.ones_like(x), axis=last))
    ahead = K.cast(K.greater(x_j, x_i), K.floatx()) + \
        K.cast(K.equal(x_j, x_i), K.floatx()) * K.cast(K.less(position_j, position_i), K.floatx())
    # For each value i, how many of its row rank above it.
    rank = K.sum(ahead, axis=-1)
    keep = K.cast(K.less(rank, float(k)), K.floatx())
    return x * keep + (1. - keep) * NEG_INF


def update_confusion_matrix_variables(variables, y_true, y_pred, thresholds=0.5, top_k=None,
                                      class_id=None, sample_weight=None, owner='metric'):
    """Updates adding a batch's (weighted) confusion counts at each threshold.

    A prediction counts as positive at threshold t when it is > t; a target
    is positive when it is not 0.

    # Arguments
        variables: dict from some of `'true_positives'`, `'false_positives'`,
            `'true_negatives'`, `'false_negatives'` (or the `ConfusionMatrix`
            members) to variables of shape `(len(thresholds),)`.
        y_true, y_pred: targets and predictions of the same shape (or
            differing by a trailing axis of size 1).
        thresholds: a float or a list of floats.
        top_k: count only the `top_k` largest predictions of each sample as
            possibly positive.
        class_id: count only this class (last axis position).
        sample_weight: one weight per sample (or per value).
        owner: the metric's name, for errors.

    # Returns
        A list of `(variable, new value)` pairs.
    """
    y_true = K.cast(y_true, K.floatx())
    y_pred = K.cast(y_pred, K.floatx())
    y_pred, y_true = squeeze_or_expand(y_pred, y_true)
    weights = K.ones_like(y_pred) if sample_weight is None else \
        broadcast_weights(y_pred, sample_weight)
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        y_pred, y_true, weights = _class_column([y_pred, y_true, weights], class_id, owner)
    pred = K.expand_dims(K.flatten(y_pred), 0)                       # (1, n)
    truth = K.cast(K.not_equal(K.expand_dims(K.flatten(y_true), 0), 0), K.floatx())
    weights = K.expand_dims(K.flatten(weights), 0)
    thresholds = np.asarray(thresholds, dtype=K.floatx()).reshape(-1)
    column = K.expand_dims(K.constant(thresholds), 1)                 # (t, 1)
    above = K.cast(K.greater(pred, column), K.floatx())              # (t, n)
    positives, negatives = truth * weights, (1. - truth) * weights
    counts = {'true_positives': lambda: K.sum(above * positives, axis=1),
              'false_positives': lambda: K.sum(above * negatives, axis=1),
              'false_negatives': lambda: K.sum(positives) - K.sum(above * positives, axis=1),
              'true_negatives': lambda: K.sum(negatives) - K.sum(above * negatives, axis=1)}
    return [K.update_add(variable, counts[_COUNT_NAMES.get(kind, kind)]())
            for kind, variable in variables.items()]
