"""Regularisation by noise, active only in training."""
import numpy as np

from .. import backend as K
from ..engine.base_layer import Layer
from ..legacy import interfaces


def _check_rate(value, name, layer):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError('%s: `%s` must be a non-negative number; got %r.' % (layer, name, value))
    return float(value)


class GaussianNoise(Layer):
    """Adds zero-centred Gaussian noise in training (identity otherwise).

    # Arguments
        stddev: Float, the standard deviation of the noise.
    """

    @interfaces.legacy_gaussiannoise_support
    def __init__(self, stddev, **kwargs):
        super(GaussianNoise, self).__init__(**kwargs)
        self.stddev = _check_rate(stddev, 'stddev', 'GaussianNoise')
        self.supports_masking = True

    def call(self, inputs, training=None):
        return K.in_train_phase(
            lambda: inputs + K.random_normal(K.shape(inputs), 0., self.stddev, K.dtype(inputs)),
            inputs, training=training)

    def get_config(self):
        config = super(GaussianNoise, self).get_config()
        config['stddev'] = self.stddev
        return config


class GaussianDropout(Layer):
    """Multiplies by 1-centred Gaussian noise in training (identity otherwise).

    # Arguments
        rate: Float in [0, 1), the drop probability: the noise has variance
            `rate / (1 - rate)`.
    """

    @interfaces.legacy_gaussiandropout_support
    def __init__(self, rate, **kwargs):
        super(GaussianDropout, self).__init__(**kwargs)
        self.rate = _check_rate(rate, 'rate', 'GaussianDropout')
        if self.rate >= 1:
            raise ValueError('GaussianDropout: `rate` must be below 1; got %r.' % (rate,))
        self.supports_masking = True

    def call(self, inputs, training=None):
        if self.rate <= 0:
            return inputs
        stddev = np.sqrt(self.rate / (1. - self.rate))
        return K.in_train_phase(
            lambda: inputs * K.random_normal(K.shape(inputs), 1., stddev, K.dtype(inputs)),
            inputs, training=training)

    def get_config(self):
        config = super(GaussianDropout, self).get_config()
        config['rate'] = self.rate
        return config


class AlphaDropout(Layer):
    """Dropout that keeps the mean and variance of self-normalising (SELU) inputs.

    # Arguments
        rate: Float in [0, 1), the drop probability.
        noise_shape: Shape of the binary drop mask (1 where it is shared), or
            None for the input's shape.
        seed: Integer, the random seed.
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super(AlphaDropout, self).__init__(**kwargs)
        self.rate = _check_rate(rate, 'rate', 'AlphaDropout')
        if self.rate >= 1:
            raise ValueError('AlphaDropout: `rate` must be below 1; got %r.' % (rate,))
        self.noise_shape = noise_shape
        self.seed = seed
        self.supports_masking = True

    def call(self, inputs, training=None):
        if not 0. < self.rate < 1.:
            return inputs
        alpha_p = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946
        keep = 1. - self.rate
        a = (keep + alpha_p ** 2 * keep * self.rate) ** -0.5
        b = -a * alpha_p * self.rate

        def dropped():
            shape = self.noise_shape or K.shape(inputs)
            kept = K.cast(K.greater_equal(K.random_uniform(shape, seed=self.seed), self.rate),
                          K.dtype(inputs))
            return a * (inputs * kept + alpha_p * (1. - kept)) + b
        return K.in_train_phase(dropped, inputs, training=training)

    def get_config(self):
        config = super(AlphaDropout, self).get_config()
        config.update({'rate': self.rate, 'noise_shape': self.noise_shape, 'seed': self.seed})
        return config
