"""The cntk backend: its engine process, training through the normal API, and
agreement with numpy_backend and the tensorflow backend.

Skipped, with the reason printed (`pytest -rs`), when the CNTK engine is not
installed (`bash tools/setup-cntk.sh`).
"""
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from multikeras import backend as K
from multikeras import layers, models, optimizers
from multikeras.backend import numpy_backend as NP
from multikeras.backend.cntk_engine import client

from conftest import activate, digits

HERE = os.path.dirname(os.path.abspath(__file__))
CORE = os.path.join(HERE, '..', '..', 'inst', 'python')
ATOL = 1e-5

try:
    client.engine_command()
    _MISSING = None
except ImportError as e:
    _MISSING = str(e)

pytestmark = pytest.mark.skipif(_MISSING is not None,
                                reason='CNTK engine not installed: %s' % _MISSING)


@pytest.fixture
def cntk():
    activate('cntk')
    K.set_floatx('float32')
    K.set_image_data_format('channels_last')
    yield K
    K.set_image_data_format('channels_last')


# -- training through the normal API -----------------------------------------------------

def test_mlp_learns_digits(cntk):
    x, y = digits()
    np.random.seed(1)
    model = models.Sequential([layers.Dense(32, activation='relu', input_shape=(64,)),
                               layers.Dropout(0.1),
                               layers.Dense(10, activation='softmax')])
    model.compile(optimizer=optimizers.SGD(lr=0.1, momentum=0.9),
                  loss='categorical_crossentropy', metrics=['accuracy'])
    history = model.fit(x, y, epochs=10, batch_size=32, verbose=0)
    assert history.history['loss'][-1] < history.history['loss'][0]
    loss, acc = model.evaluate(x, y, verbose=0)
    assert acc >= 0.95, acc
    assert model._functions['train'].build_info['mode'] == 'learner'
    # prediction is deterministic (dropout is off outside training)
    p1, p2 = model.predict(x[:50]), model.predict(x[:50])
    np.testing.assert_array_equal(p1, p2)
    assert np.mean(np.argmax(model.predict(x), 1) == np.argmax(y, 1)) >= 0.95


def test_cnn_learns_digits(cntk):
    x, y = digits()
    x = x.reshape(-1, 8, 8, 1)
    np.random.seed(2)
    model = models.Sequential([layers.Conv2D(16, (3, 3), activation='relu', input_shape=(8, 8, 1)),
                               layers.MaxPooling2D((2, 2)),
                               layers.Flatten(),
                               layers.Dense(10, activation='softmax')])
    model.compile(optimizer=optimizers.Adam(lr=0.01), loss='categorical_crossentropy',
                  metrics=['accuracy'])
    model.fit(x, y, epochs=8, batch_size=32, verbose=0)
    loss, acc = model.evaluate(x, y, verbose=0)
    assert acc >= 0.95, acc


# -- backend functions against numpy_backend ---------------------------------------------------

def _cases(rng):
    x = rng.randn(3, 4).astype('float32')
    x[0, :] = [-1.5, -0.5, 0.5, 2.5]
    y = rng.randn(3, 4).astype('float32')
    pos = np.abs(x) + 0.1
    m = rng.randn(4, 5).astype('float32')
    t3 = rng.randn(2, 3, 4).astype('float32')
    img = rng.randn(2, 5, 6, 3).astype('float32')
    ker = rng.randn(3, 2, 3, 4).astype('float32')
    probs = NP.softmax(y)
    cases = [
        ('square', lambda B, a: B.square(a), [x]),
        ('abs', lambda B, a: B.abs(a), [x]),
        ('sqrt', lambda B, a: B.sqrt(a), [pos]),
        ('exp', lambda B, a: B.exp(a), [x]),
        ('log', lambda B, a: B.log(a), [pos]),
        ('round', lambda B, a: B.round(a), [x]),
        ('sign', lambda B, a: B.sign(a), [x]),
        ('tanh', lambda B, a: B.tanh(a), [x]),
        ('sigmoid', lambda B, a: B.sigmoid(a), [x]),
        ('hard_sigmoid', lambda B, a: B.hard_sigmoid(a), [x]),
        ('softplus', lambda B, a: B.softplus(a), [x]),
        ('softsign', lambda B, a: B.softsign(a), [x]),
        ('elu', lambda B, a: B.elu(a, 0.5), [x]),
        ('relu', lambda B, a: B.relu(a), [x]),
        ('relu_leaky', lambda B, a: B.relu(a, alpha=0.1, max_value=1.0), [x]),
        ('softmax', lambda B, a: B.softmax(a), [x]),
        ('softmax0', lambda B, a: B.softmax(a, axis=0), [x]),
        ('clip', lambda B, a: B.clip(a, -0.5, 0.7), [x]),
        ('pow', lambda B, a: B.pow(a, 2), [x]),
        ('maximum', lambda B, a, b: B.maximum(a, b), [x, y]),
        ('minimum', lambda B, a, b: B.minimum(a, b), [x, y]),
        ('equal', lambda B, a, b: B.equal(a, b), [x, x]),
        ('not_equal', lambda B, a, b: B.not_equal(a, b), [x, y]),
        ('greater', lambda B, a, b: B.greater(a, b), [x, y]),
        ('cast', lambda B, a: B.cast(B.greater(a, 0), 'float32'), [x]),
        ('arith', lambda B, a, b: (a + b) * 2. - a / (B.abs(b) + 1.), [x, y]),
        ('sum', lambda B, a: B.sum(a), [x]),
        ('sum0', lambda B, a: B.sum(a, axis=0), [x]),
        ('sum1k', lambda B, a: B.sum(a, axis=1, keepdims=True), [x]),
        ('mean', lambda B, a: B.mean(a, axis=[0, 2]), [t3]),
        ('max', lambda B, a: B.max(a, axis=-1), [x]),
        ('min', lambda B, a: B.min(a, axis=0, keepdims=True), [x]),
        ('var', lambda B, a: B.var(a, axis=1), [x]),
        ('std', lambda B, a: B.std(a), [x]),
        ('argmax', lambda B, a: B.argmax(a, -1), [x]),
        ('argmin', lambda B, a: B.argmin(a, 0), [x]),
        ('logsumexp', lambda B, a: B.logsumexp(a, axis=1), [x]),
        ('any', lambda B, a: B.any(B.greater(a, 1.), axis=1), [x]),
        ('dot', lambda B, a, b: B.dot(a, b), [x, m]),
        ('dot3', lambda B, a, b: B.dot(a, b), [t3, m]),
        ('batch_dot', lambda B, a, b: B.batch_dot(a, b, axes=(2, 2)), [t3, t3]),
        ('reshape', lambda B, a: B.reshape(a, (4, 3)), [x]),
        ('batch_flatten', lambda B, a: B.batch_flatten(a), [t3]),
        ('flatten', lambda B, a: B.flatten(a), [x]),
        ('permute', lambda B, a: B.permute_dimensions(a, (2, 0, 1)), [t3]),
        ('transpose', lambda B, a: B.transpose(a), [x]),
        ('expand_dims', lambda B, a: B.expand_dims(a, 1), [x]),
        ('squeeze', lambda B, a: B.squeeze(B.expand_dims(a, 0), 0), [x]),
        ('concatenate', lambda B, a, b: B.concatenate([a, b], axis=0), [x, y]),
        ('stack', lambda B, a, b: B.stack([a, b], axis=1), [x, y]),
        ('getitem', lambda B, a: a[1:, 2], [x]),
        ('l2_normalize', lambda B, a: B.l2_normalize(a, axis=1), [x]),
        ('cce', lambda B, t, p: B.categorical_crossentropy(t, p), [NP.softmax(x), probs]),
        ('cce_logits', lambda B, t, p: B.categorical_crossentropy(t, p, from_logits=True),
         [NP.softmax(x), y]),
        ('bce', lambda B, t, p: B.binary_crossentropy(t, p), [NP.sigmoid(x), NP.sigmoid(y)]),
        ('bias_add', lambda B, a, b: B.bias_add(a, b[0]), [x, y]),
        ('conv2d_valid', lambda B, a, k: B.conv2d(a, k), [img, ker]),
        ('conv2d_same_s2', lambda B, a, k: B.conv2d(a, k, strides=(2, 2), padding='same'),
         [img, ker]),
        ('conv2d_cf', lambda B, a, k: B.conv2d(a, k, padding='same', data_format='channels_first'),
         [np.transpose(img, (0, 3, 1, 2)).copy(), ker]),
        ('pool_max', lambda B, a: B.pool2d(a, (2, 2), (2, 2)), [img]),
        ('pool_avg_same', lambda B, a: B.pool2d(a, (2, 2), (2, 2), 'same', pool_mode='avg'),
         [img[:, :5, :5]]),
        ('pool_max_same', lambda B, a: B.pool2d(a, (3, 3), (2, 2), 'same'), [img]),
        ('batch_norm', lambda B, a, b: B.batch_normalization(a, b[0], B.abs(b[1]), b[2], b[3]),
         [x, rng.randn(4, 4).astype('float32')]),
        ('normalize_batch', lambda B, a: B.normalize_batch_in_training(a, None, None, [0])[0], [x]),
        ('switch', lambda B, a, b: B.switch(B.greater(a, 0), a, b), [x, y]),
    ]
    return cases


def test_functions_match_numpy_backend(cntk, rng):
    names, tensors, refs, errors = [], [], [], []
    for name, fn, arrays in _cases(rng):
        ref = fn(NP, *arrays)
        try:
            variables = [K.variable(a) for a in arrays]
            tensors.append(fn(K, *variables))
        except Exception as e:  # noqa: BLE001 - listed below
            errors.append('%s: %s: %s' % (name, type(e).__name__, str(e)[:200]))
            continue
        names.append(name)
        refs.append(ref)
    values = K.function([], tensors)([])
    failures = list(errors)
    for name, value, ref in zip(names, values, refs):
        value, ref = np.asarray(value), np.asarray(ref)
        if value.shape != ref.shape:
            failures.append('%s: shape %s, expected %s' % (name, value.shape, ref.shape))
        elif not np.allclose(value.astype('float64'), ref.astype('float64'), atol=ATOL, rtol=1e-5):
            failures.append('%s: max abs error %g' % (name, np.max(np.abs(
                value.astype('float64') - ref.astype('float64')))))
    assert not failures, '\n'.join(failures)


def test_placeholders_batch_axis_and_shapes(cntk, rng):
    x = K.placeholder((None, 3, 4))
    assert K.int_shape(x) == (None, 3, 4) and K.ndim(x) == 3 and K.dtype(x) == 'float32'
    y = K.reshape(x, (K.shape(x)[0], 12))
    assert K.int_shape(y) == (None, 12)
    outs = [K.sum(x, axis=0), K.mean(x), K.batch_flatten(x), y, K.max(x, axis=[0, 2]),
            K.permute_dimensions(x, (1, 0, 2)), K.shape(x)]
    f = K.function([x], outs)
    for n in (1, 5):
        a = rng.randn(n, 3, 4).astype('float32')
        got = f([a])
        want = [a.sum(0), a.mean(), a.reshape(n, 12), a.reshape(n, 12), a.max(axis=(0, 2)),
                a.transpose(1, 0, 2), np.array([n, 3, 4])]
        for g, w in zip(got, want):
            np.testing.assert_allclose(g, w, atol=ATOL, rtol=1e-5)
    with pytest.raises(ValueError, match='expects shape'):
        f([np.zeros((2, 4, 4), 'float32')])


def test_large_inputs_travel_through_shared_memory(cntk, rng):
    """Small arrays go on the socket, large ones through the shared file, which
    grows (and the engine maps it again) when a request needs more room."""
    x = K.placeholder(ndim=2)
    y = K.placeholder(ndim=2)
    f = K.function([x, y], [x * 2. + K.sum(y)])
    engine = client.get()
    if engine.shared is None:
        pytest.skip('no os.memfd_create here: every array goes on the socket')
    assert not os.get_inheritable(engine.shared.fd)   # other child processes do not get it
    for rows in (4, 5000, 40000, 5000):   # socket; shared file; a grown file; again
        a = rng.rand(rows, 64).astype('float32')
        b = rng.rand(rows, 8).astype('float32')
        np.testing.assert_allclose(f([a, b])[0], a * 2. + b.sum(), rtol=1e-5)
        assert engine.shared.size >= (a.nbytes + b.nbytes if rows > 4 else 0)


def test_a_request_with_more_arrays_than_one_sendmsg_takes(cntk, rng):
    """Linux's sendmsg takes at most 1024 buffers (IOV_MAX); building ResNet152's
    train function sends about 1250 small arrays in one request (the engine
    seemed to die)."""
    values = [rng.rand(3).astype('float32') for _ in range(1500)]
    x = K.placeholder(shape=(None, 3))
    total = x
    for v in values:
        total = total + K.constant(v)
    f = K.function([x], [total])
    a = rng.rand(2, 3).astype('float32')
    np.testing.assert_allclose(f([a])[0], a + np.sum(values, axis=0), rtol=1e-4)


def test_variables_and_gradients(cntk, rng):
    w = K.variable(rng.randn(3, 2))
    assert K.int_shape(w) == (3, 2) and K.is_variable(w)
    x = K.placeholder((None, 3))
    loss = K.sum(K.square(K.dot(x, w)))
    grad, = K.gradients(loss, [w])
    a = rng.randn(4, 3).astype('float32')
    g = K.function([x], [grad])([a])[0]
    np.testing.assert_allclose(g, 2 * a.T.dot(a.dot(K.get_value(w))), atol=1e-4, rtol=1e-4)
    # updates read old values; set_value/get_value go to the engine
    step = K.function([x], [loss], updates=[K.update_sub(w, 0.01 * grad)])
    before = K.get_value(w)
    step([a])
    np.testing.assert_allclose(K.get_value(w), before - 0.01 * g, atol=1e-5)
    K.set_value(w, np.zeros((3, 2)))
    assert np.all(K.get_value(w) == 0)
    assert K.eval(K.sum(w)) == 0
    counter = K.variable(0, dtype='int64')
    inc = K.function([], [counter], updates=[K.update_add(counter, 1)])
    assert inc([])[0] == 0 and inc([])[0] == 1 and K.get_value(counter) == 2
    assert K.get_value(counter).dtype == np.int64


def test_learning_phase_and_dropout(cntk, rng):
    x = K.placeholder((None, 100))
    y = K.in_train_phase(lambda: K.dropout(x, 0.5, seed=1), x)
    assert getattr(y, '_uses_learning_phase', False)
    f = K.function([x, K.learning_phase()], [y])
    a = np.ones((4, 100), 'float32')
    np.testing.assert_array_equal(f([a, 0])[0], a)
    train = f([a, 1])[0]
    assert set(np.unique(train)) <= {0., 2.} and 0.3 < np.mean(train == 0) < 0.7
    assert not np.array_equal(train, f([a, 1])[0])      # a fresh mask each call


def _train_on_tensorflow_and_cntk(rng, make_optimizers, epochs, callbacks=()):
    """The same small classifier, from the same weights, trained on tensorflow and on
    cntk with each optimizer from `make_optimizers()` (name, optimizer pairs): a
    dict (backend, name) -> (model, its weights followed by its predictions, the
    optimizer's iteration count)."""
    x = rng.randn(24, 5).astype('float32')
    y = np.eye(3, dtype='float32')[rng.randint(0, 3, 24)]
    results, init = {}, None
    for backend in ('tensorflow', 'cntk'):
        activate(backend)
        for name, opt in make_optimizers():
            model = models.Sequential([layers.Dense(4, activation='tanh', input_shape=(5,)),
                                       layers.Dense(3, activation='softmax')])
            if init is None:
                init = model.get_weights()
            model.set_weights(init)
            model.compile(optimizer=opt, loss='categorical_crossentropy')
            model.fit(x, y, batch_size=8, epochs=epochs, shuffle=False, verbose=0,
                      callbacks=list(callbacks))
            results[backend, name] = (model, model.get_weights() + [model.predict(x)],
                                      K.get_value(model.optimizer.iterations))
    return results


def _assert_same_numbers(results, names):
    for name in names:
        for a, b in zip(results['tensorflow', name][1], results['cntk', name][1]):
            np.testing.assert_allclose(a, b, atol=ATOL)


def test_optimizers_match_tensorflow(rng):
    """Training steps of SGD+momentum and Adam: the same weights as tensorflow."""
    results = _train_on_tensorflow_and_cntk(rng, lambda: (
        ('sgd', optimizers.SGD(lr=0.1, momentum=0.9, nesterov=True)),
        ('adam', optimizers.Adam(lr=0.01))), epochs=2)
    _assert_same_numbers(results, ('sgd', 'adam'))


def test_plain_sgd_runs_in_cntks_sgd_learner(rng):
    """Plain SGD runs in CNTK's fused sgd learner: it follows a learning rate changed
    between epochs, counts iterations and gives tensorflow's weights. Clipped
    gradients are not a plain step and keep the general learner, with the same result."""
    from multikeras import callbacks
    schedule = callbacks.LearningRateScheduler(lambda epoch: 0.2 / (epoch + 1))
    results = _train_on_tensorflow_and_cntk(rng, lambda: (
        ('plain', optimizers.SGD(lr=0.2)), ('clipped', optimizers.SGD(lr=0.2, clipvalue=0.05))),
        epochs=3, callbacks=[schedule])
    for key, (_, _, iterations) in results.items():
        assert iterations == 9, key
    assert results['cntk', 'plain'][0]._functions['train'].build_info['mode'] == 'sgd'
    assert results['cntk', 'clipped'][0]._functions['train'].build_info['mode'] == 'learner'
    _assert_same_numbers(results, ('plain', 'clipped'))
    assert not np.allclose(results['cntk', 'plain'][1][0], results['cntk', 'clipped'][1][0])


def _weights_round_trip(tmp_path, src, dst):
    x, _ = digits()
    x = x[:40].reshape(-1, 8, 8, 1)
    activate(src)
    np.random.seed(3)
    model = models.Sequential([layers.Conv2D(4, (3, 3), padding='same', activation='relu',
                                             input_shape=(8, 8, 1)),
                               layers.MaxPooling2D((2, 2)),
                               layers.Conv2D(3, (2, 2), strides=(2, 2)),
                               layers.Flatten(),
                               layers.Dense(5, activation='softmax')])
    model.compile(optimizer='sgd', loss='categorical_crossentropy')
    want = model.predict(x)
    path = str(tmp_path / ('%s.h5' % src))
    model.save(path)
    activate(dst)
    loaded = models.load_model(path)
    np.testing.assert_allclose(loaded.predict(x), want, atol=ATOL)


def test_weights_from_cntk_load_on_tensorflow(tmp_path):
    _weights_round_trip(tmp_path, 'cntk', 'tensorflow')


def test_weights_from_tensorflow_load_on_cntk(tmp_path):
    _weights_round_trip(tmp_path, 'tensorflow', 'cntk')


# -- the engine process ---------------------------------------------------------------------

def test_cntk_error_comes_back_with_its_message(cntk):
    x = K.placeholder(ndim=2)
    a = K.variable(np.ones(3))
    f = K.function([x], [x + a])
    np.testing.assert_array_equal(f([np.zeros((2, 3))])[0], np.ones((2, 3)))
    with pytest.raises(client.EngineError, match='CNTK engine error in .run.: .*(?i:shape|dimension)'):
        f([np.zeros((2, 5))])
    # the engine survived and still works
    assert K.eval(K.sum(a)) == 3


def test_engine_death_is_an_error_not_a_hang(cntk):
    v = K.variable(np.ones(3))
    f = K.function([], [K.sum(v)])
    assert f([])[0] == 3
    engine = client.get()
    os.kill(engine.pid, signal.SIGKILL)
    start = time.time()
    with pytest.raises(client.EngineError, match='died|exit'):
        f([])
    assert time.time() - start < 10
    assert engine.proc.returncode is not None          # reaped, no zombie
    K.clear_session()
    assert K.eval(K.sum(K.variable(np.ones(2)))) == 2  # a fresh engine starts


def test_engine_dies_with_its_parent():
    script = textwrap.dedent('''
        import sys, time
        sys.path.insert(0, %r)
        from multikeras import backend as K
        from multikeras.backend.cntk_engine import client
        K.use_backend('cntk')
        K.eval(K.variable(1.))
        print(client.get().pid, flush=True)
        time.sleep(60)
    ''' % CORE)
    proc = subprocess.Popen([sys.executable, '-c', script], stdout=subprocess.PIPE,
                            universal_newlines=True)
    try:
        pid = int(proc.stdout.readline())
        os.kill(pid, 0)
    finally:
        proc.kill()
        proc.wait()
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        with open('/proc/%d/stat' % pid) as f:     # reaped by init: gone or a zombie
            if f.read().split()[2] == 'Z':
                break
        time.sleep(0.1)
    else:
        pytest.fail('the engine process %d outlived its parent' % pid)


def test_missing_engine_is_a_clear_import_error(tmp_path, monkeypatch):
    activate('numpy')
    monkeypatch.setenv('KERAS_CNTK_PREFIX', str(tmp_path / 'nowhere'))
    monkeypatch.delenv('KERAS_CNTK_PYTHON', raising=False)
    client.stop()
    with pytest.raises(ImportError, match='setup-cntk.sh.*install_keras'):
        K.use_backend('cntk')
    assert K.backend() == 'numpy'


def test_unimplemented_function_names_itself(cntk):
    with pytest.raises(NotImplementedError, match='cumsum.*unknown size.*cntk'):
        K.cumsum(K.placeholder(shape=(None, 3)), axis=0)


def test_every_numpy_backend_function_is_implemented(cntk):
    from multikeras.backend import cntk_backend, numpy_backend
    stubs = [name for name in dir(numpy_backend) if not name.startswith('_') and
             name not in numpy_backend.REFERENCE_ONLY and getattr(getattr(cntk_backend, name, None), '__doc__', None) ==
             'Not implemented by the cntk backend yet.']
    assert stubs == []


def test_data_dependent_outputs_run_on_the_host(cntk):
    """ctc_decode's width depends on the data: returned from a function, never fed to an op."""
    y = K.placeholder(shape=(None, 6, 5))
    n = K.placeholder(shape=(None, 1), dtype='int32')
    decoded = K.ctc_decode(y, n)[0][0]
    f = K.function([y, n], [decoded, decoded])
    peaked = np.full((2, 6, 5), 0.05, dtype='float32')
    for b, path in enumerate([[1, 1, 4, 1, 2, 2], [4, 3, 0, 0, 4, 4]]):
        peaked[b, np.arange(6), path] = 0.8
    for lengths, expected in (([[6], [4]], [[1, 1, 2], [3, 0, -1]]), ([[2], [3]], [[1, -1], [3, 0]])):
        out = f([peaked, np.array(lengths)])
        np.testing.assert_array_equal(out[0], expected)
        np.testing.assert_array_equal(out[1], expected)
    with pytest.raises(NotImplementedError, match='not fixed'):
        K.function([y, n], [K.sum(decoded)])


def test_same_padding_with_run_time_sizes_builds_per_shape(cntk, rng):
    x = K.placeholder(shape=(None, None, None, 2))
    k = rng.randn(2, 2, 2, 3).astype('float32')
    f = K.function([x], [K.conv2d(x, K.variable(k), strides=(2, 2), padding='same'),
                         K.pool2d(x, (2, 2), padding='same', pool_mode='avg')])
    for shape in ((2, 5, 5, 2), (3, 4, 7, 2), (2, 5, 5, 2)):
        xv = rng.randn(*shape).astype('float32')
        conv, pool = f([xv])
        np.testing.assert_allclose(conv, NP.conv2d(xv, k, strides=(2, 2), padding='same'),
                                   atol=1e-5)
        np.testing.assert_allclose(pool, NP.pool2d(xv, (2, 2), padding='same', pool_mode='avg'),
                                   atol=1e-5)


def test_reshape_keeps_an_unknown_batch_axis(cntk):
    """K.reshape(x, (K.shape(x)[0], 3, -1)) (the Reshape layer) with the batch size unknown."""
    x = K.placeholder(shape=(None, 6, 2))
    y = K.reshape(x, (K.shape(x)[0], 3, -1))
    assert K.int_shape(y) == (None, 3, 4)
    xv = np.arange(24.).reshape(2, 6, 2)
    np.testing.assert_array_equal(K.function([x], [y])([xv])[0], xv.reshape(2, 3, 4))


def test_engine_threads_sleep_after_parallel_regions(monkeypatch):
    """The engine's OpenMP threads sleep at once after their work (KMP_BLOCKTIME=0),
    CNTK's element-wise loops run on one thread and MKL's products on every core;
    values the user set win."""
    for name in client.engine_settings():
        monkeypatch.delenv(name, raising=False)
    env = client.engine_command()[1]
    assert (env['KMP_BLOCKTIME'], env['OMP_NUM_THREADS']) == ('0', '1')
    assert env['MKL_NUM_THREADS'] == str(len(os.sched_getaffinity(0)))
    monkeypatch.setenv('KMP_BLOCKTIME', '200')
    monkeypatch.setenv('OMP_NUM_THREADS', '2')
    env = client.engine_command()[1]
    assert (env['KMP_BLOCKTIME'], env['OMP_NUM_THREADS']) == ('200', '2')


@pytest.mark.parametrize('vendor, flags, cpu_type', [
    ('AuthenticAMD', 'fpu sse2 avx avx2 fma', '5'),     # MKL's AVX2 kernels
    ('AuthenticAMD', 'fpu sse2 avx', None),             # no AVX2: MKL's own choice
    ('GenuineIntel', 'fpu sse2 avx avx2 avx512f', None),
])
def test_mkl_uses_its_avx2_kernels_on_amd_processors(vendor, flags, cpu_type):
    """CNTK's MKL runs its generic code on processors not Intel's unless told the
    AVX2 type; only where the processor has AVX2."""
    cpuinfo = ('processor\t: 0\nvendor_id\t: %s\nmodel name\t: some cpu\nflags\t\t: %s\n\n'
               'processor\t: 1\nvendor_id\t: %s\nflags\t\t: %s\n'
               % (vendor, flags, vendor, flags))
    assert client.engine_settings(cpuinfo).get('MKL_DEBUG_CPU_TYPE') == cpu_type


def test_convolution_stack_on_the_batch_axis_matches_tensorflow(rng):
    """Convolutions and poolings joined by biases, activations, transposes and a sum of
    two branches stay on CNTK's batch axis between them: the same predictions and
    training steps as tensorflow, in both data formats."""
    x = rng.rand(6, 9, 9, 2).astype('float32')
    y = np.eye(3, dtype='float32')[[0, 1, 2, 0, 1, 2]]
    results = {}
    for backend in ('tensorflow', 'cntk'):
        activate(backend)
        for fmt in ('channels_last', 'channels_first'):
            np.random.seed(4)
            inp = layers.Input((9, 9, 2))
            h = layers.Permute((3, 1, 2))(inp) if fmt == 'channels_first' else inp
            h = layers.Conv2D(4, (3, 3), activation='relu', data_format=fmt)(h)
            a = layers.Conv2D(4, (3, 3), padding='same', activation='tanh', data_format=fmt)(h)
            b = layers.Conv2D(4, (1, 1), data_format=fmt)(h)
            h = layers.Add()([a, b])
            h = layers.MaxPooling2D((2, 2), data_format=fmt)(layers.Activation('sigmoid')(h))
            h = layers.AveragePooling2D((2, 2), padding='same', data_format=fmt)(h)
            out = layers.Dense(3, activation='softmax')(layers.Flatten()(h))
            model = models.Model(inp, out)
            model.compile(optimizer=optimizers.Adam(lr=0.01), loss='categorical_crossentropy')
            model.fit(x, y, batch_size=3, epochs=2, shuffle=False, verbose=0)
            results[backend, fmt] = model.get_weights() + [model.predict(x)]
            if backend == 'cntk':   # every convolution and pooling after the first reads
                # the batch-axis values of its input
                assert model._functions['train'].build_info['chained'] == 4
    for fmt in ('channels_last', 'channels_first'):
        for a, b in zip(results['tensorflow', fmt], results['cntk', fmt]):
            np.testing.assert_allclose(a, b, atol=ATOL)


def _engine_peak_rss_kb():
    with open('/proc/%d/status' % client.get().pid) as status:
        return next(int(line.split()[1]) for line in status if line.startswith('VmHWM'))


def test_depthwise_convolution_is_grouped_not_block_diagonal(cntk):
    """A depthwise convolution of C channels runs as CNTK's grouped convolution. As a
    full convolution with a block-diagonal C x C kernel, ten 960-channel layers (as
    in MobileNetV2's last blocks) took 1 GB in the engine, and NASNetLarge's training
    step more than this machine's 24 GB."""
    inp = layers.Input((1, 1, 960))
    h = inp
    for _ in range(10):
        h = layers.DepthwiseConv2D(3, padding='same', use_bias=False)(h)
    model = models.Model(inp, h)
    before = _engine_peak_rss_kb()
    model.predict(np.ones((2, 1, 1, 960), 'float32'))
    assert _engine_peak_rss_kb() - before < 200 * 1024
