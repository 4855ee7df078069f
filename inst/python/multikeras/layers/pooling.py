"""Pooling layers."""
from .. import backend as K
from ..engine.base_layer import Layer, InputSpec
from ..utils import conv_utils
from ..legacy import interfaces


class _Pooling2D(Layer):
    pool_mode = None

    @interfaces.legacy_pooling2d_support
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
    """Max pooling over 2D windows.

    # Arguments
        pool_size: Integer or tuple of 2 integers, the size of the pooling windows.
        strides: Integer or tuple of 2 integers, or None (default): the steps between windows, by
            default `pool_size`.
        padding: `"valid"` (windows inside the input) or `"same"` (the output
            has the input's size divided by the strides, rounded up).
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    pool_mode = 'max'


class AveragePooling2D(_Pooling2D):
    """Average pooling over 2D windows.

    # Arguments
        pool_size: Integer or tuple of 2 integers, the size of the pooling windows.
        strides: Integer or tuple of 2 integers, or None (default): the steps between windows, by
            default `pool_size`.
        padding: `"valid"` (windows inside the input) or `"same"` (the output
            has the input's size divided by the strides, rounded up).
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    pool_mode = 'avg'


MaxPool2D = MaxPooling2D
AvgPool2D = AveragePooling2D


class _Pooling1D(Layer):
    pool_mode = None

    @interfaces.legacy_pooling1d_support
    def __init__(self, pool_size=2, strides=None, padding='valid', data_format='channels_last',
                 **kwargs):
        super(_Pooling1D, self).__init__(**kwargs)
        self.pool_size = conv_utils.normalize_tuple(pool_size, 1, 'pool_size')
        self.strides = conv_utils.normalize_tuple(strides if strides is not None else self.pool_size,
                                                  1, 'strides')
        self.padding = conv_utils.normalize_padding(padding)
        self.data_format = K.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        axis = 3 if self.data_format == 'channels_first' else 2
        x = K.expand_dims(inputs, axis)
        y = K.pool2d(x, self.pool_size + (1,), strides=self.strides + (1,), padding=self.padding,
                     data_format=self.data_format, pool_mode=self.pool_mode)
        return K.squeeze(y, axis)

    def compute_output_shape(self, input_shape):
        steps_axis = 2 if self.data_format == 'channels_first' else 1
        shape = list(input_shape)
        shape[steps_axis] = conv_utils.conv_output_length(shape[steps_axis], self.pool_size[0],
                                                          self.padding, self.strides[0])
        return tuple(shape)

    def get_config(self):
        config = super(_Pooling1D, self).get_config()
        config.update({'pool_size': self.pool_size[0], 'strides': self.strides[0],
                       'padding': self.padding, 'data_format': self.data_format})
        return config


class MaxPooling1D(_Pooling1D):
    """Max pooling over 1D windows.

    # Arguments
        pool_size: Integer, the size of the pooling windows.
        strides: Integer, or None (default): the steps between windows, by
            default `pool_size`.
        padding: `"valid"` (windows inside the input) or `"same"` (the output
            has the input's size divided by the strides, rounded up).
        data_format: `"channels_last"` or `"channels_first"` (default
            `"channels_last"`).
    """
    pool_mode = 'max'


class AveragePooling1D(_Pooling1D):
    """Average pooling over 1D windows.

    # Arguments
        pool_size: Integer, the size of the pooling windows.
        strides: Integer, or None (default): the steps between windows, by
            default `pool_size`.
        padding: `"valid"` (windows inside the input) or `"same"` (the output
            has the input's size divided by the strides, rounded up).
        data_format: `"channels_last"` or `"channels_first"` (default
            `"channels_last"`).
    """
    pool_mode = 'avg'


class _Pooling3D(Layer):
    pool_mode = None

    @interfaces.legacy_pooling3d_support
    def __init__(self, pool_size=(2, 2, 2), strides=None, padding='valid', data_format=None,
                 **kwargs):
        super(_Pooling3D, self).__init__(**kwargs)
        self.pool_size = conv_utils.normalize_tuple(pool_size, 3, 'pool_size')
        self.strides = conv_utils.normalize_tuple(strides if strides is not None else self.pool_size,
                                                  3, 'strides')
        self.padding = conv_utils.normalize_padding(padding)
        self.data_format = K.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=5)

    def call(self, inputs):
        return K.pool3d(inputs, self.pool_size, strides=self.strides, padding=self.padding,
                        data_format=self.data_format, pool_mode=self.pool_mode)

    def compute_output_shape(self, input_shape):
        start = 2 if self.data_format == 'channels_first' else 1
        shape = list(input_shape)
        for i in range(3):
            shape[start + i] = conv_utils.conv_output_length(shape[start + i], self.pool_size[i],
                                                             self.padding, self.strides[i])
        return tuple(shape)

    def get_config(self):
        config = super(_Pooling3D, self).get_config()
        config.update({'pool_size': self.pool_size, 'padding': self.padding,
                       'strides': self.strides, 'data_format': self.data_format})
        return config


class MaxPooling3D(_Pooling3D):
    """Max pooling over 3D windows.

    # Arguments
        pool_size: Tuple of 3 integers, the size of the pooling windows.
        strides: Tuple of 3 integers, or None (default): the steps between windows, by
            default `pool_size`.
        padding: `"valid"` (windows inside the input) or `"same"` (the output
            has the input's size divided by the strides, rounded up).
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    pool_mode = 'max'


class AveragePooling3D(_Pooling3D):
    """Average pooling over 3D windows.

    # Arguments
        pool_size: Tuple of 3 integers, the size of the pooling windows.
        strides: Tuple of 3 integers, or None (default): the steps between windows, by
            default `pool_size`.
        padding: `"valid"` (windows inside the input) or `"same"` (the output
            has the input's size divided by the strides, rounded up).
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    pool_mode = 'avg'


class _GlobalPooling(Layer):
    """Reduce all spatial axes with `reduce` (K.max or K.mean)."""
    rank = None
    reduce_name = None

    @interfaces.legacy_global_pooling_support
    def __init__(self, data_format=None, **kwargs):
        super(_GlobalPooling, self).__init__(**kwargs)
        self.data_format = K.normalize_data_format(data_format) if self.rank > 1 or \
            data_format is not None else 'channels_last'
        self.input_spec = InputSpec(ndim=self.rank + 2)
        self.supports_masking = self.rank == 1

    def _axes(self):
        start = 2 if self.data_format == 'channels_first' else 1
        return list(range(start, start + self.rank))

    def call(self, inputs, mask=None):
        if mask is not None and self.rank == 1 and self.reduce_name == 'mean':
            weights = K.cast(mask, K.dtype(inputs))
            weights = K.expand_dims(weights, 2 if self.data_format == 'channels_last' else 1)
            return K.sum(inputs * weights, axis=self._axes()) / K.sum(weights, axis=self._axes())
        return getattr(K, self.reduce_name)(inputs, axis=self._axes())

    def compute_mask(self, inputs, mask=None):
        return None

    def compute_output_shape(self, input_shape):
        channel = 1 if self.data_format == 'channels_first' else -1
        return (input_shape[0], input_shape[channel])

    def get_config(self):
        config = super(_GlobalPooling, self).get_config()
        config['data_format'] = self.data_format
        return config


class GlobalMaxPooling1D(_GlobalPooling):
    """Global max pooling: one value per channel, over the steps.

    # Arguments
        data_format: `"channels_last"` or `"channels_first"` (default
            `"channels_last"`).
    """
    rank, reduce_name = 1, 'max'


class GlobalAveragePooling1D(_GlobalPooling):
    """Global average pooling: one value per channel, over the steps (masked steps left out).

    # Arguments
        data_format: `"channels_last"` or `"channels_first"` (default
            `"channels_last"`).
    """
    rank, reduce_name = 1, 'mean'


class GlobalMaxPooling2D(_GlobalPooling):
    """Global max pooling: one value per channel, over the rows and columns.

    # Arguments
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    rank, reduce_name = 2, 'max'


class GlobalAveragePooling2D(_GlobalPooling):
    """Global average pooling: one value per channel, over the rows and columns.

    # Arguments
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    rank, reduce_name = 2, 'mean'


class GlobalMaxPooling3D(_GlobalPooling):
    """Global max pooling: one value per channel, over the three spatial axes.

    # Arguments
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    rank, reduce_name = 3, 'max'


class GlobalAveragePooling3D(_GlobalPooling):
    """Global average pooling: one value per channel, over the three spatial axes.

    # Arguments
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    rank, reduce_name = 3, 'mean'


MaxPool1D = MaxPooling1D
AvgPool1D = AveragePooling1D
MaxPool3D = MaxPooling3D
AvgPool3D = AveragePooling3D
GlobalMaxPool1D = GlobalMaxPooling1D
GlobalAvgPool1D = GlobalAveragePooling1D
GlobalMaxPool2D = GlobalMaxPooling2D
GlobalAvgPool2D = GlobalAveragePooling2D
GlobalMaxPool3D = GlobalMaxPooling3D
GlobalAvgPool3D = GlobalAveragePooling3D
