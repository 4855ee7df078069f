"""`Layer`, the base class of every layer, and `Node`, one call of a layer.

A layer called on Keras tensors builds its weights on first use, computes its
outputs with `K` calls only, and records a `Node` linking inputs to outputs;
the outputs carry `_keras_shape` and `_keras_history` so networks can be
traced back from their outputs.
"""
import contextlib
import inspect
import re

import numpy as np

from .. import backend as K
from .. import initializers, regularizers, constraints
from ..utils.generic_utils import to_list, unpack_singleton


def to_snake_case(name):
    s = re.sub('(.)([A-Z][a-z]+)', r'\1_\2', name)
    s = re.sub('([a-z])([A-Z])', r'\1_\2', s).lower()
    return s


_SIGNATURES = {}
_RECORDING = {'on': True}


@contextlib.contextmanager
def graph_records_off():
    """Within the block, calling a layer adds no node, loss or update to it: for
    graphs built on the side (a model's inference outputs) that must leave the
    model and its layers as they were."""
    previous = _RECORDING['on']
    _RECORDING['on'] = False
    try:
        yield
    finally:
        _RECORDING['on'] = previous


def _accepts(method, argument):
    """Whether `method` takes a parameter named `argument` (cached per function)."""
    fn = getattr(method, '__func__', method)
    key = (fn, argument)
    if key not in _SIGNATURES:
        try:
            _SIGNATURES[key] = argument in inspect.signature(fn).parameters
        except (TypeError, ValueError):
            _SIGNATURES[key] = False
    return _SIGNATURES[key]


class InputSpec(object):
    """What a layer accepts: dtype, rank, and the sizes of some axes.

    # Arguments
        dtype: Expected dtype of the input.
        shape: Expected shape (it sets `ndim` too).
        ndim: Expected rank.
        max_ndim: Largest rank accepted.
        min_ndim: Smallest rank accepted.
        axes: Dict from axis to its expected size.
    """

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None):
        self.dtype = dtype
        self.shape = shape
        self.ndim = len(shape) if shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = axes or {}


class Node(object):
    """One call of `outbound_layer` on tensors produced by `inbound_layers`.

    Creating a node records it in the `_outbound_nodes` of the inbound layers
    and the `_inbound_nodes` of the outbound layer.

    # Arguments
        outbound_layer: The layer called.
        inbound_layers: The layers that produced the input tensors.
        node_indices: For each input tensor, the index of the node of its layer
            that produced it.
        tensor_indices: For each input tensor, its index among that node's
            outputs.
        input_tensors: The input tensors.
        output_tensors: The output tensors.
        input_shapes: The shapes of the input tensors.
        output_shapes: The shapes of the output tensors.
        arguments: Dict of the keyword arguments of the call, or None.
        input_masks: The masks of the input tensors (None: unmasked).
        output_masks: The masks of the output tensors (None: unmasked).
    """

    def __init__(self, outbound_layer, inbound_layers, node_indices, tensor_indices,
                 input_tensors, output_tensors, input_shapes, output_shapes, arguments=None,
                 input_masks=None, output_masks=None):
        self.outbound_layer = outbound_layer
        self.inbound_layers = inbound_layers
        self.node_indices = node_indices
        self.tensor_indices = tensor_indices
        self.input_tensors = input_tensors
        self.output_tensors = output_tensors
        self.input_masks = list(input_masks) if input_masks is not None else \
            [None] * len(input_tensors)
        self.output_masks = list(output_masks) if output_masks is not None else \
            [None] * len(output_tensors)
        self.input_shapes = input_shapes
        self.output_shapes = output_shapes
        self.arguments = arguments or {}
        for layer in inbound_layers:
            if layer is not None:
                layer._outbound_nodes.append(self)
        outbound_layer._inbound_nodes.append(self)

    def get_config(self):
        return {'outbound_layer': self.outbound_layer.name,
                'inbound_layers': [l.name for l in self.inbound_layers],
                'node_indices': self.node_indices, 'tensor_indices': self.tensor_indices}


def serialize_weight_settings(layer, names):
    """Config entries for the layer's `<name>_initializer`, `_regularizer` and
    `_constraint` attributes (those it has), e.g. names=('kernel', 'bias')."""
    config = {}
    for name in names:
        for kind, module in (('initializer', initializers), ('regularizer', regularizers),
                             ('constraint', constraints)):
            attribute = '%s_%s' % (name, kind)
            if hasattr(layer, attribute):
                config[attribute] = module.serialize(getattr(layer, attribute))
    return config


def _scope_name(name):
    """A layer name made valid as a graph name scope (letters, digits, `._-/`)."""
    name = re.sub(r'[^A-Za-z0-9_.\-/]', '_', str(name))
    return name if re.match(r'[A-Za-z0-9.]', name) else 'layer' + name


def _masks(tensors):
    """The `_keras_mask` of a tensor, or the list of them for a list of tensors."""
    if isinstance(tensors, list):
        return [getattr(x, '_keras_mask', None) for x in tensors]
    return getattr(tensors, '_keras_mask', None)


def inputs_key(inputs):
    """The key under which updates and losses conditional on `inputs` are kept:
    None (unconditional) for None or [], else the identities of the tensors."""
    if inputs is None or (isinstance(inputs, list) and not inputs):
        return None
    return tuple(id(x) for x in to_list(inputs))


def unique(items):
    """`items` without repeats of the same object; numbers (constant losses) all stay."""
    seen, out = set(), []
    for item in items:
        if not isinstance(item, (int, float)):
            if id(item) in seen:
                continue
            seen.add(id(item))
        out.append(item)
    return out


# Bumped whenever a metric gets a result tensor or is added with add_metric(), so
# that a compiled model knows cheaply when its metrics must be collected again.
_metric_changes = [0]


def note_metric_change():
    _metric_changes[0] += 1


def metric_changes():
    """A number that changes whenever a metric gets a new result tensor."""
    return _metric_changes[0]


# Attribute values that are never layers or variables: skipped at once by __setattr__.
_UNTRACKED_TYPES = (str, int, float, bool, tuple, list, dict, set, type(None), np.ndarray)
_METRIC_CLASS = []


def _is_metric(layer):
    if not _METRIC_CLASS:
        from ..metrics import Metric
        _METRIC_CLASS.append(Metric)
    return isinstance(layer, _METRIC_CLASS[0])


def _is_shape_list(shape):
    """Whether `compute_output_shape` gave a list of shapes (not one shape as a list)."""
    return isinstance(shape, list) and bool(shape) and \
        all(isinstance(s, (tuple, list)) for s in shape)


def _check_positive_int(value, argument, layer_name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError('%s: `%s` must be a positive integer; got %r.' % (layer_name, argument, value))
    return int(value)


class Layer(object):
    """The base class of layers.

    Subclasses implement `build(input_shape)` (create weights with
    `add_weight`), `call(inputs)` (only `K` calls), `compute_output_shape`
    and `get_config`.

    # Arguments (keyword)
        input_shape: shape of the input, without the batch axis (first layer only).
        batch_input_shape: shape of the input including the batch axis.
        batch_size: fixed batch size, with `input_shape`.
        dtype: dtype of the input (first layer only).
        name: layer name; unique names are made when omitted.
        trainable: whether the layer's weights are updated in training.
        weights: initial weight values (list of numpy arrays).
    """

    _ALLOWED_KWARGS = {'input_shape', 'batch_input_shape', 'batch_size', 'dtype', 'name',
                       'trainable', 'weights', 'input_dtype'}

    def __init__(self, **kwargs):
        for key in kwargs:
            if key not in self._ALLOWED_KWARGS:
                raise TypeError('%s got an unexpected keyword argument: %r'
                                % (self.__class__.__name__, key))
        name = kwargs.get('name')
        if not name:
            prefix = to_snake_case(self.__class__.__name__)
            name = '%s_%d' % (prefix, K.get_uid(prefix))
        self.name = name
        self.trainable = kwargs.get('trainable', True)
        self.input_spec = None
        self.supports_masking = False
        self.stateful = False
        self._trainable_weights = []
        self._non_trainable_weights = []
        self._losses = []
        self._updates = []
        self._per_input_losses = {}
        self._per_input_updates = {}
        self._metrics = []
        self._inbound_nodes = []
        self._outbound_nodes = []
        self.built = False
        if 'input_shape' in kwargs or 'batch_input_shape' in kwargs:
            if 'batch_input_shape' in kwargs:
                batch_input_shape = tuple(kwargs['batch_input_shape'])
            else:
                batch_input_shape = (kwargs.get('batch_size'),) + tuple(kwargs['input_shape'])
            self.batch_input_shape = tuple(None if d is None else int(d) for d in batch_input_shape)
        self.dtype = kwargs.get('dtype') or kwargs.get('input_dtype') or K.floatx()
        self._initial_weights = kwargs.get('weights')

    # -- weights --------------------------------------------------------------------

    def add_weight(self, name=None, shape=None, dtype=None, initializer=None, regularizer=None,
                   trainable=True, constraint=None):
        """Create a weight variable with `initializer`, register it and its regularizer.

        The dtype defaults to the layer's `dtype` (floatx unless given).
        """
        dtype = dtype or self.dtype or K.floatx()
        initializer = initializers.get(initializer or 'glorot_uniform')
        value = initializer(tuple(shape), dtype=dtype)
        weight = K.variable(value, dtype=dtype, name='%s/%s' % (self.name, name),
                            constraint=constraints.get(constraint))
        weight._tracked = True
        regularizer = regularizers.get(regularizer)
        if regularizer is not None:
            self.add_loss(regularizer(weight))
        if trainable:
            self._trainable_weights.append(weight)
        else:
            self._non_trainable_weights.append(weight)
        return weight

    def __setattr__(self, name, value):
        # As Keras 2.3: layers and backend variables set as attributes are
        # tracked, so that a layer built from other layers (or holding its own
        # variables) reports their weights, losses and updates as its own.
        # Metrics are kept apart (`_metrics`): their state is not a weight.
        if not isinstance(value, _UNTRACKED_TYPES):
            if isinstance(value, Layer):
                if _is_metric(value):
                    metrics = self.__dict__.setdefault('_metrics', [])
                    if not any(m is value for m in metrics):
                        metrics.append(value)
                else:
                    layers = self.__dict__.setdefault('_layers', [])
                    if not any(l is value for l in layers) and value is not self:
                        layers.append(value)
            elif not getattr(value, '_tracked', False) and K.is_variable(value):
                # A variable is trainable unless it says otherwise (as TF's do);
                # one of the layer's own weights (from add_weight) stays where it is.
                own = self.__dict__.get('_trainable_weights', []) + \
                    self.__dict__.get('_non_trainable_weights', [])
                if not any(w is value for w in own):
                    kind = '_trainable_weights' if getattr(value, 'trainable', True) \
                        else '_non_trainable_weights'
                    self.__dict__.setdefault(kind, []).append(value)
        super(Layer, self).__setattr__(name, value)

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        weights = list(self._trainable_weights)
        for layer in self._inner_layers():
            weights += layer.trainable_weights
        return weights

    @property
    def non_trainable_weights(self):
        if self.trainable:
            weights = list(self._non_trainable_weights)
            for layer in self._inner_layers():
                weights += layer.non_trainable_weights
            return weights
        weights = list(self._trainable_weights) + list(self._non_trainable_weights)
        for layer in self._inner_layers():
            weights += layer.weights
        return weights

    @property
    def weights(self):
        return self.trainable_weights + self.non_trainable_weights

    @property
    def losses(self):
        losses = list(self._losses)
        for layer in self._inner_layers():
            losses += layer.losses
        return losses

    @property
    def updates(self):
        if not self.trainable and not self.stateful:
            return []
        updates = list(self._updates)
        for layer in self._inner_layers():
            updates += layer.updates
        return updates

    def add_loss(self, losses, inputs=None):
        """Add loss tensors (or numbers), conditional on `inputs` (tensors) or not (None)."""
        if not _RECORDING['on']:
            return
        losses = to_list(losses)
        self._losses.extend(losses)
        self._per_input_losses.setdefault(inputs_key(inputs), []).extend(losses)

    def add_update(self, updates, inputs=None):
        """Add updates, conditional on `inputs` (tensors: e.g. batch statistics of
        those inputs) or not (None)."""
        if not _RECORDING['on']:
            return
        updates = to_list(updates)
        self._updates.extend(updates)
        self._per_input_updates.setdefault(inputs_key(inputs), []).extend(updates)

    # -- metrics -------------------------------------------------------------------------

    def _tracked_metrics(self):
        """The layer's own metrics, in the order they were first seen: the `Metric`
        objects it holds as attributes and those add_metric() added."""
        tracked = self.__dict__.setdefault('_metrics', [])
        for value in list(vars(self).values()):
            if _is_metric(value) and not any(value is m for m in tracked):
                tracked.append(value)
        return tracked

    def _sublayers(self):
        """The layers this layer holds (as attributes), whose metrics are also its own."""
        return [v for v in vars(self).values() if isinstance(v, Layer) and not _is_metric(v)]

    def _collect_metrics(self, seen):
        if id(self) in seen:
            return []
        seen.add(id(self))
        found = list(self._tracked_metrics())
        for layer in self._sublayers():
            found += layer._collect_metrics(seen)
        return found

    @property
    def metrics(self):
        """The layer's metrics: those added with `add_metric()` (and the `Metric`
        objects set as attributes), then those of the layers inside it."""
        return unique(self._collect_metrics(set()))

    def add_metric(self, value, name=None, aggregation=None):
        """Add a metric tensor: the models holding this layer report it in training and
        evaluation, averaged over the batches of each epoch (or evaluation).

        Called from `call()` (or on a model), e.g.
        `self.add_metric(K.sum(outputs), name='activity')`, or with the result of
        a `Metric` object: `self.add_metric(metrics.Mean(name='m')(x))`. A name
        the layer already has is not added again (so repeated calls add one
        metric).

        # Arguments
            value: a tensor; or the result of a `Metric` object called on
                tensors, whose state is then the metric's.
            name: the metric's name in logs and `metrics_names` (default: the
                `Metric` object's name, else 'mean').
            aggregation: None or 'mean': how the values of the batches are
                combined (averaged).

        # Raises
            ValueError: for another `aggregation`, or a name that more than one
                metric of the layer has.
        """
        if aggregation not in (None, 'mean'):
            raise ValueError('add_metric(): `aggregation` must be None or "mean"; got %r.'
                             % (aggregation,))
        metric_obj = getattr(value, '_metric_obj', None)
        if name is None and metric_obj is not None:
            name = metric_obj.name
        tracked = self._tracked_metrics()
        matches = [m for m in tracked if m.name == (name or 'mean')]
        if len(matches) > 1:
            raise ValueError('add_metric(): the layer %r has %d metrics named %r; give each metric '
                             'a different name.' % (self.name, len(matches), name))
        if matches or any(metric_obj is m for m in tracked):
            return
        if metric_obj is None:
            from .. import metrics as metrics_module
            metric_obj = metrics_module.Mean(name=name)
            metric_obj(value)
        tracked.append(metric_obj)
        note_metric_change()

    def _inner_layers(self):
        """The layers this one runs inside its own call (by default those set as its
        attributes, `_layers`; a wrapped layer, cells): their weights, updates and
        losses are also this layer's."""
        return list(self.__dict__.get('_layers', ()))

    def _inner_inputs(self, inputs):
        """The inputs the inner layers were called on, for this layer's `inputs`."""
        return inputs

    def _for_inputs(self, registry, getter, inputs):
        found = list(getattr(self, registry).get(inputs_key(inputs), []))
        inner = self._inner_inputs(inputs) if inputs is not None else None
        for layer in self._inner_layers():
            found += getattr(layer, getter)(inner)
        return unique(found)

    def get_updates_for(self, inputs):
        """The updates made by the layer's call on `inputs` (None: the unconditional ones)."""
        if not self.trainable and not self.stateful:
            return []
        return self._for_inputs('_per_input_updates', 'get_updates_for', inputs)

    def get_losses_for(self, inputs):
        """The losses added by the layer's call on `inputs` (None: the unconditional ones)."""
        return self._for_inputs('_per_input_losses', 'get_losses_for', inputs)

    def get_weights(self):
        """The layer's weights as a list of numpy arrays."""
        return K.batch_get_value(self.weights)

    def set_weights(self, weights):
        """Set the weights from a list of numpy arrays of matching shapes."""
        params = self.weights
        if len(params) != len(weights):
            raise ValueError('Layer %r expects %d weight arrays, but got %d.'
                             % (self.name, len(params), len(weights)))
        pairs = []
        for p, w in zip(params, weights):
            w = np.asarray(w)
            if K.int_shape(p) != w.shape:
                raise ValueError('Layer %r: weight %r has shape %s, but the array given has shape %s.'
                                 % (self.name, getattr(p, 'name', '?'), K.int_shape(p), w.shape))
            pairs.append((p, w))
        K.batch_set_value(pairs)

    def count_params(self):
        if not self.built:
            raise RuntimeError('Layer %r has not been built yet: call it on an input first, '
                               'or give the model an input_shape.' % self.name)
        return int(sum(np.prod(K.int_shape(w)) for w in self.weights))

    # -- the call -----------------------------------------------------------------------

    def build(self, input_shape):
        self.built = True

    def call(self, inputs, **kwargs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def compute_mask(self, inputs, mask=None):
        """The mask of the outputs: passed through by layers that support masking.

        # Raises
            TypeError: when a layer that does not support masking is given a
                mask (as in Keras 2.3).
        """
        if self.supports_masking:
            return mask
        masks = mask if isinstance(mask, list) else [mask]
        if any(m is not None for m in masks):
            raise TypeError('Layer %s does not support masking, but was passed an input mask: '
                            '%r. Put it after layers that consume the mask (e.g. an RNN), or '
                            'remove the mask (Embedding(mask_zero=False), no Masking layer).'
                            % (self.name, mask))
        return None

    def _check_input(self, inputs):
        if self.input_spec is None:
            return
        for x, spec in zip(to_list(inputs), to_list(self.input_spec)):
            if spec is None:
                continue
            shape = K.int_shape(x)
            ndim = len(shape) if shape is not None else K.ndim(x)
            if spec.ndim is not None and ndim != spec.ndim:
                raise ValueError('Input 0 of layer %s is incompatible with the layer: expected '
                                 'ndim=%d, found ndim=%d (full shape received: %s).'
                                 % (self.name, spec.ndim, ndim, shape))
            if spec.min_ndim is not None and ndim < spec.min_ndim:
                raise ValueError('Input 0 of layer %s is incompatible with the layer: expected '
                                 'min_ndim=%d, found ndim=%d (full shape received: %s).'
                                 % (self.name, spec.min_ndim, ndim, shape))
            for axis, size in spec.axes.items():
                if shape is not None and shape[axis] not in (None, size):
                    raise ValueError('Input 0 of layer %s is incompatible with the layer: expected '
                                     'axis %d to have size %d, but got shape %s.'
                                     % (self.name, axis, size, shape))

    def __call__(self, inputs, **kwargs):
        """Apply the layer to tensor(s), building it first if needed.

        Inputs are normally Keras tensors (from `Input()` or another layer);
        as in Keras, backend tensors and variables are accepted too: they
        enter the graph as they are, with no layer behind them.
        """
        input_list = to_list(inputs)
        for x in input_list:
            if not K.is_tensor(x):
                raise ValueError('Layer %s was called with an input that is not a tensor (%r). '
                                 'Give it a Keras tensor (from Input() or another layer) or a '
                                 'backend tensor.' % (self.name, x))
        self._check_input(inputs)
        input_shapes = [K.int_shape(x) for x in input_list]
        self._check_backend()
        if not self.built:
            self.build(unpack_singleton(input_shapes))
            self.built = True
            self._backend_tag = K.session_tag()
            if self._initial_weights is not None:
                self.set_weights(self._initial_weights)
                self._initial_weights = None
        uses_lp = getattr(self, 'uses_learning_phase', False) or \
            any(getattr(x, '_uses_learning_phase', False) for x in input_list)
        user_kwargs = dict(kwargs)
        masks = [getattr(x, '_keras_mask', None) for x in input_list]
        previous_mask = unpack_singleton(masks) if any(m is not None for m in masks) else None
        if 'mask' not in kwargs and _accepts(self.call, 'mask'):
            kwargs['mask'] = previous_mask
        # First, so that the layer's own shape checks speak before the engine's.
        try:
            output_shape = self.compute_output_shape(unpack_singleton(input_shapes))
        except NotImplementedError:
            output_shape = NotImplemented   # what the call gives, below
        with K.name_scope(_scope_name(self.name)):  # as Keras: ops named 'dense_1/MatMul'
            outputs = self.call(inputs, **kwargs)
        output_list = [K.identity(x) if any(x is y for y in input_list) else x
                       for x in to_list(outputs)]
        if output_shape is NotImplemented:
            output_shape = unpack_singleton([K.int_shape(x) for x in output_list])
        regularizer = getattr(self, 'activity_regularizer', None)
        if regularizer is not None:
            self.add_loss([regularizer(x) for x in output_list], inputs=input_list)
        output_shapes = list(output_shape) if _is_shape_list(output_shape) or \
            len(output_list) > 1 else [output_shape]
        node_index = len(self._inbound_nodes)
        histories = [getattr(x, '_keras_history', (None, None, None)) for x in input_list]
        output_masks = to_list(self.compute_mask(inputs, kwargs.get('mask', previous_mask)))
        if len(output_masks) != len(output_list):
            output_masks = [None] * len(output_list)
        for i, (x, s) in enumerate(zip(output_list, output_shapes)):
            x._keras_mask = output_masks[i]
            x._keras_shape = tuple(s) if s is not None else None
            x._uses_learning_phase = getattr(x, '_uses_learning_phase', False) or uses_lp
            if _RECORDING['on']:
                x._keras_history = (self, node_index, i)
        if not _RECORDING['on']:
            return unpack_singleton(output_list)
        Node(self, [h[0] for h in histories], [h[1] for h in histories],
             [h[2] for h in histories], input_list, output_list, input_shapes,
             [tuple(s) if s is not None else None for s in output_shapes], user_kwargs,
             input_masks=masks, output_masks=output_masks)
        return unpack_singleton(output_list)

    # -- node accessors -----------------------------------------------------------------

    def _check_backend(self):
        tag = getattr(self, '_backend_tag', None)
        if self.built and tag is not None and self.weights and tag != K.session_tag():
            raise RuntimeError(
                'Layer %r was built on the %r backend before the backend was switched or the '
                'session cleared, so its weights live in a session that is gone. Create a new '
                'layer (or rebuild it from layer.get_config()), or use it inside a model, which '
                'is carried to the new backend with its weights.' % (self.name, tag[0]))

    def _node_attribute(self, index, attr, what):
        if not self._inbound_nodes:
            raise AttributeError('Layer %s has never been called and thus has no defined %s.'
                                 % (self.name, what))
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or \
                not 0 <= index < len(self._inbound_nodes):
            raise ValueError('Asked for the %s of layer %s at node %r, but the layer has %d '
                             'inbound node(s) (indices 0 to %d).'
                             % (what, self.name, index, len(self._inbound_nodes),
                                len(self._inbound_nodes) - 1))
        return unpack_singleton(getattr(self._inbound_nodes[index], attr))

    def get_input_at(self, node_index):
        """The input tensor(s) of the layer's call number `node_index` (from 0)."""
        return self._node_attribute(node_index, 'input_tensors', 'input')

    def get_output_at(self, node_index):
        """The output tensor(s) of the layer's call number `node_index` (from 0)."""
        return self._node_attribute(node_index, 'output_tensors', 'output')

    def get_input_shape_at(self, node_index):
        """The input shape(s) of the layer's call number `node_index` (from 0)."""
        return self._node_attribute(node_index, 'input_shapes', 'input shape')

    def get_output_shape_at(self, node_index):
        """The output shape(s) of the layer's call number `node_index` (from 0)."""
        return self._node_attribute(node_index, 'output_shapes', 'output shape')

    def get_input_mask_at(self, node_index):
        """The mask(s) of the inputs of call number `node_index` (None when unmasked)."""
        return _masks(self.get_input_at(node_index))

    def get_output_mask_at(self, node_index):
        """The mask(s) of the outputs of call number `node_index` (None when unmasked)."""
        return _masks(self.get_output_at(node_index))

    def _only_call(self, what, getter):
        """Keras's `input`, `output`...: defined for a layer called once only."""
        if len(self._inbound_nodes) > 1:
            raise AttributeError('Layer %s has multiple inbound nodes (it was called %d times), '
                                 'hence the notion of "layer %s" is ill-defined. Use '
                                 '`%s(node_index)` instead.'
                                 % (self.name, len(self._inbound_nodes), what, getter))
        return getattr(self, getter)(0)

    def _common_shape(self, attr, what):
        """A shape that is the same for every call of the layer (Keras's `input_shape`)."""
        shapes = {repr(node.__dict__[attr]) for node in self._inbound_nodes}
        if len(shapes) > 1:
            raise AttributeError('The layer %s has multiple inbound nodes, with different %ss. '
                                 'Hence the notion of "%s" is ill-defined for the layer. Use '
                                 '`get_%s_at(node_index)` instead.'
                                 % (self.name, what, what, what.replace(' ', '_')))
        return self._node_attribute(0, attr, what)

    @property
    def input_mask(self):
        """The input mask of the layer's only call."""
        return self._only_call('input mask', 'get_input_mask_at')

    @property
    def output_mask(self):
        """The output mask of the layer's only call."""
        return self._only_call('output mask', 'get_output_mask_at')

    @property
    def input(self):
        """The input tensor(s) of the layer's only call."""
        return self._only_call('input', 'get_input_at')

    @property
    def output(self):
        """The output tensor(s) of the layer's only call."""
        return self._only_call('output', 'get_output_at')

    @property
    def input_shape(self):
        """The input shape(s), the same for every call of the layer."""
        return self._common_shape('input_shapes', 'input shape')

    @property
    def output_shape(self):
        """The output shape(s), the same for every call of the layer."""
        return self._common_shape('output_shapes', 'output shape')

    # -- serialisation ------------------------------------------------------------------

    def get_config(self):
        config = {'name': self.name, 'trainable': self.trainable}
        if hasattr(self, 'batch_input_shape'):
            config['batch_input_shape'] = self.batch_input_shape
        if self.dtype is not None:
            config['dtype'] = self.dtype
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return '<%s name=%s>' % (self.__class__.__name__, self.name)
