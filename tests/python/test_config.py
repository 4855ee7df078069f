"""keras.json and the choice of backend: multikeras.config and the backend facade.

Functions of `multikeras.config` are called directly with an isolated
KERAS_HOME; whatever depends on process state (which backend a fresh process
picks, which engines it imports) runs in a subprocess.
"""
import json
import os
import subprocess
import sys
import textwrap
import warnings

import pytest

from multikeras import config
from multikeras import backend as K

INST_PYTHON = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', 'inst', 'python'))


@pytest.fixture
def home(tmp_path, monkeypatch):
    """An empty KERAS_HOME for this test."""
    path = tmp_path / 'keras-home'
    monkeypatch.setenv('KERAS_HOME', str(path))
    monkeypatch.delenv('KERAS_BACKEND', raising=False)
    return path


def write_json(home, text):
    home.mkdir(parents=True, exist_ok=True)
    path = home / 'keras.json'
    path.write_text(text)
    return path


def run_python(code, home, keras_backend=None, timeout=180, extra_env=None):
    """Run `code` in a fresh interpreter with KERAS_HOME=home; return the CompletedProcess."""
    env = dict(os.environ)
    env.update(extra_env or {})
    env['PYTHONPATH'] = INST_PYTHON + (os.pathsep + env['PYTHONPATH'] if env.get('PYTHONPATH') else '')
    env['KERAS_HOME'] = str(home)
    env.pop('KERAS_BACKEND', None)
    if keras_backend is not None:
        env['KERAS_BACKEND'] = keras_backend
    return subprocess.run([sys.executable, '-c', textwrap.dedent(code)], env=env,
                          capture_output=True, text=True, timeout=timeout)


def last_line(result):
    assert result.returncode == 0, 'subprocess failed:\n%s\n%s' % (result.stdout, result.stderr)
    return result.stdout.strip().splitlines()[-1]


# -- the file ---------------------------------------------------------------------------

def test_keras_home_and_config_path_follow_env(home):
    assert config.keras_home() == str(home)
    assert config.config_path() == str(home / 'keras.json')


def test_missing_file_is_written_with_defaults(home):
    path = home / 'keras.json'
    assert not path.exists()
    with warnings.catch_warnings():
        warnings.simplefilter('error')  # a missing file is normal: no warning
        settings = config.load_config()
    assert path.exists()
    data = json.loads(path.read_text())
    assert set(data) >= {'backend', 'floatx', 'epsilon', 'image_data_format'}
    assert data['backend'] == 'tensorflow'
    assert data['floatx'] == 'float32'
    assert data['epsilon'] == pytest.approx(1e-7)
    assert data['image_data_format'] == 'channels_last'
    assert settings == {'backend': 'tensorflow', 'floatx': 'float32', 'epsilon': 1e-7,
                        'image_data_format': 'channels_last'}


def test_writes_leave_no_temp_files(home):
    config.load_config()
    assert sorted(os.listdir(home)) == ['keras.json']
    config.save_config({'backend': 'theano'})
    assert sorted(os.listdir(home)) == ['keras.json']
    assert json.loads((home / 'keras.json').read_text())['backend'] == 'theano'
    # A second load reads what was saved and still writes nothing else.
    assert config.load_config()['backend'] == 'theano'
    assert sorted(os.listdir(home)) == ['keras.json']


def test_failed_atomic_write_keeps_old_file_and_no_temp(home, monkeypatch):
    path = write_json(home, '{"backend": "theano"}\n')
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError('disk full (simulated)')

    monkeypatch.setattr(config.os, 'replace', broken_replace)
    with pytest.raises(OSError, match='simulated'):
        config.write_atomically(str(path), '{"backend": "tensorflow"}\n')
    assert path.read_bytes() == before
    assert sorted(os.listdir(home)) == ['keras.json']


def test_corrupt_file_warns_uses_defaults_and_is_left_unchanged(home):
    text = '{"backend": "theano", "floatx": '  # truncated JSON
    path = write_json(home, text)
    with pytest.warns(UserWarning) as record:
        settings = config.load_config()
    messages = ' '.join(str(w.message) for w in record)
    assert str(path) in messages
    assert settings == config.DEFAULTS
    assert path.read_text() == text
    assert sorted(os.listdir(home)) == ['keras.json']


def test_non_object_json_warns_and_is_left_unchanged(home):
    path = write_json(home, '[1, 2, 3]\n')
    with pytest.warns(UserWarning, match='keras.json'):
        settings = config.load_config()
    assert settings == config.DEFAULTS
    assert path.read_text() == '[1, 2, 3]\n'


def test_bad_value_warns_naming_file_key_value_and_keeps_other_keys(home):
    text = json.dumps({'backend': 'theano', 'floatx': 'int7', 'epsilon': 0.001,
                       'image_data_format': 'channels_first'})
    path = write_json(home, text)
    with pytest.warns(UserWarning) as record:
        settings = config.load_config()
    assert len(record) == 1
    message = str(record[0].message)
    assert str(path) in message
    assert 'floatx' in message
    assert 'int7' in message
    assert settings['floatx'] == 'float32'          # the default replaces the bad value
    assert settings['backend'] == 'theano'          # the good keys are honoured
    assert settings['epsilon'] == pytest.approx(0.001)
    assert settings['image_data_format'] == 'channels_first'
    assert path.read_text() == text


@pytest.mark.parametrize('key,value', [('epsilon', -1), ('epsilon', 'small'),
                                       ('image_data_format', 'nchw'), ('backend', 'caffe')])
def test_each_bad_value_is_reported(home, key, value):
    path = write_json(home, json.dumps({key: value}))
    with pytest.warns(UserWarning) as record:
        settings = config.load_config()
    message = ' '.join(str(w.message) for w in record)
    assert key in message and repr(value) in message and str(path) in message
    assert settings[key] == config.DEFAULTS[key]
    assert json.loads(path.read_text()) == {key: value}


def test_facade_warns_on_bad_file_in_a_fresh_process(home):
    write_json(home, '{"floatx": "int7", "epsilon": 0.01}')
    result = run_python('''
        import warnings
        warnings.simplefilter('always')
        from multikeras import backend as K
        print(K.backend(), K.floatx(), K.epsilon())
    ''', home)
    assert last_line(result) == 'tensorflow float32 0.01'
    assert 'int7' in result.stderr and 'floatx' in result.stderr
    assert str(home / 'keras.json') in result.stderr
    assert (home / 'keras.json').read_text() == '{"floatx": "int7", "epsilon": 0.01}'


# -- setters -----------------------------------------------------------------------------

@pytest.fixture
def restore_settings():
    saved = (K.floatx(), K.epsilon(), K.image_data_format())
    yield
    K.set_floatx(saved[0])
    K.set_epsilon(saved[1])
    K.set_image_data_format(saved[2])


def test_setters_accept_valid_values(restore_settings):
    K.set_floatx('float64')
    assert K.floatx() == 'float64'
    K.set_epsilon(1e-4)
    assert K.epsilon() == pytest.approx(1e-4)
    K.set_image_data_format('channels_first')
    assert K.image_data_format() == 'channels_first'


@pytest.mark.parametrize('setter,value,argument', [
    ('set_floatx', 'int7', 'floatx'),
    ('set_floatx', 'float', 'floatx'),
    ('set_epsilon', -1e-3, 'epsilon'),
    ('set_epsilon', 0, 'epsilon'),
    ('set_epsilon', 'tiny', 'epsilon'),
    ('set_image_data_format', 'nchw', 'data_format'),
])
def test_setters_reject_bad_values_naming_argument_and_value(restore_settings, setter, value,
                                                             argument):
    before = (K.floatx(), K.epsilon(), K.image_data_format())
    with pytest.raises(ValueError) as info:
        getattr(K, setter)(value)
    message = str(info.value)
    assert argument in message
    assert repr(value) in message or str(value) in message
    assert (K.floatx(), K.epsilon(), K.image_data_format()) == before


# -- choosing the backend (fresh processes) ----------------------------------------------------

def test_import_imports_no_engine(home):
    result = run_python('''
        import sys
        import multikeras
        from multikeras import backend as K, layers, models, losses, optimizers, callbacks
        name = K.backend()
        print(name, 'tensorflow' in sys.modules, 'theano' in sys.modules)
    ''', home)
    assert last_line(result) == 'tensorflow False False'


@pytest.mark.parametrize('file_backend,env_backend,expected', [
    (None, None, 'tensorflow'),
    ('theano', None, 'theano'),
    ('tensorflow', 'theano', 'theano'),
    ('theano', 'tensorflow', 'tensorflow'),
])
def test_precedence_env_over_file_over_default(home, file_backend, env_backend, expected):
    if file_backend is not None:
        write_json(home, json.dumps({'backend': file_backend}))
    result = run_python('''
        import sys
        from multikeras import backend as K
        K.variable(1.0)          # activates the backend for real
        print(K.backend(), 'tensorflow' in sys.modules, 'theano' in sys.modules)
    ''', home, keras_backend=env_backend)
    if result.returncode != 0 and 'is not available' in result.stderr:
        pytest.skip('backend %s not installed: %s' % (expected, result.stderr.splitlines()[-1]))
    name, tf_loaded, th_loaded = last_line(result).split()
    assert name == expected
    # Only the chosen engine was imported.
    assert (tf_loaded, th_loaded) == (('True', 'False') if expected == 'tensorflow'
                                      else ('False', 'True'))


def test_use_backend_beats_env_and_file(home):
    write_json(home, json.dumps({'backend': 'theano'}))
    result = run_python('''
        from multikeras import backend as K
        K.use_backend('tensorflow')
        import numpy as np
        v = K.eval(K.variable(np.arange(3.0)) * 2)
        print(K.backend(), v.tolist())
    ''', home, keras_backend='theano')
    if result.returncode != 0 and 'is not available' in result.stderr:
        pytest.skip('tensorflow not installed: %s' % result.stderr.splitlines()[-1])
    assert last_line(result) == 'tensorflow [0.0, 2.0, 4.0]'


def test_invalid_keras_backend_env_gives_clear_error(home):
    result = run_python('''
        from multikeras import backend as K
        try:
            K.variable(1.0)
        except ValueError as e:
            print('ERROR', e)
    ''', home, keras_backend='caffe')
    line = last_line(result)
    assert line.startswith('ERROR')
    assert 'KERAS_BACKEND' in line and 'caffe' in line
    assert 'tensorflow' in line and 'theano' in line


def test_use_backend_unknown_name_lists_valid_backends():
    with pytest.raises(ValueError) as info:
        K.use_backend('nope')
    message = str(info.value)
    assert 'nope' in message
    for name in ('tensorflow', 'theano', 'cntk'):
        assert name in message


def test_use_backend_missing_engine_is_clear_and_changes_nothing(home):
    result = run_python('''
        import numpy as np
        from multikeras import backend as K
        before = K.backend()
        x = K.variable(np.ones(2))
        try:
            K.use_backend('cntk')
        except ImportError as e:
            print('ERROR', repr(str(e)))
        else:
            print('INSTALLED')
        print('AFTER', K.backend(), before, float(K.eval(K.sum(x))))
    ''', home, extra_env={'KERAS_CNTK_PREFIX': str(home / 'no-cntk-engine-here')})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert 'INSTALLED' not in lines
    error = next(l for l in lines if l.startswith('ERROR'))
    assert 'cntk' in error
    assert 'cntk==2.7' in error                  # the package that is missing
    assert 'install' in error.lower()            # the command that installs it
    assert 'install_keras' in error or 'pip install' in error
    after = next(l for l in lines if l.startswith('AFTER')).split()
    assert after[1] == after[2] == 'tensorflow'  # the active backend is unchanged
    assert float(after[3]) == 2.0                # and still works



def test_session_settings_survive_compile_clear_session_and_backend_switch(home):
    """Settings set in a session stay set until changed: nothing re-reads keras.json
    over them (R keras programs set channels_first, then build and compile models)."""
    write_json(home, json.dumps({'image_data_format': 'channels_last', 'floatx': 'float32'}))
    result = run_python('''
        from multikeras import backend as K, layers, models
        K.set_image_data_format('channels_first')
        K.set_epsilon(1e-4)
        seen = [K.backend()]
        model = models.Sequential([layers.Dense(2, input_shape=(3,))])
        model.compile('sgd', 'mse')
        seen.append(K.image_data_format())
        K.clear_session()
        seen.append(K.image_data_format())
        K.use_backend('numpy')
        seen.append(K.image_data_format())
        print(' '.join(seen[1:]), K.epsilon())
    ''', home)
    assert last_line(result) == 'channels_first channels_first channels_first 0.0001'
