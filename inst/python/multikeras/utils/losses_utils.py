"""Helpers of the loss classes, under their Keras 2.3 names (`keras.utils.losses_utils`).

`Reduction`, the weight broadcasting and the reduction itself live in
`losses.py`, whose `Loss` classes use them; this module gives them Keras'
names and signatures.
"""
from .. import backend as K
from ..losses import Reduction, broadcast_weights, reduce_weighted, squeeze_or_expand

__all__ = ['Reduction', 'broadcast_weights', 'squeeze_or_expand_dimensions',
           'reduce_weighted_loss', 'compute_weighted_loss']


def squeeze_or_expand_dimensions(y_pred, y_true=None, sample_weight=None):
    """`y_pred` and `y_true` (and `sample_weight`) with matching ranks.

    A trailing axis of size 1 is dropped from whichever of `y_pred` and
    `y_true` has one axis more; then `sample_weight` loses or gains a trailing
    axis when its rank differs by one from `y_pred`'s (a scalar weight stays
    a scalar; a scalar `y_pred` gains an axis for a vector of weights).

    # Returns
        `(y_pred, y_true)`, or `(y_pred, y_true, sample_weight)` when
        `sample_weight` is given.
    """
    if y_true is not None:
        y_pred, y_true = squeeze_or_expand(y_pred, y_true)
    if sample_weight is None:
        return y_pred, y_true
    pred_rank, weight_rank = K.ndim(y_pred), K.ndim(sample_weight)
    if weight_rank == 1 and pred_rank == 0:
        y_pred = K.expand_dims(y_pred, -1)
    elif weight_rank and weight_rank == pred_rank + 1:
        sample_weight = K.squeeze(sample_weight, -1)
    elif weight_rank and weight_rank == pred_rank - 1:
        sample_weight = K.expand_dims(sample_weight, -1)
    return y_pred, y_true, sample_weight


def reduce_weighted_loss(weighted_losses, reduction=Reduction.SUM_OVER_BATCH_SIZE):
    """`weighted_losses` reduced: as they are (`'none'`), summed (`'sum'`), or
    averaged over their number (`'sum_over_batch_size'`)."""
    return reduce_weighted(weighted_losses, None, Reduction.validate(reduction))


def compute_weighted_loss(losses, sample_weight=None,
                          reduction=Reduction.SUM_OVER_BATCH_SIZE, name=None):
    """`losses` weighted by `sample_weight` and reduced, in the dtype of `losses`.

    # Arguments
        losses: a tensor `(batch, d1, ..., dN)`.
        sample_weight: None, a scalar, or a tensor broadcastable to `losses`
            (of its rank, or one less or more).
        reduction: a `Reduction` value.
        name: ignored (the name scope of Keras' op).

    # Returns
        A scalar, or with `'none'` a tensor of the shape of `losses`.

    # Raises
        ValueError: for an unknown `reduction`.
    """
    Reduction.validate(reduction)
    dtype = K.dtype(losses)
    losses = K.cast(losses, K.floatx())
    if sample_weight is not None:
        if not (K.is_tensor(sample_weight) or K.is_variable(sample_weight)):
            sample_weight = K.constant(sample_weight, dtype=K.floatx())
        losses, _, sample_weight = squeeze_or_expand_dimensions(
            losses, None, K.cast(sample_weight, K.floatx()))
    return K.cast(reduce_weighted(losses, sample_weight, reduction), dtype)
