"""Recurrent layers: the `RNN` loop around a cell, and the SimpleRNN, GRU and LSTM cells.

A cell computes one timestep: `cell.call(inputs_t, states) -> (output, new_states)`;
`RNN` runs it over the time axis with `K.rnn`, handling masks, initial and
stored (stateful) states, `go_backwards`, `unroll` and dropout masks.
"""
import contextlib
import warnings

import numpy as np

from .. import backend as K
from .. import activations, initializers, regularizers, constraints
from ..engine.base_layer import (Layer, InputSpec, _accepts, _check_positive_int,
                                 serialize_weight_settings)
from ..utils.generic_utils import to_list
from ..legacy import interfaces


def _training_kwargs(cell, training):
    """`training=` for a cell whose call() takes it (Keras passes it only then)."""
    return {'training': training} if _accepts(cell.call, 'training') else {}


def _takes_constants(cell):
    return _accepts(cell.call, 'constants')


def _build_cell(cell, step_shape, constants_shape=None):
    """Build a cell that is a Layer (Keras builds no other kind of cell): with
    `[step_shape] + constants_shape` when its call() takes `constants`."""
    if not isinstance(cell, Layer) or cell.built:
        return
    if constants_shape and _takes_constants(cell):
        cell.build([tuple(step_shape)] + [tuple(s) for s in constants_shape])
    else:
        cell.build(tuple(step_shape))
    cell.built = True


def _cell_output_size(cell):
    """The width of a cell's output: its `output_size`, else its first state size."""
    size = getattr(cell, 'output_size', None)
    return size if size is not None else to_list(cell.state_size)[0]


def _layer_cells(cells):
    return [c for c in cells if isinstance(c, Layer)]


def _check_fraction(value, name, layer):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0. <= value < 1.:
        raise ValueError('%s: `%s` must be a number in [0, 1); got %r.' % (layer, name, value))
    return float(value)


def _dropout_masks(ones, rate, count, training):
    """`count` inverted-dropout masks shaped like `ones`, active only in training."""
    def dropped():
        return K.dropout(ones, rate)
    return [K.in_train_phase(dropped, ones, training=training) for _ in range(count)]


class _Cell(Layer):
    """Shared parts of the cells: weights, initializers, dropout masks."""
    gates = 1

    def __init__(self, units, activation='tanh', use_bias=True, kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal', bias_initializer='zeros',
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0., recurrent_dropout=0., **kwargs):
        super(_Cell, self).__init__(**kwargs)
        name = self.__class__.__name__
        self.units = _check_positive_int(units, 'units', name)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = _check_fraction(dropout, 'dropout', name)
        self.recurrent_dropout = _check_fraction(recurrent_dropout, 'recurrent_dropout', name)
        self.state_size = self.units
        self.output_size = self.units
        self._dropout_mask = None
        self._recurrent_dropout_mask = None

    def _add_kernels(self, input_dim):
        width = self.units * self.gates
        self.kernel = self.add_weight('kernel', (input_dim, width),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight('recurrent_kernel', (self.units, width),
                                                initializer=self._recurrent_initializer(),
                                                regularizer=self.recurrent_regularizer,
                                                constraint=self.recurrent_constraint)

    def _recurrent_initializer(self):
        """The recurrent kernel's initializer; as in Keras, `identity` gives each
        gate its own identity block (units x units) rather than one padded eye."""
        init = self.recurrent_initializer
        if not isinstance(init, initializers.Identity):
            return init

        def per_gate_identity(shape, dtype=None):
            return np.tile(init((shape[0], shape[0]), dtype=dtype), (1, shape[1] // shape[0]))
        return per_gate_identity

    def prepare_dropout(self, step_inputs, state, training=None):
        """Draw the dropout masks for one sequence pass (the same mask at every step)."""
        self._dropout_mask = _dropout_masks(K.ones_like(step_inputs), self.dropout, self.gates,
                                            training) if self.dropout > 0 else None
        self._recurrent_dropout_mask = _dropout_masks(K.ones_like(state), self.recurrent_dropout,
                                                      self.gates, training) \
            if self.recurrent_dropout > 0 else None

    @property
    def uses_learning_phase(self):
        return bool(self._dropout_mask or self._recurrent_dropout_mask)

    def _gates(self, matrix, first, last=None):
        """The columns of gates first..last-1 (of gate `first` alone by default)."""
        last = first + 1 if last is None else last
        return matrix[:, first * self.units:last * self.units]

    def _split(self, z, count):
        """The `count` per-gate blocks of a (batch, count * units) pre-activation."""
        return K.split(z, count, axis=1)

    @property
    def hoists_input_projection(self):
        """Whether `RNN` may compute `project_inputs` for all timesteps before its
        loop: true for our cells, false for a subclass with a call() of its own."""
        return type(self).call is _Cell.call

    def call(self, inputs, states, training=None):
        """One timestep: the input projection, then the recurrent part (`step`)."""
        return self.step(self.project_inputs(inputs), states)

    def _input_bias(self):
        return self.bias

    def project_inputs(self, inputs):
        """`x W + b` of every gate in one product: (..., input_dim) -> (..., gates * units).

        Takes one timestep or a whole (batch, timesteps, input_dim) sequence,
        which lets `RNN` do this product once, outside its time loop. With input
        dropout each gate's block sees its own mask (the same at every step).
        """
        if self._dropout_mask:
            over_time = K.ndim(inputs) == 3
            z = K.concatenate([
                K.dot(inputs * (K.expand_dims(m, 1) if over_time else m), self._gates(self.kernel, i))
                for i, m in enumerate(self._dropout_mask)])
        else:
            z = K.dot(inputs, self.kernel)
        bias = self._input_bias()
        return z if bias is None else K.bias_add(z, bias, data_format='channels_last')

    def _recurrent_product(self, h, first=0, last=None):
        """`h U` for gates first..last-1 in one product (one per gate with recurrent dropout)."""
        last = self.gates if last is None else last
        if self._recurrent_dropout_mask:
            parts = [K.dot(h * self._recurrent_dropout_mask[i], self._gates(self.recurrent_kernel, i))
                     for i in range(first, last)]
            return parts[0] if len(parts) == 1 else K.concatenate(parts)
        if (first, last) == (0, self.gates):
            return K.dot(h, self.recurrent_kernel)
        block = (self._kernel_blocks or {}).get((first, last))
        return K.dot(h, self._gates(self.recurrent_kernel, first, last) if block is None else block)

    # Gate ranges (first, last) whose recurrent kernel columns `step` multiplies
    # apart from the others.
    recurrent_blocks = ()
    _kernel_blocks = None

    @contextlib.contextmanager
    def kernel_blocks_sliced(self):
        """Within this context, `step` reads `recurrent_blocks` sliced once, here:
        `RNN` builds its loop inside it, so the slices (and, on TensorFlow, their
        zero-padded gradients) are not repeated at every timestep."""
        blocks = () if self._recurrent_dropout_mask else self.recurrent_blocks  # per gate then
        self._kernel_blocks = {(first, last): self._gates(self.recurrent_kernel, first, last)
                               for first, last in blocks}
        try:
            yield
        finally:
            self._kernel_blocks = None

    def get_config(self):
        config = super(_Cell, self).get_config()
        config.update({
            'units': self.units, 'activation': activations.serialize(self.activation),
            'use_bias': self.use_bias,
            'dropout': self.dropout, 'recurrent_dropout': self.recurrent_dropout})
        config.update(serialize_weight_settings(self, ('kernel', 'recurrent', 'bias')))
        return config


class SimpleRNNCell(_Cell):
    """The cell of `SimpleRNN`: `h_t = activation(x_t W + h_{t-1} U + b)`.

    # Arguments
        units: Positive integer, the size of the output and of the state.
        activation: Activation name or function (default: `tanh`).
        use_bias: Whether to add a bias vector.
        kernel_initializer: Initializer of the input `kernel`.
        recurrent_initializer: Initializer of the `recurrent_kernel`
            (`"identity"` gives each gate its own identity block).
        bias_initializer: Initializer of the bias vector.
        kernel_regularizer: Regularizer applied to the `kernel`.
        recurrent_regularizer: Regularizer applied to the `recurrent_kernel`.
        bias_regularizer: Regularizer applied to the bias vector.
        kernel_constraint: Constraint applied to the `kernel`.
        recurrent_constraint: Constraint applied to the `recurrent_kernel`.
        bias_constraint: Constraint applied to the bias vector.
        dropout: Float in [0, 1), the fraction of the inputs dropped in
            training (the same units at every step).
        recurrent_dropout: Float in [0, 1), the fraction of the recurrent
            state dropped in training.
    """

    def build(self, input_shape):
        self._add_kernels(input_shape[-1])
        self.bias = self.add_weight('bias', (self.units,), initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def step(self, projected, states):
        """One step from the projected input `x W + b`."""
        output = self.activation(projected + self._recurrent_product(states[0]))
        return output, [output]


class GRUCell(_Cell):
    """The cell of `GRU`; gates z (update), r (reset) and the candidate state.

    Further keyword arguments (`use_bias`, the initializers, regularizers and
    constraints of `kernel`, `recurrent_kernel` and bias, `dropout`,
    `recurrent_dropout`) are those of `SimpleRNNCell`.

    # Arguments
        units: Positive integer, the size of the output and of the state.
        activation: Activation of the candidate state (default: `tanh`).
        recurrent_activation: Activation of the gates (default: `sigmoid`).
        reset_after: Whether the reset gate applies after the recurrent product
            (the CuDNN convention, with two bias vectors) or before it (default).
        implementation: 1 or 2; accepted for compatibility, both compute the same.
    """
    gates = 3

    def __init__(self, units, activation='tanh', recurrent_activation='sigmoid', reset_after=False,
                 implementation=1, **kwargs):
        super(GRUCell, self).__init__(units, activation=activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = bool(reset_after)
        self.implementation = implementation

    def build(self, input_shape):
        self._add_kernels(input_shape[-1])
        bias_shape = (2, 3 * self.units) if self.reset_after else (3 * self.units,)
        self.bias = self.add_weight('bias', bias_shape, initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def _input_bias(self):
        return self.bias[0] if self.reset_after and self.bias is not None else self.bias

    @property
    def recurrent_blocks(self):
        return () if self.reset_after else ((0, 2), (2, 3))

    def step(self, projected, states):
        """One step from the projected input `x W + b`."""
        h_prev = states[0]
        x_z, x_r, x_h = self._split(projected, 3)
        if self.reset_after:
            recurrent = self._recurrent_product(h_prev)
            if self.bias is not None:
                recurrent = K.bias_add(recurrent, self.bias[1])
            r_z, r_r, r_h = self._split(recurrent, 3)
            z = self.recurrent_activation(x_z + r_z)
            r = self.recurrent_activation(x_r + r_r)
            candidate = self.activation(x_h + r * r_h)
        else:
            r_z, r_r = self._split(self._recurrent_product(h_prev, 0, 2), 2)
            z = self.recurrent_activation(x_z + r_z)
            r = self.recurrent_activation(x_r + r_r)
            candidate = self.activation(x_h + self._recurrent_product(r * h_prev, 2, 3))
        h = z * h_prev + (1. - z) * candidate
        return h, [h]

    def get_config(self):
        config = super(GRUCell, self).get_config()
        config.update({'recurrent_activation': activations.serialize(self.recurrent_activation),
                       'reset_after': self.reset_after, 'implementation': self.implementation})
        return config


class LSTMCell(_Cell):
    """The cell of `LSTM`; gates i (input), f (forget), o (output) and the candidate.

    Further keyword arguments (`use_bias`, the initializers, regularizers and
    constraints of `kernel`, `recurrent_kernel` and bias, `dropout`,
    `recurrent_dropout`) are those of `SimpleRNNCell`.

    # Arguments
        units: Positive integer, the size of the output and of each state.
        activation: Activation of the candidate and of the output (default:
            `tanh`).
        recurrent_activation: Activation of the gates (default: `sigmoid`).
        unit_forget_bias: Whether the forget gate's bias starts at 1.
        implementation: 1 or 2; accepted for compatibility, both compute the same.
    """
    gates = 4

    def __init__(self, units, activation='tanh', recurrent_activation='sigmoid',
                 unit_forget_bias=True, implementation=1, **kwargs):
        super(LSTMCell, self).__init__(units, activation=activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.implementation = implementation
        self.state_size = (self.units, self.units)

    def build(self, input_shape):
        self._add_kernels(input_shape[-1])
        if self.use_bias:
            initializer = self.bias_initializer
            if self.unit_forget_bias:
                base, units = self.bias_initializer, self.units

                def initializer(shape, dtype=None):
                    values = np.asarray(base((4 * units,), dtype=dtype))
                    values[units:2 * units] = 1.
                    return values
            self.bias = self.add_weight('bias', (4 * self.units,), initializer=initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        else:
            self.bias = None
        self.built = True

    def step(self, projected, states):
        """One step from the projected input `x W + b`."""
        h_prev, c_prev = states[0], states[1]
        z = projected + self._recurrent_product(h_prev)
        i_gate, f_gate, candidate, o_gate = self._split(z, 4)
        c = self.recurrent_activation(f_gate) * c_prev + \
            self.recurrent_activation(i_gate) * self.activation(candidate)
        h = self.recurrent_activation(o_gate) * self.activation(c)
        return h, [h, c]

    def get_config(self):
        config = super(LSTMCell, self).get_config()
        config.update({'recurrent_activation': activations.serialize(self.recurrent_activation),
                       'unit_forget_bias': self.unit_forget_bias,
                       'implementation': self.implementation})
        return config


class StackedRNNCells(Layer):
    """Several cells used as one: the output of each feeds the next.

    # Arguments
        cells: List of cells (objects with `call()` and `state_size`).
    """

    def __init__(self, cells, **kwargs):
        # Keras 2.3's `reverse_state_order`: the states of the last cell first.
        self.reverse_state_order = bool(kwargs.pop('reverse_state_order', False))
        if self.reverse_state_order:
            warnings.warn('`reverse_state_order=True` in `StackedRNNCells` will soon be '
                          'deprecated (as in Keras 2.3): prefer the natural order of states.')
        super(StackedRNNCells, self).__init__(**kwargs)
        for cell in cells:
            if not hasattr(cell, 'call') or not hasattr(cell, 'state_size'):
                raise ValueError('StackedRNNCells: every cell needs call() and state_size; got %r.'
                                 % (cell,))
        self.cells = list(cells)

    def _state_order(self):
        return self.cells[::-1] if self.reverse_state_order else self.cells

    @property
    def state_size(self):
        sizes = []
        for cell in self._state_order():
            sizes.extend(to_list(cell.state_size))
        return tuple(sizes)

    @property
    def output_size(self):
        return _cell_output_size(self.cells[-1])

    def build(self, input_shape):
        """Build each cell on the output of the one before; with constants
        (`input_shape` a list: the step's shape, then the constants'), the cells
        that take constants are built on `[step_shape] + constants_shape`."""
        constants_shape = None
        if isinstance(input_shape, list):
            input_shape, constants_shape = input_shape[0], input_shape[1:]
        step_shape = tuple(input_shape)
        for cell in self.cells:
            _build_cell(cell, step_shape, constants_shape)
            step_shape = (step_shape[0], _cell_output_size(cell))
        self.built = True

    def prepare_dropout(self, step_inputs, state, training=None):
        """Draw each cell's masks; cells after the first see the previous cell's output."""
        ones = K.ones_like(state[:, :1])
        x = step_inputs
        for cell in self.cells:
            units = getattr(cell, 'units', None)
            if hasattr(cell, 'prepare_dropout') and units is not None:
                cell.prepare_dropout(x, K.tile(ones, [1, units]), training)
            if units is not None:
                x = K.tile(ones, [1, units])

    @property
    def uses_learning_phase(self):
        return any(getattr(c, 'uses_learning_phase', False) for c in self.cells)

    def call(self, inputs, states, constants=None, training=None):
        """One step of every cell; `constants` go to the cells whose call() takes them."""
        per_cell, offset = {}, 0
        for cell in self._state_order():
            n = len(to_list(cell.state_size))
            per_cell[id(cell)] = states[offset:offset + n]
            offset += n
        for cell in self.cells:
            kwargs = _training_kwargs(cell, training)
            if _takes_constants(cell):
                kwargs['constants'] = constants
            inputs, per_cell[id(cell)] = cell.call(inputs, per_cell[id(cell)], **kwargs)
        return inputs, [s for cell in self._state_order() for s in to_list(per_cell[id(cell)])]

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        return [w for c in _layer_cells(self.cells) for w in c.trainable_weights]

    @property
    def non_trainable_weights(self):
        cells = _layer_cells(self.cells)
        weights = [w for c in cells for w in c.non_trainable_weights]
        if not self.trainable:
            weights = [w for c in cells for w in c.trainable_weights] + weights
        return weights

    def _inner_layers(self):
        return _layer_cells(self.cells)

    @property
    def losses(self):
        return [l for c in _layer_cells(self.cells) for l in c.losses]

    def get_config(self):
        config = super(StackedRNNCells, self).get_config()
        if self.reverse_state_order:
            config['reverse_state_order'] = True
        config['cells'] = [{'class_name': c.__class__.__name__, 'config': c.get_config()}
                           for c in self.cells]
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from . import deserialize
        config = dict(config)
        cells = [deserialize(c, custom_objects=custom_objects) for c in config.pop('cells')]
        return cls(cells, **config)


class RNN(Layer):
    """Run a cell over the time axis of (batch, timesteps, features) inputs.

    The cell is any object with `call(inputs_t, states) -> (output, new_states)`
    and a `state_size` (a Layer or not; only a Layer is built and has weights);
    its call() may also take `training` and `constants`.

    # Arguments
        cell: a cell, or a list of cells (stacked).
        return_sequences: return the output at every step, not only the last.
        return_state: also return the final states.
        go_backwards: process the sequence backwards (outputs are in that order).
        stateful: carry the final states of each batch into the next (needs a
            fixed batch size); `reset_states()` zeroes them.
        unroll: unroll the loop (faster for short sequences, more memory).

    Called as `layer(x, initial_state=..., constants=...)` or on the flat list
    `[x] + initial_states + constants`, it starts from those states and hands
    the constants to every step of the cell.
    """

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, **kwargs):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if not hasattr(cell, 'call') or not hasattr(cell, 'state_size'):
            raise ValueError('RNN: `cell` needs a call() method and a state_size; got %r.' % (cell,))
        super(RNN, self).__init__(**kwargs)
        self.cell = cell
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.unroll = bool(unroll)
        self.supports_masking = True
        self.input_spec = InputSpec(ndim=3)
        self._states = None
        self._num_constants = None

    @property
    def states(self):
        """The stored states of a stateful RNN (variables); before they exist, one None per state."""
        if self._states is None:
            return [None] * len(self._state_sizes)
        return self._states

    @states.setter
    def states(self, states):
        self._states = states

    @property
    def _state_sizes(self):
        return list(to_list(self.cell.state_size))

    @property
    def _output_size(self):
        return _cell_output_size(self.cell)

    def _split_shapes(self, input_shape):
        """(input shape, constants shapes) from build's `input_shape` (a list when
        initial states or constants come with the input)."""
        if not isinstance(input_shape, list):
            return input_shape, None
        constants_shape = input_shape[len(input_shape) - self._num_constants:] \
            if self._num_constants else None
        return input_shape[0], constants_shape

    def build(self, input_shape):
        input_shape, constants_shape = self._split_shapes(input_shape)
        if input_shape[-1] is None:
            raise ValueError('%s: the feature dimension of the input must be known; got %s.'
                             % (self.name, input_shape))
        _build_cell(self.cell, (input_shape[0],) + tuple(input_shape[2:]), constants_shape)
        if self.stateful:
            self._create_states(input_shape)
        self.built = True

    def _stored_state_shapes(self, input_shape):
        return [(input_shape[0], size) for size in self._state_sizes]

    def _create_states(self, input_shape):
        if input_shape[0] is None:
            raise ValueError('%s is stateful, so it needs a fixed batch size: give the first '
                             'layer batch_input_shape (or batch_size with input_shape), or the '
                             'Input batch_shape.' % self.name)
        self.states = [K.zeros(shape) for shape in self._stored_state_shapes(input_shape)]

    def reset_states(self, states=None):
        """Zero the stored states of a stateful RNN, or set them to `states`
        (numpy arrays, one per state, of the stored states' shapes)."""
        if not self.stateful:
            raise AttributeError('%s is not stateful; only stateful RNNs keep states.' % self.name)
        if self._states is None:
            raise ValueError('%s has no states yet: a stateful RNN creates them when it is built '
                             'on an input of fixed batch size.' % self.name)
        shapes = [tuple(K.int_shape(s)) for s in self._states]
        if states is None:
            values = [np.zeros(shape) for shape in shapes]
        else:
            values = [np.asarray(v) for v in to_list(states)]
            if len(values) != len(shapes):
                raise ValueError('%s.reset_states: the layer has %d states, but %d values were '
                                 'given.' % (self.name, len(shapes), len(values)))
            for index, (value, shape) in enumerate(zip(values, shapes)):
                if value.shape != shape:
                    raise ValueError('%s.reset_states: state %d must have shape %s; got an array '
                                     'of shape %s.' % (self.name, index, shape, value.shape))
        K.batch_set_value(list(zip(self._states, values)))

    def get_initial_state(self, inputs):
        """Zero states for `inputs` (batch, timesteps, ...): one (batch, size) tensor per state."""
        base = K.sum(K.zeros_like(inputs), axis=tuple(range(1, K.ndim(inputs))))
        base = K.expand_dims(base)
        return [K.tile(base, [1, size]) for size in self._state_sizes]

    def _standardize_call_args(self, inputs, initial_state, constants):
        """(inputs, initial states or None, constants or None) from the ways the
        layer can be called: keywords, or the flat list `[x] + states + constants`
        (its constants are the last `num_constants` items when the layer knows
        how many; otherwise the items after the cell's number of states)."""
        if isinstance(inputs, list):
            if initial_state is not None or constants is not None:
                raise ValueError('%s: give the initial states and constants either in the list '
                                 'of inputs or as keywords, not both.' % self.name)
            rest = inputs[1:]
            inputs = inputs[0]
            n_states = len(rest) - self._num_constants if self._num_constants \
                else min(len(rest), len(self._state_sizes))
            initial_state, constants = rest[:n_states] or None, rest[n_states:] or None
        initial_state = to_list(initial_state) if initial_state is not None else None
        constants = to_list(constants) if constants is not None else None
        return inputs, initial_state, constants

    def __call__(self, inputs, initial_state=None, constants=None, **kwargs):
        inputs, initial_state, constants = self._standardize_call_args(inputs, initial_state,
                                                                       constants)
        if initial_state is None and constants is None:
            return super(RNN, self).__call__(inputs, **kwargs)
        if constants:
            self._num_constants = len(constants)
        full = [inputs] + (initial_state or []) + (constants or [])
        return super(RNN, self).__call__(full, **kwargs)

    def _split_inputs(self, inputs):
        """(x, initial states or None, constants or None) of a flat input list."""
        n_constants = self._num_constants or 0
        rest = inputs[1:]
        states, constants = rest[:len(rest) - n_constants], rest[len(rest) - n_constants:]
        return inputs[0], states or None, constants or None

    def call(self, inputs, mask=None, training=None, initial_state=None, constants=None):
        call_inputs = inputs
        if isinstance(inputs, list):
            inputs, initial_state, constants = self._split_inputs(inputs)
        if isinstance(mask, list):
            mask = mask[0]
        timesteps = K.int_shape(inputs)[1]
        if self.unroll and timesteps is None:
            raise ValueError('%s: unroll=True needs a known number of timesteps; give the input '
                             'shape with its length.' % self.name)
        if initial_state is None:
            initial_state = list(self.states) if self.stateful else self.get_initial_state(inputs)
        initial_state = to_list(initial_state)
        if len(initial_state) != len(self._state_sizes):
            raise ValueError('%s expects %d initial states, but got %d.'
                             % (self.name, len(self._state_sizes), len(initial_state)))
        constants = to_list(constants)
        n_constants = len(constants)
        if n_constants and not _takes_constants(self.cell):
            raise ValueError('%s: constants were given, but the call() of its cell %r takes no '
                             '`constants` argument.' % (self.name, self.cell))
        if hasattr(self.cell, 'prepare_dropout'):
            self.cell.prepare_dropout(inputs[:, 0], initial_state[0], training)
        if getattr(self.cell, 'hoists_input_projection', False) and not n_constants:
            # The input half of every step, for all timesteps in one product
            # before the loop; the loop keeps only the recurrent half.
            inputs = self.cell.project_inputs(inputs)
            step, loop_context = self._projected_step, self.cell.kernel_blocks_sliced()
        else:
            step, loop_context = self._cell_step(training, n_constants), contextlib.nullcontext()
        with loop_context:
            last, outputs, states = K.rnn(step, inputs, initial_state,
                                          go_backwards=self.go_backwards, mask=mask,
                                          constants=constants, unroll=self.unroll,
                                          input_length=timesteps,
                                          return_all_outputs=self.return_sequences)
        if self.stateful:
            self.add_update([K.update(v, s) for v, s in zip(self.states, states)], call_inputs)
        output = outputs if self.return_sequences else last
        if getattr(self.cell, 'uses_learning_phase', False) and \
                not isinstance(training, (bool, int)):
            for tensor in [output] + list(states):
                tensor._uses_learning_phase = True
        if self.return_state:
            return [output] + list(states)
        return output

    def _projected_step(self, projected, states):
        output, new = self.cell.step(projected, states)
        return output, to_list(new)

    def _cell_step(self, training, n_constants):
        """The loop body for any cell: its call() on one timestep."""
        def step(x, states):
            cell_states = states[:len(states) - n_constants] if n_constants else states
            kwargs = _training_kwargs(self.cell, training)
            if n_constants:
                kwargs['constants'] = states[len(states) - n_constants:]
            output, new = self.cell.call(x, cell_states, **kwargs)
            return output, to_list(new)
        return step

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        size = self._output_size
        shape = (input_shape[0], input_shape[1], size) if self.return_sequences \
            else (input_shape[0], size)
        if self.return_state:
            return [shape] + [(input_shape[0], s) for s in self._state_sizes]
        return shape

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, list):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(self._state_sizes)
        return output_mask

    @property
    def trainable_weights(self):
        if not self.trainable or not isinstance(self.cell, Layer):
            return []
        return self.cell.trainable_weights

    @property
    def non_trainable_weights(self):
        if not isinstance(self.cell, Layer):
            return []
        if not self.trainable:
            return self.cell.trainable_weights + self.cell.non_trainable_weights
        return self.cell.non_trainable_weights

    def _inner_layers(self):
        return [self.cell] if isinstance(self.cell, Layer) else []

    @property
    def losses(self):
        cell_losses = self.cell.losses if isinstance(self.cell, Layer) else []
        return cell_losses + list(self._losses)

    def get_config(self):
        config = super(RNN, self).get_config()
        config.update({'return_sequences': self.return_sequences,
                       'return_state': self.return_state, 'go_backwards': self.go_backwards,
                       'stateful': self.stateful, 'unroll': self.unroll,
                       'cell': {'class_name': self.cell.__class__.__name__,
                                'config': self.cell.get_config()}})
        if self._num_constants is not None:
            config['num_constants'] = self._num_constants
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from . import deserialize
        config = dict(config)
        cell = deserialize(config.pop('cell'), custom_objects=custom_objects)
        num_constants = config.pop('num_constants', None)
        layer = cls(cell, **config)
        layer._num_constants = num_constants
        return layer


_CELL_ARGS = ('units', 'activation', 'recurrent_activation', 'use_bias', 'kernel_initializer',
              'recurrent_initializer', 'bias_initializer', 'unit_forget_bias',
              'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer',
              'kernel_constraint', 'recurrent_constraint', 'bias_constraint', 'dropout',
              'recurrent_dropout', 'implementation', 'reset_after')


class _CellLayer(RNN):
    """A recurrent layer that builds its own cell from its arguments."""
    cell_class = None

    @interfaces.legacy_recurrent_support
    def __init__(self, units, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, activity_regularizer=None, **kwargs):
        cell_kwargs = {k: kwargs.pop(k) for k in list(kwargs) if k in _CELL_ARGS}
        cell = self.cell_class(units, **cell_kwargs)
        super(_CellLayer, self).__init__(cell, return_sequences=return_sequences,
                                         return_state=return_state, go_backwards=go_backwards,
                                         stateful=stateful, unroll=unroll, **kwargs)
        self.activity_regularizer = regularizers.get(activity_regularizer)

    @property
    def units(self):
        return self.cell.units

    def get_config(self):
        config = super(_CellLayer, self).get_config()
        cell_config = config.pop('cell')['config']
        for key in ('name', 'trainable', 'dtype', 'batch_input_shape'):
            cell_config.pop(key, None)
        config.update(cell_config)
        config['activity_regularizer'] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)


class SimpleRNN(_CellLayer):
    """Fully-connected RNN whose output is fed back as input.

    Further keyword arguments are those of its cell, `SimpleRNNCell`
    (`activation`, initializers, regularizers, constraints, dropouts), and
    those of `RNN` (`return_sequences`, `return_state`, `go_backwards`,
    `stateful`, `unroll`), and `activity_regularizer`.

    # Arguments
        units: Positive integer, the size of the output and of the state.
    """
    cell_class = SimpleRNNCell

    @interfaces.legacy_recurrent_support
    def __init__(self, units, **kwargs):
        if 'implementation' in kwargs:
            kwargs.pop('implementation')
            warnings.warn('The `implementation` argument of `SimpleRNN` is deprecated and '
                          'ignored (as in Keras 2.3): remove it from the call.')
        super(SimpleRNN, self).__init__(units, **kwargs)


class GRU(_CellLayer):
    """Gated Recurrent Unit (Cho et al. 2014).

    Further keyword arguments are those of its cell, `GRUCell` (`activation`,
    initializers, regularizers, constraints, dropouts, ...).

    # Arguments
        units: Positive integer, the size of the output and of the states.
        return_sequences: Whether to return the output at every step (else only
            the last one).
        return_state: Whether to return the final states too (after the output).
        go_backwards: Whether to process the sequence backwards.
        stateful: Whether the final states of each batch are the initial states
            of the next (needs a fixed batch size; `reset_states()` zeroes them).
        unroll: Whether to unroll the loop (faster for short sequences, more
            memory).
        activity_regularizer: Regularizer applied to the output.
    """
    cell_class = GRUCell


class LSTM(_CellLayer):
    """Long Short-Term Memory (Hochreiter & Schmidhuber 1997).

    Further keyword arguments are those of its cell, `LSTMCell` (`activation`,
    initializers, regularizers, constraints, dropouts, ...).

    # Arguments
        units: Positive integer, the size of the output and of the states.
        return_sequences: Whether to return the output at every step (else only
            the last one).
        return_state: Whether to return the final states too (after the output).
        go_backwards: Whether to process the sequence backwards.
        stateful: Whether the final states of each batch are the initial states
            of the next (needs a fixed batch size; `reset_states()` zeroes them).
        unroll: Whether to unroll the loop (faster for short sequences, more
            memory).
        activity_regularizer: Regularizer applied to the output.
    """
    cell_class = LSTMCell
