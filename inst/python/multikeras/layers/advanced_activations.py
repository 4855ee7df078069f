"""Activation layers with parameters: LeakyReLU, PReLU, ELU, ThresholdedReLU, Softmax, ReLU."""
from .. import backend as K
from .. import initializers, regularizers, constraints
from ..engine.base_layer import Layer, InputSpec
from ..legacy import interfaces


class LeakyReLU(Layer):
    """Leaky ReLU: `x` for x > 0, `alpha * x` otherwise.

    # Arguments
        alpha: Float >= 0, the slope below 0.
    """

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
    """Parametric ReLU: a leaky ReLU whose slopes below 0 are learned weights.

    # Arguments
        alpha_initializer: Initializer of the slopes.
        alpha_regularizer: Regularizer of the slopes.
        alpha_constraint: Constraint on the slopes.
        shared_axes: Axes (numbered from 1, the batch axis being 0) along which
            one slope is shared, e.g. `[1, 2]` for one slope per channel of
            channels_last images.
    """

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
    """Exponential linear unit: `x` for x > 0, `alpha * (exp(x) - 1)` otherwise.

    # Arguments
        alpha: Float, the scale of the negative part.
    """

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
    """Thresholded ReLU: `x` for x > theta, 0 otherwise.

    # Arguments
        theta: Float >= 0, the threshold.
    """

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
    """Softmax activation.

    # Arguments
        axis: Integer, the axis the softmax normalizes over.
    """

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
    """Rectified linear unit with an optional cap, slope and threshold.

    `max_value` for x >= max_value, `x` for threshold <= x < max_value,
    `negative_slope * (x - threshold)` otherwise.

    # Arguments
        max_value: Float >= 0, the largest output (None: no cap).
        negative_slope: Float >= 0, the slope below the threshold.
        threshold: Float, the threshold.
    """

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
