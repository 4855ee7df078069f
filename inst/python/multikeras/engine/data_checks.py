"""Turn user data into the list of arrays a compiled function expects.

Every check names the argument, the value and what was expected.
"""
import warnings

import numpy as np

from .. import backend as K
from .. import losses


def check_batch_size(batch_size):
    if batch_size is None:
        return 32
    return check_count(batch_size, 'batch_size', minimum=1)


def check_stateful_batches(model, samples, batch_size, caller):
    """A stateful model carries states from each batch to the next, row by row,
    so its data must split into whole batches (as in Keras 2.3, `predict`
    also takes fewer samples than one batch)."""
    if not getattr(model, 'stateful', False):
        return
    if caller == 'predict' and samples <= batch_size:
        return
    if samples % batch_size:
        raise ValueError('%s(): in a stateful network, you should only pass inputs with a number '
                         'of samples that can be divided by the batch size. Found: %d samples, '
                         'batch_size=%d.' % (caller, samples, batch_size))


def check_count(value, argument, minimum=0):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer, float)) or \
            int(value) != value or value < minimum:
        raise ValueError('`%s` must be a whole number >= %d; got %r.' % (argument, minimum, value))
    return int(value)


def _as_list(data, names, argument):
    if data is None:
        if not names:
            return []   # a model whose inputs all compute from tensors takes no data
        raise ValueError('`%s` is required and was None.' % argument)
    if isinstance(data, dict):
        missing = [n for n in names if n not in data]
        if missing:
            raise ValueError('`%s`: no data for %s; the dict has keys %s.'
                             % (argument, missing, sorted(data)))
        return [data[n] for n in names]
    if isinstance(data, (list, tuple)) and len(names) > 1:
        if len(data) != len(names):
            raise ValueError('`%s`: the model expects %d arrays (%s), but got a list of %d.'
                             % (argument, len(names), ', '.join(names), len(data)))
        return list(data)
    if isinstance(data, (list, tuple)) and len(data) == 1 and hasattr(data[0], 'shape'):
        return [data[0]]
    return [data]


def _is_sparse(value):
    """Whether `value` is a scipy sparse matrix."""
    return hasattr(value, 'tocsr') and hasattr(value, 'toarray')


def dense(arrays):
    """`arrays` with the scipy sparse matrices among them made dense.

    Sparse data stays sparse (CSR) through the checks and the slicing into
    batches; each batch is made dense just before it is fed, as in Keras.
    """
    return [a.toarray() if _is_sparse(a) else a for a in arrays]


def _to_array(value, dtype, argument, name):
    if _is_sparse(value):
        if value.dtype.kind not in 'biuf':
            raise ValueError('`%s` (%s) must be numeric; got a sparse matrix of dtype %s.'
                             % (argument, name, value.dtype))
        return value.tocsr().astype(dtype)
    try:
        array = np.asarray(value)
    except Exception as e:  # noqa: BLE001
        raise ValueError('`%s` (%s) could not be turned into an array: %s' % (argument, name, e))
    if array.dtype.kind not in 'biuf':
        raise ValueError('`%s` (%s) must be numeric; got an array of dtype %s.'
                         % (argument, name, array.dtype))
    # Row-major, so that taking a batch of rows is a contiguous copy (arrays from
    # R arrive column-major); copies only when the layout or dtype differ.
    return np.ascontiguousarray(array, dtype=dtype)


def _check_shape(array, expected, argument, name):
    """Compare array.shape with the expected (batch-including) shape; None is a wildcard."""
    if expected is None:
        return array
    if array.ndim == len(expected) - 1 and expected[-1] == 1:
        array = array.reshape(array.shape + (1,))
    if array.ndim != len(expected):
        raise ValueError('Error when checking %s: expected %s to have %d dimensions, i.e. shape '
                         '%s, but got array with shape %s.'
                         % (argument, name, len(expected), _shape_str(expected), array.shape))
    for want, got in zip(expected[1:], array.shape[1:]):
        if want is not None and want != got:
            raise ValueError('Error when checking %s: expected %s to have shape %s but got array '
                             'with shape %s.' % (argument, name, _shape_str(expected[1:]),
                                                 array.shape[1:]))
    return array


def _shape_str(shape):
    return '(' + ', '.join('None' if d is None else str(d) for d in shape) + \
        (',)' if len(shape) == 1 else ')')


def _no_data(data):
    return data is None or (isinstance(data, (list, tuple, dict)) and len(data) == 0)


def standardize_inputs(model, x, finite=False):
    """`x` as a list of arrays matching the model inputs fed with data (dtype and
    shape checked); inputs made from tensors (`Input(tensor=...)`) take none.

    With `finite`, NaN and Inf are refused too (training and evaluation data).
    Indices fed straight to an `Embedding` are checked against its `input_dim`.
    """
    names, tensors = model._feed_input_names, model._feed_inputs
    if not names:
        if not _no_data(x):
            raise ValueError('`x`: the model takes no input data (its inputs are the tensors '
                             'given to Input(tensor=...)), so `x` must be None; got %s.'
                             % type(x).__name__)
        return []
    arrays = _as_list(x, names, 'x')
    out = []
    for value, tensor, name in zip(arrays, tensors, names):
        array = _to_array(value, K.dtype(tensor), 'x', name)
        out.append(_check_shape(array, K.int_shape(tensor), 'input', name))
    _check_same_length(out, 'x', names)
    if finite:
        check_finite(out, 'x', names)
    check_embedding_indices(model, out)
    return out


# -- values that would break training --------------------------------------------------------
#
# NaN or Inf in a batch turns every weight it reaches into NaN at the next
# update, so training data is checked before the first step. The check is one
# vectorized pass per array: the sum of an array is finite exactly when all its
# values are (a NaN or an Inf propagates through it), barring an overflow of
# huge finite values, for which the exact, slower test decides. Only on
# failure is the first offending position looked for.


def _all_finite(array):
    if _is_sparse(array):
        array = array.data      # the values stored; the others are 0
    if array.dtype.kind not in 'fc' or array.size == 0:
        return True
    with np.errstate(over='ignore', invalid='ignore'):
        if np.isfinite(array.sum()):
            return True
    return bool(np.isfinite(array).all())


def check_finite(arrays, argument, names):
    """Raise a ValueError naming `argument`, the array, the first index and value
    of a NaN or Inf in `arrays` (numpy arrays named by `names`)."""
    for array, name in zip(arrays, names):
        if _all_finite(array):
            continue
        array = dense([array])[0]
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        where = index[0] if len(index) == 1 else index
        raise ValueError('`%s` (%s) contains %s at index %s (0-based; sample %d): a NaN or Inf in '
                         'the data would turn the weights into NaN. Remove or replace the '
                         'non-finite values before training or evaluating.'
                         % (argument, name, array[index], where, index[0]))


def _embedding_feeds(model):
    """`(input position, Embedding layer)` for every Embedding fed directly by a model
    input (positions among the inputs fed with data)."""
    inputs = [x._keras_history[0] for x in model._feed_inputs if hasattr(x, '_keras_history')]
    feeds = []
    for layer in getattr(model, 'layers', []):
        if layer.__class__.__name__ != 'Embedding' or not hasattr(layer, 'input_dim'):
            continue
        for node in getattr(layer, '_inbound_nodes', []):
            for inbound in node.inbound_layers:
                for position, input_layer in enumerate(inputs):
                    if inbound is input_layer:
                        feeds.append((position, layer))
    return feeds


def check_embedding_indices(model, xs):
    """Refuse indices outside [0, input_dim) fed straight to an Embedding, naming the layer.

    The engines fail on them with an internal message (TensorFlow, Theano) or
    silently read another row (CNTK); checked here, all refuse them alike.
    """
    for position, layer in _embedding_feeds(model):
        array = xs[position]
        if array.size == 0:
            continue
        low, high = array.min(), array.max()
        if low >= 0 and high < layer.input_dim and not np.isnan(low) and not np.isnan(high):
            continue
        bad = (array < 0) | (array >= layer.input_dim) | np.isnan(array)
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        value = array[index]
        raise ValueError('Embedding layer %r: index %s at position %s of input %r is out of range: '
                         'indices must be whole numbers in [0, %d) (input_dim=%d).'
                         % (layer.name, int(value) if float(value).is_integer() else value,
                            index, model._feed_input_names[position], layer.input_dim,
                            layer.input_dim))


def _target_shape(model, i):
    """The shape expected of the targets of output `i` (None: any size).

    Integer labels for sparse categorical crossentropy have one class axis
    of size 1 (the channel axis with channels_first images); a loss of the
    user's own is only checked for the number of dimensions, as Keras makes
    no assumption about it.
    """
    shape = K.int_shape(model.outputs[i])
    fn = model.loss_functions[i]
    wrapped = fn.fn if isinstance(fn, losses.LossFunctionWrapper) else fn
    fn_name = getattr(wrapped, '__name__', '')
    if isinstance(fn, losses.SparseCategoricalCrossentropy) or \
            fn_name == 'sparse_categorical_crossentropy':
        if K.image_data_format() == 'channels_first' and len(shape) in (4, 5):
            return (shape[0], 1) + tuple(shape[2:])
        return shape[:-1] + (1,)
    ours = getattr(losses, fn_name, None) is wrapped if fn_name else False
    if not ours and not (isinstance(fn, losses.Loss) and
                         not isinstance(fn, losses.LossFunctionWrapper)):
        return (None,) * len(shape)
    return shape


def _check_same_length(arrays, argument, names):
    lengths = {a.shape[0] for a in arrays}
    if len(lengths) > 1:
        raise ValueError('All `%s` arrays must have the same number of samples; got %s.'
                         % (argument, ', '.join('%s: %d' % (n, a.shape[0])
                                                for n, a in zip(names, arrays))))


def standardize_training_data(model, x, y, sample_weight, class_weight, finite=True):
    """[inputs..., targets..., sample weights...] for a train or test function.

    Only the data the model is fed is taken: the inputs that are not tensors
    (`Input(tensor=...)`), and the targets (and their weights) of the outputs
    that have a loss and no target tensor (`compile(target_tensors=...)`).
    With no such data at all, the list is empty.

    # Raises
        ValueError: for data that does not fit the model, no samples, or (with
            `finite`) NaN or Inf in `x`, `y` or `sample_weight` (naming the
            first one).
    """
    xs = standardize_inputs(model, x, finite=finite)
    fed = model._fed_outputs
    names = [model.output_names[i] for i in fed]
    if not fed and not _no_data(y):
        raise ValueError('`y`: the model takes no target data (%s), so `y` must be None.'
                         % ('its outputs have no loss' if not any(model.loss_functions) else
                            'its targets are the tensors given to compile(target_tensors=...) '
                            'or its outputs have no loss'))
    ys = []
    for i, value, name in zip(fed, _as_list(y, names, 'y') if fed else [], names):
        array = _to_array(value, K.dtype(model.targets[i]), 'y', name)
        _check_loss_target(model, i, array, name)
        array = _check_shape(array, _target_shape(model, i), 'target', name)
        ys.append(array)
    _check_same_length(ys, 'y', names)
    if finite:
        check_finite(ys, 'y', names)
    if xs and ys and xs[0].shape[0] != ys[0].shape[0]:
        raise ValueError('`x` and `y` must have the same number of samples (rows): x has %d, '
                         'y has %d.' % (xs[0].shape[0], ys[0].shape[0]))
    if not xs and not ys:
        _ignored_weights(sample_weight, class_weight)
        return []
    n = (xs or ys)[0].shape[0]
    if n == 0:
        raise ValueError('`x` and `y` hold no samples (0 rows): there is nothing to train on or '
                         'evaluate. Pass at least one sample.')
    sample_weights = _per_output_weights(_fed_weights(sample_weight, model, 'sample_weight'),
                                         names, 'sample_weight')
    class_weights = _per_output_weights(_fed_weights(class_weight, model, 'class_weight'),
                                        names, 'class_weight')
    weights = []
    for i, w, cw, target in zip(fed, sample_weights, class_weights, ys):
        w = _sample_weights(w, target, n, model._sample_weight_modes[i], model.output_names[i],
                            finite)
        if cw:
            classes = _class_sample_weights(cw, target)
            w = w * (classes.reshape(w.shape) if classes.size == w.size else classes)
        weights.append(w)
    return xs + ys + weights


def _ignored_weights(sample_weight, class_weight):
    for value, argument in ((sample_weight, 'sample_weight'), (class_weight, 'class_weight')):
        if not _no_data(value):
            warnings.warn('`%s` is ignored: the model takes no target data (its targets are '
                          'tensors, or its outputs have no loss).' % argument, stacklevel=4)


def _fed_weights(weights, model, argument):
    """`weights` without the entries of outputs that take no target data (with a warning)."""
    if not isinstance(weights, dict) or len(model._fed_outputs) == len(model.outputs):
        return weights
    fed = {model.output_names[i] for i in model._fed_outputs}
    unfed = [k for k in weights if k in model.output_names and k not in fed]
    if not unfed:
        return weights
    warnings.warn('`%s` for outputs %s is ignored: they take no target data (their targets are '
                  'tensors, or they have no loss).' % (argument, unfed), stacklevel=4)
    kept = {k: v for k, v in weights.items() if k not in unfed}
    return kept or None


def _sample_weights(w, target, n, mode, name, finite):
    """The sample weights of one output: ones by default; one per sample, or per sample
    and timestep with sample_weight_mode='temporal'.

    # Raises
        ValueError: for weights of another shape, a temporal mode on targets
            without a time axis, or NaN or Inf in the weights.
    """
    if mode == 'temporal':
        if target.ndim < 3:
            raise ValueError('Output %r was compiled with sample_weight_mode="temporal", which '
                             'needs outputs with a time axis (3 or more dimensions), but its '
                             'targets have shape %s.' % (name, target.shape))
        if w is None:
            return np.ones(target.shape[:2], dtype=K.floatx())
        w = np.asarray(w, dtype=K.floatx())
        if w.shape != target.shape[:2]:
            raise ValueError('`sample_weight` for output %r (sample_weight_mode="temporal") must '
                             'have one weight per sample and timestep, shape %s; got shape %s.'
                             % (name, target.shape[:2], w.shape))
    elif w is None:
        return np.ones((n,), dtype=K.floatx())
    else:
        w = np.asarray(w, dtype=K.floatx())
        if w.ndim != 1 and w.size == n:
            w = w.reshape(-1)
        if w.ndim != 1:
            raise ValueError('`sample_weight` for output %r must have one weight per sample (a '
                             'vector); got shape %s. For one weight per timestep, compile with '
                             'sample_weight_mode="temporal".' % (name, w.shape))
        if w.shape[0] != n:
            raise ValueError('`sample_weight` must have one weight per sample: got %d weights '
                             'for %d samples.' % (w.shape[0], n))
    if finite:
        check_finite([w], 'sample_weight', [name])
    return w


def _per_output_weights(weights, names, argument):
    """`sample_weight` or `class_weight` as one entry (or None) per output.

    As in Keras 2.3: a list gives one per output; a dict keyed by output
    names gives those it names (None for the others); for a model of one
    output, anything else (e.g. a class -> weight dict) is that output's.
    """
    if weights is None or (isinstance(weights, list) and not weights):
        return [None] * len(names)
    if isinstance(weights, dict) and set(weights) & set(names):
        unknown = [k for k in weights if k not in names]
        if unknown:
            raise ValueError('`%s`: unknown output names %s; the outputs are %s.'
                             % (argument, unknown, names))
        return [weights.get(n) for n in names]
    if len(names) == 1:
        single = isinstance(weights, (list, tuple)) and len(weights) == 1 and \
            (argument == 'class_weight' or hasattr(weights[0], 'shape'))
        return [weights[0]] if single else [weights]
    if isinstance(weights, list):
        if len(weights) != len(names):
            raise ValueError('`%s`: the model expects %d entries (%s), but got a list of %d.'
                             % (argument, len(names), ', '.join(names), len(weights)))
        return list(weights)
    message = ('`%s`: a model of %d outputs needs a list of one entry per output or a dict '
               'keyed by output names (%s); got %s.'
               % (argument, len(names), ', '.join(names), type(weights).__name__))
    if isinstance(weights, dict):
        if any(isinstance(k, str) for k in weights):
            raise ValueError(message)
        # Keyed by other objects (Keras 2.3's tests key them by target tensors):
        # Keras reads no entry from them.
        warnings.warn('`%s`: the dict is not keyed by output names (%s), so it is ignored.'
                      % (argument, ', '.join(names)), stacklevel=4)
        return [None] * len(names)
    raise TypeError(message)


def _class_sample_weights(class_weight, target):
    """The weight of each sample's class: argmax of one-hot targets, else the label."""
    classes = np.argmax(target, axis=-1) if target.shape[-1] > 1 else \
        target.reshape(target.shape[0], -1)[:, 0].round().astype(int)
    missing = set(np.unique(classes).tolist()) - set(int(k) for k in class_weight)
    if missing:
        raise ValueError('`class_weight` has no weight for classes %s.' % sorted(missing))
    return np.asarray([class_weight[c] if c in class_weight else class_weight[str(c)]
                       for c in classes], dtype=K.floatx())


def _check_loss_target(model, i, array, name):
    fn_name = getattr(model.loss_functions[i], '__name__', '')
    out_dim = K.int_shape(model.outputs[i])[-1]
    output_ndim = len(K.int_shape(model.outputs[i]))
    labels_like = array.ndim == output_ndim - 1 or (array.ndim == output_ndim and array.shape[-1] == 1)
    if fn_name == 'categorical_crossentropy' and labels_like and out_dim not in (1, None):
        raise ValueError('You are passing a target array of shape %s while using '
                         'categorical_crossentropy for output %s, which expects one-hot targets '
                         'of shape (samples, %d). Convert the labels with to_categorical(), or use '
                         'loss="sparse_categorical_crossentropy" for integer labels.'
                         % (array.shape, name, out_dim))
