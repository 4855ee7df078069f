"""Keras 1 layers that Keras 2.3 still offers: the atrous convolutions, as functions
returning their Keras 2 form, and the deprecated Highway and MaxoutDense layers."""
import warnings

from .. import backend as K
from ..engine.base_layer import Layer, InputSpec, _check_positive_int


def _atrous(conv_class, args, kwargs):
    kwargs = dict(kwargs)
    kwargs['dilation_rate'] = kwargs.pop('atrous_rate', 1)
    name = 'AtrousConvolution%dD' % conv_class.rank
    warnings.warn('The `%s` layer has been deprecated. Use instead the `%s` layer with the '
                  '`dilation_rate` argument.' % (name, conv_class.__name__), stacklevel=3)
    return conv_class(*args, **kwargs)


def AtrousConvolution1D(*args, **kwargs):
    """A `Conv1D` whose `atrous_rate` is its `dilation_rate` (Keras 1's dilated convolution)."""
    from ..layers.convolutional import Conv1D
    return _atrous(Conv1D, args, kwargs)


def AtrousConvolution2D(*args, **kwargs):
    """A `Conv2D` whose `atrous_rate` is its `dilation_rate` (Keras 1's dilated convolution)."""
    from ..layers.convolutional import Conv2D
    return _atrous(Conv2D, args, kwargs)


def _deprecated(name):
    warnings.warn('The `%s` layer is deprecated (as in Keras 2.3) and will be removed.' % name,
                  stacklevel=3)


def _legacy_kwargs(weights, input_dim, kwargs):
    """Layer keywords from Keras 1's `weights` and `input_dim`."""
    if weights is not None:
        kwargs['weights'] = weights
    if input_dim and 'input_shape' not in kwargs and 'batch_input_shape' not in kwargs:
        kwargs['input_shape'] = (input_dim,)
    return kwargs


def _legacy_config(layer):
    from .. import activations, initializers, regularizers, constraints
    return {'init': initializers.serialize(layer.init),
            'W_regularizer': regularizers.serialize(layer.W_regularizer),
            'b_regularizer': regularizers.serialize(layer.b_regularizer),
            'activity_regularizer': regularizers.serialize(layer.activity_regularizer),
            'W_constraint': constraints.serialize(layer.W_constraint),
            'b_constraint': constraints.serialize(layer.b_constraint),
            'bias': layer.bias, 'input_dim': layer.input_dim}


class _LegacyDense(Layer):
    """Keras 1 arguments shared by Highway and MaxoutDense (deprecated layers)."""

    def __init__(self, init='glorot_uniform', weights=None, W_regularizer=None,
                 b_regularizer=None, activity_regularizer=None, W_constraint=None,
                 b_constraint=None, bias=True, input_dim=None, **kwargs):
        from .. import initializers, regularizers, constraints
        _deprecated(self.__class__.__name__)
        super(_LegacyDense, self).__init__(**_legacy_kwargs(weights, input_dim, kwargs))
        self.init = initializers.get(init)
        self.W_regularizer = regularizers.get(W_regularizer)
        self.b_regularizer = regularizers.get(b_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.W_constraint = constraints.get(W_constraint)
        self.b_constraint = constraints.get(b_constraint)
        self.bias = bool(bias)
        self.input_dim = input_dim

    def _input_dim(self, input_shape):
        if len(input_shape) != 2 or input_shape[1] is None:
            raise ValueError('%s takes (batch, features) inputs with a known number of features; '
                             'got shape %s.' % (self.__class__.__name__, tuple(input_shape)))
        self.input_spec = InputSpec(ndim=2, axes={-1: input_shape[1]})
        return input_shape[1]

    def _add(self, name, shape, initializer, regularizer, constraint):
        return self.add_weight(name, shape, initializer=initializer, regularizer=regularizer,
                               constraint=constraint)


class Highway(_LegacyDense):
    """Highway layer (Srivastava et al. 2015), Keras 1's: `t * activation(x W + b) +
    (1 - t) * x` with the transform gate `t = sigmoid(x W_carry + b_carry)`.

    # Arguments
        init: initializer of `W` and `W_carry`.
        activation: activation of the transform (default linear).
        weights: initial weights, `[W, W_carry, b, b_carry]` (without the biases
            when `bias=False`).
        W_regularizer: regularizer of `W`.
        b_regularizer: regularizer of `b`.
        activity_regularizer: regularizer of the output.
        W_constraint: constraint on `W`.
        b_constraint: constraint on `b`.
        bias: whether to use the biases `b` and `b_carry`.
        input_dim: the number of features (first layer only).
    """

    def __init__(self, init='glorot_uniform', activation=None, weights=None, W_regularizer=None,
                 b_regularizer=None, activity_regularizer=None, W_constraint=None,
                 b_constraint=None, bias=True, input_dim=None, **kwargs):
        from .. import activations
        if 'transform_bias' in kwargs:
            kwargs.pop('transform_bias')
            warnings.warn('`transform_bias` of Highway is gone (as in Keras 2.3): the carry '
                          'bias starts at ones; use a bias initializer instead.', stacklevel=2)
        super(Highway, self).__init__(init, weights, W_regularizer, b_regularizer,
                                      activity_regularizer, W_constraint, b_constraint, bias,
                                      input_dim, **kwargs)
        self.activation = activations.get(activation)

    def build(self, input_shape):
        dim = self._input_dim(input_shape)
        self.W = self._add('W', (dim, dim), self.init, self.W_regularizer, self.W_constraint)
        self.W_carry = self._add('W_carry', (dim, dim), self.init, None, None)
        if self.bias:
            self.b = self._add('b', (dim,), 'zeros', self.b_regularizer, self.b_constraint)
            self.b_carry = self._add('b_carry', (dim,), 'ones', None, None)
        else:
            self.b = self.b_carry = None
        self.built = True

    def call(self, inputs):
        carry = K.dot(inputs, self.W_carry)
        transform = K.dot(inputs, self.W)
        if self.bias:
            carry = K.bias_add(carry, self.b_carry)
            transform = K.bias_add(transform, self.b)
        gate = K.sigmoid(carry)
        return gate * self.activation(transform) + (1. - gate) * inputs

    def get_config(self):
        from .. import activations
        config = super(Highway, self).get_config()
        config.update(_legacy_config(self))
        config['activation'] = activations.serialize(self.activation)
        return config


class MaxoutDense(_LegacyDense):
    """Maxout layer (Goodfellow et al. 2013), Keras 1's: the largest of `nb_feature`
    linear maps `x W[k] + b[k]`, element by element; no activation.

    # Arguments
        output_dim: the number of output features.
        nb_feature: the number of linear maps to take the maximum of.
        init: initializer of `W`.
        weights: initial weights, `[W, b]` (`[W]` when `bias=False`).
        W_regularizer: regularizer of `W`.
        b_regularizer: regularizer of `b`.
        activity_regularizer: regularizer of the output.
        W_constraint: constraint on `W`.
        b_constraint: constraint on `b`.
        bias: whether to use the bias `b`.
        input_dim: the number of features (first layer only).
    """

    def __init__(self, output_dim, nb_feature=4, init='glorot_uniform', weights=None,
                 W_regularizer=None, b_regularizer=None, activity_regularizer=None,
                 W_constraint=None, b_constraint=None, bias=True, input_dim=None, **kwargs):
        super(MaxoutDense, self).__init__(init, weights, W_regularizer, b_regularizer,
                                          activity_regularizer, W_constraint, b_constraint, bias,
                                          input_dim, **kwargs)
        self.output_dim = _check_positive_int(output_dim, 'output_dim', 'MaxoutDense')
        self.nb_feature = _check_positive_int(nb_feature, 'nb_feature', 'MaxoutDense')

    def build(self, input_shape):
        dim = self._input_dim(input_shape)
        self.W = self._add('W', (self.nb_feature, dim, self.output_dim), self.init,
                           self.W_regularizer, self.W_constraint)
        self.b = self._add('b', (self.nb_feature, self.output_dim), 'zeros', self.b_regularizer,
                           self.b_constraint) if self.bias else None
        self.built = True

    def call(self, inputs):
        # The nb_feature maps side by side: (features, nb_feature * output_dim).
        kernel = K.reshape(K.permute_dimensions(self.W, (1, 0, 2)),
                           (-1, self.nb_feature * self.output_dim))
        z = K.dot(inputs, kernel)
        if self.bias:
            z = K.bias_add(z, K.reshape(self.b, (-1,)))
        return K.max(K.reshape(z, (-1, self.nb_feature, self.output_dim)), axis=1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.output_dim)

    def get_config(self):
        config = super(MaxoutDense, self).get_config()
        config.update({'output_dim': self.output_dim, 'nb_feature': self.nb_feature})
        config.update(_legacy_config(self))
        return config
