"""Convolution layers."""
from .. import backend as K
from .. import activations, initializers, regularizers, constraints
from ..engine.base_layer import Layer, InputSpec, _check_positive_int
from ..utils import conv_utils


class _Conv(Layer):
    """Shared body of the N-D convolutions; kernels are (spatial..., in, out) on every backend."""

    rank = None

    def __init__(self, filters, kernel_size, strides=1, padding='valid', data_format=None,
                 dilation_rate=1, activation=None, use_bias=True,
                 kernel_initializer='glorot_uniform', bias_initializer='zeros',
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super(_Conv, self).__init__(**kwargs)
        name = self.__class__.__name__
        self.filters = _check_positive_int(filters, 'filters', name)
        self.kernel_size = conv_utils.normalize_tuple(kernel_size, self.rank, 'kernel_size')
        self.strides = conv_utils.normalize_tuple(strides, self.rank, 'strides')
        allowed = ('valid', 'same', 'causal') if self.rank == 1 else ('valid', 'same')
        self.padding = conv_utils.normalize_padding(padding, allowed)
        self.data_format = K.normalize_data_format(data_format)
        self.dilation_rate = conv_utils.normalize_tuple(dilation_rate, self.rank, 'dilation_rate')
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _channel_axis(self):
        return 1 if self.data_format == 'channels_first' else -1

    def build(self, input_shape):
        channels = input_shape[self._channel_axis()]
        if channels is None:
            raise ValueError('%s: the channel dimension of the input must be known; got input '
                             'shape %s.' % (self.name, input_shape))
        self.kernel = self.add_weight('kernel', self.kernel_size + (channels, self.filters),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = self.add_weight('bias', (self.filters,), initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={self._channel_axis(): channels})
        self.built = True

    def _convolve(self, inputs):
        fn = {1: K.conv1d, 2: K.conv2d, 3: K.conv3d}[self.rank]
        if self.rank == 1:
            return fn(inputs, self.kernel, strides=self.strides[0], padding=self.padding,
                      data_format=self.data_format, dilation_rate=self.dilation_rate[0])
        return fn(inputs, self.kernel, strides=self.strides, padding=self.padding,
                  data_format=self.data_format, dilation_rate=self.dilation_rate)

    def call(self, inputs):
        outputs = self._convolve(inputs)
        if self.use_bias:
            outputs = K.bias_add(outputs, self.bias, data_format=self.data_format)
        outputs = self.activation(outputs)
        if self.activity_regularizer is not None:
            self.add_loss(self.activity_regularizer(outputs))
        return outputs

    def compute_output_shape(self, input_shape):
        spatial = input_shape[2:] if self.data_format == 'channels_first' else input_shape[1:-1]
        new = tuple(conv_utils.conv_output_length(d, k, self.padding, s, r)
                    for d, k, s, r in zip(spatial, self.kernel_size, self.strides,
                                          self.dilation_rate))
        for d in new:
            if d is not None and d < 1:
                raise ValueError('%s: the input shape %s is too small for kernel_size %s; the '
                                 'output would be empty.' % (self.name, input_shape, self.kernel_size))
        if self.data_format == 'channels_first':
            return (input_shape[0], self.filters) + new
        return (input_shape[0],) + new + (self.filters,)

    def get_config(self):
        config = super(_Conv, self).get_config()
        config.update({
            'filters': self.filters, 'kernel_size': self.kernel_size, 'strides': self.strides,
            'padding': self.padding, 'data_format': self.data_format,
            'dilation_rate': self.dilation_rate,
            'activation': activations.serialize(self.activation), 'use_bias': self.use_bias,
            'kernel_initializer': initializers.serialize(self.kernel_initializer),
            'bias_initializer': initializers.serialize(self.bias_initializer),
            'kernel_regularizer': regularizers.serialize(self.kernel_regularizer),
            'bias_regularizer': regularizers.serialize(self.bias_regularizer),
            'activity_regularizer': regularizers.serialize(self.activity_regularizer),
            'kernel_constraint': constraints.serialize(self.kernel_constraint),
            'bias_constraint': constraints.serialize(self.bias_constraint)})
        return config


class Conv1D(_Conv):
    """1D convolution over (batch, steps, channels) inputs."""
    rank = 1

    def __init__(self, filters, kernel_size, strides=1, padding='valid', data_format='channels_last',
                 dilation_rate=1, **kwargs):
        super(Conv1D, self).__init__(filters, kernel_size, strides, padding, data_format,
                                     dilation_rate, **kwargs)


class Conv2D(_Conv):
    """2D convolution over images.

    # Arguments
        filters: number of output channels.
        kernel_size: int or 2 ints, the window size.
        strides: int or 2 ints.
        padding: "valid" or "same".
        data_format: "channels_last" (default from keras.json) or "channels_first".
        dilation_rate: int or 2 ints.
        activation, use_bias, *_initializer, *_regularizer, *_constraint: as for Dense.
    """
    rank = 2

    def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid', data_format=None,
                 dilation_rate=(1, 1), **kwargs):
        super(Conv2D, self).__init__(filters, kernel_size, strides, padding, data_format,
                                     dilation_rate, **kwargs)


class Conv3D(_Conv):
    """3D convolution over volumes."""
    rank = 3

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding='valid', data_format=None,
                 dilation_rate=(1, 1, 1), **kwargs):
        super(Conv3D, self).__init__(filters, kernel_size, strides, padding, data_format,
                                     dilation_rate, **kwargs)


Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution3D = Conv3D
