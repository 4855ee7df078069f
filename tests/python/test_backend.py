"""Backend conformance: every symbolic backend against the NumPy reference.

Each test builds its inputs with numpy (small, fixed seed), computes the
reference with `numpy_backend` on the same values, and compares the active
backend's result (values and shapes, atol 1e-5). Many cases share one
compiled `K.function`, because Theano compiles every graph.
"""
import numpy as np
import pytest

from multikeras import backend as K
from multikeras.backend import numpy_backend as NP

ATOL = 1e-5


class Cases(object):
    """Collect (name, backend tensor, numpy reference) and check them all at once."""

    def __init__(self):
        self.names, self.tensors, self.refs = [], [], []
        self.errors = []

    def add(self, name, fn, *arrays, **kwargs):
        """Run `fn(M, *inputs, **kwargs)` with M = K on variables and M = NP on arrays.

        A case whose graph cannot be built is recorded as a failure, so that
        the other cases still run and the report lists every problem.
        """
        ref = fn(NP, *arrays, **kwargs)
        try:
            variables = [K.variable(a, dtype=np.asarray(a).dtype.name) for a in arrays]
            tensor = fn(K, *variables, **kwargs)
        except Exception as e:  # reported by check()
            self.errors.append('%s: raised %s: %s' % (name, type(e).__name__,
                                                     str(e).splitlines()[0][:200]))
            return
        self.names.append(name)
        self.tensors.append(tensor)
        self.refs.append(ref)

    def add_tensor(self, name, tensor, ref):
        self.names.append(name)
        self.tensors.append(tensor)
        self.refs.append(ref)

    def check(self, atol=ATOL, rtol=1e-5):
        assert self.tensors or self.errors, 'no cases'
        values = K.function([], self.tensors)([]) if self.tensors else []
        assert len(values) == len(self.refs)
        failures = list(self.errors)
        for name, value, ref in zip(self.names, values, self.refs):
            value, ref = np.asarray(value), np.asarray(ref)
            if value.shape != ref.shape:
                failures.append('%s: shape %s, expected %s' % (name, value.shape, ref.shape))
            elif ref.dtype == bool or value.dtype == bool:
                if not np.array_equal(value.astype(bool), ref.astype(bool)):
                    failures.append('%s: %s, expected %s' % (name, value, ref))
            elif not np.allclose(value.astype('float64'), ref.astype('float64'),
                                 atol=atol, rtol=rtol, equal_nan=True):
                err = np.max(np.abs(value.astype('float64') - ref.astype('float64')))
                failures.append('%s: max abs error %g' % (name, err))
        assert not failures, '%d of %d cases differ from numpy_backend:\n  %s' % (
            len(failures), len(self.names) + len(self.errors), '\n  '.join(failures))


def randn(rng, *shape, **kw):
    return rng.randn(*shape).astype(kw.get('dtype', 'float32'))


# -- element-wise, activations -------------------------------------------------------------

def test_elementwise_and_activations(backend, rng):
    c = Cases()
    x = randn(rng, 3, 4)
    x[0, :] = [-1.5, -0.5, 0.5, 2.5]          # rounding halves go to even
    y = randn(rng, 3, 4)
    pos = np.abs(x) + 0.1
    for fn in ('square', 'abs', 'sqrt', 'exp', 'round', 'sign', 'sin', 'cos', 'tanh',
               'sigmoid', 'hard_sigmoid', 'softplus', 'softsign', 'elu', 'relu', 'identity'):
        c.add(fn, lambda M, a, fn=fn: getattr(M, fn)(a), x)
    c.add('log', lambda M, a: M.log(a), pos)
    c.add('pow 3', lambda M, a: M.pow(a, 3), x)
    c.add('pow 0.5', lambda M, a: M.pow(a, 0.5), pos)
    c.add('clip', lambda M, a: M.clip(a, -0.5, 0.7), x)
    c.add('clip max<min', lambda M, a: M.clip(a, 0.5, 0.1), x)
    c.add('clip None max', lambda M, a: M.clip(a, None, 0.3), x)
    for fn in ('equal', 'not_equal', 'greater', 'greater_equal', 'less', 'less_equal',
               'maximum', 'minimum'):
        c.add(fn, lambda M, a, b, fn=fn: getattr(M, fn)(a, b), x, np.where(rng.rand(3, 4) > .5, x, y))
    c.add('relu alpha', lambda M, a: M.relu(a, alpha=0.1), x)
    c.add('relu max_value', lambda M, a: M.relu(a, max_value=0.5), x)
    c.add('relu max_value=6', lambda M, a: M.relu(a * 10., max_value=6), x)
    c.add('relu threshold', lambda M, a: M.relu(a, alpha=0.2, max_value=1.5, threshold=0.3), x)
    c.add('elu alpha', lambda M, a: M.elu(a, alpha=0.5), x)
    c.add('softplus large', lambda M, a: M.softplus(a * 40.), x)
    c.add('softmax', lambda M, a: M.softmax(a), x)
    c.add('softmax axis=0', lambda M, a: M.softmax(a, axis=0), x)
    x3 = randn(rng, 2, 3, 4)
    c.add('softmax 3d', lambda M, a: M.softmax(a), x3)
    c.add('softmax 3d axis=1', lambda M, a: M.softmax(a, axis=1), x3)
    c.add('l2_normalize None', lambda M, a: M.l2_normalize(a), x)
    c.add('l2_normalize -1', lambda M, a: M.l2_normalize(a, axis=-1), x3)
    c.add('l2_normalize 0', lambda M, a: M.l2_normalize(a, axis=0), x)
    c.add('switch elementwise', lambda M, a, b: M.switch(M.greater(a, 0), a, b), x, y)
    c.add('switch lower rank', lambda M, m, a, b: M.switch(M.greater(m, 0), a, b),
          randn(rng, 2), x3, randn(rng, 2, 3, 4))
    c.add('cast int32', lambda M, a: M.cast(M.round(a * 3), 'int32'), x)
    c.add('float64 exp', lambda M, a: M.exp(a), x.astype('float64'))
    c.add('float64 sigmoid', lambda M, a: M.sigmoid(a), x.astype('float64'))
    c.check()


# -- reductions --------------------------------------------------------------------------------

def test_reductions(backend, rng):
    c = Cases()
    x = randn(rng, 2, 3, 4)
    b = rng.rand(2, 3, 4) > 0.6
    # Every (axis, keepdims) form on sum; a rotating subset on the others keeps the
    # number of compiled reductions (one C module each on Theano) small.
    forms = [(None, False), (0, True), (1, False), (-1, True), ([0, 2], False), ([-1, -2], True),
             (None, True), (-1, False)]
    for i, fn in enumerate(('sum', 'prod', 'mean', 'max', 'min', 'var', 'std', 'logsumexp')):
        chosen = forms if fn == 'sum' else [forms[(i + j) % len(forms)] for j in range(0, 8, 2)]
        for axis, keepdims in chosen:
            c.add('%s axis=%s keepdims=%s' % (fn, axis, keepdims),
                  lambda M, a, fn=fn, axis=axis, keepdims=keepdims:
                  getattr(M, fn)(a, axis=axis, keepdims=keepdims), x)
    for fn in ('any', 'all'):
        for axis in (None, 1, -1, [0, 1]):
            c.add('%s axis=%s' % (fn, axis), lambda M, a, fn=fn, axis=axis:
                  getattr(M, fn)(M.greater(a, 0.6), axis=axis), b.astype('float32'))
        c.add('%s keepdims' % fn, lambda M, a, fn=fn:
              getattr(M, fn)(M.greater(a, 0.6), axis=0, keepdims=True), b.astype('float32'))
    for fn in ('argmax', 'argmin'):
        for axis in (0, 1, -1):
            c.add('%s axis=%s' % (fn, axis), lambda M, a, fn=fn, axis=axis:
                  getattr(M, fn)(a, axis=axis), x)
        c.add('%s default' % fn, lambda M, a, fn=fn: getattr(M, fn)(a), x)
    c.add('mean int', lambda M, a: M.mean(a, axis=0), np.arange(6, dtype='int32').reshape(2, 3))
    c.add('sum float64', lambda M, a: M.sum(a, axis=-1), x.astype('float64'))
    c.check()


# -- linear algebra and shapes ---------------------------------------------------------------------

def test_dot_and_shape_ops(backend, rng):
    c = Cases()
    a2, b2 = randn(rng, 3, 4), randn(rng, 4, 5)
    a3, b3 = randn(rng, 2, 3, 4), randn(rng, 2, 4, 5)
    c.add('dot 2d', lambda M, a, b: M.dot(a, b), a2, b2)
    c.add('dot 3d x 2d', lambda M, a, b: M.dot(a, b), a3, b2)
    c.add('dot 2d x 3d', lambda M, a, b: M.dot(a, b), a2, randn(rng, 2, 4, 5))
    c.add('dot 3d x 3d', lambda M, a, b: M.dot(a, b), a3, randn(rng, 3, 4, 2))
    c.add('dot float64', lambda M, a, b: M.dot(a, b), a2.astype('float64'), b2.astype('float64'))
    c.add('batch_dot 3d', lambda M, a, b: M.batch_dot(a, b), a3, b3)
    c.add('batch_dot 2d', lambda M, a, b: M.batch_dot(a, b), a2, randn(rng, 3, 4))
    c.add('batch_dot 2d axes=1', lambda M, a, b: M.batch_dot(a, b, axes=1), a2, randn(rng, 3, 4))
    c.add('batch_dot 3d x 2d', lambda M, a, b: M.batch_dot(a, b), a3, randn(rng, 2, 4))
    c.add('batch_dot axes (1, 2)', lambda M, a, b: M.batch_dot(a, b, axes=(1, 2)),
          a3, randn(rng, 2, 4, 3))
    c.add('batch_dot 4d', lambda M, a, b: M.batch_dot(a, b, axes=(3, 1)),
          randn(rng, 2, 3, 2, 4), randn(rng, 2, 4, 3, 2))
    c.add('transpose', lambda M, a: M.transpose(a), a3)
    c.add('reshape', lambda M, a: M.reshape(a, (4, -1)), a3)
    c.add('reshape 3d', lambda M, a: M.reshape(a, (2, 12, 1)), a3)
    c.add('batch_flatten', lambda M, a: M.batch_flatten(a), randn(rng, 2, 3, 2, 2))
    c.add('flatten', lambda M, a: M.flatten(a), a3)
    for axis in (0, 1, -1, -2):
        c.add('expand_dims %d' % axis, lambda M, a, axis=axis: M.expand_dims(a, axis), a3)
    c.add('squeeze 1', lambda M, a: M.squeeze(a, 1), randn(rng, 2, 1, 3))
    c.add('squeeze -1', lambda M, a: M.squeeze(a, -1), randn(rng, 2, 3, 1))
    c.add('concatenate -1', lambda M, a, b: M.concatenate([a, b], axis=-1), a3, randn(rng, 2, 3, 2))
    c.add('concatenate 0', lambda M, a, b: M.concatenate([a, b], axis=0), a3, randn(rng, 1, 3, 4))
    c.add('concatenate 1', lambda M, a, b: M.concatenate([a, b]), a2, randn(rng, 3, 2))
    c.add('stack 0', lambda M, a, b: M.stack([a, b]), a2, randn(rng, 3, 4))
    c.add('stack -1', lambda M, a, b: M.stack([a, b], axis=-1), a2, randn(rng, 3, 4))
    c.add('stack 1', lambda M, a, b: M.stack([a, b], axis=1), a2, randn(rng, 3, 4))
    c.add('permute_dimensions', lambda M, a: M.permute_dimensions(a, (2, 0, 1)), a3)
    c.add('gather vector', lambda M, a, i: M.gather(a, i), a2, np.array([2, 0, 2], dtype='int32'))
    c.add('gather matrix', lambda M, a, i: M.gather(a, i), a2,
          np.array([[0, 1], [2, 2]], dtype='int32'))
    c.add('one_hot', lambda M, i: M.one_hot(i, 5), np.array([[0, 4, 2], [1, 1, 3]], dtype='int32'))
    c.add('zeros_like', lambda M, a: M.zeros_like(a), a3)
    c.add('ones_like', lambda M, a: M.ones_like(a), a3)
    c.add('cast float64', lambda M, a: M.cast(a, 'float64'), a2)
    c.check()


def test_shape_introspection(backend, rng):
    x = K.placeholder(shape=(None, 3, 4))
    assert K.int_shape(x) == (None, 3, 4)
    assert K.ndim(x) == 3
    assert K.dtype(x) == 'float32'
    assert x._uses_learning_phase is False
    assert K.is_placeholder(x) and K.is_tensor(x) and not K.is_variable(x)
    assert not K.is_keras_tensor(x)
    x._keras_history = ('layer', 0, 0)
    assert K.is_keras_tensor(x)
    with pytest.raises(ValueError, match='tensor'):
        K.is_keras_tensor(np.zeros(3))      # not a symbolic tensor at all
    y = K.placeholder(ndim=2, dtype='int32')
    assert K.int_shape(y) == (None, None) and K.dtype(y) == 'int32'
    def clip_constraint(w):
        return w
    v = K.variable(randn(rng, 2, 5), name='w', constraint=clip_constraint)
    assert K.int_shape(v) == (2, 5) and K.count_params(v) == 10
    assert K.is_variable(v) and K.is_tensor(v) and not K.is_placeholder(v)
    assert v.constraint is clip_constraint and v._uses_learning_phase is False
    assert K.dtype(K.variable(np.zeros(2), dtype='float64')) == 'float64'
    s = K.shape(x)
    f = K.function([x], [s, K.shape(v)])
    out = f([np.zeros((7, 3, 4), 'float32')])
    assert list(out[0]) == [7, 3, 4] and list(out[1]) == [2, 5]
    assert K.int_shape(K.constant(np.zeros((2, 3)))) == (2, 3)
    np.testing.assert_allclose(K.eval(K.constant(2., shape=(2, 2))), np.full((2, 2), 2.))
    assert K.eval(K.zeros((2, 3))).shape == (2, 3)
    np.testing.assert_allclose(K.eval(K.ones((2,))), np.ones(2))
    np.testing.assert_allclose(K.eval(K.eye(3)), np.eye(3))
    assert K.dtype(K.zeros((2,), dtype='float64')) == 'float64'


# -- variables, values, updates, functions ----------------------------------------------------------

def test_variables_and_updates(backend, rng):
    value = randn(rng, 2, 3)
    v = K.variable(value)
    np.testing.assert_allclose(K.get_value(v), value)
    np.testing.assert_allclose(K.eval(v), value)
    K.set_value(v, value * 2)
    np.testing.assert_allclose(K.get_value(v), value * 2)
    w = K.variable(np.zeros(3))
    K.batch_set_value([(v, value), (w, [1., 2., 3.])])
    got = K.batch_get_value([v, w])
    np.testing.assert_allclose(got[0], value)
    np.testing.assert_allclose(got[1], [1., 2., 3.])

    counter = K.variable(0.)
    acc = K.variable(np.zeros(3))
    dec = K.variable(np.ones(3) * 10)
    x = K.placeholder(shape=(3,))
    updates = [K.update_add(counter, 1.), K.update(acc, acc + x), K.update_sub(dec, x)]
    for u in updates:
        assert isinstance(u, tuple) and len(u) == 2, \
            'update functions must return (variable, new_value) tuples, got %r' % (u,)
    f = K.function([x], [K.sum(x)], updates=updates)
    out = f([np.array([1., 2., 3.], 'float32')])
    assert isinstance(out, list) and len(out) == 1
    np.testing.assert_allclose(out[0], 6.)
    f([np.array([1., 1., 1.], 'float32')])
    np.testing.assert_allclose(K.get_value(counter), 2.)
    np.testing.assert_allclose(K.get_value(acc), [2., 3., 4.])
    np.testing.assert_allclose(K.get_value(dec), [8., 7., 6.])

    # The updates of one step all see the state before the step, as in Theano:
    # `total` adds the step count from before its increment, every time.
    step, total = K.variable(0., name='step'), K.variable(0., name='total')
    count = K.function([], [], updates=[K.update_add(step, 1.), K.update_add(total, step)])
    for _ in range(200):
        count([])
    assert (K.get_value(step), K.get_value(total)) == (200., sum(range(200)))

    u = K.random_uniform_variable((3, 4), -1., 1., seed=5)
    np.testing.assert_allclose(K.get_value(u), NP.get_value(NP.random_uniform_variable((3, 4), -1., 1., seed=5)))
    n = K.random_normal_variable((3, 4), 1., 2., seed=6)
    np.testing.assert_allclose(K.get_value(n), NP.get_value(NP.random_normal_variable((3, 4), 1., 2., seed=6)))
    assert K.is_variable(u) and K.int_shape(n) == (3, 4)


def test_function_placeholders_and_errors(backend, rng):
    a = K.placeholder(shape=(None, 4))
    b = K.placeholder(shape=(4, 2))
    f = K.function([a, b], [K.dot(a, b), K.sum(a, axis=1)])
    av, bv = randn(rng, 3, 4), randn(rng, 4, 2)
    out = f([av, bv])
    np.testing.assert_allclose(out[0], NP.dot(av, bv), atol=ATOL)
    np.testing.assert_allclose(out[1], NP.sum(av, axis=1), atol=ATOL)
    out = f([randn(rng, 5, 4), bv])      # another batch size, same function
    assert out[0].shape == (5, 2)
    with pytest.raises(Exception) as err:
        K.function([a], [K.sum(a)], no_such_argument=1)
    message = str(err.value)
    assert 'function' in message and 'no_such_argument' in message and backend in message
    with pytest.raises(ValueError) as err:
        K.conv2d(K.placeholder(shape=(1, 4, 4, 1)), K.variable(np.ones((2, 2, 1, 1))),
                 padding='reflect')
    assert 'padding' in str(err.value)
    with pytest.raises(ValueError):
        K.pool2d(K.placeholder(shape=(1, 4, 4, 1)), (2, 2), pool_mode='median')


def test_learning_phase_and_in_train_phase(backend, rng):
    x = K.placeholder(shape=(None, 3))
    phase = K.learning_phase()
    assert not isinstance(phase, int)
    assert K.learning_phase() is phase           # one per session
    y = K.in_train_phase(x * 2., x * 3.)
    assert y._uses_learning_phase is True
    z = K.in_test_phase(lambda: x + 1., lambda: x - 1.)
    f = K.function([x, K.learning_phase()], [y, z])
    xv = randn(rng, 2, 3)
    train = f([xv, 1])
    test = f([xv, np.uint8(0)])
    np.testing.assert_allclose(train[0], xv * 2., atol=ATOL)
    np.testing.assert_allclose(test[0], xv * 3., atol=ATOL)
    np.testing.assert_allclose(train[1], xv - 1., atol=ATOL)
    np.testing.assert_allclose(test[1], xv + 1., atol=ATOL)
    assert K.in_train_phase(1., 2., training=1) == 1.
    assert K.in_train_phase(lambda: 'x', lambda: 'alt', training=0) == 'alt'
    sym = K.in_train_phase(x * 2., x * 3., training=K.greater(K.sum(x), 0.))
    assert sym._uses_learning_phase is True
    out = K.function([x], [sym])([np.ones((1, 3), 'float32')])
    np.testing.assert_allclose(out[0], [[2., 2., 2.]])
    try:
        K.set_learning_phase(1)
        assert K.learning_phase() == 1
        np.testing.assert_allclose(K.eval(K.in_train_phase(K.constant(5.), K.constant(6.))), 5.)
        with pytest.raises(ValueError):
            K.set_learning_phase(2)
    finally:
        K.clear_session()
    assert not isinstance(K.learning_phase(), int)


def test_dropout(backend, rng):
    x = K.placeholder(shape=(None, 500))
    level = 0.3
    y = K.in_train_phase(lambda: K.dropout(x, level, seed=3), x)
    shared = K.in_train_phase(lambda: K.dropout(x, level, noise_shape=(1, 500), seed=4), x)
    f = K.function([x, K.learning_phase()], [y, shared])
    xv = np.ones((40, 500), 'float32') * 2.
    test = f([xv, 0])
    np.testing.assert_allclose(test[0], xv)
    out, out_shared = f([xv, 1])
    dropped = np.mean(out == 0)
    assert abs(dropped - level) < 0.03, dropped
    kept = out[out != 0]
    np.testing.assert_allclose(kept, 2. / (1. - level), rtol=1e-5)
    # A noise_shape of (1, 500) drops the same columns in every row.
    assert np.all(out_shared == out_shared[:1])
    assert abs(np.mean(out_shared == 0) - level) < 0.1
    with pytest.raises(ValueError):
        K.dropout(x, 1.0)


# -- losses --------------------------------------------------------------------------------------------

def test_losses(backend, rng):
    c = Cases()
    probs = rng.rand(4, 5).astype('float32') + 0.05
    target = np.eye(5, dtype='float32')[[0, 3, 4, 1]]
    logits = randn(rng, 4, 5) * 2.
    c.add('categorical unnormalized', lambda M, t, o: M.categorical_crossentropy(t, o), target, probs)
    c.add('categorical from_logits', lambda M, t, o: M.categorical_crossentropy(t, o, from_logits=True),
          target, logits)
    onehot_zero = target.copy()
    c.add('categorical clipped', lambda M, t, o: M.categorical_crossentropy(t, o),
          target, np.where(target > 0, 0., 1.).astype('float32') + np.eye(5, dtype='float32')[[1, 1, 1, 0]])
    p3 = rng.rand(2, 5, 3).astype('float32') + 0.05
    t3 = np.eye(5, dtype='float32')[[[0, 2, 4], [1, 1, 3]]].transpose(0, 2, 1)
    c.add('categorical axis=1', lambda M, t, o: M.categorical_crossentropy(t, o, axis=1), t3, p3)
    labels = np.array([0, 3, 4, 1], dtype='float32')
    c.add('sparse', lambda M, t, o: M.sparse_categorical_crossentropy(t, o), labels, probs / probs.sum(1, keepdims=True))
    c.add('sparse (n, 1) targets', lambda M, t, o: M.sparse_categorical_crossentropy(t, o),
          labels.reshape(4, 1), probs / probs.sum(1, keepdims=True))
    c.add('sparse from_logits', lambda M, t, o: M.sparse_categorical_crossentropy(t, o, from_logits=True),
          labels.astype('int32'), logits)
    seq_logits = randn(rng, 2, 3, 5)
    c.add('sparse 3d', lambda M, t, o: M.sparse_categorical_crossentropy(t, o, from_logits=True),
          np.array([[0, 4, 2], [1, 1, 3]], dtype='int32'), seq_logits)
    c.add('sparse axis=1', lambda M, t, o: M.sparse_categorical_crossentropy(t, o, from_logits=True, axis=1),
          np.array([[0, 2], [1, 4]], dtype='int32'), randn(rng, 2, 5, 2))
    bt = (rng.rand(3, 4) > 0.5).astype('float32')
    bo = rng.rand(3, 4).astype('float32')
    bo[0, :2] = [0., 1.]                      # clipped to epsilon
    c.add('binary', lambda M, t, o: M.binary_crossentropy(t, o), bt, bo)
    c.add('binary from_logits', lambda M, t, o: M.binary_crossentropy(t, o, from_logits=True),
          bt, randn(rng, 3, 4) * 3.)
    c.add('binary float64', lambda M, t, o: M.binary_crossentropy(t, o),
          bt.astype('float64'), np.clip(bo, 0.01, 0.99).astype('float64'))
    del onehot_zero
    c.check(atol=2e-5)


def test_binary_crossentropy_keras_figures(backend):
    # Keras 2.3.1 (TensorFlow) figures: epsilon inside the logs at p = 0 or 1,
    # and exact losses for large logits (metrics_test: 3.833 and 33.333).
    target = K.constant([[1., 0.], [1., 0.]])
    probs = K.constant([[1., 1.], [1., 0.]])
    np.testing.assert_allclose(K.eval(K.mean(K.binary_crossentropy(target, probs))), 3.833,
                               atol=1e-3)
    logits = K.constant([[100., -100., 100.], [100., 100., -100.]])
    np.testing.assert_allclose(
        K.eval(K.binary_crossentropy(K.constant([[1., 0., 1.], [0., 1., 1.]]), logits,
                                     from_logits=True)),
        [[0., 0., 0.], [100., 0., 100.]], atol=1e-4)


# -- neural network ops -------------------------------------------------------------------------------

def test_bias_add(backend, rng):
    c = Cases()
    for data_format in ('channels_last', 'channels_first'):
        c.add('2d %s' % data_format, lambda M, x, b, df=data_format: M.bias_add(x, b, df),
              randn(rng, 3, 4), randn(rng, 4))
        c.add('3d %s' % data_format, lambda M, x, b, df=data_format: M.bias_add(x, b, df),
              randn(rng, 2, 3, 4), randn(rng, 3 if data_format == 'channels_first' else 4))
        c.add('4d %s' % data_format, lambda M, x, b, df=data_format: M.bias_add(x, b, df),
              randn(rng, 2, 3, 4, 5), randn(rng, 3 if data_format == 'channels_first' else 5))
        c.add('4d full bias %s' % data_format, lambda M, x, b, df=data_format: M.bias_add(x, b, df),
              randn(rng, 2, 3, 4, 5), randn(rng, 4, 5, 3) if data_format == 'channels_first'
              else randn(rng, 3, 4, 5))
    K.set_image_data_format('channels_first')
    c.add('default data_format (channels_first)', lambda M, x, b: M.bias_add(x, b),
          randn(rng, 2, 3, 4), randn(rng, 3))
    c.check()


def _to_first(x):
    return np.ascontiguousarray(np.moveaxis(x, -1, 1))


def test_conv1d(backend, rng):
    c = Cases()
    x = randn(rng, 2, 7, 3)
    for width in (2, 3):
        k = randn(rng, width, 3, 4)
        for padding in ('valid', 'same', 'causal'):
            for strides, dilation in ((1, 1), (2, 1), (1, 2)):
                for data_format in ('channels_last', 'channels_first'):
                    xin = x if data_format == 'channels_last' else _to_first(x)
                    c.add('w=%d %s s=%d d=%d %s' % (width, padding, strides, dilation, data_format),
                          lambda M, a, b, p=padding, s=strides, d=dilation, df=data_format:
                          M.conv1d(a, b, strides=s, padding=p, data_format=df, dilation_rate=d),
                          xin, k)
    c.check(atol=1e-4)


def test_conv2d(backend, rng):
    c = Cases()
    x = randn(rng, 2, 7, 8, 3)
    for ksize in ((3, 3), (2, 4), (1, 1)):
        k = randn(rng, ksize[0], ksize[1], 3, 2)
        for padding in ('valid', 'same'):
            for strides, dilation in (((1, 1), (1, 1)), ((2, 2), (1, 1)), ((3, 2), (1, 1)),
                                      ((1, 1), (2, 2))):
                for data_format in ('channels_last', 'channels_first'):
                    if ksize == (1, 1) and (data_format == 'channels_first' or strides == (3, 2)):
                        continue
                    xin = x if data_format == 'channels_last' else _to_first(x)
                    c.add('k=%s %s s=%s d=%s %s' % (ksize, padding, strides, dilation, data_format),
                          lambda M, a, b, p=padding, s=strides, d=dilation, df=data_format:
                          M.conv2d(a, b, strides=s, padding=p, data_format=df, dilation_rate=d),
                          xin, k)
    K.set_image_data_format('channels_first')
    c.add('default data_format (channels_first)', lambda M, a, b: M.conv2d(a, b, padding='same'),
          _to_first(x), randn(rng, 3, 2, 3, 2))
    c.add('float64', lambda M, a, b: M.conv2d(a, b, padding='same', data_format='channels_last'),
          x.astype('float64'), randn(rng, 3, 3, 3, 2, dtype='float64'))
    c.check(atol=1e-4)


def test_conv_strides_with_dilation(backend, rng):
    """numpy_backend computes strides > 1 with dilation > 1; TensorFlow refuses it."""
    c = Cases()
    x = randn(rng, 2, 9, 8, 3)
    k = randn(rng, 3, 2, 3, 2)
    for padding in ('valid', 'same'):
        for data_format in ('channels_last', 'channels_first'):
            xin = x if data_format == 'channels_last' else _to_first(x)
            c.add('conv2d %s %s' % (padding, data_format),
                  lambda M, a, b, p=padding, df=data_format:
                  M.conv2d(a, b, (2, 3), p, df, dilation_rate=(2, 2)), xin, k)
        c.add('conv1d %s' % padding, lambda M, a, b, p=padding:
              M.conv1d(a, b, 2, p, dilation_rate=2), x[:, :, 0], k[:, 0])
    c.add('conv1d causal', lambda M, a, b: M.conv1d(a, b, 2, 'causal', dilation_rate=3),
          x[:, :, 0], k[:, 0])
    c.check(atol=1e-4)


def test_conv3d(backend, rng):
    c = Cases()
    x = randn(rng, 1, 4, 5, 3, 2)
    k = randn(rng, 2, 3, 2, 2, 3)
    for padding in ('valid', 'same'):
        for strides in ((1, 1, 1), (2, 2, 1)):
            for data_format in ('channels_last', 'channels_first'):
                xin = x if data_format == 'channels_last' else _to_first(x)
                c.add('%s s=%s %s' % (padding, strides, data_format),
                      lambda M, a, b, p=padding, s=strides, df=data_format:
                      M.conv3d(a, b, strides=s, padding=p, data_format=df), xin, k)
    c.add('dilation', lambda M, a, b: M.conv3d(a, b, dilation_rate=(1, 2, 1), padding='same'), x, k)
    c.check(atol=1e-4)


def test_pool2d(backend, rng):
    c = Cases()
    x = randn(rng, 2, 7, 6, 3) - 1.           # mostly negative: padding must not leak zeros
    for pool_size, strides in (((2, 2), (2, 2)), ((3, 3), (1, 1)), ((3, 2), (2, 3)),
                               ((2, 2), (1, 1))):
        for padding in ('valid', 'same'):
            for pool_mode in ('max', 'avg'):
                for data_format in ('channels_last', 'channels_first'):
                    xin = x if data_format == 'channels_last' else _to_first(x)
                    c.add('%s s=%s %s %s %s' % (pool_size, strides, padding, pool_mode, data_format),
                          lambda M, a, ps=pool_size, s=strides, p=padding, m=pool_mode,
                          df=data_format: M.pool2d(a, ps, strides=s, padding=p, data_format=df,
                                                   pool_mode=m), xin)
    c.check()


def test_pool3d(backend, rng):
    c = Cases()
    x = randn(rng, 1, 5, 4, 3, 2) - 1.
    for pool_size, strides in (((2, 2, 2), (2, 2, 2)), ((3, 2, 2), (1, 1, 1))):
        for padding in ('valid', 'same'):
            for pool_mode in ('max', 'avg'):
                for data_format in ('channels_last', 'channels_first'):
                    xin = x if data_format == 'channels_last' else _to_first(x)
                    c.add('%s s=%s %s %s %s' % (pool_size, strides, padding, pool_mode, data_format),
                          lambda M, a, ps=pool_size, s=strides, p=padding, m=pool_mode,
                          df=data_format: M.pool3d(a, ps, strides=s, padding=p, data_format=df,
                                                   pool_mode=m), xin)
    c.check()


def test_conv_and_pool_with_unknown_sizes(backend, rng):
    """'same' padding with strides when the spatial sizes are only known at run time."""
    x = K.placeholder(shape=(None, None, None, 3))
    kernel = randn(rng, 3, 2, 3, 2)
    k = K.variable(kernel)
    outputs = [K.conv2d(x, k, strides=(2, 2), padding='same'),
               K.conv2d(x, k, strides=(1, 1), padding='same'),
               K.pool2d(x, (3, 2), strides=(2, 2), padding='same', pool_mode='max'),
               K.pool2d(x, (2, 3), strides=(2, 3), padding='same', pool_mode='avg'),
               K.pool2d(x, (2, 2), strides=(2, 2), padding='valid', pool_mode='avg')]
    f = K.function([x], outputs)
    for size in ((5, 7), (6, 4)):
        xv = randn(rng, 2, size[0], size[1], 3) - 1.
        refs = [NP.conv2d(xv, kernel, strides=(2, 2), padding='same'),
                NP.conv2d(xv, kernel, padding='same'),
                NP.pool2d(xv, (3, 2), strides=(2, 2), padding='same', pool_mode='max'),
                NP.pool2d(xv, (2, 3), strides=(2, 3), padding='same', pool_mode='avg'),
                NP.pool2d(xv, (2, 2), strides=(2, 2), padding='valid', pool_mode='avg')]
        for i, (value, ref) in enumerate(zip(f([xv]), refs)):
            assert value.shape == ref.shape, (size, i)
            np.testing.assert_allclose(value, ref, atol=1e-4, err_msg='size %s output %d' % (size, i))


# -- gradients -------------------------------------------------------------------------------------------

def _numeric_grad(loss_fn, value, eps=1e-6):
    grad = np.zeros_like(value)
    flat, gflat = value.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up = loss_fn(value)
        flat[i] = old - eps
        down = loss_fn(value)
        flat[i] = old
        gflat[i] = (up - down) / (2 * eps)
    return grad


def _rnn_outputs(M, seq, u):
    """All outputs of a tanh RNN whose recurrent weights are `u` (3x3)."""
    def step(x_t, states):
        out = M.tanh(x_t + M.dot(states[0], states[1]))
        return out, [out]
    h0 = M.zeros_like(seq[:, 0]) if M is NP else M.zeros_like(seq[:, 0, :])
    return M.rnn(step, seq, [h0 + 0.1], constants=[u])[1]


def test_gradients_match_finite_differences(backend, rng):
    K.set_floatx('float64')
    a = rng.randn(3, 4)
    b = rng.randn(4, 2)
    img = rng.randn(1, 5, 5, 2)
    kern = rng.randn(3, 3, 2, 2)
    target = np.eye(4)[[1, 0, 3]]
    away_from_zero = np.where(np.abs(a) < 0.1, 0.5, a)
    consts = {'b': b, 'img': img, 'target': target, 'weights': np.arange(4.),
              'tkern': rng.randn(3, 3, 3, 2), 'tweights': rng.randn(1, 9, 9, 3),
              'dkern': rng.randn(2, 3, 2, 2), 'dweights': rng.randn(1, 4, 3, 4),
              'seq': rng.randn(2, 4, 3),
              'labels': np.array([[0., 2., 2.], [1., 0., 0.]]), 'in_len': np.array([[5.], [4.]]),
              'lab_len': np.array([[3.], [1.]])}
    k_consts = dict((key, K.constant(value, dtype='float64')) for key, value in consts.items())
    cases = {
        'dot': (lambda M, w, c: M.sum(M.dot(w, c['b']) * M.dot(w, c['b'])), a),
        'conv2d same': (lambda M, w, c: M.sum(M.square(M.conv2d(c['img'], w, padding='same'))),
                        kern),
        'conv2d strided': (lambda M, w, c: M.sum(M.conv2d(c['img'], w, strides=(2, 2)) * 0.5),
                           kern),
        'softmax + categorical_crossentropy': (
            lambda M, w, c: M.mean(M.categorical_crossentropy(c['target'], M.softmax(w))), a),
        'categorical_crossentropy from_logits': (
            lambda M, w, c: M.sum(M.categorical_crossentropy(c['target'], w, from_logits=True)), a),
        'relu': (lambda M, w, c: M.sum(M.relu(w) * M.relu(w)), away_from_zero),
        'sigmoid': (lambda M, w, c: M.sum(M.sigmoid(w) * c['weights']), a),
        'pool2d max': (lambda M, w, c: M.sum(M.square(M.pool2d(w, (2, 2), padding='same',
                                                                strides=(2, 2)))), img),
        'pool2d avg': (lambda M, w, c: M.sum(M.square(M.pool2d(w, (2, 2), padding='same',
                                                                pool_mode='avg'))), img),
        'pool2d avg same, even padding': (
            lambda M, w, c: M.sum(M.square(M.pool2d(w, (3, 3), padding='same',
                                                    pool_mode='avg'))), img),
        'mean': (lambda M, w, c: M.mean(M.square(w)), a),
        'conv2d_transpose same strided': (
            lambda M, w, c: M.sum(M.square(M.conv2d_transpose(c['img'], w, (1, 10, 9, 3), (2, 2),
                                                              'same'))), rng.randn(3, 2, 3, 2)),
        'conv2d_transpose valid dilated input': (
            lambda M, w, c: M.sum(M.conv2d_transpose(w, c['tkern'], (1, 9, 9, 3), (1, 1), 'valid',
                                                     dilation_rate=(2, 2)) * c['tweights']), img),
        'depthwise_conv2d': (
            lambda M, w, c: M.sum(M.square(M.depthwise_conv2d(c['img'], w, strides=(2, 2),
                                                              padding='same'))), rng.randn(3, 2, 2, 2)),
        'depthwise_conv2d input': (
            lambda M, w, c: M.sum(M.depthwise_conv2d(w, c['dkern']) * c['dweights']), img),
        'rnn step weights': (lambda M, w, c: M.sum(M.square(_rnn_outputs(M, c['seq'], w))),
                             rng.randn(3, 3) * 0.5),
        'ctc_batch_cost logits': (
            lambda M, w, c: M.sum(M.ctc_batch_cost(c['labels'], M.softmax(w), c['in_len'],
                                                   c['lab_len'])), rng.randn(2, 5, 4)),
    }
    names = sorted(cases)
    outputs, failures = [], []
    for name in list(names):
        fn, value = cases[name]
        try:
            v = K.variable(value, dtype='float64')
            outputs.append(K.gradients(fn(K, v, k_consts), [v])[0])
        except Exception as e:  # reported below
            failures.append('%s: raised %s: %s' % (name, type(e).__name__, str(e)[:200]))
            names.remove(name)
    grads = K.function([], outputs)([]) if outputs else []
    for name, grad in zip(names, grads):
        fn, value = cases[name]
        numeric = _numeric_grad(lambda w: float(fn(NP, w, consts)), value.copy())
        if grad.shape != numeric.shape or not np.allclose(grad, numeric, atol=1e-5, rtol=1e-4):
            failures.append('%s: max error %g' % (name, np.max(np.abs(grad - numeric))))
    assert not failures, '\n'.join(failures)


@pytest.mark.parametrize('strides, dilation, padding', [
    ((2, 1), (1, 1), 'same'), ((1, 3), (1, 1), 'valid'), ((2, 2), (2, 1), 'same'),
    ((4, 2), (1, 1), 'same')])
def test_depthwise_gradient_strides_and_dilation(backend, rng, strides, dilation, padding):
    """Cases TensorFlow's Eigen kernels refuse natively (unequal strides, strides with
    dilation): gradients with respect to the kernel and the input, oneDNN on or off."""
    img, kern = rng.randn(1, 7, 6, 2), rng.randn(3, 2, 2, 2)
    K.set_floatx('float64')

    def loss(M, x, w):
        y = M.depthwise_conv2d(x, w, strides=strides, padding=padding, dilation_rate=dilation)
        return M.sum(M.square(y))
    x, w = K.variable(img, dtype='float64'), K.variable(kern, dtype='float64')
    grad_x, grad_w = K.function([], K.gradients(loss(K, x, w), [x, w]))([])
    np.testing.assert_allclose(grad_w, _numeric_grad(lambda v: float(loss(NP, img, v)),
                                                     kern.copy()), atol=1e-5, rtol=1e-4)
    np.testing.assert_allclose(grad_x, _numeric_grad(lambda v: float(loss(NP, v, kern)),
                                                     img.copy()), atol=1e-5, rtol=1e-4)


def test_conv2d_transpose_dilated_kernel_gradient(backend, rng):
    """The dilated transposed convolution (built with a zero-spread kernel on
    TensorFlow) passes gradients to its kernel taps and nowhere else."""
    img, kern = rng.randn(1, 4, 3, 2), rng.randn(2, 3, 3, 2)
    weights = rng.randn(1, 8, 6, 3)
    K.set_floatx('float64')

    def loss(M, w):
        y = M.conv2d_transpose(img, w, (1, 8, 6, 3), (2, 2), 'same', dilation_rate=(2, 1))
        return M.sum(y * weights)
    w = K.variable(kern, dtype='float64')
    grad = K.function([], K.gradients(loss(K, w), [w]))([])[0]
    np.testing.assert_allclose(grad, _numeric_grad(lambda v: float(loss(NP, v)), kern.copy()),
                               atol=1e-5, rtol=1e-4)


def test_stop_gradient(backend, rng):
    v = K.variable(np.array([1., 2., 3.]))
    loss = K.sum(K.square(v) + K.stop_gradient(K.square(v)))
    grad = K.function([], K.gradients(loss, [v]))([])[0]
    np.testing.assert_allclose(grad, [2., 4., 6.], atol=ATOL)


# -- randomness ---------------------------------------------------------------------------------------------

def test_random(backend, rng):
    shape = (100, 100)
    tensors = [K.random_uniform(shape, -1., 3., seed=7), K.random_uniform(shape, -1., 3., seed=7),
               K.random_uniform(shape, -1., 3., seed=8),
               K.random_normal(shape, 1., 2., seed=7), K.random_normal(shape, 1., 2., seed=7),
               K.random_binomial(shape, p=0.3, seed=7),
               K.truncated_normal(shape, 0.5, 2., seed=7),
               K.random_uniform((2, 3), dtype='float64', seed=1)]
    u1, u2, u3, n1, n2, b, t, u64 = K.function([], tensors)([])
    np.testing.assert_array_equal(u1, u2)
    assert not np.array_equal(u1, u3)
    np.testing.assert_array_equal(n1, n2)
    assert u1.shape == shape and u1.dtype == np.float32 and u64.dtype == np.float64
    assert u1.min() >= -1. and u1.max() <= 3.
    # 10,000 samples: the bounds are several standard errors wide.
    assert abs(u1.mean() - 1.) < 0.05 and abs(u1.std() - 4. / np.sqrt(12.)) < 0.05
    assert abs(n1.mean() - 1.) < 0.08 and abs(n1.std() - 2.) < 0.08
    assert set(np.unique(b)) <= {0., 1.} and abs(b.mean() - 0.3) < 0.03
    assert t.min() >= 0.5 - 4. - 1e-5 and t.max() <= 0.5 + 4. + 1e-5
    # std of N(0, 1) truncated at +-2 is 0.8796
    assert abs(t.mean() - 0.5) < 0.08 and abs(t.std() - 2. * 0.8796) < 0.08



def test_random_of_a_computed_shape(backend):
    """Shapes known only when the graph runs, as R keras' VAE sampling writes them:
    `k_random_normal(c(k_shape(z)[[1]], latent_dim))`."""
    z = K.placeholder(shape=(None, 40))
    whole = K.random_normal(K.shape(z), 1., 2., seed=3)
    rows = K.random_normal((K.shape(z)[0], 50), seed=4)
    columns = K.random_uniform((3, K.shape(z)[0]), seed=5)
    f = K.function([z], [whole, rows, columns])
    for batch in (60, 7):
        w, r, c = f([np.zeros((batch, 40), 'float32')])
        assert (w.shape, r.shape, c.shape) == ((batch, 40), (batch, 50), (3, batch))
    w, r, c = f([np.zeros((60, 40), 'float32')])
    assert abs(w.mean() - 1.) < 0.15 and abs(w.std() - 2.) < 0.15
    assert abs(r.mean()) < 0.1 and abs(r.std() - 1.) < 0.1
    assert c.min() >= 0. and c.max() <= 1.


# -- recurrence ------------------------------------------------------------------------------------------

def _numpy_rnn(x, w, u, h0, mask=None, go_backwards=False, return_all_outputs=True):
    steps = list(range(x.shape[1]))
    if go_backwards:
        steps = steps[::-1]
    h, prev, outputs = h0, np.zeros_like(h0), []
    for t in steps:
        out = np.tanh(x[:, t].dot(w) + h.dot(u))
        if mask is not None:
            m = mask[:, t][:, None]
            out = np.where(m, out, prev)
            new_h = np.where(m, out, h)
        else:
            new_h = out
        outputs.append(out)
        h, prev = new_h, out
    kept = np.stack(outputs, axis=1) if return_all_outputs else outputs[-1][:, None]
    return outputs[-1], kept, h


def test_rnn(backend, rng):
    x = randn(rng, 2, 4, 3)
    w, u, h0 = randn(rng, 3, 5) * .5, randn(rng, 5, 5) * .5, randn(rng, 2, 5)
    mask = np.array([[1, 1, 0, 1], [1, 0, 0, 0]], dtype=bool)
    xv, wv, uv = K.variable(x), K.variable(w), K.variable(u)
    h0v = K.variable(h0)
    maskv = K.variable(mask.astype('float32'))

    def step(x_t, states):
        out = K.tanh(K.dot(x_t, states[1]) + K.dot(states[0], states[2]))
        return out, [out]

    cases = [('plain', {}, {}), ('go_backwards', {'go_backwards': True}, {'go_backwards': True}),
             ('mask', {'mask': K.cast(maskv, 'bool')}, {'mask': mask}),
             ('unroll', {'unroll': True, 'input_length': 4}, {})]
    # The same with only the last output kept (what RNN layers without
    # return_sequences ask for).
    cases += [(name + ' last only', dict(kwargs, return_all_outputs=False),
               dict(ref_kwargs, return_all_outputs=False)) for name, kwargs, ref_kwargs in cases]
    tensors, refs = [], []
    for name, kwargs, ref_kwargs in cases:
        last, outputs, states = K.rnn(step, xv, [h0v], constants=[wv, uv], **kwargs)
        tensors += [last, outputs, states[0]]
        refs += list(_numpy_rnn(x, w, u, h0, **ref_kwargs))
    values = K.function([], tensors)([])
    for i, (value, ref) in enumerate(zip(values, refs)):
        name = cases[i // 3][0] + ' ' + ('last_output', 'outputs', 'state')[i % 3]
        assert value.shape == ref.shape, name
        np.testing.assert_allclose(value, ref, atol=ATOL, err_msg=name)


def test_more_ops(backend, rng):
    c = Cases()
    x = randn(rng, 2, 5, 6, 3)
    dk = randn(rng, 3, 2, 3, 2)
    pk = randn(rng, 1, 1, 6, 4)
    for padding in ('valid', 'same'):
        for data_format in ('channels_last', 'channels_first'):
            xin = x if data_format == 'channels_last' else _to_first(x)
            c.add('depthwise_conv2d %s %s' % (padding, data_format),
                  lambda M, a, k, p=padding, df=data_format:
                  M.depthwise_conv2d(a, k, strides=(2, 1), padding=p, data_format=df), xin, dk)
            c.add('separable_conv2d %s %s' % (padding, data_format),
                  lambda M, a, k, q, p=padding, df=data_format:
                  M.separable_conv2d(a, k, q, padding=p, data_format=df), xin, dk, pk)
    c.add('separable_conv1d', lambda M, a, k, q: M.separable_conv1d(a, k, q, padding='same'),
          randn(rng, 2, 7, 3), randn(rng, 3, 3, 2), randn(rng, 1, 6, 4))
    c.add('split', lambda M, a: M.concatenate([part * (i + 1) for i, part in
                                               enumerate(M.split(a, 3, axis=2))], axis=-1), x)
    c.add('split last axis', lambda M, a: M.split(a, 3)[2], x)
    c.add('reverse', lambda M, a: M.reverse(a, [0, 2]), x)
    c.add('reverse int', lambda M, a: M.reverse(a, -1), x)
    c.add('slice', lambda M, a: M.slice(a, (0, 1, 2, 0), (2, 3, -1, 2)), x)
    c.add('size', lambda M, a: M.size(a), x)
    c.add('resize_volumes', lambda M, a: M.resize_volumes(a, 2, 1, 3, 'channels_last'),
          randn(rng, 1, 2, 2, 2, 1))
    c.check(atol=1e-4)


# -- transposed, local, separable and resize operations ------------------------------------------

def _deconv_size(size, kernel, stride, dilation, padding, output_padding=None):
    """The output length Keras' Conv*DTranspose asks for (its deconv_length)."""
    if output_padding is None:
        return size * stride if padding == 'same' else (size - 1) * stride + (kernel - 1) * dilation + 1
    kernel = (kernel - 1) * dilation + 1
    if padding == 'same':
        return (size - 1) * stride + kernel - 2 * (kernel // 2) + output_padding
    return (size - 1) * stride + kernel + output_padding


def test_conv_transpose(backend, rng):
    c = Cases()
    x = randn(rng, 2, 4, 3, 3)
    for ksize in ((3, 3), (2, 4)):
        k = randn(rng, ksize[0], ksize[1], 2, 3)            # (rows, cols, out, in)
        for padding in ('valid', 'same'):
            for strides, dilation, extra in (((1, 1), (1, 1), None), ((2, 2), (1, 1), None),
                                             ((2, 3), (1, 1), 1), ((1, 1), (2, 2), None),
                                             ((3, 2), (1, 1), 1)):
                spatial = tuple(_deconv_size(x.shape[1 + i], ksize[i], strides[i], dilation[i],
                                             padding, extra) for i in range(2))
                for data_format in ('channels_last', 'channels_first'):
                    if data_format == 'channels_first' and ksize == (2, 4):
                        continue
                    xin = x if data_format == 'channels_last' else _to_first(x)
                    shape = (None,) + spatial + (2,) if data_format == 'channels_last' \
                        else (None, 2) + spatial
                    ref_shape = (2,) + shape[1:]
                    c.add_tensor('2d k=%s %s s=%s d=%s +%s %s' % (ksize, padding, strides, dilation,
                                                                extra, data_format),
                                 K.conv2d_transpose(K.variable(xin), K.variable(k), shape, strides,
                                                    padding, data_format, dilation),
                                 NP.conv2d_transpose(xin, k, ref_shape, strides, padding,
                                                     data_format, dilation))
    x3 = randn(rng, 1, 3, 2, 3, 2)
    k3 = randn(rng, 2, 3, 2, 3, 2)
    for padding in ('valid', 'same'):
        for strides in ((1, 1, 1), (2, 1, 2)):
            for data_format in ('channels_last', 'channels_first'):
                spatial = tuple(_deconv_size(x3.shape[1 + i], k3.shape[i], strides[i], 1, padding)
                                for i in range(3))
                xin = x3 if data_format == 'channels_last' else _to_first(x3)
                shape = (1,) + spatial + (3,) if data_format == 'channels_last' else (1, 3) + spatial
                c.add('3d %s s=%s %s' % (padding, strides, data_format),
                      lambda M, a, b, p=padding, s=strides, df=data_format, sh=shape:
                      M.conv3d_transpose(a, b, sh, s, p, df), xin, k3)
    c.check(atol=1e-4)


def test_local_conv(backend, rng):
    c = Cases()
    x1 = randn(rng, 2, 7, 3)
    for ksize, stride in ((3, 1), (2, 2)):
        length = (7 - ksize) // stride + 1
        k = randn(rng, length, ksize * 3, 4)
        for data_format in ('channels_last', 'channels_first'):
            xin = x1 if data_format == 'channels_last' else _to_first(x1)
            c.add('1d k=%d s=%d %s' % (ksize, stride, data_format),
                  lambda M, a, b, ks=ksize, s=stride, df=data_format:
                  M.local_conv1d(a, b, (ks,), (s,), df), xin, k)
    x2 = randn(rng, 2, 5, 6, 2)
    for ksize, strides in (((2, 3), (1, 2)), ((3, 3), (2, 1))):
        out = tuple((x2.shape[1 + i] - ksize[i]) // strides[i] + 1 for i in range(2))
        k = randn(rng, out[0] * out[1], ksize[0] * ksize[1] * 2, 3)
        for data_format in ('channels_last', 'channels_first'):
            xin = x2 if data_format == 'channels_last' else _to_first(x2)
            c.add('2d k=%s s=%s %s' % (ksize, strides, data_format),
                  lambda M, a, b, ks=ksize, s=strides, o=out, df=data_format:
                  M.local_conv2d(a, b, ks, s, o, df), xin, k)
    c.check(atol=1e-4)


def test_resize_and_padding(backend, rng):
    c = Cases()
    x = randn(rng, 2, 3, 4, 2)
    for data_format in ('channels_last', 'channels_first'):
        xin = x if data_format == 'channels_last' else _to_first(x)
        for interpolation in ('nearest', 'bilinear'):
            for factors in ((2, 3), (3, 1)):
                c.add('resize_images %s %s %s' % (factors, interpolation, data_format),
                      lambda M, a, f=factors, i=interpolation, df=data_format:
                      M.resize_images(a, f[0], f[1], df, interpolation=i), xin)
        c.add('resize_volumes %s' % data_format,
              lambda M, a, df=data_format: M.resize_volumes(a, 1, 2, 2, df), randn(rng, 1, 2, 3, 2, 2))
        c.add('spatial_2d_padding %s' % data_format,
              lambda M, a, df=data_format: M.spatial_2d_padding(a, ((1, 2), (0, 1)), df), xin)
        c.add('spatial_3d_padding %s' % data_format,
              lambda M, a, df=data_format: M.spatial_3d_padding(a, ((1, 0), (0, 2), (1, 1)), df),
              randn(rng, 1, 2, 2, 2, 2))
    K.set_image_data_format('channels_first')
    c.add('spatial_2d_padding default', lambda M, a: M.spatial_2d_padding(a), _to_first(x))
    c.add('temporal_padding', lambda M, a: M.temporal_padding(a, (2, 1)), randn(rng, 2, 3, 4))
    c.add('temporal_padding default', lambda M, a: M.temporal_padding(a), randn(rng, 2, 3, 4))
    c.check()


def test_separable_conv1d_causal(backend, rng):
    c = Cases()
    x = randn(rng, 2, 7, 3)
    dk, pk = randn(rng, 3, 3, 2), randn(rng, 1, 6, 4)
    c.add('causal', lambda M, a, d, p: M.separable_conv1d(a, d, p, padding='causal'), x, dk, pk)
    c.add('causal dilated', lambda M, a, d, p: M.separable_conv1d(a, d, p, padding='causal',
                                                                  dilation_rate=2), x, dk, pk)
    c.add('causal channels_first', lambda M, a, d, p: M.separable_conv1d(
        a, d, p, padding='causal', data_format='channels_first'), _to_first(x), dk, pk)
    c.add('valid strided', lambda M, a, d, p: M.separable_conv1d(a, d, p, strides=2), x, dk, pk)
    c.check(atol=1e-4)


# -- CTC -----------------------------------------------------------------------------------------------

def _ctc_inputs(rng):
    logits = rng.randn(3, 8, 5) * 2.
    probs = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    labels = np.array([[0, 1, 1, -1], [2, 3, 3, 2], [3, -1, -1, -1]], dtype='float32')
    label_length = np.array([[3], [4], [1]], dtype='int32')
    input_length = np.array([[8], [7], [5]], dtype='int32')
    return probs.astype('float32'), labels, input_length, label_length


def _sparse_parts(sparse):
    if hasattr(sparse, 'indices'):
        return sparse.indices, sparse.values, sparse.dense_shape
    return tuple(sparse)


def test_ctc(backend, rng):
    c = Cases()
    probs, labels, input_length, label_length = _ctc_inputs(rng)
    c.add('ctc_batch_cost', lambda M, y, p, i, l: M.ctc_batch_cost(y, p, i, l),
          labels, probs, input_length, label_length)
    c.add('ctc_batch_cost 1-d lengths', lambda M, y, p, i, l: M.ctc_batch_cost(y, p, i, l),
          labels, probs, input_length.reshape(-1), label_length.reshape(-1))
    # Greedy decoding: best path with repeats merged and blanks (class 4) dropped.
    peaked = np.full((2, 6, 5), 0.05, dtype='float32')
    for b, path in enumerate([[1, 1, 4, 1, 2, 2], [4, 3, 0, 0, 4, 4]]):
        peaked[b, np.arange(6), path] = 0.8
    for name, y, lengths in (('random', probs, input_length),
                             ('peaked', peaked, np.array([[6], [4]], dtype='int32'))):
        c.add('ctc_decode %s decoded' % name, lambda M, p, i: M.ctc_decode(p, i)[0][0], y, lengths)
        c.add('ctc_decode %s log_prob' % name, lambda M, p, i: M.ctc_decode(p, i)[1], y, lengths)
    for part, name in enumerate(('indices', 'values', 'dense_shape')):
        c.add('ctc_label_dense_to_sparse %s' % name, lambda M, y, l, part=part:
              _sparse_parts(M.ctc_label_dense_to_sparse(y, l))[part],
              np.array([[1, 2, 0], [3, 0, 0], [2, 2, 1]], dtype='int32'),
              np.array([2, 1, 3], dtype='int32'))
    c.check(atol=1e-4)
    expected = np.array([[1, 1, 2], [3, 0, -1]])
    value = K.function([], [K.ctc_decode(K.variable(peaked), K.variable(np.array([[6], [4]]),
                                                                          dtype='int32'))[0][0]])([])[0]
    np.testing.assert_array_equal(value, expected)
    if backend == 'theano':
        with pytest.raises(ValueError, match='ctc_decode.*greedy.*theano'):
            K.ctc_decode(K.variable(probs), K.variable(input_length, dtype='int32'), greedy=False)


# -- the rest of the API -------------------------------------------------------------------------------

def test_remaining_ops(backend, rng):
    c = Cases()
    x = randn(rng, 3, 4)
    c.add('cumsum 0', lambda M, a: M.cumsum(a), x)
    c.add('cumsum 1', lambda M, a: M.cumsum(a, axis=1), x)
    c.add('cumprod 0', lambda M, a: M.cumprod(a), x)
    c.add('cumprod -1', lambda M, a: M.cumprod(a, axis=-1), x)
    c.add('tile 2d', lambda M, a: M.tile(a, (2, 3)), x)
    c.add('tile 3d', lambda M, a: M.tile(a, (1, 2, 1)), randn(rng, 2, 2, 3))
    c.add('repeat', lambda M, a: M.repeat(a, 3), x)
    c.add('repeat_elements 0', lambda M, a: M.repeat_elements(a, 2, 0), x)
    c.add('repeat_elements -1', lambda M, a: M.repeat_elements(a, 3, -1), randn(rng, 2, 2, 3))
    c.add('arange stop', lambda M: M.arange(5))
    c.add('arange start stop step', lambda M: M.arange(2, 11, 3))
    c.add('arange float', lambda M: M.arange(1, 3, 1, dtype='float32'))
    scores = randn(rng, 5, 6)
    scores[0, :3] = [1., 1., 0.5]             # a tie with the target
    targets = np.array([0, 5, 2, 2, 3], dtype='int32')
    for k in (1, 2, 4):
        c.add('in_top_k k=%d' % k, lambda M, p, t, k=k: M.in_top_k(p, t, k), scores, targets)
    c.add('map_fn', lambda M, a: M.map_fn(lambda e: M.sum(e * e), a), x)
    c.add('map_fn rows', lambda M, a: M.map_fn(lambda e: e * 2. + 1., a), x)
    c.add('foldl', lambda M, a: M.foldl(lambda acc, e: acc * 0.5 + e, a), x)
    c.add('foldl initializer', lambda M, a, i: M.foldl(lambda acc, e: acc - e, a, i),
          x, np.ones(4, 'float32'))
    c.add('foldr', lambda M, a: M.foldr(lambda acc, e: acc * 0.5 + e, a), x)
    c.add('foldr initializer', lambda M, a, i: M.foldr(lambda acc, e: acc * e, a, i),
          x, np.full(4, 2., 'float32'))
    feat = randn(rng, 4, 3, 2)
    m, v = randn(rng, 2), np.abs(randn(rng, 2)) + 0.5
    beta, gamma = randn(rng, 2), randn(rng, 2)
    c.add('batch_normalization', lambda M, a, m, v, b, g: M.batch_normalization(a, m, v, b, g,
                                                                                  epsilon=1e-3),
          feat, m, v, beta, gamma)
    c.add('batch_normalization no beta/gamma', lambda M, a, m, v: M.batch_normalization(
        a, m, v, None, None, epsilon=0.01), feat, m, v)
    # Images: channels last with per-channel vectors, channels first with
    # broadcastable (1, C, 1, 1) statistics (as BatchNormalization passes them).
    image = randn(rng, 2, 3, 3, 2)
    c.add('batch_normalization image channels_last', lambda M, a, m, v, b, g:
          M.batch_normalization(a, m, v, b, g, axis=-1, epsilon=1e-3), image, m, v, beta, gamma)
    c.add('batch_normalization image channels_first', lambda M, a, m, v, b, g:
          M.batch_normalization(a, m, v, b, g, axis=1, epsilon=1e-3),
          np.transpose(image, (0, 3, 1, 2)), *[t.reshape(1, 2, 1, 1) for t in (m, v, beta, gamma)])
    c.add('batch_normalization image no beta/gamma', lambda M, a, m, v:
          M.batch_normalization(a, m, v, None, None, axis=-1, epsilon=0.01), image, m, v)
    c.add('batch_normalization image, statistics per element', lambda M, a, m, v:
          M.batch_normalization(a, m, v, None, None, axis=-1, epsilon=0.01),
          image, randn(rng, 2, 3, 3, 2), np.abs(randn(rng, 2, 3, 3, 2)) + 0.5)
    for axes in ([0, 1], [0]):
        for i, part in enumerate(('normed', 'mean', 'var')):
            shape = (2,) if axes == [0, 1] else (3, 2)
            c.add('normalize_batch_in_training %s %s' % (axes, part),
                  lambda M, a, g, b, axes=axes, i=i: M.normalize_batch_in_training(
                      a, g, b, axes, epsilon=1e-3)[i],
                  feat, randn(rng, *shape), randn(rng, *shape))
    c.add('print_tensor', lambda M, a: M.print_tensor(a, message='value:'), x)
    c.add('to_dense', lambda M, a: M.to_dense(a), x)
    with K.control_dependencies([]):
        c.add('control_dependencies', lambda M, a: M.exp(a), x)
    c.check()


def test_keras_suite_shapes_and_tensor_arguments(backend, rng):
    """What Keras 2.3.1's backend tests ask beyond the cases above: eye of a
    (rows, cols) pair, clip to tensor bounds, arange of a scalar tensor, tile
    with fewer or more multiples than axes, and the NumPy reference's
    `separable_conv`."""
    c = Cases()
    for size in (3, (3, 2), (2, 4)):
        c.add('eye %s' % (size,), lambda M, s=size: M.eye(s))
    x = randn(rng, 4, 3)
    low = randn(rng, 4, 3)
    c.add('clip tensor bounds', lambda M, a, lo, hi: M.clip(a, lo, hi), x, low, low + 1.)
    c.add('clip tensor bounds max<min', lambda M, a, lo, hi: M.clip(a, lo, hi), x, low, low - 1.)
    c.add('clip tensor min only', lambda M, a, lo: M.clip(a, lo, None), x, low)
    c.add('tile n=2 on 2d', lambda M, a: M.tile(a, 2), x)
    c.add('tile n=(1, 2) on 3d', lambda M, a: M.tile(a, (1, 2)), randn(rng, 2, 3, 2))
    c.add('tile n=(2, 1, 3) on 2d', lambda M, a: M.tile(a, (2, 1, 3)), x)
    if backend != 'cntk':
        c.add('arange negative', lambda M: M.arange(-3))
    x1 = randn(rng, 2, 8, 2)
    c.add('NP.separable_conv 1d', lambda M, a, d, p: NP.separable_conv(
        a, d, p, padding='same', data_format='channels_last') if M is NP else
        M.separable_conv1d(a, d, p, padding='same'), x1, randn(rng, 3, 2, 2), randn(rng, 1, 4, 3))
    x2 = randn(rng, 1, 2, 5, 6)
    c.add('NP.separable_conv 2d', lambda M, a, d, p: NP.separable_conv(
        a, d, p, padding='valid', data_format='channels_first') if M is NP else
        M.separable_conv2d(a, d, p, padding='valid', data_format='channels_first'),
        x2, randn(rng, 3, 2, 2, 2), randn(rng, 1, 1, 4, 3))
    c.check(atol=1e-4)
    with pytest.raises(ValueError, match='size'):
        K.eye((2, 3, 4))
    if backend == 'cntk':   # cntk's arange takes Python numbers, and has no empty tensors
        with pytest.raises(ValueError, match='empty'):
            K.arange(-3)
    else:
        lengths = [len(K.eval(K.arange(K.constant(n, dtype='int32')))) for n in (3, -1)]
        assert lengths == [3, 0]
        y = K.repeat_elements(K.placeholder(shape=(None, 3)), 2, axis=1)
        assert K.int_shape(y) == (None, 6)
        y = K.repeat_elements(K.placeholder(shape=(2, None)), 3, axis=0)
        assert K.int_shape(y) == (6, None)


def test_static_shapes_and_argument_checks(backend):
    """Keras 2.3.1's backend_test: batch_dot and gather of placeholders know their
    static output shape; slice refuses a start/size of the wrong length;
    Theano's batch normalization takes its 'per-activation' axes name."""
    with pytest.raises(ValueError, match='slice'):
        K.slice(K.variable(np.zeros((2, 5))), [1, 0, 0], [1, 2, 3])
    if backend == 'cntk':
        assert K.dev.type() == 0    # Keras's cntk_backend.dev: the CPU
        return
    z = K.batch_dot(K.placeholder(shape=(None, 3, 4, 5)), K.placeholder(shape=(None, 2, 3, 4)),
                    (2, 3))
    assert K.int_shape(z)[1:] == (3, 5, 2, 3)
    z = K.batch_dot(K.placeholder(shape=(None, 4)), K.placeholder(shape=(None, 4)))
    assert K.int_shape(z)[1:] == (1,)
    y = K.gather(K.placeholder(shape=(None, 3, 4)), K.placeholder(shape=(5, 6), dtype='int32'))
    assert K.int_shape(y) == (5, 6, 3, 4)
    if backend == 'theano':
        x = np.random.RandomState(0).rand(3, 2, 4).astype('float32')
        normed = K.eval(K.normalize_batch_in_training(K.variable(x), None, None,
                                                      'per-activation')[0])
        np.testing.assert_allclose(normed, (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3),
                                   rtol=1e-4, atol=1e-5)


def test_split_checks_its_arguments(backend):
    x = K.variable(np.zeros((2, 6)))
    for count, axis, message in ((4, -1, 'axis 1 has size 6'), (0, -1, 'count must be'),
                                 (2, 2, 'axis 2 is out of range')):
        with pytest.raises(ValueError, match='split: ' + message):
            K.split(x, count, axis=axis)
    assert [K.int_shape(p) for p in K.split(K.placeholder(shape=(None, 8)), 2)] == \
        [(None, 4)] * 2


def test_tensorflow_backend_module_works_while_another_backend_is_active():
    """Keras's tests call tensorflow_backend's functions directly to compare
    backends: the module starts its graph and session on first use."""
    import subprocess
    import sys
    code = ('from multikeras import backend as K; K.use_backend("numpy"); '
            'from multikeras.backend import tensorflow_backend as KTF; '
            'print(KTF.eval(KTF.variable([1., 2.]) * 2.).tolist())')
    result = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == '[2.0, 4.0]'


def test_rnn_masks_outputs_and_states_of_any_rank(backend, rng):
    """A masked step keeps the previous output and states, whatever their rank."""
    if backend == 'cntk':
        pytest.skip('cntk: rnn outputs and states of rank > 2 are not supported (as in Keras 2.3)')
    x = randn(rng, 3, 4, 5)
    h0 = randn(rng, 3, 2, 3)
    mask = np.ones((3, 4), dtype='float32')
    mask[0, 2:] = 0
    mask[2, 3] = 0

    def step(M):
        def fn(x_t, states):
            return M.tile(M.expand_dims(x_t), [1, 1, 2]), [states[0] + 1.]
        return fn

    ref = NP.rnn(step(NP), x, [h0], mask=mask)
    for unroll in (False, True):
        last, outputs, states = K.rnn(step(K), K.variable(x), [K.variable(h0)],
                                      mask=K.variable(mask), unroll=unroll,
                                      input_length=4 if unroll else None)
        values = K.function([], [last, outputs, states[0]])([])
        for value, expected in zip(values, [ref[0], ref[1], ref[2][0]]):
            np.testing.assert_allclose(value, expected, atol=ATOL)
    np.testing.assert_allclose(ref[2][0][0], h0[0] + 2.)
    np.testing.assert_allclose(ref[1][2, 3], ref[1][2, 2])


def test_ctc_decode_merge_repeated(backend):
    """`merge_repeated` (Keras 2.3's argument) chooses, in beam search, whether a
    repeated class decodes once; greedy decoding always merges."""
    probs = np.eye(3, dtype='float32')[[2, 0, 2, 0, 1, 2, 1]][None]   # blank A blank A B blank B
    lengths = np.array([7], dtype='int32')
    greedy = K.eval(K.ctc_decode(K.variable(probs), K.variable(lengths, dtype='int32'),
                                 merge_repeated=True)[0][0])
    np.testing.assert_array_equal(greedy, [[0, 0, 1, 1]])
    if backend != 'tensorflow':
        return
    for merge, expected in ((True, [[0, 1]]), (False, [[0, 0, 1, 1]])):
        decoded = K.ctc_decode(K.variable(probs), K.variable(lengths, dtype='int32'),
                               greedy=False, beam_width=1, merge_repeated=merge)[0][0]
        np.testing.assert_array_equal(K.eval(decoded), expected)


def test_updates_and_helpers(backend, rng):
    value, target = randn(rng, 3), randn(rng, 3)
    v = K.variable(value)
    K.function([], [], updates=[K.moving_average_update(v, K.constant(target), 0.9)])([])
    ref = NP.variable(value)
    NP.moving_average_update(ref, target, 0.9)
    np.testing.assert_allclose(K.get_value(v), ref, atol=ATOL)
    K.manual_variable_initialization(False)
    K.ensure_engine()
    assert K.is_sparse(v) is False
    np.testing.assert_allclose(K.cast_to_floatx([1, 2]), np.array([1., 2.], 'float32'))
    assert K.cast_to_floatx([1]).dtype == np.float32
    assert K.floatx() == 'float32' and K.epsilon() == NP.epsilon() == 1e-7
    assert K.image_data_format() == 'channels_last'
    assert K.normalize_data_format(None) == 'channels_last'
    assert K.normalize_data_format('channels_first') == 'channels_first'
    with pytest.raises(ValueError):
        K.normalize_data_format('channels_middle')
    assert K.get_uid('probe') + 1 == K.get_uid('probe')
    with K.name_scope('block'):
        assert K.eval(K.exp(K.constant(0.))) == 1.
    assert K.backend() == backend and NP.backend() == 'numpy'
    assert K.get_variable_shape(v) == NP.get_variable_shape(NP.variable(value)) == (3,)


def test_tensorflow_session():
    """get_session/set_session exist on the tensorflow backend only (as in Keras 2.3)."""
    from conftest import activate
    activate('tensorflow')
    session = K.get_session()
    assert hasattr(session, 'run') and session.graph is not None
    K.set_session(session)
    assert K.get_session() is session
    np.testing.assert_allclose(K.eval(K.constant(3.) * 2.), 6.)


def test_tensorflow_lists_available_gpus():
    # Keras 2.3 code decides between CuDNN and CPU layers with this function.
    from conftest import activate
    activate('tensorflow')
    gpus = K.tensorflow_backend._get_available_gpus()
    assert isinstance(gpus, list) and all(g.startswith('/device:GPU:') for g in gpus)
