"""`Network`: a graph of layers from input tensors to output tensors.

It finds its layers by walking back from the outputs through each tensor's
`_keras_history`, can be called on new tensors like a layer (re-running its
graph), and serialises itself as layer configs plus the links between them.
"""
import warnings

import numpy as np

from .. import backend as K
from ..utils.generic_utils import to_list, unpack_singleton
from ..legacy import interfaces
from .base_layer import Layer, _accepts, unique
from .input_layer import InputLayer


def _node_key(layer, node_index):
    return '%s_ib-%d' % (layer.name, node_index)


def _first_call_index(layer):
    """The config's index of a layer's first call: 1 for networks (see `_relabel`)."""
    return 1 if isinstance(layer, Network) else 0


def layers_by_depth(inputs, outputs):
    """See `_graph_depths`: the layers of the graph in Keras 2.3's order."""
    return _graph_depths(inputs, outputs)[0]


def _graph_depths(inputs, outputs):
    """The layers of the graph from `inputs` to `outputs`, in Keras 2.3's order,
    and the dict of the layers at each depth (Keras's `_layers_by_depth`).

    Keras walks the graph depth-first from the outputs, numbering the layers
    as it first meets them; every node gets its longest distance to an
    output (a layer, its largest over its nodes), and the layers are listed
    by decreasing distance, ties in walk order. An input that no output
    needs gets distance 0 and comes first among the layers of distance 0
    (as in tf.keras). Saved files list their layers in this order, so it
    must be Keras's own.
    """
    walk_index, finished, post_order = {}, set(), []
    for tensor in outputs:
        layer, node_index = tensor._keras_history[:2]
        stack = [(layer._inbound_nodes[node_index], None)]
        while stack:  # an explicit stack: deep networks exceed Python's recursion limit
            node, pending = stack.pop()
            if pending is None:
                if id(node) in finished:
                    continue
                walk_index.setdefault(id(node.outbound_layer), len(walk_index))
                pending = iter(list(zip(node.inbound_layers, node.node_indices)))
            for in_layer, in_index in pending:
                if in_layer is None:
                    continue  # a backend tensor or variable: no layer behind it
                child = in_layer._inbound_nodes[in_index]
                if id(child) not in finished:
                    stack.append((node, pending))
                    stack.append((child, None))
                    break
            else:
                finished.add(id(node))
                post_order.append(node)
    node_depth, layer_depth, by_id = {}, {}, {}
    for node in reversed(post_order):
        layer = node.outbound_layer
        by_id[id(layer)] = layer
        depth = max(node_depth.setdefault(id(node), 0), layer_depth.get(id(layer), 0))
        layer_depth[id(layer)] = depth
        node_depth[id(node)] = depth
        for in_layer, in_index in zip(node.inbound_layers, node.node_indices):
            if in_layer is None:
                continue
            child = in_layer._inbound_nodes[in_index]
            node_depth[id(child)] = max(depth + 1, node_depth.get(id(child), 0))
    for tensor in inputs:
        layer = tensor._keras_history[0]
        if id(layer) not in layer_depth:
            by_id[id(layer)], layer_depth[id(layer)], walk_index[id(layer)] = layer, 0, -1
    ids = sorted(layer_depth, key=lambda i: (-layer_depth[i], walk_index[i]))
    by_depth = {}
    for i in ids:
        by_depth.setdefault(layer_depth[i], []).append(by_id[i])
    return [by_id[i] for i in ids], by_depth


class Network(Layer):
    """A directed acyclic graph of layers, built from `inputs` and `outputs`.

    # Arguments
        inputs: An input tensor (from `Input()`) or a list of them.
        outputs: An output tensor computed from the inputs by layers, or a
            list of them.
        name: The network's name (default: a unique name from its class).
    """

    @interfaces.legacy_model_constructor_support
    def __init__(self, inputs=None, outputs=None, name=None, **kwargs):
        super(Network, self).__init__(name=name, **kwargs)
        self._layers = []
        self.inputs, self.outputs = [], []
        self._ordered_nodes = []
        self._network_nodes = set()
        self._layers_by_depth = {}
        self._input_layers, self._output_layers = [], []
        self.input_names, self.output_names = [], []
        self._feed_inputs, self._feed_input_names, self._feed_input_shapes = [], [], []
        self.supports_masking = False
        # A subclassed network (a class that defines `call` and is given no
        # inputs) learns its inputs from the first data or tensors it sees.
        self._is_graph_network = inputs is not None and outputs is not None
        self._expects_training_arg = _accepts(self.call, 'training')
        if self._is_graph_network:
            self._init_graph_network(inputs, outputs)

    # -- building the graph ------------------------------------------------------------

    def _init_graph_network(self, inputs, outputs):
        self.inputs = to_list(inputs)
        self.outputs = to_list(outputs)
        for x in self.inputs:
            history = getattr(x, '_keras_history', None)
            if history is None or not isinstance(history[0], InputLayer):
                raise ValueError('Model inputs must come from Input() (an InputLayer); got %r.' % (x,))
        if len({id(x) for x in self.inputs}) != len(self.inputs):
            raise ValueError('The list of inputs passed to the model is redundant: every input '
                             'must appear once; got %s.'
                             % [x._keras_history[0].name for x in self.inputs])
        for x in self.outputs:
            if not hasattr(x, '_keras_history'):
                raise ValueError('Model outputs must be outputs of Keras layers; got %r.' % (x,))
        ordered, seen = [], set()
        input_ids = {id(x) for x in self.inputs}

        def visit(layer, node_index):
            node = layer._inbound_nodes[node_index]
            if id(node) in seen:
                return
            seen.add(id(node))
            if not (isinstance(layer, InputLayer)):
                for t in node.input_tensors:
                    if not hasattr(t, '_keras_history'):
                        continue  # a backend tensor or variable, taken as it is
                    if id(t) in input_ids:
                        visit(*t._keras_history[:2])
                        continue
                    in_layer, in_index, _ = t._keras_history
                    if isinstance(in_layer, InputLayer):
                        raise ValueError('Graph disconnected: the model needs the input %s, which is '
                                         'not among its inputs %s.'
                                         % (in_layer.name, [x._keras_history[0].name for x in self.inputs]))
                    visit(in_layer, in_index)
            ordered.append(node)

        for x in self.inputs + self.outputs:
            visit(*x._keras_history[:2])
        self._ordered_nodes = ordered
        self._network_nodes = set()
        for node in ordered:
            layer = node.outbound_layer
            index = next(i for i, n in enumerate(layer._inbound_nodes) if n is node)
            self._network_nodes.add(_node_key(layer, index))
        layers, self._layers_by_depth = _graph_depths(self.inputs, self.outputs)
        names = [l.name for l in layers]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError('The layer names %s are used more than once in the model; every '
                             'layer name must be unique.' % duplicates)
        self._layers = layers
        self.input_layers = [x._keras_history[0] for x in self.inputs]
        self.output_layers = [x._keras_history[0] for x in self.outputs]
        self._input_coordinates = [x._keras_history for x in self.inputs]
        self._output_coordinates = [x._keras_history for x in self.outputs]
        self._input_layers, self._output_layers = self.input_layers, self.output_layers
        self.input_names = [l.name for l in self.input_layers]
        self.output_names = [l.name for l in self.output_layers]
        # The inputs fed with data: placeholders (an Input made on a variable or
        # another tensor computes from it and takes no data, as in Keras).
        feeds = [(x, layer) for x, layer in zip(self.inputs, self.input_layers)
                 if getattr(layer, 'is_placeholder', True)]
        self._feed_inputs = [x for x, _ in feeds]
        self._feed_input_names = [layer.name for _, layer in feeds]
        self._feed_input_shapes = [K.int_shape(x) for x, _ in feeds]
        self._is_graph_network = True
        self.built = True
        self._backend_tag = K.session_tag()
        self.uses_learning_phase = any(getattr(x, '_uses_learning_phase', False) for x in self.outputs)

    @property
    def layers(self):
        return list(self._layers)

    def _sublayers(self):
        return self.layers

    # -- weights -------------------------------------------------------------------------

    def _unique_weights(self, attribute):
        out, seen = [], set()
        own = {'trainable_weights': self._trainable_weights,
               'non_trainable_weights': self._non_trainable_weights,
               'weights': self._trainable_weights + self._non_trainable_weights}[attribute]
        for layer in [own] + self.layers:
            for w in (layer if layer is own else getattr(layer, attribute)):
                if id(w) not in seen:
                    seen.add(id(w))
                    out.append(w)
        return out

    @property
    def trainable_weights(self):
        return self._unique_weights('trainable_weights') if self.trainable else []

    @property
    def non_trainable_weights(self):
        if not self.trainable:
            return self._unique_weights('weights')
        return self._unique_weights('non_trainable_weights')

    @property
    def weights(self):
        # Ordered layer by layer, as get_weights()/set_weights() and files expect.
        return self._unique_weights('weights')

    def _collect(self, getter, everything):
        """What `getter` (`get_updates_for`, `get_losses_for`) gives, layer by layer,
        for the layer's calls that belong to this network and for no inputs
        (the unconditional ones), without repeats: as Keras, a shared layer
        brings only what its calls in this network made. A subclassed network
        has no graph of its own: it takes all of `everything` (`updates`,
        `losses`) of its layers."""
        found = []
        for layer in self.layers:
            if not self._is_graph_network:
                found += getattr(layer, everything)
                continue
            for index, node in enumerate(layer._inbound_nodes):
                if _node_key(layer, index) in self._network_nodes:
                    found += getattr(layer, getter)(node.input_tensors)
            found += getattr(layer, getter)(None)
        return found

    @property
    def updates(self):
        if not self.trainable and not self.stateful:
            return []
        return unique(self._collect('get_updates_for', 'updates') +
                      self._per_input_updates.get(None, []))

    # -- stateful layers ----------------------------------------------------------------

    @property
    def stateful(self):
        """Whether any layer of the network keeps states between batches (a stateful RNN)."""
        return any(getattr(layer, 'stateful', False) for layer in self.layers)

    @stateful.setter
    def stateful(self, value):
        # Layer.__init__ sets False; a network is stateful through its layers only.
        if value:
            raise AttributeError('A network is stateful when one of its layers is; create the '
                                 'layers with stateful=True instead.')

    def reset_states(self):
        """Reset the stored states of every stateful layer of the network (to zeros)."""
        for layer in self.layers:
            if getattr(layer, 'stateful', False) and hasattr(layer, 'reset_states'):
                layer.reset_states()

    @property
    def losses(self):
        return unique(self._collect('get_losses_for', 'losses') +
                      self._per_input_losses.get(None, []))

    def get_weights(self):
        """All weights of the network, layer by layer, as numpy arrays."""
        return K.batch_get_value(self.weights)

    def set_weights(self, weights):
        """Set all weights from a list like the one `get_weights()` returns."""
        params = self.weights
        if weights and not params:
            self._check_built('has no weights to set')
        if len(weights) != len(params):
            raise ValueError('Model %r has %d weight arrays, but %d were given.'
                             % (self.name, len(params), len(weights)))
        pairs = []
        for p, w in zip(params, weights):
            w = np.asarray(w)
            if tuple(K.int_shape(p)) != w.shape:
                raise ValueError('Weight %r has shape %s, but the array given has shape %s.'
                                 % (getattr(p, 'name', '?'), K.int_shape(p), w.shape))
            pairs.append((p, w))
        K.batch_set_value(pairs)

    def _check_built(self, what):
        if not self.built:
            raise ValueError(
                'The model %r has no input shape yet, so it is not built and %s: give the first '
                'layer an input_shape (e.g. layer_dense(units = 32, input_shape = c(784))), call '
                'build() with the input shape, or fit the model on data first.' % (self.name, what))

    def count_params(self):
        self._check_built('has no parameters to count')
        return int(sum(np.prod(K.int_shape(w)) for w in self.weights))

    def get_layer(self, name=None, index=None):
        """A layer by `name` or by (0-based) `index`."""
        if index is not None:
            if not -len(self.layers) <= index < len(self.layers):
                raise ValueError('get_layer: index %d is out of range; the model has %d layers.'
                                 % (index, len(self.layers)))
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError('get_layer: no layer named %r. Layers: %s.'
                         % (name, ', '.join(l.name for l in self.layers)))

    # -- calling the network as a layer ----------------------------------------------------

    def call(self, inputs, **kwargs):
        inputs = to_list(inputs)
        outputs = self.run_internal_graph(inputs)
        self._remember_masks(inputs, outputs)
        return unpack_singleton(outputs)

    @staticmethod
    def _mask_key(inputs, masks):
        return tuple(id(x) for x in inputs) + tuple(id(m) for m in masks)

    def _remember_masks(self, inputs, outputs):
        """Keep the masks of the outputs computed from `inputs` (with the masks
        they carry) for `compute_mask`; the inputs are kept too, so ids stay theirs."""
        key = self._mask_key(inputs, [getattr(x, '_keras_mask', None) for x in inputs])
        self.__dict__.setdefault('_output_masks', {})[key] = (
            list(inputs), [getattr(y, '_keras_mask', None) for y in outputs])
        return key

    def compute_mask(self, inputs, mask=None):
        """The masks of the network's outputs for `inputs` and their masks `mask`:
        one per output, a list for several.

        The network's own inputs give the masks its outputs were built with;
        other inputs give those of the network's call on them (made now when
        there was none).
        """
        inputs = to_list(inputs)
        masks = [None] * len(inputs) if mask is None else to_list(mask)
        if len(masks) != len(inputs):
            raise ValueError('%s.compute_mask: got %d masks for %d inputs.'
                             % (self.name, len(masks), len(inputs)))
        if len(inputs) == len(self.inputs) and all(x is y for x, y in zip(inputs, self.inputs)):
            return unpack_singleton([getattr(y, '_keras_mask', None) for y in self.outputs])
        key = self._mask_key(inputs, masks)
        cache = self.__dict__.setdefault('_output_masks', {})
        if key not in cache:
            outputs = to_list(self.call(unpack_singleton(inputs)))
            key = self._remember_masks(inputs, outputs)
        return unpack_singleton(list(cache[key][1]))

    def run_internal_graph(self, inputs, layer_for=None):
        """Re-run the network's layers on new input tensors; returns the new outputs.

        # Arguments
            inputs: one tensor per network input.
            layer_for: a function giving the layer to call in place of each of
                the network's layers (`clone_model` passes fresh copies);
                by default the layers themselves.
        """
        # The graph's own ends (as built), whatever `inputs`/`outputs` were set to
        # since (Keras code may reset them and call `_set_inputs`).
        graph_inputs, graph_outputs = [
            [layer._inbound_nodes[n].output_tensors[t] for layer, n, t in coordinates]
            for coordinates in (self._input_coordinates, self._output_coordinates)]
        tensor_map = {id(x): y for x, y in zip(graph_inputs, inputs)}
        for node in self._ordered_nodes:
            layer = node.outbound_layer
            if isinstance(layer, InputLayer):
                continue
            computed = [tensor_map[id(t)] if hasattr(t, '_keras_history') else t
                        for t in node.input_tensors]
            if layer_for is not None:
                layer = layer_for(layer)
            outputs = to_list(layer(unpack_singleton(computed), **node.arguments))
            if layer_for is None:
                # As Keras: what the layer's call made counts for this network's
                # call on `inputs` (the unconditional part for any call).
                self.add_update(layer.get_updates_for(computed), inputs)
                self.add_update(layer.get_updates_for(None))
                self.add_loss(layer.get_losses_for(computed), inputs)
                self.add_loss(layer.get_losses_for(None))
            for old, new in zip(node.output_tensors, outputs):
                tensor_map[id(old)] = new
        return [tensor_map[id(x)] for x in graph_outputs]

    def compute_output_shape(self, input_shape):
        if not self._is_graph_network:
            # A subclassed network's shapes are those its `call` gives (see Layer.__call__).
            raise NotImplementedError
        shapes = [K.int_shape(x) for x in self.outputs]
        batch = to_list(input_shape)[0][0] if isinstance(to_list(input_shape)[0], (tuple, list)) \
            else None
        shapes = [(batch,) + tuple(s[1:]) for s in shapes]
        return unpack_singleton(shapes)

    @property
    def input(self):
        """The network's input tensor (a list of them for several inputs)."""
        return self._graph_ends(self.inputs, 'input')

    @property
    def output(self):
        """The network's output tensor (a list of them for several outputs)."""
        return self._graph_ends(self.outputs, 'output')

    def _graph_ends(self, tensors, what):
        # Keras gives a network a node of its own at creation, so that `input`
        # and `output` are its graph's ends even before it is called.
        if not tensors:
            raise AttributeError('Model %s has no %s yet: it has no layers (add some, or '
                                 'give it an input shape).' % (self.name, what))
        return unpack_singleton(tensors)

    @property
    def input_shape(self):
        return unpack_singleton([K.int_shape(x) for x in self.inputs])

    @property
    def output_shape(self):
        return unpack_singleton([K.int_shape(x) for x in self.outputs])

    # -- serialisation --------------------------------------------------------------------

    def get_config(self):
        if not self._is_graph_network:
            raise NotImplementedError(
                'The model %r is a subclassed model (its graph is its own call()), which has no '
                'config of layers: save its weights with save_weights() and build it again in '
                'code.' % self.name)
        layer_configs = []
        for layer in self.layers:
            kept = [i for i in range(len(layer._inbound_nodes))
                    if _node_key(layer, i) in self._network_nodes]
            inbound = []
            for i in kept:
                node = layer._inbound_nodes[i]
                if isinstance(layer, InputLayer):
                    continue
                links = []
                for in_layer, in_node, in_tensor in zip(node.inbound_layers, node.node_indices,
                                                        node.tensor_indices):
                    links.append([in_layer.name, self._relabel(in_layer, in_node), in_tensor,
                                  node.arguments])
                inbound.append(links)
            layer_configs.append({'name': layer.name, 'class_name': layer.__class__.__name__,
                                  'config': layer.get_config(), 'inbound_nodes': inbound})
        return {'name': self.name, 'layers': layer_configs,
                'input_layers': [[l.name, self._relabel(l, n), t]
                                 for l, n, t in self._input_coordinates],
                'output_layers': [[l.name, self._relabel(l, n), t]
                                  for l, n, t in self._output_coordinates]}

    def _relabel(self, layer, node_index):
        """The index of a node among the layer's nodes kept in this network's config.

        As in Keras, a nested network's calls are counted from 1: Keras gives
        every network a node of its own (0) before it is called.
        """
        kept = [i for i in range(len(layer._inbound_nodes))
                if _node_key(layer, i) in self._network_nodes]
        return kept.index(node_index) + _first_call_index(layer)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ..layers import deserialize as deserialize_layer
        created = {}
        outputs_of = {}
        for data in config['layers']:
            layer = deserialize_layer({'class_name': data['class_name'], 'config': data['config']},
                                      custom_objects=custom_objects)
            created[data['name']] = layer
            if isinstance(layer, InputLayer):
                outputs_of[(data['name'], 0)] = layer._inbound_nodes[0].output_tensors
        pending = {d['name']: list(d['inbound_nodes']) for d in config['layers']}
        done = {name: _first_call_index(layer) for name, layer in created.items()}
        progress = True
        while progress:
            progress = False
            for data in config['layers']:
                name = data['name']
                while pending[name]:
                    links = pending[name][0]
                    if not all((l[0], l[1]) in outputs_of for l in links):
                        break
                    inputs = [outputs_of[(l[0], l[1])][l[2]] for l in links]
                    kwargs = links[0][3] if links and len(links[0]) > 3 else {}
                    outputs = to_list(created[name](unpack_singleton(inputs), **(kwargs or {})))
                    outputs_of[(name, done[name])] = outputs
                    done[name] += 1
                    pending[name].pop(0)
                    progress = True
        if any(pending.values()):
            raise ValueError('Could not rebuild the model from its config: the links of layers %s '
                             'cannot be resolved.' % [n for n, p in pending.items() if p])
        inputs = [outputs_of[(n, i)][t] for n, i, t in config['input_layers']]
        outputs = [outputs_of[(n, i)][t] for n, i, t in config['output_layers']]
        return cls(inputs=unpack_singleton(inputs), outputs=unpack_singleton(outputs),
                   name=config.get('name'))

    def to_json(self, **kwargs):
        """The model's architecture (no weights) as JSON text.

        # Arguments
            **kwargs: passed to `json.dumps` (e.g. `indent=2`).
        """
        from .saving import config_to_json
        return config_to_json(self._file_config(), 'model %r' % self.name, **kwargs)

    def to_yaml(self, **kwargs):
        """The model's architecture (no weights) as YAML text (needs PyYAML).

        # Arguments
            **kwargs: passed to `yaml.safe_dump`.
        """
        import json
        yaml = _yaml()
        return yaml.safe_dump(json.loads(self.to_json()), **kwargs)

    def _file_config(self):
        from .saving import KERAS_VERSION, model_config
        config = model_config(self)
        config.update({'keras_version': KERAS_VERSION, 'backend': K.backend()})
        return config

    # -- summary -----------------------------------------------------------------------------

    def _check_trainable_weights_consistency(self):
        """Warn when the weights trainable now are not those collected for training at
        compile time (`trainable` was changed after `compile()`): only the latter
        are trained until the model is compiled again."""
        collected = getattr(self, '_collected_trainable_weights', None)
        if collected is None:
            return
        now = len(self.trainable_weights)
        if now != len(collected):
            warnings.warn('Discrepancy between trainable weights and collected trainable weights: '
                          'the model %r has %d trainable weights now, but %d were trainable when '
                          'it was compiled, and only those are trained. Did you set `trainable` '
                          'on the model or a layer without calling compile() again after?'
                          % (self.name, now, len(collected)), UserWarning, stacklevel=3)

    def summary(self, line_length=None, positions=None, print_fn=None):
        """Print a table of layers, output shapes and parameter counts.

        # Raises
            ValueError: for a model that is not built yet (no input shape).
        """
        from ..utils.layer_utils import print_summary
        self._check_built('has no summary yet')
        self._check_trainable_weights_consistency()
        print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn)


def _yaml():
    try:
        import yaml
    except ImportError as e:
        raise ImportError('YAML model configs need PyYAML: pip install PyYAML') from e
    return yaml
