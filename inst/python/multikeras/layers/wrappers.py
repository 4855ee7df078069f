"""Wrappers: TimeDistributed (a layer applied at every timestep) and Bidirectional."""
import copy

from .. import backend as K
from ..engine.base_layer import Layer, InputSpec, inputs_key
from ..utils.generic_utils import to_list


class Wrapper(Layer):
    """Base class of the layers that hold another layer.

    # Arguments
        layer: The layer held.
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise TypeError('%s wraps a layer instance; got %r.' % (self.__class__.__name__, layer))
        super(Wrapper, self).__init__(**kwargs)
        self.layer = layer

    @property
    def trainable_weights(self):
        return self.layer.trainable_weights if self.trainable else []

    @property
    def non_trainable_weights(self):
        if not self.trainable:
            return self.layer.weights
        return self.layer.non_trainable_weights

    def _inner_layers(self):
        return [self.layer]

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
    """Applies a layer to every timestep (axis 1) of its input independently.

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

    def call(self, inputs, training=None, mask=None):
        shape = K.int_shape(inputs)
        steps = shape[1]
        flat = K.reshape(inputs, (-1,) + tuple(shape[2:]))
        self.__dict__.setdefault('_flat_inputs', {})[inputs_key(inputs)] = flat
        kwargs = {'training': training} if 'training' in self.layer.call.__code__.co_varnames else {}
        y = self.layer.call(flat, **kwargs)
        out_shape = self.compute_output_shape(shape)
        if steps is None:
            steps = K.shape(inputs)[1]
        output = K.reshape(y, (-1, steps) + tuple(out_shape[2:]))
        if getattr(y, '_uses_learning_phase', False):
            output._uses_learning_phase = True
        return output

    def _inner_inputs(self, inputs):
        # The wrapped layer ran on the inputs with time folded into the batch axis.
        return self.__dict__.get('_flat_inputs', {}).get(inputs_key(inputs), inputs)


class Bidirectional(Wrapper):
    """Runs a recurrent layer forwards and backwards and merges the two outputs.

    # Arguments
        layer: A recurrent layer (`LSTM`, `GRU`, `SimpleRNN`, `RNN`).
        merge_mode: `"concat"`, `"sum"`, `"mul"`, `"ave"`, or None (return
            both outputs in a list).
        weights: Initial weights: those of the forward layer then those of
            the backward layer.
    """

    def __init__(self, layer, merge_mode='concat', weights=None, **kwargs):
        if merge_mode not in ('sum', 'mul', 'ave', 'concat', None):
            raise ValueError('Bidirectional: invalid merge_mode %r (expected "sum", "mul", "ave", '
                             '"concat" or None).' % (merge_mode,))
        super(Bidirectional, self).__init__(layer, **kwargs)
        config = layer.get_config()
        config['go_backwards'] = not config.get('go_backwards', False)
        config['name'] = 'backward_' + layer.name
        self.forward_layer = layer
        self.backward_layer = layer.__class__.from_config(config)
        layer.name = 'forward_' + layer.name if not layer.name.startswith('forward_') else layer.name
        self.merge_mode = merge_mode
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self._initial_weights = weights

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        return self.forward_layer.trainable_weights + self.backward_layer.trainable_weights

    @property
    def non_trainable_weights(self):
        if not self.trainable:
            return self.forward_layer.weights + self.backward_layer.weights
        return self.forward_layer.non_trainable_weights + self.backward_layer.non_trainable_weights

    def _inner_layers(self):
        return [self.forward_layer, self.backward_layer]

    @property
    def updates(self):
        return self.forward_layer.updates + self.backward_layer.updates

    @property
    def losses(self):
        return self.forward_layer.losses + self.backward_layer.losses

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
            states = shape[1:] * 2
            shape = shape[0]
        if self.merge_mode == 'concat':
            shape = tuple(shape[:-1]) + (shape[-1] * 2,)
        elif self.merge_mode is None:
            shape = [shape, shape]
        if self.return_state:
            return to_list(shape) + states if self.merge_mode is None else [shape] + states
        return shape

    def call(self, inputs, mask=None, training=None):
        forward = self.forward_layer.call(inputs, mask=mask, training=training)
        backward = self.backward_layer.call(inputs, mask=mask, training=training)
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
            for tensor in to_list(output):
                tensor._uses_learning_phase = True
        if self.return_state:
            return to_list(output) + states
        return output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, list):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            n = 2 if self.merge_mode is None else 1
            return [output_mask] * n + [None] * (len(to_list(self.forward_layer.cell.state_size)) * 2)
        return [output_mask, output_mask] if self.merge_mode is None else output_mask

    def get_config(self):
        config = super(Bidirectional, self).get_config()
        config['merge_mode'] = self.merge_mode
        return config
