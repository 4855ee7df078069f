"""The model summary table."""
import numpy as np

from .. import backend as K


def _count(weights):
    return int(sum(np.prod(K.int_shape(w)) for w in weights))


def print_summary(model, line_length=None, positions=None, print_fn=None):
    """Print one row per layer: name (type), output shape, parameters, and totals."""
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
