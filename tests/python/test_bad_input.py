"""Bad input (issue 13): each case is refused with a message that says what is
wrong, leaves the model as it was, and a following good call works; on every
installed backend.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pytest

from multikeras import backend as K
from multikeras import config, layers, models, optimizers
from multikeras.engine import data_checks


def _mlp(compiled=True):
    model = models.Sequential([layers.Dense(4, activation='relu', input_shape=(3,)),
                               layers.Dense(2, activation='softmax')])
    if compiled:
        model.compile(optimizers.SGD(lr=0.1), 'categorical_crossentropy', metrics=['accuracy'])
    return model


def _data(n=12, seed=0):
    rs = np.random.RandomState(seed)
    x = rs.rand(n, 3).astype('float32')
    y = np.eye(2, dtype='float32')[rs.randint(0, 2, n)]
    return x, y


def _same(a, b):
    return len(a) == len(b) and all(np.array_equal(u, v) for u, v in zip(a, b))


def _with(array, index, value):
    array = np.array(array, dtype='float32')
    array[index] = value
    return array


# -- 1. NaN / Inf in training data ------------------------------------------------------------

BAD_VALUES = [np.nan, np.inf, -np.inf]


def _bad_cases(x, y):
    """(arguments, argument name, index text, value text) for each bad input."""
    w = np.ones(len(x), dtype='float32')
    for value in BAD_VALUES:
        text = str(np.float32(value))
        yield dict(x=_with(x, (5, 1), value), y=y), '`x`', '(5, 1)', text
        yield dict(x=x, y=_with(y, (7, 0), value)), '`y`', '(7, 0)', text
        yield dict(x=x, y=y, sample_weight=_with(w, 3, value)), '`sample_weight`', 'index 3', text


@pytest.mark.parametrize('call', ['fit', 'train_on_batch', 'evaluate', 'test_on_batch'])
def test_non_finite_data_is_refused_before_any_change(backend, call):
    model = _mlp()
    x, y = _data()
    before = model.get_weights()
    for kwargs, argument, where, value in _bad_cases(x, y):
        if call in ('fit', 'evaluate'):
            kwargs['verbose'] = 0
        with pytest.raises(ValueError) as e:
            getattr(model, call)(**kwargs)
        message = str(e.value)
        assert argument in message and where in message and value in message, message
        assert 'NaN' in message
        assert _same(before, model.get_weights())
    model.fit(x, y, epochs=1, verbose=0)
    assert not _same(before, model.get_weights())
    assert np.isfinite(model.evaluate(x, y, verbose=0)).all()


def _generator(x, y, bad_step=None, what='x', value=np.nan):
    step = 0
    while True:
        bx, by = x, y
        if step == bad_step:
            if what == 'x':
                bx = _with(x, (2, 0), value)
            else:
                by = _with(y, (2, 1), value)
        yield bx, by
        step += 1


@pytest.mark.parametrize('what', ['x', 'y'])
def test_non_finite_generator_batches_are_refused(backend, what):
    model = _mlp()
    x, y = _data()
    before = model.get_weights()
    with pytest.raises(ValueError) as e:
        model.fit(_generator(x, y, bad_step=0, what=what), steps_per_epoch=3, verbose=0)
    message = str(e.value)
    assert '`%s`' % what in message and 'nan' in message and 'step 1' in message, message
    assert _same(before, model.get_weights())
    with pytest.raises(ValueError) as e:
        model.evaluate_generator(_generator(x, y, bad_step=1, what=what, value=np.inf), steps=3)
    assert 'inf' in str(e.value) and 'step 2' in str(e.value)
    model.fit(_generator(x, y), steps_per_epoch=2, verbose=0)
    assert not _same(before, model.get_weights())


def test_non_finite_check_is_cheap_and_exact():
    # A sum that overflows (huge finite values) must not be taken for an Inf.
    huge = np.full((4, 3), 3e38, dtype='float32')
    data_checks.check_finite([huge], 'x', ['input'])
    with pytest.raises(ValueError, match=r'`x` \(input\) contains -inf at index \(3, 2\)'):
        data_checks.check_finite([_with(huge, (3, 2), -np.inf)], 'x', ['input'])
    # Integer arrays cannot hold NaN: nothing to check.
    data_checks.check_finite([np.arange(6).reshape(2, 3)], 'x', ['input'])


# -- 6. empty data ------------------------------------------------------------------------------

def test_fit_on_no_rows_says_so_and_predict_returns_empty(backend):
    model = _mlp()
    x, y = _data()
    before = model.get_weights()
    with pytest.raises(ValueError, match='no samples'):
        model.fit(x[:0], y[:0], verbose=0)
    with pytest.raises(ValueError, match='no samples'):
        model.train_on_batch(x[:0], y[:0])
    assert _same(before, model.get_weights())
    assert model.predict(x[:0]).shape == (0, 2)
    model.fit(x, y, verbose=0)
    assert model.predict(x).shape == (12, 2)


# -- 2. all or nothing ----------------------------------------------------------------------------

def test_set_weights_of_another_architecture_changes_nothing(backend):
    model = _mlp()
    other = models.Sequential([layers.Dense(4, input_shape=(3,)), layers.Dense(5)])
    before = model.get_weights()
    with pytest.raises(ValueError, match='shape'):
        model.set_weights(other.get_weights())
    assert _same(before, model.get_weights())
    with pytest.raises(ValueError, match='4 weight arrays, but 3'):
        model.set_weights(before[:3])
    assert _same(before, model.get_weights())
    model.set_weights([w + 1 for w in before])
    assert _same([w + 1 for w in before], model.get_weights())


def test_load_weights_of_another_architecture_changes_nothing(backend, tmp_path):
    other = models.Sequential([layers.Dense(4, input_shape=(3,)), layers.Dense(5)])
    path = str(tmp_path / 'other.h5')
    other.save_weights(path)
    model = _mlp()
    before = model.get_weights()
    with pytest.raises(ValueError):
        model.load_weights(path)
    assert _same(before, model.get_weights())
    x, y = _data()
    model.fit(x, y, verbose=0)


@pytest.mark.parametrize('bad', [dict(metrics=['no_such_metric']), dict(loss='no_such_loss'),
                                 dict(optimizer='no_such_optimizer')])
def test_failed_compile_leaves_the_model_as_it_was(backend, bad):
    x, y = _data()
    arguments = dict(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
    arguments.update(bad)
    name = list(bad.values())[0]
    name = name[0] if isinstance(name, list) else name
    # Never compiled: stays uncompiled.
    model = _mlp(compiled=False)
    with pytest.raises(ValueError, match=name):
        model.compile(**arguments)
    with pytest.raises(RuntimeError, match='compile'):
        model.fit(x, y, verbose=0)
    # Compiled: keeps the old compile (SGD, accuracy), and trains with it.
    model = _mlp()
    optimizer, names = model.optimizer, list(model.metrics_names)
    with pytest.raises(ValueError, match=name):
        model.compile(**arguments)
    assert model.optimizer is optimizer and model.metrics_names == names
    history = model.fit(x, y, verbose=0)
    assert sorted(history.history) == ['accuracy', 'loss']


def test_failed_pop_leaves_the_model_as_it_was(backend, monkeypatch):
    model = models.Sequential([layers.Dense(4, input_shape=(3,)), layers.Dense(3),
                               layers.Dense(2)])
    model.compile('sgd', 'mse')
    names = [l.name for l in model.layers]

    def broken(x, y):
        raise RuntimeError('graph rebuild failed')
    monkeypatch.setattr(model, '_rebuild_graph', broken)
    with pytest.raises(RuntimeError, match='graph rebuild failed'):
        model.pop()
    monkeypatch.undo()
    assert [l.name for l in model.layers] == names
    assert K.int_shape(model.outputs[0]) == (None, 2)
    x = np.ones((2, 3), dtype='float32')
    assert model.predict(x).shape == (2, 2)
    model.pop()
    model.compile('sgd', 'mse')
    assert model.predict(x).shape == (2, 3)


def test_failed_use_backend_keeps_the_active_backend(backend, monkeypatch):
    model = _mlp()
    x, y = _data()
    target = 'theano' if backend != 'theano' else 'tensorflow'

    class Broken(object):
        def clear_session(self):
            raise RuntimeError('the engine could not start a session')
    monkeypatch.setattr(K, '_import_backend', lambda name: Broken())
    tag = K.session_tag()
    with pytest.raises(RuntimeError, match='could not start'):
        K.use_backend(target)
    monkeypatch.undo()
    assert K.backend() == backend and K.session_tag() == tag
    model.fit(x, y, verbose=0)


# -- 3. axes and Embedding indices ----------------------------------------------------------------

AXIS_CASES = [
    ('sum', 2, 'axis'), ('mean', -3, 'axis'), ('max', [0, 2], 'axis'), ('min', 5, 'axis'),
    ('prod', 2, 'axis'), ('std', 2, 'axis'), ('var', -3, 'axis'), ('any', 2, 'axis'),
    ('all', 2, 'axis'), ('logsumexp', 2, 'axis'), ('argmax', 2, 'axis'), ('argmin', -3, 'axis'),
    ('cumsum', 2, 'axis'), ('cumprod', -3, 'axis'), ('softmax', 3, 'axis'),
    ('l2_normalize', 2, 'axis'), ('squeeze', 2, 'axis'), ('reverse', [2], 'axes'),
    ('expand_dims', 3, 'axis'), ('repeat_elements', 2, 'axis'),
]


@pytest.mark.parametrize('fn,axis,argument', AXIS_CASES)
def test_axis_out_of_range_is_refused_alike(backend, fn, axis, argument):
    x = K.constant(np.arange(6, dtype='float32').reshape(2, 3))
    if fn in ('any', 'all'):
        x = K.greater(x, 2.)
    args = (x, 2, axis) if fn == 'repeat_elements' else (x, axis)
    with pytest.raises(ValueError) as e:
        getattr(K, fn)(*args)
    message = str(e.value)
    bad = axis[-1] if isinstance(axis, list) else axis
    high = 2 if fn == 'expand_dims' else 1
    assert message.startswith('%s: `%s` = %d is out of range for a tensor of rank 2; valid axes '
                              'are %d to %d' % (fn, argument, bad, -high - 1, high)), message
    # The same function with a valid axis still works.
    good = (x, 2, 1) if fn == 'repeat_elements' else (x, [1] if fn == 'reverse' else -1)
    if fn == 'squeeze':
        good = (K.expand_dims(x, -1), -1)
    assert K.eval(getattr(K, fn)(*good)) is not None


def test_list_axis_functions_are_checked(backend):
    x = K.constant(np.arange(6, dtype='float32').reshape(2, 3))
    with pytest.raises(ValueError, match=r'concatenate: `axis` = 2 is out of range .* -2 to 1'):
        K.concatenate([x, x], axis=2)
    with pytest.raises(ValueError, match=r'stack: `axis` = 3 is out of range .* -3 to 2'):
        K.stack([x, x], axis=3)
    with pytest.raises(ValueError, match=r'permute_dimensions: `pattern` = \(0, 2\) is not a '
                                         r'permutation of the axes 0 to 1'):
        K.permute_dimensions(x, (0, 2))
    with pytest.raises(ValueError, match='whole number'):
        K.sum(x, axis=1.5)
    with pytest.raises(ValueError, match=r'squeeze: `axis` = 1 has size 3; only an axis of size 1'):
        K.squeeze(x, 1)
    assert K.eval(K.concatenate([x, x], axis=-2)).shape == (4, 3)
    assert K.eval(K.permute_dimensions(x, (1, 0))).shape == (3, 2)
    assert K.eval(K.stack([x, x], axis=-1)).shape == (2, 3, 2)


def test_embedding_index_out_of_range_names_the_layer(backend):
    model = models.Sequential([layers.Embedding(10, 2, input_length=3, name='words'),
                               layers.Flatten(), layers.Dense(1)])
    model.compile('sgd', 'mse')
    before = model.get_weights()
    good = np.array([[1, 2, 9], [0, 0, 0]])
    for bad, value in ((np.array([[1, 2, 15], [0, 0, 0]]), '15'),
                       (np.array([[1, 2, 3], [0, -1, 0]]), '-1')):
        for call in (lambda: model.predict(bad), lambda: model.fit(bad, np.ones(2), verbose=0),
                     lambda: model.predict_generator(iter([bad] * 2), steps=1)):
            with pytest.raises(ValueError) as e:
                call()
            message = str(e.value)
            assert "'words'" in message and 'index %s' % value in message and \
                '[0, 10)' in message, message
    assert _same(before, model.get_weights())
    assert model.predict(good).shape == (2, 1)
    model.fit(good, np.ones(2), verbose=0)


# -- 4. keras.json cannot break TensorFlow --------------------------------------------------------

def test_config_reads_integer_epsilon_and_refuses_a_list(tmp_path):
    path = str(tmp_path / 'keras.json')
    with open(path, 'w') as f:
        json.dump({'epsilon': 1}, f)
    settings = config.load_config(path)
    assert settings['epsilon'] == 1.0 and isinstance(settings['epsilon'], float)
    with open(path, 'w') as f:
        f.write('["tensorflow", 1]')
    with pytest.warns(UserWarning, match='could not be read'):
        settings = config.load_config(path)
    assert settings == config.DEFAULTS
    with open(path) as f:
        assert f.read() == '["tensorflow", 1]'


BAD_KERAS_JSON = [
    '{"floatx": "int7"}',
    '{"epsilon": 1}',
    '{"image_data_format": "channels_middle"}',
    '["tensorflow"]',
    '{"floatx": "int7", "epsilon": "small", "image_data_format": 3, "backend": "tensorflow"}',
]


@pytest.mark.parametrize('content', BAD_KERAS_JSON)
def test_keras_json_cannot_break_tensorflow(content):
    pytest.importorskip('tensorflow')
    home = tempfile.mkdtemp(prefix='keras-home-bad-')
    with open(os.path.join(home, 'keras.json'), 'w') as f:
        f.write(content)
    program = '\n'.join([
        'import os, numpy as np',
        'from multikeras import backend as K, layers, models',
        'K.use_backend("tensorflow")',
        'm = models.Sequential([layers.Dense(2, input_shape=(3,))])',
        'm.compile("sgd", "mse")',
        'm.fit(np.ones((4, 3)), np.ones((4, 2)), verbose=0)',
        'assert os.environ["KERAS_HOME"] == %r' % home,
        'print("trained", K.floatx(), K.epsilon())',
    ])
    env = dict(os.environ, KERAS_HOME=home)
    env.pop('KERAS_BACKEND', None)
    run = subprocess.run([sys.executable, '-c', program], env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert 'trained float32' in run.stdout
    with open(os.path.join(home, 'keras.json')) as f:
        assert f.read() == content
