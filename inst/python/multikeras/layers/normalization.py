"""BatchNormalization."""
from .. import backend as K
from .. import initializers, regularizers, constraints
from ..engine.base_layer import Layer, InputSpec
from ..legacy import interfaces


class BatchNormalization(Layer):
    """Normalizes activations over the batch in training; uses moving averages at inference.

    # Arguments
        axis: Integer, the features axis (-1 for channels_last, 1 for
            channels_first).
        momentum: Momentum of the moving mean and variance.
        epsilon: Small float added to the variance to avoid dividing by zero.
        center: Whether to add a learned offset `beta`.
        scale: Whether to multiply by a learned scale `gamma`.
        beta_initializer: Initializer of `beta`.
        gamma_initializer: Initializer of `gamma`.
        moving_mean_initializer: Initializer of the moving mean.
        moving_variance_initializer: Initializer of the moving variance.
        beta_regularizer: Regularizer of `beta`.
        gamma_regularizer: Regularizer of `gamma`.
        beta_constraint: Constraint on `beta`.
        gamma_constraint: Constraint on `gamma`.
    """

    @interfaces.legacy_batchnorm_support
    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer='zeros', gamma_initializer='ones',
                 moving_mean_initializer='zeros', moving_variance_initializer='ones',
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, **kwargs):
        super(BatchNormalization, self).__init__(**kwargs)
        if not 0. <= momentum <= 1.:
            raise ValueError('BatchNormalization: `momentum` must be in [0, 1]; got %r.' % (momentum,))
        self.axis = int(axis)
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True

    def build(self, input_shape):
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError('BatchNormalization: axis %d of the input shape %s must be known.'
                             % (self.axis, input_shape))
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: dim})
        shape = (dim,)
        self.gamma = self.add_weight('gamma', shape, initializer=self.gamma_initializer,
                                     regularizer=self.gamma_regularizer,
                                     constraint=self.gamma_constraint) if self.scale else None
        self.beta = self.add_weight('beta', shape, initializer=self.beta_initializer,
                                    regularizer=self.beta_regularizer,
                                    constraint=self.beta_constraint) if self.center else None
        self.moving_mean = self.add_weight('moving_mean', shape,
                                           initializer=self.moving_mean_initializer,
                                           trainable=False)
        self.moving_variance = self.add_weight('moving_variance', shape,
                                               initializer=self.moving_variance_initializer,
                                               trainable=False)
        self.built = True

    def call(self, inputs, training=None):
        shape = K.int_shape(inputs)
        ndim = len(shape)
        axis = self.axis % ndim
        reduction_axes = [i for i in range(ndim) if i != axis]
        broadcast = [1] * ndim
        broadcast[axis] = shape[axis]

        def reshape(v):
            if v is None or reduction_axes == list(range(ndim - 1)):
                return v
            return K.reshape(v, broadcast)

        def inference():
            return K.batch_normalization(inputs, reshape(self.moving_mean),
                                         reshape(self.moving_variance), reshape(self.beta),
                                         reshape(self.gamma), axis=self.axis, epsilon=self.epsilon)

        if training in (0, False):
            return inference()
        normed, mean, variance = K.normalize_batch_in_training(
            inputs, self.gamma, self.beta, reduction_axes, epsilon=self.epsilon)
        sample_size = 1
        for a in reduction_axes:
            sample_size = sample_size * K.shape(inputs)[a]
        sample_size = K.cast(sample_size, K.dtype(inputs))
        unbiased = variance * sample_size / (sample_size - (1.0 + self.epsilon))
        self.add_update([K.moving_average_update(self.moving_mean, mean, self.momentum),
                         K.moving_average_update(self.moving_variance, unbiased, self.momentum)],
                        inputs)
        return K.in_train_phase(normed, inference, training=training)

    def get_config(self):
        config = super(BatchNormalization, self).get_config()
        config.update({
            'axis': self.axis, 'momentum': self.momentum, 'epsilon': self.epsilon,
            'center': self.center, 'scale': self.scale,
            'beta_initializer': initializers.serialize(self.beta_initializer),
            'gamma_initializer': initializers.serialize(self.gamma_initializer),
            'moving_mean_initializer': initializers.serialize(self.moving_mean_initializer),
            'moving_variance_initializer': initializers.serialize(self.moving_variance_initializer),
            'beta_regularizer': regularizers.serialize(self.beta_regularizer),
            'gamma_regularizer': regularizers.serialize(self.gamma_regularizer),
            'beta_constraint': constraints.serialize(self.beta_constraint),
            'gamma_constraint': constraints.serialize(self.gamma_constraint)})
        return config
