"""Activation layers with parameters: LeakyReLU, PReLU, ELU, ThresholdedReLU, Softmax, ReLU."""
from .. import backend as K
from .. import initializers, regularizers, constraints
from ..engine.base_layer import Layer, InputSpec
from ..legacy import interfaces


class LeakyReLU(Layer):
    """`x` for x > 0, `alpha * x` otherwise."""

    def __init__(self, alpha=0.3, **kwargs):
        super(LeakyReLU, self).__init__(**kwargs)
        self.alpha = float(alpha)
        self.supports_masking = True

    def call(self, inputs):
        return K.relu(inputs, alpha=self.alpha)

    def get_config(self):
        config = super(LeakyReLU, self).get_config()
        config['alpha'] = self.alpha
        return config


class PReLU(Layer):
    """Leaky ReLU whose slopes are learned weights (shared along `shared_axes`, 1-based)."""

    @interfaces.legacy_prelu_support
    def __init__(self, alpha_initializer='zeros', alpha_regularizer=None, alpha_constraint=None,
                 shared_axes=None, **kwargs):
        super(PReLU, self).__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif isinstance(shared_axes, (list, tuple)):
            self.shared_axes = list(shared_axes)
        else:
            self.shared_axes = [shared_axes]
        self.supports_masking = True

    def build(self, input_shape):
        shape = list(input_shape[1:])
        for axis in self.shared_axes or []:
            shape[axis - 1] = 1
        self.alpha = self.add_weight('alpha', tuple(shape), initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer,
                                     constraint=self.alpha_constraint)
        self.input_spec = InputSpec(ndim=len(input_shape))
        self.built = True

    def call(self, inputs):
        return K.relu(inputs) - self.alpha * K.relu(-inputs)

    def get_config(self):
        config = super(PReLU, self).get_config()
        config.update({'alpha_initializer': initializers.serialize(self.alpha_initializer),
                       'alpha_regularizer': regularizers.serialize(self.alpha_regularizer),
                       'alpha_constraint': constraints.serialize(self.alpha_constraint),
                       'shared_axes': self.shared_axes})
        return config


class ELU(Layer):
    """`x` for x > 0, `alpha * (exp(x) - 1)` otherwise."""

    def __init__(self, alpha=1.0, **kwargs):
        super(ELU, self).__init__(**kwargs)
        self.alpha = float(alpha)
        self.supports_masking = True

    def call(self, inputs):
        return K.elu(inputs, self.alpha)

    def get_config(self):
        config = super(ELU, self).get_config()
        config['alpha'] = self.alpha
        return config


class ThresholdedReLU(Layer):
    """`x` for x > theta, 0 otherwise."""

    def __init__(self, theta=1.0, **kwargs):
        super(ThresholdedReLU, self).__init__(**kwargs)
        self.theta = float(theta)
        self.supports_masking = True

    def call(self, inputs):
        return inputs * K.cast(K.greater(inputs, self.theta), K.dtype(inputs))

    def get_config(self):
        config = super(ThresholdedReLU, self).get_config()
        config['theta'] = self.theta
        return config


class Softmax(Layer):
    """Softmax along `axis`."""

    def __init__(self, axis=-1, **kwargs):
        super(Softmax, self).__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True

    def call(self, inputs):
        return K.softmax(inputs, axis=self.axis)

    def get_config(self):
        config = super(Softmax, self).get_config()
        config['axis'] = self.axis
        return config


class ReLU(Layer):
    """ReLU with an optional cap (`max_value`), slope below threshold and threshold."""

    def __init__(self, max_value=None, negative_slope=0., threshold=0., **kwargs):
        super(ReLU, self).__init__(**kwargs)
        if max_value is not None and max_value < 0.:
            raise ValueError('ReLU: `max_value` must be >= 0; got %r.' % (max_value,))
        if negative_slope < 0.:
            raise ValueError('ReLU: `negative_slope` must be >= 0; got %r.' % (negative_slope,))
        self.max_value = None if max_value is None else float(max_value)
        self.negative_slope = float(negative_slope)
        self.threshold = float(threshold)
        self.supports_masking = True

    def call(self, inputs):
        return K.relu(inputs, alpha=self.negative_slope, max_value=self.max_value,
                      threshold=self.threshold)

    def get_config(self):
        config = super(ReLU, self).get_config()
        config.update({'max_value': self.max_value, 'negative_slope': self.negative_slope,
                       'threshold': self.threshold})
        return config
