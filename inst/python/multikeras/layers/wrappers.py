"""Wrappers: TimeDistributed (a layer applied at every timestep) and Bidirectional."""
from .. import backend as K
from ..engine.base_layer import Layer, InputSpec, _accepts
from ..utils.generic_utils import object_list_uid, to_list


def _shape_tuple(head, tensor, start, static=None):
    """`head` followed by the sizes of `tensor` from axis `start` on: the static
    sizes (`static`, else the tensor's own) where known, symbolic ones elsewhere."""
    static = K.int_shape(tensor)[start:] if static is None else static
    if all(size is not None for size in static):
        return tuple(head) + tuple(static)
    symbolic = K.shape(tensor)
    return tuple(head) + tuple(symbolic[start + i] if size is None else size
                               for i, size in enumerate(static))


class Wrapper(Layer):
    """A layer that holds another layer (`layer`) and runs it inside its own call.

    The wrapped layer's weights, updates, losses and `trainable` flag are the
    wrapper's; its activity regularizer applies to the wrapper's output.
    `_input_map` maps the wrapper's inputs (by `object_list_uid`) to the
    tensors the wrapped layer was called on, for its input-conditional
    updates and losses.

    # Arguments
        layer: The layer held.
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise TypeError('%s wraps a layer instance; got %r.' % (self.__class__.__name__, layer))
        self.layer = layer
        self._input_map = {}
        trainable = kwargs.pop('trainable', layer.trainable)
        super(Wrapper, self).__init__(**kwargs)
        self.trainable = trainable

    @property
    def trainable(self):
        return self.layer.trainable

    @trainable.setter
    def trainable(self, value):
        self.layer.trainable = value

    @property
    def activity_regularizer(self):
        return getattr(self.layer, 'activity_regularizer', None)

    @property
    def trainable_weights(self):
        return self.layer.trainable_weights

    @property
    def non_trainable_weights(self):
        return self.layer.non_trainable_weights

    def _inner_layers(self):
        return [self.layer]

    def _inner_inputs(self, inputs):
        return self._input_map.get(object_list_uid(inputs), inputs)

    @property
    def updates(self):
        return self.layer.updates + list(self._updates)

    @property
    def losses(self):
        return self.layer.losses + list(self._losses)

    def get_config(self):
        config = super(Wrapper, self).get_config()
        config['layer'] = {'class_name': self.layer.__class__.__name__,
                           'config': self.layer.get_config()}
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from . import deserialize
        config = dict(config)
        layer = deserialize(config.pop('layer'), custom_objects=custom_objects)
        return cls(layer, **config)


class TimeDistributed(Wrapper):
    """Apply `layer` to every timestep (axis 1) of the input independently.

    The time axis is folded into the batch axis, the layer runs once on the
    result, and its output is unfolded again; timesteps and other sizes may be
    unknown. A mask of the input (batch, timesteps, ...) reaches a layer whose
    call() takes `mask` folded the same way; the output mask is the layer's
    own (unfolded), else the input mask reduced to (batch, timesteps).

    # Arguments
        layer: The layer applied, e.g. `Dense(8)`.
    """

    def __init__(self, layer, **kwargs):
        super(TimeDistributed, self).__init__(layer, **kwargs)
        self.supports_masking = True

    def build(self, input_shape):
        if len(input_shape) < 3:
            raise ValueError('TimeDistributed needs an input of at least 3 dimensions (batch, '
                             'time, ...); got %s.' % (input_shape,))
        self.input_spec = InputSpec(shape=(None,) * len(input_shape))
        if not self.layer.built:
            self.layer.build((input_shape[0],) + tuple(input_shape[2:]))
            self.layer.built = True
        self.built = True

    def compute_output_shape(self, input_shape):
        inner = self.layer.compute_output_shape((input_shape[0],) + tuple(input_shape[2:]))
        return (inner[0], input_shape[1]) + tuple(inner[1:])

    def _folded_inputs(self, inputs):
        """`inputs` with time folded into the batch axis; remembered in `_input_map`."""
        uid = object_list_uid(inputs)
        if uid not in self._input_map:
            self._input_map[uid] = K.reshape(inputs, _shape_tuple((-1,), inputs, 2))
            # Holding the input keeps its id (the uid) from being reused by another tensor.
            self.__dict__.setdefault('_mapped_inputs', []).append(inputs)
        return self._input_map[uid]

    @staticmethod
    def _timesteps(inputs):
        steps = K.int_shape(inputs)[1]
        return steps if steps is not None else K.shape(inputs)[1]

    def call(self, inputs, training=None, mask=None):
        kwargs = {'training': training} if _accepts(self.layer.call, 'training') else {}
        if mask is not None and _accepts(self.layer.call, 'mask'):
            kwargs['mask'] = K.reshape(mask, _shape_tuple((-1,), mask, 2))
        y = self.layer.call(self._folded_inputs(inputs), **kwargs)
        out_shape = self.compute_output_shape(K.int_shape(inputs))
        output = K.reshape(y, _shape_tuple((-1, self._timesteps(inputs)), y, 1, out_shape[2:]))
        if getattr(y, '_uses_learning_phase', False):
            output._uses_learning_phase = True
        return output

    def compute_mask(self, inputs, mask=None):
        inner_mask = None if mask is None else K.reshape(mask, _shape_tuple((-1,), mask, 2))
        output_mask = self.layer.compute_mask(self._folded_inputs(inputs), inner_mask)
        if output_mask is None:
            if mask is None:
                return None
            # The layer keeps no mask of its own (Dense, an RNN's last output):
            # a timestep stays if any of its entries did.
            for _ in range(2, len(K.int_shape(mask))):
                mask = K.any(mask, axis=-1)
            return mask
        return K.reshape(output_mask,
                         _shape_tuple((-1, self._timesteps(inputs)), output_mask, 1))


class Bidirectional(Wrapper):
    """Runs a recurrent layer forwards and backwards and merges the two outputs.

    # Arguments
        layer: A recurrent layer (`LSTM`, `GRU`, `SimpleRNN`, `RNN`).
        merge_mode: `"concat"`, `"sum"`, `"mul"`, `"ave"`, or None (return
            both outputs in a list).
        weights: Initial weights: those of the forward layer then those of
            the backward layer.

    Called with `initial_state` (the forward layer's states, then the
    backward's) and/or `constants` (given to both), or on the flat list
    `[x] + initial_states + constants`. With `return_state`, the output is
    followed by the forward layer's final states, then the backward's.
    """

    def __init__(self, layer, merge_mode='concat', weights=None, **kwargs):
        if merge_mode not in ('sum', 'mul', 'ave', 'concat', None):
            raise ValueError('Bidirectional: invalid merge_mode %r (expected "sum", "mul", "ave", '
                             '"concat" or None).' % (merge_mode,))
        config = layer.get_config()
        config['go_backwards'] = not config.get('go_backwards', False)
        config['name'] = 'backward_' + layer.name
        self.forward_layer = layer
        self.backward_layer = layer.__class__.from_config(config)
        layer.name = 'forward_' + layer.name if not layer.name.startswith('forward_') else layer.name
        super(Bidirectional, self).__init__(layer, **kwargs)
        self.merge_mode = merge_mode
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self._initial_weights = weights
        self._num_constants = None

    @property
    def trainable(self):
        return self.forward_layer.trainable

    @trainable.setter
    def trainable(self, value):
        self.forward_layer.trainable = value
        self.backward_layer.trainable = value

    @property
    def trainable_weights(self):
        return self.forward_layer.trainable_weights + self.backward_layer.trainable_weights

    @property
    def non_trainable_weights(self):
        return self.forward_layer.non_trainable_weights + self.backward_layer.non_trainable_weights

    def _inner_layers(self):
        return [self.forward_layer, self.backward_layer]

    @property
    def updates(self):
        return self.forward_layer.updates + self.backward_layer.updates + list(self._updates)

    @property
    def losses(self):
        return self.forward_layer.losses + self.backward_layer.losses + list(self._losses)

    def build(self, input_shape):
        self.forward_layer.build(input_shape)
        self.forward_layer.built = True
        self.backward_layer.build(input_shape)
        self.backward_layer.built = True
        self.built = True

    def compute_output_shape(self, input_shape):
        shape = self.forward_layer.compute_output_shape(input_shape)
        states = []
        if self.return_state:
            states = list(shape[1:]) * 2
            shape = shape[0]
        if self.merge_mode == 'concat':
            shape = tuple(shape[:-1]) + (None if shape[-1] is None else shape[-1] * 2,)
        if self.merge_mode is None:
            return [shape, shape] + states
        return [shape] + states if self.return_state else shape

    def _set_num_constants(self, value):
        self._num_constants = value
        self.forward_layer._num_constants = value
        self.backward_layer._num_constants = value

    def __call__(self, inputs, initial_state=None, constants=None, **kwargs):
        if isinstance(inputs, list):
            if initial_state is not None or constants is not None:
                raise ValueError('%s: give the initial states and constants either in the list '
                                 'of inputs or as keywords, not both.' % self.name)
            inputs, forward_state, backward_state, constants = self._split_inputs(inputs)
            initial_state = forward_state + backward_state or None
            constants = constants or None
        if initial_state is None and constants is None:
            return super(Bidirectional, self).__call__(inputs, **kwargs)
        if initial_state is not None:
            if not isinstance(initial_state, (list, tuple)) or len(initial_state) % 2:
                raise ValueError('%s: `initial_state` must be a list of the forward layer\'s '
                                 'states followed by the backward layer\'s (an even number of '
                                 'tensors); got %r.' % (self.name, initial_state))
            initial_state = list(initial_state)
        initial_state = initial_state or []
        constants = to_list(constants)
        if constants:
            self._set_num_constants(len(constants))
        return super(Bidirectional, self).__call__([inputs] + initial_state + constants, **kwargs)

    def _split_inputs(self, inputs):
        """(x, forward states, backward states, constants) of a flat input list."""
        n_constants = self._num_constants or 0
        rest = inputs[1:]
        states, constants = rest[:len(rest) - n_constants], rest[len(rest) - n_constants:]
        half = len(states) // 2
        return inputs[0], states[:half], states[half:], constants

    def call(self, inputs, mask=None, training=None, initial_state=None, constants=None):
        if isinstance(inputs, list):
            inputs, forward_state, backward_state, constants = self._split_inputs(inputs)
        else:
            initial_state = to_list(initial_state)
            half = len(initial_state) // 2
            forward_state, backward_state = initial_state[:half], initial_state[half:]
            constants = to_list(constants)
        if isinstance(mask, list):
            mask = mask[0]
        kwargs = {'mask': mask, 'training': training}
        forward = self.forward_layer.call([inputs] + forward_state + constants, **kwargs) \
            if forward_state or constants else self.forward_layer.call(inputs, **kwargs)
        backward = self.backward_layer.call([inputs] + backward_state + constants, **kwargs) \
            if backward_state or constants else self.backward_layer.call(inputs, **kwargs)
        states = []
        if self.return_state:
            states = forward[1:] + backward[1:]
            forward, backward = forward[0], backward[0]
        uses_lp = getattr(forward, '_uses_learning_phase', False) or \
            getattr(backward, '_uses_learning_phase', False)
        if self.return_sequences:
            backward = K.reverse(backward, 1)
        if self.merge_mode == 'concat':
            output = K.concatenate([forward, backward])
        elif self.merge_mode == 'sum':
            output = forward + backward
        elif self.merge_mode == 'ave':
            output = (forward + backward) / 2
        elif self.merge_mode == 'mul':
            output = forward * backward
        else:
            output = [forward, backward]
        if uses_lp:
            for tensor in to_list(output) + states:
                tensor._uses_learning_phase = True
        if self.return_state:
            return to_list(output) + states
        return output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, list):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        masks = [output_mask, output_mask] if self.merge_mode is None else [output_mask]
        if self.return_state:
            masks += [None] * (len(to_list(self.forward_layer.cell.state_size)) * 2)
        return masks if len(masks) > 1 else masks[0]

    def get_config(self):
        config = super(Bidirectional, self).get_config()
        config['merge_mode'] = self.merge_mode
        if self._num_constants is not None:
            config['num_constants'] = self._num_constants
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        num_constants = config.pop('num_constants', None)
        layer = super(Bidirectional, cls).from_config(config, custom_objects=custom_objects)
        layer._set_num_constants(num_constants)
        return layer
