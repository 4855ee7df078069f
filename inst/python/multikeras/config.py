"""Reading and writing `keras.json`, the configuration shared with R.

The file lives in `$KERAS_HOME`, else `~/.keras`, else a temporary directory
when the home directory is not writable. It is written with defaults when
missing, always atomically, and never overwritten once it exists: a corrupt
file or a bad value gives a warning that names the file, key and value, and
the defaults are used instead.
"""
import json
import os
import tempfile
import warnings

BACKENDS = ('tensorflow', 'theano', 'cntk', 'mxnet')
FLOATX_VALUES = ('float16', 'float32', 'float64')
DATA_FORMATS = ('channels_last', 'channels_first')

DEFAULTS = {
    'backend': 'tensorflow',
    'floatx': 'float32',
    'epsilon': 1e-7,
    'image_data_format': 'channels_last',
}


def _is_writable_dir(path):
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return False
    return os.access(path, os.W_OK)


def keras_home():
    """The directory holding `keras.json`: `$KERAS_HOME`, `~/.keras`, or a temp dir."""
    home = os.environ.get('KERAS_HOME')
    if home:
        return os.path.abspath(os.path.expanduser(home))
    candidate = os.path.join(os.path.expanduser('~'), '.keras')
    if _is_writable_dir(candidate):
        return candidate
    return os.path.join(tempfile.gettempdir(), '.keras')


def config_path():
    """The full path of `keras.json`."""
    return os.path.join(keras_home(), 'keras.json')


def validate_value(key, value):
    """Return an error message if `value` is not valid for `key`, else None."""
    if key == 'backend' and value not in BACKENDS:
        return 'expected one of %s' % ', '.join(repr(b) for b in BACKENDS)
    if key == 'floatx' and value not in FLOATX_VALUES:
        return 'expected one of %s' % ', '.join(repr(f) for f in FLOATX_VALUES)
    if key == 'epsilon':
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            return 'expected a positive number'
    if key == 'image_data_format' and value not in DATA_FORMATS:
        return 'expected one of %s' % ', '.join(repr(f) for f in DATA_FORMATS)
    return None


def write_atomically(path, text):
    """Write `text` to `path` through a temporary file and a rename."""
    directory = os.path.dirname(path) or '.'
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix='.keras-', suffix='.tmp', dir=directory)
    try:
        with os.fdopen(fd, 'w') as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def load_config(path=None):
    """Read `keras.json` and return a complete, valid settings dict.

    A missing file is created with the defaults. Unreadable files and invalid
    values produce a warning and fall back to the default for that key; the
    file itself is then left untouched.
    """
    path = path or config_path()
    settings = dict(DEFAULTS)
    if not os.path.exists(path):
        try:
            write_atomically(path, json.dumps(DEFAULTS, indent=4) + '\n')
        except OSError as e:
            warnings.warn('Could not write the default configuration to %s: %s' % (path, e))
        return settings
    try:
        with open(path) as f:
            data = json.load(f)
        if not isinstance(data, dict):
            raise ValueError('the top level is not a JSON object')
    except (OSError, ValueError) as e:
        warnings.warn('Keras configuration file %s could not be read (%s); '
                      'using the defaults. The file was left unchanged.' % (path, e))
        return settings
    for key in DEFAULTS:
        if key not in data:
            continue
        problem = validate_value(key, data[key])
        if problem:
            warnings.warn('Keras configuration file %s: key %r has invalid value %r (%s); '
                          'using the default %r. The file was left unchanged.'
                          % (path, key, data[key], problem, DEFAULTS[key]))
        else:
            # An integer epsilon (`"epsilon": 1`) is the same number as a float.
            settings[key] = float(data[key]) if key == 'epsilon' else data[key]
    return settings


def save_config(settings, path=None):
    """Write `settings` (merged over what the file holds) to `keras.json`, atomically."""
    path = path or config_path()
    data = dict(DEFAULTS)
    if os.path.exists(path):
        try:
            with open(path) as f:
                existing = json.load(f)
            if isinstance(existing, dict):
                data.update(existing)
        except (OSError, ValueError):
            pass
    data.update(settings)
    write_atomically(path, json.dumps(data, indent=4) + '\n')
    return path
