"""The mxnet backend: training through the normal API, what it does around MXNet
(executors, gradient stand-ins, host-side results) and its errors.

Skipped, with the reason printed (`pytest -rs`), when MXNet is not installed
(`pip install --no-deps mxnet==1.9.1`).
"""
import os
import subprocess
import sys

import numpy as np
import pytest

from multikeras import backend as K
from multikeras import layers, models, optimizers
from multikeras.backend import numpy_backend as NP

from conftest import activate, digits

HERE = os.path.dirname(os.path.abspath(__file__))
CORE = os.path.join(HERE, '..', '..', 'inst', 'python')
ATOL = 1e-5


@pytest.fixture
def mxnet():
    activate('mxnet')
    K.set_floatx('float32')
    K.set_image_data_format('channels_last')
    yield K
    K.set_image_data_format('channels_last')


# -- training through the normal API -----------------------------------------------------

def test_mlp_learns_digits(mxnet):
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
    # prediction is deterministic (dropout is off outside training)
    p1, p2 = model.predict(x[:50]), model.predict(x[:50])
    np.testing.assert_array_equal(p1, p2)
    assert np.mean(np.argmax(model.predict(x), 1) == np.argmax(y, 1)) >= 0.95


def test_cnn_learns_digits(mxnet):
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


def test_training_function_matches_numpy(mxnet, rng):
    """Three SGD steps of K.function with gradients, an output that needs no gradient
    (an argmax, through which MXNet has no gradient) and one built on the gradient."""
    x0, w0 = rng.randn(5, 3).astype('float32'), rng.randn(3, 2).astype('float32')
    x = K.placeholder(shape=(None, 3))
    w = K.variable(w0)
    loss = K.sum(K.square(K.dot(x, w)))
    grad = K.gradients(loss, [w])[0]
    f = K.function([x], [loss, K.argmax(K.dot(x, w)), K.sum(grad)],
                   updates=[K.update_sub(w, 0.01 * grad)])
    w_ref = w0.copy()
    for _ in range(3):
        out = f([x0])
        y = x0.dot(w_ref)
        g = 2. * x0.T.dot(y)
        np.testing.assert_allclose(out[0], np.sum(y ** 2), rtol=1e-5)
        np.testing.assert_array_equal(out[1], np.argmax(y, -1))
        np.testing.assert_allclose(out[2], g.sum(), rtol=1e-5)
        w_ref -= 0.01 * g
        np.testing.assert_allclose(K.get_value(w), w_ref, rtol=1e-5)


def test_weights_from_mxnet_load_on_tensorflow(tmp_path):
    _weights_round_trip(tmp_path, 'mxnet', 'tensorflow')


def test_weights_from_tensorflow_load_on_mxnet(tmp_path):
    _weights_round_trip(tmp_path, 'tensorflow', 'mxnet')


def _weights_round_trip(tmp_path, src, dst):
    """A model with convolution kernels and an LSTM saved on `src` predicts the same on `dst`."""
    x, _ = digits()
    x = x[:40].reshape(-1, 8, 8, 1)
    activate(src)
    np.random.seed(3)
    image = layers.Input(shape=(8, 8, 1))
    features = layers.Conv2D(4, (3, 3), padding='same', activation='relu')(image)
    features = layers.MaxPooling2D((2, 2))(features)
    features = layers.Conv2D(3, (2, 2), strides=(2, 2))(features)
    rows = layers.Reshape((2, 6))(features)
    out = layers.Dense(5, activation='softmax')(layers.LSTM(4)(rows))
    model = models.Model(image, out)
    model.compile(optimizer='sgd', loss='categorical_crossentropy')
    want = model.predict(x)
    path = str(tmp_path / ('%s.h5' % src))
    model.save(path)
    activate(dst)
    loaded = models.load_model(path)
    np.testing.assert_allclose(loaded.predict(x), want, atol=ATOL)


# -- around MXNet ------------------------------------------------------------------------------

def test_every_numpy_backend_function_is_implemented(mxnet):
    import inspect
    from multikeras.backend import mxnet_backend, numpy_backend
    names = [n for n, f in vars(numpy_backend).items() if not n.startswith('_') and
             inspect.isfunction(f) and f.__module__ == numpy_backend.__name__ and
             n not in numpy_backend.REFERENCE_ONLY]
    assert [n for n in names if not callable(getattr(mxnet_backend, n, None))] == []


def test_missing_engine_is_a_clear_import_error():
    """Without the wheel: one error naming the package and the command; the backend stays."""
    code = ('import sys; sys.modules["mxnet"] = None; sys.path.insert(0, %r)\n'
            'from multikeras import backend as K\n'
            'K.use_backend("numpy")\n'
            'try:\n'
            '    K.use_backend("mxnet")\n'
            'except ImportError as e:\n'
            '    print(e)\n'
            'print(K.backend())\n' % CORE)
    result = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    message, active = result.stdout.strip().splitlines()[-2:]
    assert "'mxnet' backend is not available" in message
    assert 'mxnet==1.9.1' in message and 'pip install --no-deps mxnet==1.9.1' in message
    assert active == 'numpy'


def test_unsupported_cases_name_the_function(mxnet):
    x = K.placeholder(shape=(None, None, 3))
    with pytest.raises(NotImplementedError, match='reshape.*mxnet backend.*only one dim'):
        K.reshape(x, (-1, -1))
    v = K.variable(np.ones(3))
    grad = K.gradients(K.sum(K.square(v)), [v])[0]
    with pytest.raises(NotImplementedError, match='gradients of a gradient'):
        K.gradients(K.sum(grad), [v])
    with pytest.raises(NotImplementedError, match='rnn.unroll=True.*unknown length'):
        K.rnn(lambda x_t, s: (x_t, s), K.placeholder(shape=(2, None, 3)), [K.zeros((2, 3))],
              unroll=True)


def test_rnn_over_sequences_of_any_length(mxnet, rng):
    """The foreach loop runs the sequences of each call's length, with masks and
    backwards, and differentiates through them."""
    x = K.placeholder(shape=(None, None, 3))
    mask = K.placeholder(shape=(None, None))
    u0 = rng.randn(3, 3).astype('float32') * 0.5
    u = K.variable(u0)

    def step(x_t, states):
        out = K.tanh(x_t + K.dot(states[0], states[1]))
        return out, [out]
    h0 = K.zeros_like(x[:, 0, :])
    last, outputs, states = K.rnn(step, x, [h0], constants=[u], mask=mask, go_backwards=True)
    f = K.function([x, mask], [last, outputs, states[0],
                               K.gradients(K.sum(K.square(outputs)), [u])[0]])

    def reference(xv, mv, weights):
        return NP.rnn(lambda x_t, s: (np.tanh(x_t + s[0].dot(s[1])),
                                      [np.tanh(x_t + s[0].dot(s[1]))]),
                      xv, [np.zeros((len(xv), 3), 'float32')], constants=[weights],
                      mask=mv, go_backwards=True)
    for steps in (4, 7):
        xv = rng.randn(2, steps, 3).astype('float32')
        mv = (rng.rand(2, steps) > 0.3).astype('float32')
        got = f([xv, mv])
        want = reference(xv, mv, u0)
        for value, expected in zip(got[:3], [want[0], want[1], want[2][0]]):
            np.testing.assert_allclose(value, expected, atol=ATOL)
        numeric = np.zeros_like(u0)
        for index in np.ndindex(*u0.shape):
            step_ = np.zeros_like(u0)
            step_[index] = 1e-3
            up = np.sum(reference(xv, mv, u0 + step_)[1].astype('float64') ** 2)
            down = np.sum(reference(xv, mv, u0 - step_)[1].astype('float64') ** 2)
            numeric[index] = (up - down) / 2e-3
        np.testing.assert_allclose(got[3], numeric, rtol=1e-2, atol=1e-2)


def test_same_padding_with_run_time_sizes(mxnet, rng):
    """TensorFlow's 'same' padding, which depends on sizes known only at run time,
    with strides; values and gradients."""
    x = K.placeholder(shape=(None, None, None, 2))
    kernel = rng.randn(3, 2, 2, 3).astype('float32')
    k = K.variable(kernel)
    conv = K.conv2d(x, k, strides=(2, 3), padding='same')
    f = K.function([x], [conv, K.pool2d(x, (3, 2), strides=(2, 2), padding='same'),
                         K.pool2d(x, (2, 2), strides=(3, 2), padding='same', pool_mode='avg'),
                         K.gradients(K.sum(K.square(conv)), [k])[0]])
    for shape in ((2, 5, 5, 2), (3, 4, 7, 2), (1, 6, 2, 2)):
        xv = rng.randn(*shape).astype('float32')
        conv_v, max_v, avg_v, grad_v = f([xv])
        np.testing.assert_allclose(conv_v, NP.conv2d(xv, kernel, (2, 3), 'same'), atol=1e-4)
        np.testing.assert_allclose(max_v, NP.pool2d(xv, (3, 2), (2, 2), 'same'), atol=1e-5)
        np.testing.assert_allclose(avg_v, NP.pool2d(xv, (2, 2), (3, 2), 'same', pool_mode='avg'),
                                   atol=1e-5)
        numeric = np.zeros_like(kernel)
        for index in np.ndindex(*kernel.shape):
            step = np.zeros_like(kernel)
            step[index] = 1e-2
            up = np.sum(NP.conv2d(xv, kernel + step, (2, 3), 'same') ** 2)
            down = np.sum(NP.conv2d(xv, kernel - step, (2, 3), 'same') ** 2)
            numeric[index] = (up - down) / 2e-2
        np.testing.assert_allclose(grad_v, numeric, rtol=1e-2, atol=1e-2)


def test_data_dependent_outputs_run_on_the_host(mxnet):
    """ctc_decode's width depends on the data: returned from a function, never fed to an op."""
    y = K.placeholder(shape=(None, 6, 5))
    n = K.placeholder(shape=(None, 1), dtype='int32')
    decoded = K.ctc_decode(y, n)[0][0]
    f = K.function([y, n], [decoded, K.sum(y)])
    peaked = np.full((2, 6, 5), 0.05, dtype='float32')
    for b, path in enumerate([[1, 1, 4, 1, 2, 2], [4, 3, 0, 0, 4, 4]]):
        peaked[b, np.arange(6), path] = 0.8
    for lengths, expected in (([[6], [4]], [[1, 1, 2], [3, 0, -1]]),
                              ([[2], [3]], [[1, -1], [3, 0]])):
        out = f([peaked, np.array(lengths)])
        np.testing.assert_array_equal(out[0], expected)
        np.testing.assert_allclose(out[1], peaked.sum(), rtol=1e-5)
    with pytest.raises(NotImplementedError, match='ctc_decode.*only be an output'):
        K.sum(decoded)


def test_print_tensor_prints_when_the_graph_runs(mxnet, capfd):
    x = K.placeholder(shape=(2,))
    f = K.function([x], [K.print_tensor(x * 2., message='doubled:')])
    np.testing.assert_allclose(f([np.array([1., 2.], 'float32')])[0], [2., 4.])
    assert 'doubled: [2. 4.]' in capfd.readouterr().out


def test_bool_results_and_scalars(mxnet):
    """MXNet has no bool arrays nor, in its legacy operators, scalars: the backend
    reports and returns them as numpy would."""
    a = K.variable(np.array([1., 2., 3.]))
    flags = K.greater(a, 1.5)
    assert K.dtype(flags) == 'bool' and K.dtype(K.any(flags)) == 'bool'
    total = K.sum(a)
    assert K.int_shape(total) == ()
    values = K.function([], [flags, total, K.all(flags)])([])
    assert values[0].dtype == np.bool_ and values[0].tolist() == [False, True, True]
    assert values[1].shape == () and values[1] == 6.
    assert values[2].shape == () and not values[2]


@pytest.mark.parametrize('how', ['KERAS_BACKEND', 'keras.json'])
def test_mxnet_chosen_by_environment_or_keras_json(tmp_path, how):
    env = dict(os.environ, KERAS_HOME=str(tmp_path), PYTHONPATH=CORE)
    env.pop('KERAS_BACKEND', None)
    if how == 'KERAS_BACKEND':
        env['KERAS_BACKEND'] = 'mxnet'
    else:
        (tmp_path / 'keras.json').write_text('{"backend": "mxnet", "floatx": "float32", '
                                             '"epsilon": 1e-07, "image_data_format": '
                                             '"channels_last"}')
    code = ('from multikeras import backend as K\n'
            'print(K.backend(), K.eval(K.sum(K.variable([1., 2.]) * 2.)))\n')
    result = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                            timeout=300, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == 'mxnet 6.0'


def test_weights_set_after_a_prediction_are_used(mxnet):
    """oneDNN's fused inference ops cache convolution weights; the backend keeps them off,
    so set_weights (or more training) after a predict() changes the next predict()."""
    x = np.ones((1, 4, 4, 1), 'float32')
    model = models.Sequential([layers.Conv2D(1, (2, 2), activation='relu', input_shape=(4, 4, 1)),
                               layers.Flatten(), layers.Dense(1)])
    model.set_weights([np.ones((2, 2, 1, 1)), np.zeros(1), np.ones((9, 1)), np.zeros(1)])
    np.testing.assert_allclose(model.predict(x), [[36.]])
    model.set_weights([np.full((2, 2, 1, 1), 2.), np.zeros(1), np.ones((9, 1)), np.zeros(1)])
    np.testing.assert_allclose(model.predict(x), [[72.]])


def test_what_mxnet_lacks_is_built_or_held_otherwise(mxnet, rng):
    """batch_dot of sizes known only at run time, a tensor as an index, dtypes MXNet has
    no arrays of, and a sparse value given to variable()."""
    from scipy import sparse
    x, y = K.placeholder(ndim=3), K.placeholder(ndim=3)
    f = K.function([x, y], [K.batch_dot(x, y, (2, 1))])
    xv, yv = rng.rand(2, 3, 4).astype('float32'), rng.rand(2, 4, 5).astype('float32')
    np.testing.assert_allclose(f([xv, yv])[0], NP.batch_dot(xv, yv, (2, 1)), rtol=1e-5)

    v = K.variable(np.arange(12.).reshape(4, 3))
    np.testing.assert_allclose(K.eval(v[K.constant(2, dtype='int32')]), [6., 7., 8.])
    np.testing.assert_allclose(K.eval(K.map_fn(lambda i: K.sum(v[i]), K.arange(4),
                                               dtype='float32')), [3., 12., 21., 30.])

    small = K.variable([1, -2], dtype='int16')
    assert K.dtype(small) == 'int16' and K.get_value(small).dtype == np.int16
    assert K.eval(K.cast(small, 'int16') * 2).tolist() == [2, -4]
    assert K.dtype(K.variable(False, dtype='bool')) == 'bool'
    with pytest.raises(TypeError):
        K.variable('', dtype='unsupported')

    matrix = sparse.csr_matrix(([1., 7.], ([0, 2], [1, 0])), shape=(3, 2))
    np.testing.assert_allclose(K.eval(K.dot(K.variable(matrix), K.variable(np.ones((2, 1))))),
                               [[1.], [0.], [7.]])
