"""The data and loss helpers of training, under their Keras 2.3 names
(`keras.engine.training_utils`), for code written against Keras.

Our own training loop checks its data in `data_checks.py` (every message
naming the argument and the value) and reads generators in
`training_generator.py`; the functions here follow Keras 2.3's signatures
and behaviour, reusing those modules where they do the same thing.
"""
import numpy as np

from .. import backend as K
from .. import losses
from ..utils.data_utils import Sequence
from ..utils.generic_utils import slice_arrays  # noqa: F401 - Keras code imports it from here
from .training import _check_validation_freq, _should_validate
from .training_generator import is_generator_or_sequence  # noqa: F401 - Keras' name
from . import training_generator


def standardize_single_array(x):
    """`x` with a trailing axis added to a vector; None and tensors as they are.

    # Raises
        ValueError: for a tensor whose batch size is not static.
    """
    if x is None:
        return None
    if K.is_tensor(x):
        shape = K.int_shape(x)
        if shape is None or shape[0] is None:
            raise ValueError('When feeding symbolic tensors to a model, we expect the tensors to '
                             'have a static batch size. Got tensor with shape: %s' % (shape,))
        return x
    x = np.asarray(x) if not hasattr(x, 'ndim') else x
    return np.expand_dims(x, 1) if x.ndim == 1 else x


def _frame_values(x):
    return x.values if x.__class__.__name__ == 'DataFrame' else x


def standardize_input_data(data, names, shapes=None, check_batch_axis=True,
                           exception_prefix=''):
    """User data (an array, a list or a dict of arrays) as a list in the order of `names`.

    # Arguments
        data: the data; pandas DataFrames are read as their values.
        names: the names of the model's inputs (or outputs).
        shapes: their expected shapes (None: unchecked).
        check_batch_axis: whether the batch axis is checked too.
        exception_prefix: `'input'` or `'target'`, for the messages.

    # Returns
        One array per name (None where `data` is None).

    # Raises
        ValueError: for data that do not fit `names` and `shapes`.
        TypeError: for data that are not arrays.
    """
    if not names:
        if data is not None and hasattr(data, '__len__') and len(data):
            raise ValueError('Error when checking model %s: expected no data, but got: %r'
                             % (exception_prefix, data))
        return []
    if data is None:
        return [None] * len(names)
    if isinstance(data, dict):
        missing = [n for n in names if n not in data]
        if missing:
            raise ValueError('No data provided for "%s". Need data for each key in: %s'
                             % (missing[0], list(names)))
        data = [_frame_values(data[n]) for n in names]
    elif isinstance(data, list):
        if data and isinstance(data[0], list):
            data = [np.asarray(d) for d in data]
        elif len(names) == 1 and data and isinstance(data[0], (float, int)):
            data = [np.asarray(data)]
        else:
            data = [_frame_values(d) for d in data]
    else:
        data = [_frame_values(data)]
    data = [standardize_single_array(x) for x in data]
    if len(data) != len(names):
        if data and hasattr(data[0], 'shape'):
            raise ValueError('Error when checking model %s: the list of Numpy arrays that you '
                             'are passing to your model is not the size the model expected. '
                             'Expected to see %d array(s), but instead got %d arrays.'
                             % (exception_prefix, len(names), len(data)))
        if len(names) > 1:
            raise ValueError('Error when checking model %s: you are passing a list as input to '
                             'your model, but the model expects a list of %d Numpy arrays '
                             'instead.' % (exception_prefix, len(names)))
        raise TypeError('Error when checking model %s: data should be a Numpy array, or '
                        'list/dict of Numpy arrays. Found: %s...'
                        % (exception_prefix, str(data)[:200]))
    for name, x, shape in zip(names, data, shapes or [None] * len(names)):
        if shape is None or K.is_tensor(x):
            continue
        if x.ndim != len(shape):
            raise ValueError('Error when checking %s: expected %s to have %d dimensions, but got '
                             'array with shape %s' % (exception_prefix, name, len(shape), x.shape))
        got, want = (x.shape, shape) if check_batch_axis else (x.shape[1:], shape[1:])
        if any(w and w != g for g, w in zip(got, want)):
            raise ValueError('Error when checking %s: expected %s to have shape %s but got array '
                             'with shape %s' % (exception_prefix, name, tuple(want), tuple(got)))
    return data


def standardize_sample_or_class_weights(x_weight, output_names, weight_type):
    """`sample_weight` or `class_weight` (named `weight_type`) as one entry per output.

    # Raises
        ValueError: for a list of the wrong length.
        TypeError: for a multi-output model given neither a list nor a dict.
    """
    if x_weight is None or (hasattr(x_weight, '__len__') and len(x_weight) == 0):
        return [None] * len(output_names)
    if len(output_names) == 1:
        if isinstance(x_weight, list) and len(x_weight) == 1:
            return x_weight
        if isinstance(x_weight, dict) and output_names[0] in x_weight:
            return [x_weight[output_names[0]]]
        return [x_weight]
    if isinstance(x_weight, list):
        if len(x_weight) != len(output_names):
            raise ValueError('Provided `%s` was a list of %d elements, but the model has %d '
                             'outputs. You should provide one `%s` array per model output.'
                             % (weight_type, len(x_weight), len(output_names), weight_type))
        return x_weight
    if isinstance(x_weight, dict):
        return [x_weight.get(name) for name in output_names]
    raise TypeError('The model has multiple outputs, so `%s` should be either a list or a dict. '
                    'Provided `%s` type not understood: %r' % (weight_type, weight_type, x_weight))


def standardize_class_weights(class_weight, output_names):
    return standardize_sample_or_class_weights(class_weight, output_names, 'class_weight')


def standardize_sample_weights(sample_weight, output_names):
    return standardize_sample_or_class_weights(sample_weight, output_names, 'sample_weight')


def _lengths(arrays):
    if arrays is None:
        return {0}
    arrays = arrays if isinstance(arrays, list) else [arrays]
    return {0 if a is None else int(a.shape[0]) for a in arrays}


def check_array_length_consistency(inputs, targets, weights=None):
    """Raise a ValueError unless the arrays (None counts as 0 samples) agree on their
    number of samples: inputs among themselves, targets, weights, and with each other."""
    x, y, w = _lengths(inputs), _lengths(targets), _lengths(weights)
    for lengths, what in ((x, 'input arrays (x)'), (y, 'target arrays (y)'),
                          (w, 'sample_weight arrays')):
        if len(lengths) > 1:
            raise ValueError('All %s should have the same number of samples. Got lengths: %s'
                             % (what, sorted(lengths)))
    if x != y:
        raise ValueError('Input arrays should have the same number of samples as target arrays. '
                         'Found %d input samples and %d target samples.' % (min(x), min(y)))
    if y != w:
        raise ValueError('Sample_weight arrays should have the same number of samples as target '
                         'arrays. Got %d input samples and %d target samples.' % (min(y), min(w)))


def _loss_name(loss):
    return getattr(loss, 'name', None) or getattr(loss, '__name__', type(loss).__name__)


def check_loss_and_target_compatibility(targets, loss_fns, output_shapes):
    """Raise a ValueError for targets a loss cannot use: a last axis of size 1 with
    categorical crossentropy, or a target shape other than the output's with mean
    squared error or (binary or categorical) crossentropy objects."""
    same_shape = (losses.MeanSquaredError, losses.BinaryCrossentropy,
                  losses.CategoricalCrossentropy)
    for y, loss, shape in zip(targets, loss_fns, output_shapes):
        if y is None or loss is None:
            continue
        if _loss_name(loss) in ('categorical_crossentropy', 'CategoricalCrossentropy') and \
                y.shape[-1] == 1:
            raise ValueError('You are passing a target array of shape %s while using as loss '
                             '`categorical_crossentropy`. `categorical_crossentropy` expects '
                             'targets to be binary matrices (1s and 0s) of shape (samples, '
                             'classes). If your targets are integer classes, convert them with '
                             'to_categorical(), or use the loss `sparse_categorical_crossentropy`, '
                             'which expects integer targets.' % (y.shape,))
        if isinstance(loss, same_shape):
            for target_dim, out_dim in zip(y.shape[1:], shape[1:]):
                if out_dim is not None and target_dim != out_dim:
                    raise ValueError('A target array with shape %s was passed for an output of '
                                     'shape %s while using as loss `%s`. This loss expects '
                                     'targets to have the same shape as the output.'
                                     % (y.shape, tuple(shape), _loss_name(loss)))


def check_generator_arguments(y=None, sample_weight=None, validation_split=None):
    """Raise a ValueError for arguments that have no meaning with generator data."""
    training_generator.check_generator_arguments('fit_generator', y, sample_weight,
                                                 validation_split)


def batch_shuffle(index_array, batch_size):
    """`index_array` shuffled batch by batch (the rows inside each batch keep their order;
    a last, incomplete batch stays last)."""
    count = len(index_array) // batch_size
    last = index_array[count * batch_size:]
    batches = index_array[:count * batch_size].reshape((count, batch_size))
    np.random.shuffle(batches)
    return np.append(batches.flatten(), last)


def make_batches(size, batch_size):
    """The `(start, stop)` rows of each batch of `size` samples."""
    return [(start, min(size, start + batch_size)) for start in range(0, size, batch_size)]


def weighted_masked_objective(fn):
    """`fn(y_true, y_pred)` as `weighted(y_true, y_pred, weights, mask=None)`: the mean of
    the masked, weighted scores (None for `fn=None`).

    The masked scores are divided by the fraction of the mask that is set, and
    the weighted ones by the fraction of weights that are not 0, as Keras 2.3
    does.
    """
    if fn is None:
        return None

    def weighted(y_true, y_pred, weights, mask=None):
        scores = fn(y_true, y_pred)
        if mask is not None:
            mask = K.cast(mask, K.floatx())
            scores = scores * mask / (K.mean(mask) + K.epsilon())
        if weights is not None:
            ndim, weight_ndim = K.ndim(scores), K.ndim(weights)
            if ndim > weight_ndim:
                scores = K.mean(scores, axis=list(range(weight_ndim, ndim)))
            scores = scores * weights / K.mean(K.cast(K.not_equal(weights, 0), K.floatx()))
        return K.mean(scores)
    return weighted


def standardize_weights(y, sample_weight=None, class_weight=None, sample_weight_mode=None):
    """One weight per sample (or per timestep, with `sample_weight_mode='temporal'`):
    `sample_weight` times the `class_weight` of each sample's class (ones by default).

    # Raises
        ValueError: for weights that do not fit `y` or the mode, or classes
            missing from `class_weight`.
    """
    if sample_weight_mode is not None:
        if sample_weight_mode != 'temporal':
            raise ValueError('`sample_weight_mode` should be None or "temporal". Found: %r'
                             % (sample_weight_mode,))
        if y.ndim < 3:
            raise ValueError('Timestep-wise sample weighting (sample_weight_mode="temporal") '
                             'is restricted to outputs that are at least 3D; got a target of '
                             'shape %s.' % (y.shape,))
        if sample_weight is not None and sample_weight.ndim != 2:
            raise ValueError('Found a sample_weight array with shape %s. For timestep-wise '
                             'sample weighting, pass a 2D sample_weight array.'
                             % (sample_weight.shape,))
    elif sample_weight is not None and sample_weight.ndim != 1:
        raise ValueError('Found a sample_weight array with shape %s. For timestep-wise sample '
                         'weights, specify sample_weight_mode="temporal" in compile(); '
                         'sample-wise weights must be a 1D array.' % (sample_weight.shape,))
    if sample_weight is not None and y.shape[:sample_weight.ndim] != sample_weight.shape:
        raise ValueError('Found a sample_weight array with shape %s for an input with shape %s. '
                         'sample_weight cannot be broadcast.' % (sample_weight.shape, y.shape))
    weights = sample_weight
    if isinstance(class_weight, dict):
        if y.ndim > 2:
            raise ValueError('`class_weight` not supported for 3+ dimensional targets.')
        classes = np.argmax(y, axis=1) if y.ndim == 2 and y.shape[1] > 1 else y.reshape(-1)
        missing = set(classes.tolist()) - set(class_weight)
        if missing:
            raise ValueError('`class_weight` must contain all classes in the data. The classes '
                             '%s exist in the data but not in `class_weight`.' % sorted(missing))
        per_class = np.asarray([class_weight[c] for c in classes.tolist()])
        weights = per_class if weights is None else weights * per_class
    if weights is not None:
        return weights
    shape = (y.shape[0],) if sample_weight_mode is None else y.shape[:2]
    return np.ones(shape, dtype=K.floatx())


def check_num_samples(ins, batch_size=None, steps=None, steps_name='steps'):
    """The number of samples in `ins` (None when the data are counted in `steps`).

    # Raises
        ValueError: for both `steps` and `batch_size`, or symbolic data without
            `steps`.
    """
    if steps is not None and batch_size is not None:
        raise ValueError('If %s is set, the `batch_size` must be None.' % steps_name)
    if not ins or any(K.is_tensor(x) for x in ins):
        if steps is None:
            raise ValueError('If your data is in the form of symbolic tensors, you should '
                             'specify the `%s` argument (instead of the `batch_size` argument).'
                             % steps_name)
        return None
    return int(ins[0].shape[0]) if hasattr(ins[0], 'shape') else None


def iter_sequence_infinite(seq):
    """The batches of `Sequence` `seq`, over and over."""
    while True:
        for i in range(len(seq)):
            yield seq[i]


def is_sequence(seq):
    """Whether `seq` follows the `Sequence` API (an instance, or an object with its methods)."""
    if isinstance(seq, Sequence) or getattr(seq, 'use_sequence_api', False):
        return True
    return all(callable(getattr(seq, m, None)) for m in ('__getitem__', '__len__',
                                                         'on_epoch_end'))


def should_run_validation(validation_freq, epoch):
    """Whether to validate after 0-based `epoch`: every `validation_freq` epochs, or
    after the (1-based) epochs listed in it.

    # Raises
        ValueError: for a frequency below 1 or not a whole number or a list.
    """
    _check_validation_freq(validation_freq)
    return _should_validate(validation_freq, epoch)


def get_input_shape_and_dtype(layer):
    """The batch input shape and dtype of `layer` (of the first layer of nested models);
    `(None, None)` when it has none.

    # Raises
        ValueError: for an empty model.
    """
    while hasattr(layer, 'layers') and hasattr(layer, 'inputs'):
        if not layer.layers:
            raise ValueError('An empty Model cannot be used as a Layer.')
        layer = layer.layers[0]
    shape = getattr(layer, 'batch_input_shape', None)
    return (shape, layer.dtype) if shape is not None else (None, None)


def get_static_batch_size(layer):
    """The batch size fixed by `layer`'s input shape, or None."""
    shape, _ = get_input_shape_and_dtype(layer)
    return None if shape is None else shape[0]
