"""Drawings of models: `model_to_dot` (a pydot graph) and `plot_model` (an image file).

They need pydot (`pip install pydot`) and Graphviz's `dot` program (Debian:
`apt-get install graphviz`).
"""
import os

from ..engine.input_layer import InputLayer


def _pydot():
    """pydot, checked to find Graphviz's `dot` program."""
    try:
        import pydot
    except ImportError as e:
        raise ImportError('Drawing models needs pydot: pip install pydot (and Graphviz: '
                          'apt-get install graphviz).') from e
    try:
        pydot.Dot.create(pydot.Dot())
    except Exception as e:  # noqa: BLE001 - pydot raises bare errors when dot is missing
        raise OSError('Drawing models needs Graphviz\'s `dot` program on the PATH: '
                      'apt-get install graphviz (%s).' % e) from e
    return pydot


def _shape_text(shapes):
    text = str(shapes)
    return text.replace('None', '?')


def _label(layer, show_shapes, show_layer_names):
    kind = layer.__class__.__name__
    label = '%s: %s' % (layer.name, kind) if show_layer_names else kind
    if not show_shapes:
        return label
    try:
        inputs = _shape_text(layer.input_shape)
    except AttributeError:
        inputs = 'multiple'
    try:
        outputs = _shape_text(layer.output_shape)
    except AttributeError:
        outputs = 'multiple'
    if isinstance(layer, InputLayer):
        inputs = outputs
    return '%s|{input:|output:}|{{%s}|{%s}}' % (label, inputs, outputs)


def _graph_layers(model):
    """The model's layers, with the input layer of a Sequential model first."""
    layers = list(model.layers)
    if model.inputs:
        first = model.inputs[0]._keras_history[0]
        if not any(first is l for l in layers):
            layers.insert(0, first)
    return layers


def model_to_dot(model, show_shapes=False, show_layer_names=True, rankdir='TB',
                 expand_nested=False, dpi=96, subgraph=False):
    """A pydot graph of the model: one node per layer, an edge per connection.

    # Arguments
        model: a model.
        show_shapes: show each layer's input and output shapes.
        show_layer_names: show layer names beside their types.
        rankdir: 'TB' (top to bottom) or 'LR' (left to right).
        expand_nested: accepted for Keras compatibility; nested models are
            drawn as one node.
        dpi: resolution of the image.
        subgraph: accepted for Keras compatibility.

    # Returns
        A `pydot.Dot`.
    """
    if rankdir not in ('TB', 'LR'):
        raise ValueError("model_to_dot(): `rankdir` must be 'TB' or 'LR'; got %r." % (rankdir,))
    pydot = _pydot()
    dot = pydot.Dot(graph_type='digraph')
    dot.set('rankdir', rankdir)
    dot.set('concentrate', True)
    dot.set('dpi', dpi)
    dot.set_node_defaults(shape='record')
    layers = _graph_layers(model)
    for layer in layers:
        dot.add_node(pydot.Node(str(id(layer)),
                                label=_label(layer, show_shapes, show_layer_names)))
    in_model = {id(l) for l in layers}
    for layer in layers:
        for node in layer._inbound_nodes:
            for source in node.inbound_layers:
                if id(source) in in_model:
                    dot.add_edge(pydot.Edge(str(id(source)), str(id(layer))))
    return dot


def plot_model(model, to_file='model.png', show_shapes=False, show_layer_names=True,
               rankdir='TB', expand_nested=False, dpi=96):
    """Draw the model into an image file; its format follows the extension (png, svg, pdf...).

    # Arguments
        model: a model.
        to_file: the file to write.
        show_shapes: show each layer's input and output shapes.
        show_layer_names: show layer names beside their types.
        rankdir: 'TB' (top to bottom) or 'LR' (left to right).
        expand_nested: accepted for Keras compatibility; nested models are
            drawn as one node.
        dpi: resolution of the image.

    # Returns
        In a Jupyter notebook, an `IPython.display.Image`; else None.

    # Raises
        ValueError: for another `rankdir`.
        ImportError: when pydot is not installed.
        OSError: when Graphviz's `dot` program is not found.
    """
    dot = model_to_dot(model, show_shapes=show_shapes, show_layer_names=show_layer_names,
                       rankdir=rankdir, expand_nested=expand_nested, dpi=dpi)
    extension = os.path.splitext(to_file)[1][1:] or 'png'
    dot.write(to_file, format=extension)
    if extension == 'png':
        try:
            from IPython import display
            return display.Image(filename=to_file)
        except ImportError:
            pass
    return None
