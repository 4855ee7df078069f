"""Turn user data into the list of arrays a compiled function expects.

Every check names the argument, the value and what was expected.
"""
import numpy as np

from .. import backend as K


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


def _to_array(value, dtype, argument, name):
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


def standardize_inputs(model, x, finite=False):
    """`x` as a list of arrays matching the model inputs (dtype and shape checked).

    With `finite`, NaN and Inf are refused too (training and evaluation data).
    Indices fed straight to an `Embedding` are checked against its `input_dim`.
    """
    arrays = _as_list(x, model.input_names, 'x')
    out = []
    for value, tensor, name in zip(arrays, model.inputs, model.input_names):
        array = _to_array(value, K.dtype(tensor), 'x', name)
        out.append(_check_shape(array, K.int_shape(tensor), 'input', name))
    _check_same_length(out, 'x', model.input_names)
    if finite:
        check_finite(out, 'x', model.input_names)
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
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        where = index[0] if len(index) == 1 else index
        raise ValueError('`%s` (%s) contains %s at index %s (0-based; sample %d): a NaN or Inf in '
                         'the data would turn the weights into NaN. Remove or replace the '
                         'non-finite values before training or evaluating.'
                         % (argument, name, array[index], where, index[0]))


def _embedding_feeds(model):
    """`(input position, Embedding layer)` for every Embedding fed directly by a model input."""
    inputs = getattr(model, 'input_layers', None) or []
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
                            index, model.input_names[position], layer.input_dim,
                            layer.input_dim))


def _target_shape(model, i):
    shape = K.int_shape(model.outputs[i])
    fn = model.loss_functions[i]
    if getattr(fn, '__name__', '') == 'sparse_categorical_crossentropy':
        return shape[:-1] + (1,)
    return shape


def _check_same_length(arrays, argument, names):
    lengths = {a.shape[0] for a in arrays}
    if len(lengths) > 1:
        raise ValueError('All `%s` arrays must have the same number of samples; got %s.'
                         % (argument, ', '.join('%s: %d' % (n, a.shape[0])
                                                for n, a in zip(names, arrays))))


def standardize_training_data(model, x, y, sample_weight, class_weight):
    """[inputs..., targets..., sample weights...] for a train or test function.

    # Raises
        ValueError: for data that does not fit the model, no samples, or NaN
            or Inf in `x`, `y` or `sample_weight` (naming the first one).
    """
    xs = standardize_inputs(model, x, finite=True)
    ys = []
    for i, (value, name) in enumerate(zip(_as_list(y, model.output_names, 'y'), model.output_names)):
        array = _to_array(value, K.dtype(model.targets[i]), 'y', name)
        _check_loss_target(model, i, array, name)
        array = _check_shape(array, _target_shape(model, i), 'target', name)
        ys.append(array)
    _check_same_length(ys, 'y', model.output_names)
    check_finite(ys, 'y', model.output_names)
    if xs[0].shape[0] != ys[0].shape[0]:
        raise ValueError('`x` and `y` must have the same number of samples (rows): x has %d, '
                         'y has %d.' % (xs[0].shape[0], ys[0].shape[0]))
    n = xs[0].shape[0]
    if n == 0:
        raise ValueError('`x` and `y` hold no samples (0 rows): there is nothing to train on or '
                         'evaluate. Pass at least one sample.')
    sample_weights = _per_output_weights(sample_weight, model.output_names, 'sample_weight')
    class_weights = _per_output_weights(class_weight, model.output_names, 'class_weight')
    weights = []
    for i, (w, cw, target) in enumerate(zip(sample_weights, class_weights, ys)):
        if w is None:
            w = np.ones((n,), dtype=K.floatx())
        else:
            w = np.asarray(w, dtype=K.floatx()).reshape(-1)
            check_finite([w], 'sample_weight', [model.output_names[i]])
            if w.shape[0] != n:
                raise ValueError('`sample_weight` must have one weight per sample: got %d weights '
                                 'for %d samples.' % (w.shape[0], n))
        if cw:
            w = w * _class_sample_weights(cw, target)
        weights.append(w)
    return xs + ys + weights


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
    if isinstance(weights, (list, tuple)):
        if len(weights) != len(names):
            raise ValueError('`%s`: the model expects %d entries (%s), but got a list of %d.'
                             % (argument, len(names), ', '.join(names), len(weights)))
        return list(weights)
    raise ValueError('`%s`: a model of %d outputs needs a list of one entry per output or a '
                     'dict keyed by output names (%s); got %s.'
                     % (argument, len(names), ', '.join(names), type(weights).__name__))


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
