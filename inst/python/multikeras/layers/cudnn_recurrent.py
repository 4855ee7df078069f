"""CuDNNGRU and CuDNNLSTM: the Keras 2.3 layers with the weight layout of NVIDIA's CuDNN kernels.

None of our backends runs CuDNN (they run on the CPU), so these layers
compute the same function as the CuDNN kernel with backend ops: CuDNNGRU is a
GRU with `reset_after=True` and a true sigmoid, CuDNNLSTM an LSTM with a true
sigmoid. Their weights keep the CuDNN layout of Keras 2.3, so weights move
between these layers and files written by Keras' CuDNN layers:

- `kernel`: (input_dim, gates * units), gates in the order z, r, h (GRU) or
  i, f, c, o (LSTM), as in Keras' GRU and LSTM;
- `recurrent_kernel`: (units, gates * units), same order;
- `bias`: (2 * gates * units,): the input biases of every gate, then the
  recurrent biases (CuDNN adds both). A GRU with `reset_after=True` holds the
  same numbers as a (2, 3 * units) bias; an LSTM's single bias is their sum.

The first layer of each class made in a process warns, once, that the CuDNN
kernel is not used.
"""
import warnings

import numpy as np

from .. import backend as K
from .. import initializers, regularizers, constraints
from ..engine.base_layer import Layer, _check_positive_int, serialize_weight_settings
from .recurrent import RNN

_NOTICES_GIVEN = set()

_EQUIVALENT = {
    'CuDNNGRU': "GRU(reset_after=True, recurrent_activation='sigmoid')",
    'CuDNNLSTM': "LSTM(recurrent_activation='sigmoid')",
}


def fallback_notice(class_name):
    """The one-time notice that `class_name` runs without CuDNN, or None once it was given.

    The layers call it when they are made, and warn with the message the
    first time; the R interface calls it to give the notice as an R warning.
    """
    if class_name in _NOTICES_GIVEN:
        return None
    _NOTICES_GIVEN.add(class_name)
    return ('%s: the CuDNN kernel is not used (no backend here runs on a CUDA GPU); the layer '
            'runs as the equivalent %s with backend ops, with the same weights and results. '
            'This is said once per session.' % (class_name, _EQUIVALENT[class_name]))


class _CuDNNCell(Layer):
    """One step of a CuDNN layer, computed with backend ops, with weights in CuDNN layout."""
    gates = None

    def __init__(self, units, kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal', bias_initializer='zeros',
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 **kwargs):
        super(_CuDNNCell, self).__init__(**kwargs)
        self.units = _check_positive_int(units, 'units', self.__class__.__name__)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.state_size = self.units
        self.output_size = self.units

    def _bias_values(self):
        return self.bias_initializer

    def build(self, input_shape):
        width = self.gates * self.units
        self.kernel = self.add_weight('kernel', (input_shape[-1], width),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight('recurrent_kernel', (self.units, width),
                                                initializer=self.recurrent_initializer,
                                                regularizer=self.recurrent_regularizer,
                                                constraint=self.recurrent_constraint)
        self.bias = self.add_weight('bias', (2 * width,), initializer=self._bias_values(),
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint)
        self.built = True

    def _part(self, matrix, index):
        """Columns (or entries) of gate `index`; the recurrent bias is gates + index."""
        u = self.units
        if K.ndim(matrix) == 1:
            return matrix[index * u:(index + 1) * u]
        return matrix[:, index * u:(index + 1) * u]


class CuDNNGRUCell(_CuDNNCell):
    """A GRU step with CuDNN's convention: the reset gate applied after the recurrent product."""
    gates = 3

    def call(self, inputs, states, training=None):
        h_prev = states[0]
        x = K.dot(inputs, self.kernel)
        rec = K.dot(h_prev, self.recurrent_kernel)
        x_z, x_r, x_h = [self._part(x, i) + self._part(self.bias, i) for i in range(3)]
        r_z, r_r, r_h = [self._part(rec, i) + self._part(self.bias, 3 + i) for i in range(3)]
        z = K.sigmoid(x_z + r_z)
        r = K.sigmoid(x_r + r_r)
        candidate = K.tanh(x_h + r * r_h)
        h = z * h_prev + (1. - z) * candidate
        return h, [h]


class CuDNNLSTMCell(_CuDNNCell):
    """An LSTM step; the input and recurrent biases are added."""
    gates = 4

    def __init__(self, units, unit_forget_bias=True, **kwargs):
        super(CuDNNLSTMCell, self).__init__(units, **kwargs)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.state_size = (self.units, self.units)

    def _bias_values(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        units = self.units

        def forget_bias_one(shape, dtype=None):
            # As Keras' CuDNNLSTM: zeros, and 1 for the recurrent bias of the forget gate.
            values = np.zeros(shape, dtype=dtype or K.floatx())
            values[5 * units:6 * units] = 1.
            return values
        return forget_bias_one

    def call(self, inputs, states, training=None):
        h_prev, c_prev = states[0], states[1]
        pre = K.dot(inputs, self.kernel) + K.dot(h_prev, self.recurrent_kernel)
        pre = [self._part(pre, i) + self._part(self.bias, i) + self._part(self.bias, 4 + i)
               for i in range(4)]
        i_gate = K.sigmoid(pre[0])
        f_gate = K.sigmoid(pre[1])
        c = f_gate * c_prev + i_gate * K.tanh(pre[2])
        h = K.sigmoid(pre[3]) * K.tanh(c)
        return h, [h, c]


class _CuDNNRNN(RNN):
    """Shared body of CuDNNGRU and CuDNNLSTM: an RNN over a CuDNN-layout cell."""
    cell_class = None
    _cell_options = ()

    def __init__(self, units, kernel_initializer='glorot_uniform',
                 recurrent_initializer='orthogonal', bias_initializer='zeros',
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, **kwargs):
        options = {k: kwargs.pop(k) for k in self._cell_options if k in kwargs}
        cell = self.cell_class(
            units, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            **options)
        super(_CuDNNRNN, self).__init__(cell, return_sequences=return_sequences,
                                        return_state=return_state, go_backwards=go_backwards,
                                        stateful=stateful, **kwargs)
        # As Keras' CuDNN layers: no masking (CuDNN has none).
        self.supports_masking = False
        self.activity_regularizer = regularizers.get(activity_regularizer)
        notice = fallback_notice(self.__class__.__name__)
        if notice is not None:
            warnings.warn(notice, stacklevel=2)

    @property
    def units(self):
        return self.cell.units

    @property
    def kernel(self):
        return self.cell.kernel

    @property
    def recurrent_kernel(self):
        return self.cell.recurrent_kernel

    @property
    def bias(self):
        return self.cell.bias

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self):
        # Keras 2.3's keys: no cell, activation or unroll.
        config = Layer.get_config(self)
        config.update({'units': self.units, 'return_sequences': self.return_sequences,
                       'return_state': self.return_state, 'go_backwards': self.go_backwards,
                       'stateful': self.stateful,
                       'activity_regularizer': regularizers.serialize(self.activity_regularizer)})
        config.update(serialize_weight_settings(self.cell, ('kernel', 'recurrent', 'bias')))
        for option in self._cell_options:
            config[option] = getattr(self.cell, option)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)


class CuDNNGRU(_CuDNNRNN):
    """Gated Recurrent Unit with CuDNN's weights and conventions (Keras 2.3's CuDNNGRU).

    Runs as `GRU(reset_after=True, recurrent_activation='sigmoid')` with
    backend ops (see the module's documentation).

    # Arguments
        units: Positive integer, the size of the output and of the state.
        kernel_initializer: Initializer of the input `kernel`.
        recurrent_initializer: Initializer of the `recurrent_kernel`.
        bias_initializer: Initializer of the (input and recurrent) biases.
        kernel_regularizer: Regularizer applied to the `kernel`.
        recurrent_regularizer: Regularizer applied to the `recurrent_kernel`.
        bias_regularizer: Regularizer applied to the biases.
        activity_regularizer: Regularizer applied to the output.
        kernel_constraint: Constraint applied to the `kernel`.
        recurrent_constraint: Constraint applied to the `recurrent_kernel`.
        bias_constraint: Constraint applied to the biases.
        return_sequences: Whether to return the output at every step (else only
            the last one).
        return_state: Whether to return the final state too.
        go_backwards: Whether to process the sequence backwards.
        stateful: Whether the final state of each batch is the initial state of
            the next.
    """
    cell_class = CuDNNGRUCell


class CuDNNLSTM(_CuDNNRNN):
    """Long Short-Term Memory with CuDNN's weights (Keras 2.3's CuDNNLSTM).

    Runs as `LSTM(recurrent_activation='sigmoid')` with backend ops (see the
    module's documentation). Further keyword arguments are those of
    `CuDNNGRU` (initializers, regularizers, constraints, `return_sequences`,
    `return_state`, `go_backwards`, `stateful`).

    # Arguments
        units: Positive integer, the size of the output and of each state.
        kernel_initializer: Initializer of the input `kernel`.
        unit_forget_bias: Whether the recurrent bias of the forget gate starts
            at 1.
    """
    cell_class = CuDNNLSTMCell
    _cell_options = ('unit_forget_bias',)

    def __init__(self, units, kernel_initializer='glorot_uniform', unit_forget_bias=True,
                 **kwargs):
        super(CuDNNLSTM, self).__init__(units, kernel_initializer=kernel_initializer,
                                        unit_forget_bias=unit_forget_bias, **kwargs)
