"""Optimizers: build the weight updates of one training step, through `K` only."""
import numpy as np

from . import backend as K
from .utils.generic_utils import serialize_keras_object, deserialize_keras_object
from .legacy import interfaces


class Optimizer(object):
    """Base class. Subclasses implement `get_updates(loss, params)`.

    # Arguments
        clipnorm: clip each gradient to this L2 norm.
        clipvalue: clip each gradient element to [-clipvalue, clipvalue].
    """

    def __init__(self, **kwargs):
        allowed = {'clipnorm', 'clipvalue'}
        for key in kwargs:
            if key not in allowed:
                raise TypeError('Unexpected keyword argument passed to optimizer: %s' % key)
        self.__dict__.update(kwargs)
        self.updates = []
        self.weights = []

    def _make_variables(self):
        """Create the optimizer's own variables on the active backend."""
        raise NotImplementedError

    def get_gradients(self, loss, params):
        """The gradients of `loss` with respect to `params`, clipped as configured.

        # Raises
            ValueError: when no gradient reaches any of `params` (the loss does
                not depend on them through differentiable operations).
        """
        grads = K.gradients(loss, params)
        if params and all(getattr(g, '_keras_disconnected', False) for g in grads):
            raise ValueError('An operation has `None` for gradient: the loss does not depend on '
                             'any of the %d trainable weights through differentiable operations, '
                             'so training cannot change them. Make sure all the operations '
                             'between the weights and the loss have a gradient defined (i.e. '
                             'are differentiable). Common ops without gradient: K.argmax, '
                             'K.round, K.eval, casts to integers.' % len(params))
        if getattr(self, 'clipnorm', None):
            norm = K.sqrt(sum(K.sum(K.square(g)) for g in grads))
            grads = [clip_norm(g, self.clipnorm, norm) for g in grads]
        if getattr(self, 'clipvalue', None):
            grads = [K.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def _apply_constraint(self, p, new_p):
        constraint = getattr(p, 'constraint', None)
        return constraint(new_p) if constraint is not None else new_p

    def get_weights(self):
        return K.batch_get_value(self.weights)

    def set_weights(self, weights):
        if len(weights) != len(self.weights):
            raise ValueError('Optimizer weights do not match: expected %d arrays, got %d.'
                             % (len(self.weights), len(weights)))
        K.batch_set_value(list(zip(self.weights, weights)))

    def _base_config(self):
        config = {}
        for key in ('clipnorm', 'clipvalue'):
            if hasattr(self, key):
                config[key] = getattr(self, key)
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def clip_norm(g, c, n):
    """The gradient `g` scaled down by `c / n` when the norm `n` exceeds `c`.

    # Arguments
        g: a gradient tensor.
        c: the largest norm allowed (`g` is returned as is when `c <= 0`).
        n: the norm measured (a scalar tensor; of all gradients together for
            `clipnorm`).

    # Returns
        The clipped gradient.
    """
    if c <= 0:
        return g
    return g * K.minimum(1., c / K.maximum(n, K.epsilon()))


class TFOptimizer(Optimizer):
    """A TensorFlow optimizer used as a Keras optimizer: a `tf.compat.v1.train.Optimizer`
    or a graph-mode tf.keras optimizer (`tf.keras.optimizers.legacy.*`).

    TensorFlow backend only. Its state lives in TensorFlow: it has no config
    (a model saved with it is saved without its training config, as Keras
    does) and no weights to read or set.

    # Arguments
        optimizer: the TensorFlow optimizer, e.g.
            `tf.compat.v1.train.GradientDescentOptimizer(0.1)`.

    # Raises
        ValueError: when the active backend is not TensorFlow.
    """

    def __init__(self, optimizer):
        if K.backend() != 'tensorflow':
            raise ValueError('TFOptimizer wraps a TensorFlow optimizer, which needs the '
                             'tensorflow backend; the active backend is %r. Use a Keras '
                             'optimizer (e.g. optimizers.SGD) instead.' % K.backend())
        super(TFOptimizer, self).__init__()
        self.optimizer = optimizer

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        self.iterations = K.variable(0, dtype='int64', name='iterations')
        self.updates = [K.update_add(self.iterations, 1)] + \
            K.tf_optimizer_updates(self.optimizer, loss, params)
        return self.updates

    def get_config(self):
        raise NotImplementedError('TFOptimizer has no config: the state of a TensorFlow '
                                  'optimizer cannot be read back.')


def _learning_rate(lr, learning_rate, default):
    value = learning_rate if learning_rate is not None else (lr if lr is not None else default)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) or value < 0:
        raise ValueError('The learning rate `lr` must be a non-negative number; got %r.' % (value,))
    return float(value)


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum, decay and Nesterov momentum.

    Further keyword arguments: `clipnorm` and `clipvalue`, as for every optimizer.

    # Arguments
        lr: Float >= 0, the learning rate (default 0.01; Keras 2.3's older name of
            `learning_rate`).
        momentum: Float >= 0, the momentum of the updates.
        decay: Float >= 0, the learning rate decay per update:
            `lr / (1 + decay * iterations)`.
        nesterov: Whether to apply Nesterov momentum.
        learning_rate: Float >= 0, the learning rate (wins over `lr`).
    """

    def __init__(self, lr=None, momentum=0., decay=0., nesterov=False, learning_rate=None, **kwargs):
        super(SGD, self).__init__(**kwargs)
        self.initial_lr = _learning_rate(lr, learning_rate, 0.01)
        if momentum < 0:
            raise ValueError('SGD: `momentum` must be >= 0; got %r.' % (momentum,))
        self.initial_momentum = float(momentum)
        self.initial_decay = float(decay)
        self.nesterov = bool(nesterov)

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        grads = self.get_gradients(loss, params)
        self.iterations = K.variable(0, dtype='int64', name='iterations')
        self.lr = K.variable(self.initial_lr, name='lr')
        self.momentum = K.variable(self.initial_momentum, name='momentum')
        self.decay = K.variable(self.initial_decay, name='decay')
        self.updates = [K.update_add(self.iterations, 1)]
        lr = self.lr
        if self.initial_decay > 0:
            lr = lr * (1. / (1. + self.decay * K.cast(self.iterations, K.dtype(self.decay))))
        use_momentum = self.initial_momentum != 0 or self.nesterov
        moments = [K.zeros(K.int_shape(p), dtype=K.dtype(p)) for p in params] if use_momentum else []
        self.weights = [self.iterations] + moments
        # A backend may apply `p - lr g` in one kernel (None: it cannot for this p, g, lr).
        fused_update = getattr(K, '_fused_sgd_update', None)
        for i, (p, g) in enumerate(zip(params, grads)):
            fused = fused_update(p, g, lr) if fused_update is not None and not use_momentum \
                and getattr(p, 'constraint', None) is None else None
            if fused is not None:
                self.updates.append(fused)
                continue
            if use_momentum:
                m = moments[i]
                v = self.momentum * m - lr * g
                self.updates.append(K.update(m, v))
                new_p = p + self.momentum * v - lr * g if self.nesterov else p + v
            else:
                new_p = p - lr * g
            self.updates.append(K.update(p, self._apply_constraint(p, new_p)))
        return self.updates

    def get_config(self):
        config = self._base_config()
        config.update({'lr': self.initial_lr, 'momentum': self.initial_momentum,
                       'decay': self.initial_decay, 'nesterov': self.nesterov})
        return config


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2014), with the optional AMSGrad variant.

    Further keyword arguments: `clipnorm` and `clipvalue`, as for every optimizer.

    # Arguments
        lr: Float >= 0, the learning rate (default 0.001; Keras 2.3's older name of
            `learning_rate`).
        beta_1: Float in [0, 1), the decay of the first moment estimates.
        beta_2: Float in [0, 1), the decay of the second moment estimates.
        epsilon: Float >= 0, a fuzz factor (default: `K.epsilon()`).
        decay: Float >= 0, the learning rate decay per update:
            `lr / (1 + decay * iterations)`.
        amsgrad: Whether to use AMSGrad (the largest second moment so far).
        learning_rate: Float >= 0, the learning rate (wins over `lr`).
    """

    def __init__(self, lr=None, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.,
                 amsgrad=False, learning_rate=None, **kwargs):
        super(Adam, self).__init__(**kwargs)
        self.initial_lr = _learning_rate(lr, learning_rate, 0.001)
        for arg, value in (('beta_1', beta_1), ('beta_2', beta_2)):
            if not 0. <= value < 1.:
                raise ValueError('Adam: `%s` must be in [0, 1); got %r.' % (arg, value))
        self.beta_1_value, self.beta_2_value = float(beta_1), float(beta_2)
        self.epsilon = float(epsilon) if epsilon is not None else K.epsilon()
        self.initial_decay = float(decay)
        self.amsgrad = bool(amsgrad)

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        grads = self.get_gradients(loss, params)
        self.iterations = K.variable(0, dtype='int64', name='iterations')
        self.lr = K.variable(self.initial_lr, name='lr')
        self.beta_1 = K.variable(self.beta_1_value, name='beta_1')
        self.beta_2 = K.variable(self.beta_2_value, name='beta_2')
        self.decay = K.variable(self.initial_decay, name='decay')
        self.updates = [K.update_add(self.iterations, 1)]
        lr = self.lr
        t = K.cast(self.iterations, K.floatx()) + 1
        if self.initial_decay > 0:
            lr = lr * (1. / (1. + self.decay * (t - 1)))
        lr_t = lr * (K.sqrt(1. - K.pow(self.beta_2, t)) / (1. - K.pow(self.beta_1, t)))
        ms = [K.zeros(K.int_shape(p), dtype=K.dtype(p)) for p in params]
        vs = [K.zeros(K.int_shape(p), dtype=K.dtype(p)) for p in params]
        vhats = [K.zeros(K.int_shape(p), dtype=K.dtype(p)) for p in params] if self.amsgrad else []
        self.weights = [self.iterations] + ms + vs + vhats
        fused_update = getattr(K, '_fused_adam_update', None)
        for i, (p, g) in enumerate(zip(params, grads)):
            if fused_update is not None and not self.amsgrad and \
                    getattr(p, 'constraint', None) is None:
                self.updates.append(fused_update(p, g, ms[i], vs[i], lr, self.beta_1,
                                                 self.beta_2, t, self.epsilon))
                continue
            m_t = self.beta_1 * ms[i] + (1. - self.beta_1) * g
            v_t = self.beta_2 * vs[i] + (1. - self.beta_2) * K.square(g)
            if self.amsgrad:
                vhat_t = K.maximum(vhats[i], v_t)
                new_p = p - lr_t * m_t / (K.sqrt(vhat_t) + self.epsilon)
                self.updates.append(K.update(vhats[i], vhat_t))
            else:
                new_p = p - lr_t * m_t / (K.sqrt(v_t) + self.epsilon)
            self.updates.append(K.update(ms[i], m_t))
            self.updates.append(K.update(vs[i], v_t))
            self.updates.append(K.update(p, self._apply_constraint(p, new_p)))
        return self.updates

    def get_config(self):
        config = self._base_config()
        config.update({'lr': self.initial_lr, 'beta_1': self.beta_1_value,
                       'beta_2': self.beta_2_value, 'epsilon': self.epsilon,
                       'decay': self.initial_decay, 'amsgrad': self.amsgrad})
        return config


class RMSprop(Optimizer):
    """RMSProp: divides the gradient by a running average of its magnitude.

    Further keyword arguments: `clipnorm` and `clipvalue`, as for every optimizer.

    # Arguments
        lr: Float >= 0, the learning rate (default 0.001; Keras 2.3's older name of
            `learning_rate`).
        rho: Float >= 0, the decay of the running average of squared gradients.
        epsilon: Float >= 0, a fuzz factor (default: `K.epsilon()`).
        decay: Float >= 0, the learning rate decay per update:
            `lr / (1 + decay * iterations)`.
        learning_rate: Float >= 0, the learning rate (wins over `lr`).
    """

    def __init__(self, lr=None, rho=0.9, epsilon=None, decay=0., learning_rate=None, **kwargs):
        super(RMSprop, self).__init__(**kwargs)
        self.initial_lr = _learning_rate(lr, learning_rate, 0.001)
        self.rho_value = float(rho)
        self.epsilon = float(epsilon) if epsilon is not None else K.epsilon()
        self.initial_decay = float(decay)

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        grads = self.get_gradients(loss, params)
        self.iterations = K.variable(0, dtype='int64', name='iterations')
        self.lr = K.variable(self.initial_lr, name='lr')
        self.rho = K.variable(self.rho_value, name='rho')
        self.decay = K.variable(self.initial_decay, name='decay')
        self.updates = [K.update_add(self.iterations, 1)]
        lr = self.lr
        if self.initial_decay > 0:
            lr = lr * (1. / (1. + self.decay * K.cast(self.iterations, K.floatx())))
        accumulators = [K.zeros(K.int_shape(p), dtype=K.dtype(p)) for p in params]
        self.weights = [self.iterations] + accumulators
        for p, g, a in zip(params, grads, accumulators):
            new_a = self.rho * a + (1. - self.rho) * K.square(g)
            self.updates.append(K.update(a, new_a))
            new_p = p - lr * g / (K.sqrt(new_a) + self.epsilon)
            self.updates.append(K.update(p, self._apply_constraint(p, new_p)))
        return self.updates

    def get_config(self):
        config = self._base_config()
        config.update({'lr': self.initial_lr, 'rho': self.rho_value, 'epsilon': self.epsilon,
                       'decay': self.initial_decay})
        return config


class _Adaptive(Optimizer):
    """Shared set-up of the optimizers below: iterations, lr and its decay.

    # Arguments
        lr: The learning rate given under Keras 2.3's older name, or None.
        learning_rate: The learning rate, or None.
        default_lr: The learning rate when neither is given.
        epsilon: Float >= 0, a fuzz factor (default: `K.epsilon()`).
        decay: Float >= 0, the learning rate decay per update:
            `lr / (1 + decay * iterations)`.
    """

    def __init__(self, lr, learning_rate, default_lr, epsilon, decay, **kwargs):
        super(_Adaptive, self).__init__(**kwargs)
        self.initial_lr = _learning_rate(lr, learning_rate, default_lr)
        self.epsilon = float(epsilon) if epsilon is not None else K.epsilon()
        self.initial_decay = float(decay)

    def _start(self, params, slots):
        """Create the step counter, lr and `slots` zero accumulators per parameter."""
        self.iterations = K.variable(0, dtype='int64', name='iterations')
        self.lr = K.variable(self.initial_lr, name='lr')
        self.decay = K.variable(self.initial_decay, name='decay')
        self.updates = [K.update_add(self.iterations, 1)]
        accumulators = [[K.zeros(K.int_shape(p), dtype=K.dtype(p)) for p in params]
                        for _ in range(slots)]
        self.weights = [self.iterations] + [a for group in accumulators for a in group]
        lr = self.lr
        if self.initial_decay > 0:
            lr = lr * (1. / (1. + self.decay * K.cast(self.iterations, K.floatx())))
        return lr, accumulators

    def _base_config(self):
        config = super(_Adaptive, self)._base_config()
        config.update({'lr': self.initial_lr, 'epsilon': self.epsilon,
                       'decay': self.initial_decay})
        return config


class Adagrad(_Adaptive):
    """Adagrad: per-parameter learning rates scaled by the sum of past squared gradients.

    Further keyword arguments: `clipnorm` and `clipvalue`, as for every optimizer.

    # Arguments
        lr: Float >= 0, the learning rate (default 0.01; Keras 2.3's older name of
            `learning_rate`).
        epsilon: Float >= 0, a fuzz factor (default: `K.epsilon()`).
        decay: Float >= 0, the learning rate decay per update:
            `lr / (1 + decay * iterations)`.
        learning_rate: Float >= 0, the learning rate (wins over `lr`).
    """

    def __init__(self, lr=None, epsilon=None, decay=0., learning_rate=None, **kwargs):
        super(Adagrad, self).__init__(lr, learning_rate, 0.01, epsilon, decay, **kwargs)

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        grads = self.get_gradients(loss, params)
        lr, (sums,) = self._start(params, 1)
        for p, g, a in zip(params, grads, sums):
            new_a = a + K.square(g)
            self.updates.append(K.update(a, new_a))
            new_p = p - lr * g / (K.sqrt(new_a) + self.epsilon)
            self.updates.append(K.update(p, self._apply_constraint(p, new_p)))
        return self.updates

    def get_config(self):
        return self._base_config()


class Adadelta(_Adaptive):
    """Adadelta: step sizes from running averages of squared gradients and updates.

    Further keyword arguments: `clipnorm` and `clipvalue`, as for every optimizer.

    # Arguments
        lr: Float >= 0, the learning rate (default 1.0; Keras 2.3's older name of
            `learning_rate`).
        rho: Float >= 0, the decay of the running averages.
        epsilon: Float >= 0, a fuzz factor (default: `K.epsilon()`).
        decay: Float >= 0, the learning rate decay per update:
            `lr / (1 + decay * iterations)`.
        learning_rate: Float >= 0, the learning rate (wins over `lr`).
    """

    def __init__(self, lr=None, rho=0.95, epsilon=None, decay=0., learning_rate=None, **kwargs):
        super(Adadelta, self).__init__(lr, learning_rate, 1.0, epsilon, decay, **kwargs)
        self.rho = float(rho)

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        grads = self.get_gradients(loss, params)
        lr, (grad_avgs, step_avgs) = self._start(params, 2)
        for p, g, a, d in zip(params, grads, grad_avgs, step_avgs):
            new_a = self.rho * a + (1. - self.rho) * K.square(g)
            self.updates.append(K.update(a, new_a))
            step = g * K.sqrt(d + self.epsilon) / K.sqrt(new_a + self.epsilon)
            self.updates.append(K.update(p, self._apply_constraint(p, p - lr * step)))
            self.updates.append(K.update(d, self.rho * d + (1. - self.rho) * K.square(step)))
        return self.updates

    def get_config(self):
        config = self._base_config()
        config['rho'] = self.rho
        return config


class Adamax(_Adaptive):
    """Adamax: Adam with the infinity norm of past gradients.

    Further keyword arguments: `clipnorm` and `clipvalue`, as for every optimizer.

    # Arguments
        lr: Float >= 0, the learning rate (default 0.002; Keras 2.3's older name of
            `learning_rate`).
        beta_1: Float in [0, 1), the decay of the first moment estimates.
        beta_2: Float in [0, 1), the decay of the infinity norm.
        epsilon: Float >= 0, a fuzz factor (default: `K.epsilon()`).
        decay: Float >= 0, the learning rate decay per update:
            `lr / (1 + decay * iterations)`.
        learning_rate: Float >= 0, the learning rate (wins over `lr`).
    """

    def __init__(self, lr=None, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.,
                 learning_rate=None, **kwargs):
        super(Adamax, self).__init__(lr, learning_rate, 0.002, epsilon, decay, **kwargs)
        self.beta_1, self.beta_2 = float(beta_1), float(beta_2)

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        grads = self.get_gradients(loss, params)
        lr, (ms, us) = self._start(params, 2)
        t = K.cast(self.iterations, K.floatx()) + 1
        lr_t = lr / (1. - K.pow(self.beta_1, t))
        for p, g, m, u in zip(params, grads, ms, us):
            m_t = self.beta_1 * m + (1. - self.beta_1) * g
            u_t = K.maximum(self.beta_2 * u, K.abs(g))
            self.updates.append(K.update(m, m_t))
            self.updates.append(K.update(u, u_t))
            new_p = p - lr_t * m_t / (u_t + self.epsilon)
            self.updates.append(K.update(p, self._apply_constraint(p, new_p)))
        return self.updates

    def get_config(self):
        config = self._base_config()
        config.update({'beta_1': self.beta_1, 'beta_2': self.beta_2})
        return config


class Nadam(_Adaptive):
    """Nesterov Adam, with the momentum schedule of Dozat (2015).

    Further keyword arguments: `clipnorm` and `clipvalue`, as for every optimizer.

    # Arguments
        lr: Float >= 0, the learning rate (default 0.002; Keras 2.3's older name of
            `learning_rate`).
        beta_1: Float in [0, 1), the decay of the first moment estimates.
        beta_2: Float in [0, 1), the decay of the second moment estimates.
        epsilon: Float >= 0, a fuzz factor (default: `K.epsilon()`).
        schedule_decay: Float, the decay of the momentum schedule.
        learning_rate: Float >= 0, the learning rate (wins over `lr`).
    """

    def __init__(self, lr=None, beta_1=0.9, beta_2=0.999, epsilon=None, schedule_decay=0.004,
                 learning_rate=None, **kwargs):
        super(Nadam, self).__init__(lr, learning_rate, 0.002, epsilon, 0., **kwargs)
        self.beta_1, self.beta_2 = float(beta_1), float(beta_2)
        self.schedule_decay = float(schedule_decay)

    @interfaces.legacy_get_updates_support
    def get_updates(self, loss, params):
        grads = self.get_gradients(loss, params)
        lr, (ms, vs) = self._start(params, 2)
        self.m_schedule = K.variable(1., name='m_schedule')
        self.weights.insert(1, self.m_schedule)
        t = K.cast(self.iterations, K.floatx()) + 1
        momentum_t = self.beta_1 * (1. - 0.5 * K.pow(0.96, t * self.schedule_decay))
        momentum_next = self.beta_1 * (1. - 0.5 * K.pow(0.96, (t + 1) * self.schedule_decay))
        schedule = self.m_schedule * momentum_t
        schedule_next = schedule * momentum_next
        self.updates.append(K.update(self.m_schedule, schedule))
        for p, g, m, v in zip(params, grads, ms, vs):
            g_prime = g / (1. - schedule)
            m_t = self.beta_1 * m + (1. - self.beta_1) * g
            m_prime = m_t / (1. - schedule_next)
            v_t = self.beta_2 * v + (1. - self.beta_2) * K.square(g)
            v_prime = v_t / (1. - K.pow(self.beta_2, t))
            m_bar = (1. - momentum_t) * g_prime + momentum_next * m_prime
            self.updates.append(K.update(m, m_t))
            self.updates.append(K.update(v, v_t))
            new_p = p - lr * m_bar / (K.sqrt(v_prime) + self.epsilon)
            self.updates.append(K.update(p, self._apply_constraint(p, new_p)))
        return self.updates

    def get_config(self):
        config = self._base_config()
        config.pop('decay')
        config.update({'beta_1': self.beta_1, 'beta_2': self.beta_2,
                       'schedule_decay': self.schedule_decay})
        return config


sgd = SGD
adam = Adam
rmsprop = RMSprop
adagrad = Adagrad
adadelta = Adadelta
adamax = Adamax
nadam = Nadam
_OBJECTS = {c.__name__: c for c in (SGD, Adam, RMSprop, Adagrad, Adadelta, Adamax, Nadam)}
_OBJECTS.update({name.lower(): c for name, c in list(_OBJECTS.items())})


def serialize(optimizer):
    """The optimizer's `{'class_name', 'config'}`; None for a `TFOptimizer`, which has none."""
    if isinstance(optimizer, TFOptimizer):
        return None
    return serialize_keras_object(optimizer)


def deserialize(config, custom_objects=None):
    """The optimizer of a `serialize()` config; built-in class names match in
    any case. As in Keras 2.3, such a name is lowercased in `config` itself."""
    if isinstance(config, dict):
        name = config.get('class_name', '')
        if name.lower() in _OBJECTS:
            config['class_name'] = name.lower()
            config = dict(config, class_name=_OBJECTS[name.lower()].__name__)
    return deserialize_keras_object(config, _OBJECTS, custom_objects, 'optimizer')


def get(identifier):
    """An optimizer from its name ("sgd", "adam", "rmsprop"), a config dict, or an instance.

    A TensorFlow optimizer, on the tensorflow backend, is wrapped in a
    `TFOptimizer`.

    # Arguments
        identifier: A name, a serialized optimizer (dict), or an optimizer.

    # Returns
        An `Optimizer`.

    # Raises
        ValueError: for an unknown name or anything else.
    """
    if isinstance(identifier, Optimizer):
        return identifier
    if K.backend() == 'tensorflow' and \
            type(identifier).__module__.startswith(('tensorflow.', 'keras.')):
        return TFOptimizer(identifier)
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize(identifier)()
    raise ValueError('Could not interpret optimizer identifier: %r (expected a name such as '
                     '"adam" or an optimizer object).' % (identifier,))
