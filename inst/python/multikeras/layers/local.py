"""Locally connected layers: convolutions whose weights are not shared across positions."""
from .. import backend as K
from .. import activations, initializers, regularizers, constraints
from ..engine.base_layer import Layer, InputSpec, _check_positive_int, serialize_weight_settings
from ..utils import conv_utils
from ..legacy import interfaces


class _LocallyConnected(Layer):
    rank = None

    def __init__(self, filters, kernel_size, strides=1, padding='valid', data_format=None,
                 activation=None, use_bias=True, kernel_initializer='glorot_uniform',
                 bias_initializer='zeros', kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 implementation=1, **kwargs):
        super(_LocallyConnected, self).__init__(**kwargs)
        name = self.__class__.__name__
        self.filters = _check_positive_int(filters, 'filters', name)
        self.kernel_size = conv_utils.normalize_tuple(kernel_size, self.rank, 'kernel_size')
        self.strides = conv_utils.normalize_tuple(strides, self.rank, 'strides')
        self.padding = conv_utils.normalize_padding(padding, ('valid',))
        self.data_format = K.normalize_data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.implementation = implementation
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _split(self, input_shape):
        if self.data_format == 'channels_first':
            return input_shape[1], input_shape[2:]
        return input_shape[-1], input_shape[1:-1]

    def build(self, input_shape):
        channels, spatial = self._split(input_shape)
        if channels is None or any(d is None for d in spatial):
            raise ValueError('%s needs a fully known input shape (except the batch axis); got %s.'
                             % (self.name, input_shape))
        self.output_spatial = tuple(conv_utils.conv_output_length(d, k, self.padding, s)
                                    for d, k, s in zip(spatial, self.kernel_size, self.strides))
        positions = 1
        for d in self.output_spatial:
            positions *= d
        depth = channels
        for k in self.kernel_size:
            depth *= k
        self.kernel = self.add_weight('kernel', (positions, depth, self.filters),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        # The bias is (positions..., filters) in both data formats, as bias_add expects.
        self.bias = self.add_weight('bias', self.output_spatial + (self.filters,), initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def call(self, inputs):
        if self.rank == 1:
            output = K.local_conv1d(inputs, self.kernel, self.kernel_size, self.strides,
                                    self.data_format)
        else:
            output = K.local_conv2d(inputs, self.kernel, self.kernel_size, self.strides,
                                    self.output_spatial, self.data_format)
        if self.use_bias:
            output = K.bias_add(output, self.bias, data_format=self.data_format)
        return self.activation(output)

    def compute_output_shape(self, input_shape):
        _, spatial = self._split(input_shape)
        new = tuple(conv_utils.conv_output_length(d, k, self.padding, s)
                    for d, k, s in zip(spatial, self.kernel_size, self.strides))
        if self.data_format == 'channels_first':
            return (input_shape[0], self.filters) + new
        return (input_shape[0],) + new + (self.filters,)

    def get_config(self):
        config = super(_LocallyConnected, self).get_config()
        config.update({
            'filters': self.filters, 'kernel_size': self.kernel_size, 'strides': self.strides,
            'padding': self.padding, 'data_format': self.data_format,
            'activation': activations.serialize(self.activation), 'use_bias': self.use_bias,
            'implementation': self.implementation})
        config.update(serialize_weight_settings(self, ('kernel', 'bias', 'activity')))
        return config


class LocallyConnected1D(_LocallyConnected):
    """A 1D convolution whose weights are not shared: one filter per output position.

    Only `padding="valid"` is supported. Further keyword arguments (`activation`,
    `use_bias`, `kernel_initializer`, `bias_initializer`, `kernel_regularizer`,
    `bias_regularizer`, `activity_regularizer`, `kernel_constraint`,
    `bias_constraint`, `implementation`) are those of `Conv1D`.

    # Arguments
        filters: Positive integer, the number of output channels.
        kernel_size: Integer, the size of the window.
        strides: Integer, the steps between windows.
        padding: `"valid"`.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    rank = 1

    @interfaces.legacy_conv1d_support
    def __init__(self, filters, kernel_size, strides=1, padding='valid', data_format=None, **kwargs):
        super(LocallyConnected1D, self).__init__(filters, kernel_size, strides, padding,
                                                 data_format, **kwargs)


class LocallyConnected2D(_LocallyConnected):
    """A 2D convolution whose weights are not shared: one filter per output position.

    Only `padding="valid"` is supported. Further keyword arguments (`activation`,
    `use_bias`, `kernel_initializer`, `bias_initializer`, `kernel_regularizer`,
    `bias_regularizer`, `activity_regularizer`, `kernel_constraint`,
    `bias_constraint`, `implementation`) are those of `Conv2D`.

    # Arguments
        filters: Positive integer, the number of output channels.
        kernel_size: Integer or tuple of 2 integers, the size of the window.
        strides: Integer or tuple of 2 integers, the steps between windows.
        padding: `"valid"`.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    rank = 2

    @interfaces.legacy_conv2d_support
    def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid', data_format=None,
                 **kwargs):
        super(LocallyConnected2D, self).__init__(filters, kernel_size, strides, padding,
                                                 data_format, **kwargs)
