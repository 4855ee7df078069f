"""Pooling layers."""
from .. import backend as K
from ..engine.base_layer import Layer, InputSpec
from ..utils import conv_utils


class _Pooling2D(Layer):
    pool_mode = None

    def __init__(self, pool_size=(2, 2), strides=None, padding='valid', data_format=None, **kwargs):
        super(_Pooling2D, self).__init__(**kwargs)
        self.pool_size = conv_utils.normalize_tuple(pool_size, 2, 'pool_size')
        self.strides = conv_utils.normalize_tuple(strides if strides is not None else self.pool_size,
                                                  2, 'strides')
        self.padding = conv_utils.normalize_padding(padding)
        self.data_format = K.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        return K.pool2d(inputs, self.pool_size, strides=self.strides, padding=self.padding,
                        data_format=self.data_format, pool_mode=self.pool_mode)

    def compute_output_shape(self, input_shape):
        if self.data_format == 'channels_first':
            rows, cols = input_shape[2], input_shape[3]
        else:
            rows, cols = input_shape[1], input_shape[2]
        rows = conv_utils.conv_output_length(rows, self.pool_size[0], self.padding, self.strides[0])
        cols = conv_utils.conv_output_length(cols, self.pool_size[1], self.padding, self.strides[1])
        for d in (rows, cols):
            if d is not None and d < 1:
                raise ValueError('%s: the input shape %s is too small for pool_size %s.'
                                 % (self.name, input_shape, self.pool_size))
        if self.data_format == 'channels_first':
            return (input_shape[0], input_shape[1], rows, cols)
        return (input_shape[0], rows, cols, input_shape[3])

    def get_config(self):
        config = super(_Pooling2D, self).get_config()
        config.update({'pool_size': self.pool_size, 'padding': self.padding,
                       'strides': self.strides, 'data_format': self.data_format})
        return config


class MaxPooling2D(_Pooling2D):
    """Max pooling over 2D windows of `pool_size` (strides default to pool_size)."""
    pool_mode = 'max'


class AveragePooling2D(_Pooling2D):
    """Average pooling over 2D windows of `pool_size` (strides default to pool_size)."""
    pool_mode = 'avg'


MaxPool2D = MaxPooling2D
AvgPool2D = AveragePooling2D
