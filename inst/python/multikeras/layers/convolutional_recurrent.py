"""ConvLSTM2D: an LSTM whose input and recurrent transformations are convolutions."""
import numpy as np

from .. import backend as K
from .. import activations, regularizers
from ..engine.base_layer import InputSpec
from ..utils import conv_utils
from ..legacy import interfaces
from .recurrent import RNN, _Cell, _build_cell


class ConvLSTM2DCell(_Cell):
    """One step of `ConvLSTM2D` on image inputs.

    Further keyword arguments (`use_bias`, initializers, regularizers,
    constraints, `dropout`, `recurrent_dropout`) are those of `LSTMCell`.

    # Arguments
        filters: Positive integer, the number of output channels.
        kernel_size: Integer or tuple of 2 integers, the size of the window.
        strides: Integer or tuple of 2 integers, the steps of the input
            convolution.
        padding: `"valid"` or `"same"` (the recurrent convolution always uses
            `"same"`).
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
        dilation_rate: Integer or tuple of 2 integers, the dilation of the
            window.
        activation: Activation of the candidate and of the output (default:
            `tanh`).
        recurrent_activation: Activation of the gates (default: `hard_sigmoid`).
        unit_forget_bias: Whether the forget gate's bias starts at 1.
    """
    gates = 4

    def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid', data_format=None,
                 dilation_rate=(1, 1), activation='tanh', recurrent_activation='hard_sigmoid',
                 unit_forget_bias=True, **kwargs):
        super(ConvLSTM2DCell, self).__init__(filters, activation=activation, **kwargs)
        self.filters = self.units
        self.kernel_size = conv_utils.normalize_tuple(kernel_size, 2, 'kernel_size')
        self.strides = conv_utils.normalize_tuple(strides, 2, 'strides')
        self.padding = conv_utils.normalize_padding(padding)
        self.data_format = K.normalize_data_format(data_format)
        self.dilation_rate = conv_utils.normalize_tuple(dilation_rate, 2, 'dilation_rate')
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.state_size = (self.filters, self.filters)

    def _channel_axis(self):
        return 1 if self.data_format == 'channels_first' else -1

    def build(self, input_shape):
        channels = input_shape[self._channel_axis()]
        if channels is None:
            raise ValueError('ConvLSTM2D: the channel dimension of the input must be known.')
        width = 4 * self.filters
        self.kernel = self.add_weight('kernel', self.kernel_size + (channels, width),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight('recurrent_kernel',
                                                self.kernel_size + (self.filters, width),
                                                initializer=self.recurrent_initializer,
                                                regularizer=self.recurrent_regularizer,
                                                constraint=self.recurrent_constraint)
        if self.use_bias:
            base, filters = self.bias_initializer, self.filters
            initializer = base
            if self.unit_forget_bias:
                def initializer(shape, dtype=None):
                    values = np.asarray(base((4 * filters,), dtype=dtype))
                    values[filters:2 * filters] = 1.
                    return values
            self.bias = self.add_weight('bias', (width,), initializer=initializer,
                                        regularizer=self.bias_regularizer,
                                        constraint=self.bias_constraint)
        else:
            self.bias = None
        self.built = True

    def _inputs_per_gate(self, inputs, h):
        """(inputs, h) for each gate, with the dropout masks applied."""
        xs = [inputs * m for m in self._dropout_mask] if self._dropout_mask else [inputs] * self.gates
        hs = [h * m for m in self._recurrent_dropout_mask] if self._recurrent_dropout_mask \
            else [h] * self.gates
        return xs, hs

    def _slice(self, kernel, i):
        part = kernel[:, :, :, i * self.filters:(i + 1) * self.filters]
        # Backends that need a kernel's static shape (Theano) read it from here.
        part._keras_shape = tuple(K.int_shape(kernel)[:3]) + (self.filters,)
        return part

    def call(self, inputs, states, training=None):
        h_prev, c_prev = states[0], states[1]
        xs, hs = self._inputs_per_gate(inputs, h_prev)
        pre = []
        for i in range(4):
            x = K.conv2d(xs[i], self._slice(self.kernel, i), strides=self.strides,
                         padding=self.padding, data_format=self.data_format,
                         dilation_rate=self.dilation_rate)
            if self.bias is not None:
                x = K.bias_add(x, self.bias[i * self.filters:(i + 1) * self.filters],
                               data_format=self.data_format)
            h = K.conv2d(hs[i], self._slice(self.recurrent_kernel, i), strides=(1, 1),
                         padding='same', data_format=self.data_format)
            pre.append(x + h)
        i_gate = self.recurrent_activation(pre[0])
        f_gate = self.recurrent_activation(pre[1])
        c = f_gate * c_prev + i_gate * self.activation(pre[2])
        o_gate = self.recurrent_activation(pre[3])
        h = o_gate * self.activation(c)
        return h, [h, c]

    def get_config(self):
        config = super(ConvLSTM2DCell, self).get_config()
        config.pop('units')
        config.update({
            'filters': self.filters, 'kernel_size': self.kernel_size, 'strides': self.strides,
            'padding': self.padding, 'data_format': self.data_format,
            'dilation_rate': self.dilation_rate,
            'recurrent_activation': activations.serialize(self.recurrent_activation),
            'unit_forget_bias': self.unit_forget_bias})
        return config


class ConvLSTM2D(RNN):
    """Convolutional LSTM over `(batch, time, rows, cols, channels)` sequences.

    Further keyword arguments are those of its cell, `ConvLSTM2DCell`
    (`activation`, `recurrent_activation`, `use_bias`, initializers,
    regularizers, constraints, `dropout`, `recurrent_dropout`), and
    `activity_regularizer`.

    # Arguments
        filters: Positive integer, the number of output channels.
        kernel_size: Integer or tuple of 2 integers, the size of the window.
        strides: Integer or tuple of 2 integers, the steps of the input
            convolution.
        padding: `"valid"` or `"same"` (the recurrent convolution always uses
            `"same"`).
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
        dilation_rate: Integer or tuple of 2 integers, the dilation of the
            window.
        return_sequences: Whether to return the output at every step (else only
            the last one).
        go_backwards: Whether to process the sequence backwards.
        stateful: Whether the final states of each batch are the initial states
            of the next.
    """

    @interfaces.legacy_convlstm2d_support
    def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid', data_format=None,
                 dilation_rate=(1, 1), return_sequences=False, go_backwards=False, stateful=False,
                 **kwargs):
        cell_args = {k: kwargs.pop(k) for k in list(kwargs) if k in (
            'activation', 'recurrent_activation', 'use_bias', 'kernel_initializer',
            'recurrent_initializer', 'bias_initializer', 'unit_forget_bias', 'kernel_regularizer',
            'recurrent_regularizer', 'bias_regularizer', 'kernel_constraint',
            'recurrent_constraint', 'bias_constraint', 'dropout', 'recurrent_dropout')}
        self.activity_regularizer = regularizers.get(kwargs.pop('activity_regularizer', None))
        cell = ConvLSTM2DCell(filters, kernel_size, strides, padding, data_format, dilation_rate,
                              **cell_args)
        super(ConvLSTM2D, self).__init__(cell, return_sequences=return_sequences,
                                         go_backwards=go_backwards, stateful=stateful, **kwargs)
        self.input_spec = InputSpec(ndim=5)

    def _state_shape(self, input_shape):
        cell = self.cell
        if cell.data_format == 'channels_first':
            rows, cols = input_shape[3], input_shape[4]
        else:
            rows, cols = input_shape[2], input_shape[3]
        rows = conv_utils.conv_output_length(rows, cell.kernel_size[0], cell.padding,
                                             cell.strides[0], cell.dilation_rate[0])
        cols = conv_utils.conv_output_length(cols, cell.kernel_size[1], cell.padding,
                                             cell.strides[1], cell.dilation_rate[1])
        if cell.data_format == 'channels_first':
            return (input_shape[0], cell.filters, rows, cols)
        return (input_shape[0], rows, cols, cell.filters)

    def build(self, input_shape):
        input_shape, constants_shape = self._split_shapes(input_shape)
        _build_cell(self.cell, (input_shape[0],) + tuple(input_shape[2:]), constants_shape)
        if self.stateful:
            self._create_states(input_shape)
        self.built = True

    def _stored_state_shapes(self, input_shape):
        return [self._state_shape(input_shape)] * 2

    def get_initial_state(self, inputs):
        """Zero states shaped like the cell's output for `inputs`: the input summed
        over time, convolved with a zero kernel."""
        cell = self.cell
        base = K.sum(K.zeros_like(inputs), axis=1)
        zero_kernel = K.zeros_like(cell._slice(cell.kernel, 0))
        zero_kernel._keras_shape = tuple(K.int_shape(cell.kernel)[:3]) + (cell.filters,)
        state = K.conv2d(base, zero_kernel, strides=cell.strides, padding=cell.padding,
                         data_format=cell.data_format, dilation_rate=cell.dilation_rate)
        return [state, state]

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        state = self._state_shape(input_shape)
        output = (state[0], input_shape[1]) + tuple(state[1:]) if self.return_sequences else state
        if self.return_state:
            return [output, state, state]
        return output

    def get_config(self):
        config = super(ConvLSTM2D, self).get_config()
        cell_config = config.pop('cell')['config']
        for key in ('name', 'trainable', 'dtype', 'batch_input_shape'):
            cell_config.pop(key, None)
        config.pop('unroll', None)
        config.update(cell_config)
        config['activity_regularizer'] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)
