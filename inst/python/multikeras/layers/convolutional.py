"""Convolution layers."""
import numpy as np

from .. import backend as K
from .. import activations, initializers, regularizers, constraints
from ..engine.base_layer import Layer, InputSpec, _check_positive_int, serialize_weight_settings
from ..utils import conv_utils
from ..legacy import interfaces


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
        if K.backend() == 'theano':
            allowed += ('full',)  # as Keras: only Theano convolves with 'full' padding
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
        """Check the channels, then add the kernels (`_add_kernels`) and the bias."""
        channels = input_shape[self._channel_axis()]
        if channels is None:
            raise ValueError('%s: the channel dimension of the input must be known; got input '
                             'shape %s.' % (self.name, input_shape))
        self._add_kernels(channels)
        self.bias = self.add_weight('bias', (self.filters,), initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={self._channel_axis(): channels})
        self.built = True

    def _add_kernels(self, channels):
        self.kernel = self.add_weight('kernel', self.kernel_size + (channels, self.filters),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)

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
        return self.activation(outputs)

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
            'activation': activations.serialize(self.activation), 'use_bias': self.use_bias})
        config.update(serialize_weight_settings(self, ('kernel', 'bias', 'activity')))
        return config


class Conv1D(_Conv):
    """1D convolution over `(batch, steps, channels)` inputs.

    Further keyword arguments: `activation`, `use_bias`, `kernel_initializer`,
    `bias_initializer`, `kernel_regularizer`, `bias_regularizer`,
    `activity_regularizer`, `kernel_constraint`, `bias_constraint`, as for `Dense`.

    # Arguments
        filters: Positive integer, the number of output channels.
        kernel_size: Integer, the size of the convolution window.
        strides: Integer, the steps of the window.
        padding: `"valid"`, `"same"` or `"causal"` (output step t sees input steps up to t only).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: Integer, the dilation of the window.
    """
    rank = 1

    @interfaces.legacy_conv1d_support
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

    @interfaces.legacy_conv2d_support
    def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid', data_format=None,
                 dilation_rate=(1, 1), **kwargs):
        super(Conv2D, self).__init__(filters, kernel_size, strides, padding, data_format,
                                     dilation_rate, **kwargs)


class Conv3D(_Conv):
    """3D convolution over volumes.

    Further keyword arguments: `activation`, `use_bias`, `kernel_initializer`,
    `bias_initializer`, `kernel_regularizer`, `bias_regularizer`,
    `activity_regularizer`, `kernel_constraint`, `bias_constraint`, as for `Dense`.

    # Arguments
        filters: Positive integer, the number of output channels.
        kernel_size: Integer or tuple of 3 integers, the size of the convolution window.
        strides: Integer or tuple of 3 integers, the steps of the window.
        padding: `"valid"` or `"same"`.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
        dilation_rate: Integer or tuple of 3 integers, the dilation of the window.
    """
    rank = 3

    @interfaces.legacy_conv3d_support
    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding='valid', data_format=None,
                 dilation_rate=(1, 1, 1), **kwargs):
        super(Conv3D, self).__init__(filters, kernel_size, strides, padding, data_format,
                                     dilation_rate, **kwargs)


Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution3D = Conv3D


class _ConvTranspose(_Conv):
    """Transposed convolution; the kernel is (spatial..., filters, in)."""

    def __init__(self, filters, kernel_size, strides, padding, data_format, dilation_rate,
                 output_padding=None, **kwargs):
        super(_ConvTranspose, self).__init__(filters, kernel_size, strides, padding, data_format,
                                             dilation_rate, **kwargs)
        self.output_padding = None if output_padding is None else \
            conv_utils.normalize_tuple(output_padding, self.rank, 'output_padding', allow_zero=True)
        if self.output_padding is not None:
            for p, s in zip(self.output_padding, self.strides):
                if p >= s:
                    raise ValueError('%s: each output_padding must be smaller than its stride; got '
                                     'output_padding=%s, strides=%s.'
                                     % (self.__class__.__name__, self.output_padding, self.strides))

    def _add_kernels(self, channels):
        self.kernel = self.add_weight('kernel', self.kernel_size + (self.filters, channels),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)

    def compute_output_shape(self, input_shape):
        spatial = input_shape[2:] if self.data_format == 'channels_first' else input_shape[1:-1]
        pads = self.output_padding or (None,) * self.rank
        new = tuple(conv_utils.deconv_length(d, s, k, self.padding, p, r)
                    for d, k, s, p, r in zip(spatial, self.kernel_size, self.strides, pads,
                                             self.dilation_rate))
        if self.data_format == 'channels_first':
            return (input_shape[0], self.filters) + new
        return (input_shape[0],) + new + (self.filters,)

    def _convolve(self, inputs):
        shape = self.compute_output_shape(K.int_shape(inputs))
        fn = K.conv2d_transpose if self.rank == 2 else K.conv3d_transpose
        if self.rank == 2:
            return fn(inputs, self.kernel, shape, self.strides, self.padding, self.data_format,
                      self.dilation_rate)
        return fn(inputs, self.kernel, shape, self.strides, self.padding, self.data_format)

    def get_config(self):
        config = super(_ConvTranspose, self).get_config()
        config['output_padding'] = self.output_padding
        return config


class Conv2DTranspose(_ConvTranspose):
    """Transposed 2D convolution (the gradient of a convolution, "deconvolution").

    Further keyword arguments: `activation`, `use_bias`, `kernel_initializer`,
    `bias_initializer`, `kernel_regularizer`, `bias_regularizer`,
    `activity_regularizer`, `kernel_constraint`, `bias_constraint`, as for `Dense`.

    # Arguments
        filters: Positive integer, the number of output channels.
        kernel_size: Integer or tuple of 2 integers, the size of the convolution window.
        strides: Integer or tuple of 2 integers, the steps of the window.
        padding: `"valid"` or `"same"`.
        output_padding: Integer or tuple of 2 integers or None, the extra rows (columns, ...) added
            at the end of the output (each less than the stride); None infers
            the output size.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
        dilation_rate: Integer or tuple of 2 integers, the dilation of the window.
    """
    rank = 2

    @interfaces.legacy_deconv2d_support
    def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid', output_padding=None,
                 data_format=None, dilation_rate=(1, 1), **kwargs):
        super(Conv2DTranspose, self).__init__(filters, kernel_size, strides, padding, data_format,
                                              dilation_rate, output_padding, **kwargs)


class Conv3DTranspose(_ConvTranspose):
    """Transposed 3D convolution (the gradient of a convolution).

    Further keyword arguments: `activation`, `use_bias`, `kernel_initializer`,
    `bias_initializer`, `kernel_regularizer`, `bias_regularizer`,
    `activity_regularizer`, `kernel_constraint`, `bias_constraint`, as for `Dense`.

    # Arguments
        filters: Positive integer, the number of output channels.
        kernel_size: Integer or tuple of 3 integers, the size of the convolution window.
        strides: Integer or tuple of 3 integers, the steps of the window.
        padding: `"valid"` or `"same"`.
        output_padding: Integer or tuple of 3 integers or None, the extra rows (columns, ...) added
            at the end of the output (each less than the stride); None infers
            the output size.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
        dilation_rate: Integer or tuple of 3 integers, the dilation of the window.
    """
    rank = 3

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding='valid',
                 output_padding=None, data_format=None, dilation_rate=(1, 1, 1), **kwargs):
        super(Conv3DTranspose, self).__init__(filters, kernel_size, strides, padding, data_format,
                                              dilation_rate, output_padding, **kwargs)
        if self.dilation_rate != (1, 1, 1):
            raise ValueError('Conv3DTranspose supports only dilation_rate=(1, 1, 1); got %s.'
                             % (self.dilation_rate,))


class _SeparableConv(_Conv):
    """Depthwise convolution per channel, then a 1x1 pointwise convolution."""

    def __init__(self, filters, kernel_size, strides, padding, data_format, dilation_rate,
                 depth_multiplier=1, depthwise_initializer='glorot_uniform',
                 pointwise_initializer='glorot_uniform', depthwise_regularizer=None,
                 pointwise_regularizer=None, depthwise_constraint=None, pointwise_constraint=None,
                 **kwargs):
        super(_SeparableConv, self).__init__(filters, kernel_size, strides, padding, data_format,
                                             dilation_rate, **kwargs)
        self.depth_multiplier = _check_positive_int(depth_multiplier, 'depth_multiplier',
                                                    self.__class__.__name__)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_constraint = constraints.get(pointwise_constraint)

    def _add_kernels(self, channels):
        self.depthwise_kernel = self.add_weight(
            'depthwise_kernel', self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        self.pointwise_kernel = self.add_weight(
            'pointwise_kernel', (1,) * self.rank + (channels * self.depth_multiplier, self.filters),
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint)

    def _convolve(self, inputs):
        if self.rank == 1:
            return K.separable_conv1d(inputs, self.depthwise_kernel, self.pointwise_kernel,
                                      self.strides[0], self.padding, self.data_format,
                                      self.dilation_rate[0])
        return K.separable_conv2d(inputs, self.depthwise_kernel, self.pointwise_kernel,
                                  self.strides, self.padding, self.data_format, self.dilation_rate)

    def get_config(self):
        config = super(_SeparableConv, self).get_config()
        for key in ('kernel_initializer', 'kernel_regularizer', 'kernel_constraint'):
            config.pop(key)
        config['depth_multiplier'] = self.depth_multiplier
        config.update(serialize_weight_settings(self, ('depthwise', 'pointwise')))
        return config


class SeparableConv1D(_SeparableConv):
    """Depthwise separable 1D convolution: a convolution per channel, then a pointwise one.

    Further keyword arguments: `depth_multiplier` (filters per input channel
    in the depthwise step), `depthwise_initializer`, `pointwise_initializer`,
    `depthwise_regularizer`, `pointwise_regularizer`, `depthwise_constraint`,
    `pointwise_constraint`, and those of `Conv1D`.

    # Arguments
        filters: Positive integer, the number of output channels.
        kernel_size: Integer, the size of the convolution window.
        strides: Integer, the steps of the window.
        padding: `"valid"` or `"same"` or `"causal"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: Integer, the dilation of the window.
    """
    rank = 1

    def __init__(self, filters, kernel_size, strides=1, padding='valid', data_format='channels_last',
                 dilation_rate=1, **kwargs):
        super(SeparableConv1D, self).__init__(filters, kernel_size, strides, padding, data_format,
                                              dilation_rate, **kwargs)


class SeparableConv2D(_SeparableConv):
    """Depthwise separable 2D convolution: a convolution per channel, then a pointwise one.

    Further keyword arguments: `depth_multiplier` (filters per input channel
    in the depthwise step), `depthwise_initializer`, `pointwise_initializer`,
    `depthwise_regularizer`, `pointwise_regularizer`, `depthwise_constraint`,
    `pointwise_constraint`, and those of `Conv2D`.

    # Arguments
        filters: Positive integer, the number of output channels.
        kernel_size: Integer or tuple of 2 integers, the size of the convolution window.
        strides: Integer or tuple of 2 integers, the steps of the window.
        padding: `"valid"` or `"same"`.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
        dilation_rate: Integer or tuple of 2 integers, the dilation of the window.
    """
    rank = 2

    @interfaces.legacy_separable_conv2d_support
    def __init__(self, filters, kernel_size, strides=(1, 1), padding='valid', data_format=None,
                 dilation_rate=(1, 1), **kwargs):
        super(SeparableConv2D, self).__init__(filters, kernel_size, strides, padding, data_format,
                                              dilation_rate, **kwargs)


class DepthwiseConv2D(Conv2D):
    """Depthwise 2D convolution: each input channel gets filters of its own.

    # Arguments
        kernel_size: Integer or tuple of 2 integers, the size of the window.
        strides: Integer or tuple of 2 integers, the steps of the window.
        padding: `"valid"` or `"same"`.
        depth_multiplier: Positive integer, the number of filters per input
            channel (the output has `channels * depth_multiplier` channels).
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
        dilation_rate: Integer or tuple of 2 integers, the dilation of the
            window.
        activation: Activation name or function (default: linear).
        use_bias: Whether to add a bias vector.
        depthwise_initializer: Initializer of the depthwise kernel.
        bias_initializer: Initializer of the bias vector.
        depthwise_regularizer: Regularizer applied to the depthwise kernel.
        bias_regularizer: Regularizer applied to the bias vector.
        activity_regularizer: Regularizer applied to the output.
        depthwise_constraint: Constraint applied to the depthwise kernel.
        bias_constraint: Constraint applied to the bias vector.
    """

    def __init__(self, kernel_size, strides=(1, 1), padding='valid', depth_multiplier=1,
                 data_format=None, dilation_rate=(1, 1), activation=None, use_bias=True,
                 depthwise_initializer='glorot_uniform', bias_initializer='zeros',
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        super(DepthwiseConv2D, self).__init__(
            filters=1, kernel_size=kernel_size, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate, activation=activation,
            use_bias=use_bias, bias_initializer=bias_initializer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, bias_constraint=bias_constraint, **kwargs)
        self.depth_multiplier = _check_positive_int(depth_multiplier, 'depth_multiplier',
                                                    'DepthwiseConv2D')
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)

    def _add_kernels(self, channels):
        self.filters = channels * self.depth_multiplier
        self.depthwise_kernel = self.add_weight(
            'depthwise_kernel', self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)

    def compute_output_shape(self, input_shape):
        channels = input_shape[self._channel_axis()]
        self.filters = channels * self.depth_multiplier if channels is not None else None
        return super(DepthwiseConv2D, self).compute_output_shape(input_shape)

    def _convolve(self, inputs):
        return K.depthwise_conv2d(inputs, self.depthwise_kernel, self.strides, self.padding,
                                  self.data_format, self.dilation_rate)

    def get_config(self):
        config = super(DepthwiseConv2D, self).get_config()
        for key in ('filters', 'kernel_initializer', 'kernel_regularizer', 'kernel_constraint'):
            config.pop(key)
        config['depth_multiplier'] = self.depth_multiplier
        config.update(serialize_weight_settings(self, ('depthwise',)))
        return config


class _Resize(Layer):
    """Shared body of UpSampling, ZeroPadding and Cropping: a spatial reshaping."""
    rank = None

    def __init__(self, data_format=None, **kwargs):
        super(_Resize, self).__init__(**kwargs)
        self.data_format = 'channels_last' if self.rank == 1 else K.normalize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _spatial_axes(self):
        start = 2 if self.data_format == 'channels_first' else 1
        return list(range(start, start + self.rank))

    def _new_length(self, i, length):
        raise NotImplementedError

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for i, axis in enumerate(self._spatial_axes()):
            shape[axis] = None if shape[axis] is None else self._new_length(i, shape[axis])
        return tuple(shape)

    def get_config(self):
        config = super(_Resize, self).get_config()
        if self.rank > 1:
            config['data_format'] = self.data_format
        return config


class UpSampling1D(_Resize):
    """Upsamples by repeating each step.

    # Arguments
        size: Positive integer, the number of repetitions.
    """
    rank = 1

    @interfaces.legacy_upsampling1d_support
    def __init__(self, size=2, **kwargs):
        super(UpSampling1D, self).__init__(**kwargs)
        self.size = _check_positive_int(size, 'size', 'UpSampling1D')

    def _new_length(self, i, length):
        return length * self.size

    def call(self, inputs):
        return K.repeat_elements(inputs, self.size, axis=1)

    def get_config(self):
        config = super(UpSampling1D, self).get_config()
        config['size'] = self.size
        return config


class UpSampling2D(_Resize):
    """Upsamples rows and columns by integer factors.

    # Arguments
        size: Integer or tuple of 2 integers, the factors for rows and columns.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
        interpolation: `"nearest"` (repeat) or `"bilinear"`.
    """
    rank = 2

    @interfaces.legacy_upsampling2d_support
    def __init__(self, size=(2, 2), data_format=None, interpolation='nearest', **kwargs):
        super(UpSampling2D, self).__init__(data_format, **kwargs)
        self.size = conv_utils.normalize_tuple(size, 2, 'size')
        if interpolation not in ('nearest', 'bilinear'):
            raise ValueError('UpSampling2D: `interpolation` must be "nearest" or "bilinear"; got %r.'
                             % (interpolation,))
        self.interpolation = interpolation

    def _new_length(self, i, length):
        return length * self.size[i]

    def call(self, inputs):
        return K.resize_images(inputs, self.size[0], self.size[1], self.data_format,
                               interpolation=self.interpolation)

    def get_config(self):
        config = super(UpSampling2D, self).get_config()
        config.update({'size': self.size, 'interpolation': self.interpolation})
        return config


class UpSampling3D(_Resize):
    """Upsamples by repeating each cell along the three spatial axes.

    # Arguments
        size: Integer or tuple of 3 integers, the factors.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    rank = 3

    @interfaces.legacy_upsampling3d_support
    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super(UpSampling3D, self).__init__(data_format, **kwargs)
        self.size = conv_utils.normalize_tuple(size, 3, 'size')

    def _new_length(self, i, length):
        return length * self.size[i]

    def call(self, inputs):
        return K.resize_volumes(inputs, self.size[0], self.size[1], self.size[2], self.data_format)

    def get_config(self):
        config = super(UpSampling3D, self).get_config()
        config['size'] = self.size
        return config


def _normalize_pairs(value, rank, name):
    """An int, `rank` ints, or `rank` pairs -> `rank` (before, after) pairs of ints >= 0."""
    def invalid():
        return ValueError('`%s` must be an int, %d ints or %d pairs of non-negative ints; got %r.'
                          % (name, rank, rank, value))

    def is_int(v):
        return isinstance(v, (int, float, np.integer, np.floating)) and \
            not isinstance(v, bool) and float(v).is_integer()

    if is_int(value):
        pairs = ((value, value),) * rank
    elif isinstance(value, (list, tuple)):
        if rank == 1 and len(value) == 2 and all(is_int(v) for v in value):
            pairs = (tuple(value),)
        elif len(value) == rank and all(is_int(v) for v in value):
            pairs = tuple((v, v) for v in value)
        elif len(value) == rank and all(isinstance(v, (list, tuple)) for v in value):
            pairs = tuple(tuple(v) for v in value)
        else:
            raise invalid()
    else:
        raise invalid()
    for pair in pairs:
        if len(pair) != 2 or not all(is_int(v) and v >= 0 for v in pair):
            raise invalid()
    return tuple(tuple(int(v) for v in pair) for pair in pairs)


class _ZeroPadding(_Resize):
    def __init__(self, padding, data_format=None, **kwargs):
        super(_ZeroPadding, self).__init__(data_format, **kwargs)
        self.padding = _normalize_pairs(padding, self.rank, 'padding')

    def _new_length(self, i, length):
        return length + sum(self.padding[i])

    def call(self, inputs):
        if self.rank == 1:
            return K.temporal_padding(inputs, self.padding[0])
        fn = K.spatial_2d_padding if self.rank == 2 else K.spatial_3d_padding
        return fn(inputs, self.padding, self.data_format)

    def get_config(self):
        config = super(_ZeroPadding, self).get_config()
        config['padding'] = self.padding if self.rank > 1 else self.padding[0]
        return config


class ZeroPadding1D(_ZeroPadding):
    """Pads the steps with zeros.

    # Arguments
        padding: Integer (the same at both ends) or a pair of integers (before,
            after), the number of zero steps added.
    """
    rank = 1

    def __init__(self, padding=1, **kwargs):
        super(ZeroPadding1D, self).__init__(padding, **kwargs)


class ZeroPadding2D(_ZeroPadding):
    """Pads rows and columns with zeros.

    # Arguments
        padding: Integer, tuple of 2 integers (rows, columns; the same at both
            ends) or 2 pairs ((top, bottom), (left, right)).
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    rank = 2

    @interfaces.legacy_zeropadding2d_support
    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super(ZeroPadding2D, self).__init__(padding, data_format, **kwargs)


class ZeroPadding3D(_ZeroPadding):
    """Pads the three spatial axes with zeros.

    # Arguments
        padding: Integer, tuple of 3 integers (the same at both ends of each
            axis) or 3 (before, after) pairs.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    rank = 3

    @interfaces.legacy_zeropadding3d_support
    def __init__(self, padding=(1, 1, 1), data_format=None, **kwargs):
        super(ZeroPadding3D, self).__init__(padding, data_format, **kwargs)


class _Cropping(_Resize):
    def __init__(self, cropping, data_format=None, **kwargs):
        super(_Cropping, self).__init__(data_format, **kwargs)
        self.cropping = _normalize_pairs(cropping, self.rank, 'cropping')

    def _new_length(self, i, length):
        # As Keras: a crop may leave nothing of the axis; the layer still
        # builds, and what uses its empty output is what fails. Cropping more
        # than the axis holds is refused.
        if sum(self.cropping[i]) > length:
            raise ValueError('%s: cropping %s removes more than the whole spatial axis %d '
                             '(length %d).' % (self.name, tuple(self.cropping[i]), i + 1,
                                               length))
        return length - sum(self.cropping[i])

    def call(self, inputs):
        shape = K.int_shape(inputs)
        index = [slice(None)] * len(shape)
        for i, axis in enumerate(self._spatial_axes()):
            before, after = self.cropping[i]
            index[axis] = slice(before, -after if after else None)
        return inputs[tuple(index)]

    def get_config(self):
        config = super(_Cropping, self).get_config()
        config['cropping'] = self.cropping if self.rank > 1 else self.cropping[0]
        return config


class Cropping1D(_Cropping):
    """Crops steps at both ends.

    # Arguments
        cropping: Integer or pair of integers (before, after), the number of
            steps removed.
    """
    rank = 1

    def __init__(self, cropping=(1, 1), **kwargs):
        super(Cropping1D, self).__init__(cropping, **kwargs)


class Cropping2D(_Cropping):
    """Crops rows and columns at both ends.

    # Arguments
        cropping: Integer, tuple of 2 integers (rows, columns; the same at both
            ends) or 2 pairs ((top, bottom), (left, right)).
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    rank = 2

    @interfaces.legacy_cropping2d_support
    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super(Cropping2D, self).__init__(cropping, data_format, **kwargs)


class Cropping3D(_Cropping):
    """Crops the three spatial axes at both ends.

    # Arguments
        cropping: Integer, tuple of 3 integers (the same at both ends of each
            axis) or 3 (before, after) pairs.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    rank = 3

    @interfaces.legacy_cropping3d_support
    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super(Cropping3D, self).__init__(cropping, data_format, **kwargs)


Deconvolution2D = Deconv2D = Conv2DTranspose
Deconvolution3D = Deconv3D = Conv3DTranspose
SeparableConvolution1D = SeparableConv1D
SeparableConvolution2D = SeparableConv2D

# Keras 2.3 still offers the pooling layers and the atrous convolutions from
# this module, their Keras 1 home.
from .pooling import (AveragePooling1D, AveragePooling2D, AveragePooling3D,  # noqa: E402,F401
                      MaxPooling1D, MaxPooling2D, MaxPooling3D)
from ..legacy.layers import AtrousConvolution1D, AtrousConvolution2D  # noqa: E402,F401
