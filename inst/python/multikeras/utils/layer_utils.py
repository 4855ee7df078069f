"""Model introspection: the summary table, the source inputs of a tensor, kernel flips."""
import numpy as np

from .. import backend as K
from .generic_utils import to_list
from .conv_utils import convert_kernel

# The layers whose kernels `convert_all_kernels_in_model` flips (Keras 2.3.1's list).
_KERNEL_LAYERS = ('Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose')


def _count(weights):
    return int(sum(np.prod(K.int_shape(w)) for w in weights))


def print_summary(model, line_length=None, positions=None, print_fn=None):
    """Prints one row per layer: name (type), output shape, parameters, and totals.

    # Arguments
        model: The model.
        line_length: Total width of the table, in characters (default 65,
            98 for a model whose layers are not in one sequence).
        positions: Where each column ends: fractions of `line_length`, or
            character positions.
        print_fn: The function that prints each line (default: `print`).
    """
    print_fn = print_fn or print
    line_length = line_length or 65
    positions = positions or [.45, .85, 1.]
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    sequential_like = model.__class__.__name__ == 'Sequential' or all(
        len(l._inbound_nodes) <= 1 for l in model.layers)
    columns = ['Layer (type)', 'Output Shape', 'Param #']
    if not sequential_like:
        line_length = max(line_length, 98)
        positions = [33, 60, 70, 98]
        columns.append('Connected to')

    def row(fields):
        line = ''
        for field, stop in zip(fields, positions):
            line = (line + str(field))[:stop - 1].ljust(stop)
        print_fn(line.rstrip())

    print_fn('Model: "%s"' % model.name)
    print_fn('_' * line_length)
    row(columns)
    print_fn('=' * line_length)
    layers = model.layers
    for i, layer in enumerate(layers):
        try:
            shape = layer.output_shape
        except AttributeError:
            shape = 'multiple'
        fields = ['%s (%s)' % (layer.name, layer.__class__.__name__), shape,
                  _count(layer.weights) if layer.built else 0]
        if not sequential_like:
            inbound = []
            for node in layer._inbound_nodes[:1]:
                inbound = ['%s[%d][%d]' % (l.name, n, t) for l, n, t in
                           zip(node.inbound_layers, node.node_indices, node.tensor_indices)]
            fields.append(inbound[0] if inbound else '')
        row(fields)
        print_fn(('=' if i == len(layers) - 1 else '_') * line_length)
    trainable = _count(model.trainable_weights)
    total = _count(model.weights)
    print_fn('Total params: {:,}'.format(total))
    print_fn('Trainable params: {:,}'.format(trainable))
    print_fn('Non-trainable params: {:,}'.format(total - trainable))
    print_fn('_' * line_length)


def convert_all_kernels_in_model(model):
    """Flip the kernels of every convolution layer of `model`, in place.

    For weights that were trained on a backend of the other convention (true
    convolution versus correlation) and set by hand; model files do this by
    themselves.

    # Arguments
        model: a model (its nested models are converted too).
    """
    pairs = []
    for layer in _all_layers(model):
        if layer.__class__.__name__ in _KERNEL_LAYERS and layer.built:
            pairs.append((layer.kernel, convert_kernel(K.get_value(layer.kernel))))
    K.batch_set_value(pairs)


def convert_dense_weights_data_format(dense, previous_feature_map_shape,
                                      target_data_format='channels_first'):
    """Reorder the kernel rows of a `Dense` layer that follows a `Flatten`, in place,
    for the other image data format.

    A `Flatten` of a feature map orders its values by the map's layout, so a
    `Dense` kernel trained behind one layout reads the wrong inputs behind the
    other. This moves each row to where the same (row, column, channel) cell
    lands in the flattened `target_data_format` map.

    # Arguments
        dense: the `Dense` layer after the `Flatten`.
        previous_feature_map_shape: the shape of the feature map before the
            `Flatten`, without the batch axis, in the target layout (as Keras
            reads it): `(channels, rows, cols)` when converting to
            `'channels_first'`, `(rows, cols, channels)` when converting to
            `'channels_last'`. Maps of 1 or 3 spatial axes work the same way.
        target_data_format: `'channels_first'` or `'channels_last'`, the data
            format the weights are converted to.

    # Raises
        ValueError: for another `target_data_format`, or a feature map shape
            whose size is not the number of kernel rows.
    """
    if target_data_format not in ('channels_first', 'channels_last'):
        raise ValueError('convert_dense_weights_data_format: invalid target_data_format %r '
                         '(expected "channels_first" or "channels_last").' % (target_data_format,))
    shape = tuple(int(d) for d in previous_feature_map_shape)
    kernel, rest = dense.get_weights()[0], dense.get_weights()[1:]
    if int(np.prod(shape)) != kernel.shape[0]:
        raise ValueError('convert_dense_weights_data_format: previous_feature_map_shape %r has '
                         '%d values, but the kernel of %r has %d rows.'
                         % (previous_feature_map_shape, int(np.prod(shape)), dense.name,
                            kernel.shape[0]))
    rank = len(shape)
    if target_data_format == 'channels_first':
        # rows ordered as (spatial..., channels) -> as (channels, spatial...)
        trained = shape[1:] + shape[:1]
        order = [rank - 1] + list(range(rank - 1))
    else:
        # rows ordered as (channels, spatial...) -> as (spatial..., channels)
        trained = shape[-1:] + shape[:-1]
        order = list(range(1, rank)) + [0]
    units = kernel.shape[1]
    kernel = kernel.reshape(trained + (units,)).transpose(order + [rank]).reshape(-1, units)
    dense.set_weights([kernel] + rest)


def _all_layers(model):
    for layer in model.layers:
        yield layer
        if hasattr(layer, 'layers'):
            for inner in _all_layers(layer):
                yield inner


def get_source_inputs(tensor, layer=None, node_index=None):
    """The input tensors (of `Input` layers) that `tensor` is computed from.

    # Arguments
        tensor: a Keras tensor.
        layer: start from this layer's node instead of `tensor`'s history.
        node_index: with `layer`, the index of its node.

    # Returns
        A list of the source input tensors, each once.
    """
    if not hasattr(tensor, '_keras_history'):
        return [tensor]
    if layer is None or node_index is None:
        layer, node_index, _ = tensor._keras_history
    node = layer._inbound_nodes[node_index]
    if not node.inbound_layers:
        return list(node.input_tensors)
    sources = []
    for in_layer, in_node, x in zip(node.inbound_layers, node.node_indices,
                                    to_list(node.input_tensors)):
        for source in get_source_inputs(x, in_layer, in_node):
            if not any(source is s for s in sources):
                sources.append(source)
    return sources
