"""Model files in HDF5, in the layout of Keras 2.3: architecture, weights,
training config, optimizer state.

Files are written to a temporary name beside the target and renamed into
place, so a failed save never damages an existing file. Weights are loaded all
or nothing: every shape is checked before any weight is assigned.

Keras 2.3.1 reads the files written here and its files load here. Our
convolution kernels are always stored in the layout of the backends that
compute a correlation (TensorFlow's); the `backend` attribute says so, and
Keras flips the kernels when it loads them on Theano. Files that Keras wrote
on Theano (true convolution) have their kernels flipped on loading.
"""
import io
import json
import os
import tempfile
import warnings

import numpy as np

from .. import backend as K
from .. import optimizers
from ..utils.io_utils import ask_to_proceed_with_overwrite, load_from_binary_h5py, \
    save_to_binary_h5py
from .weight_conversion import USES_CORRELATION, preprocess_weights_for_loading

# The version of our layout inside the Keras one (attribute `multikeras_format`).
# Format 1 files said `keras_version = 'multikeras-1'`; format 2 is Keras 2.3's.
FORMAT_VERSION = 2
# What `keras_version` says in our files: Keras 2.3.1 then reads them as its own.
KERAS_VERSION = '2.3.1'
# HDF5 object headers hold 64 KiB; longer attributes are split in chunks
# (the number is Keras 2.3.1's `HDF5_OBJECT_HEADER_LIMIT`).
HEADER_LIMIT = 64512

# TensorFlow's `file_io` module, through which Google Cloud Storage paths
# (`gs://bucket/...`) are read and written, as in Keras 2.3. Looked up when
# such a path is first used (importing the core never imports an engine).
tf_file_io = None


# -- JSON of configs -------------------------------------------------------------------------

def json_default(obj):
    """JSON for what configs may hold besides plain values (numpy scalars, functions...)."""
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    # Objects with a config first: loss objects are callable and carry a name too.
    if hasattr(obj, 'get_config') and not isinstance(obj, type):
        return {'class_name': obj.__class__.__name__, 'config': obj.get_config()}
    if callable(obj) and hasattr(obj, '__name__'):
        return obj.__name__
    raise TypeError('Not JSON serializable: %r' % (obj,))


def _find_unserializable(config, owner=None):
    """(layer name, key) of the first value in `config` that JSON cannot write."""
    items = config.items() if isinstance(config, dict) else enumerate(config)
    if isinstance(config, dict) and isinstance(config.get('name'), str):
        owner = config['name']
    for key, value in items:
        if isinstance(value, (dict, list, tuple)):
            found = _find_unserializable(value, owner)
            if found is not None:
                return found
            continue
        try:
            json.dumps(value, default=json_default)
        except (TypeError, ValueError):
            return owner, key, value
    return None


def config_to_json(config, what, **kwargs):
    """`config` as JSON text; a value JSON cannot write is named with its layer and key.

    # Arguments
        config: a (nested) dict of lists, numbers, strings.
        what: what the config describes, for the error (e.g. "model 'mlp'").
        **kwargs: passed to `json.dumps`.

    # Raises
        TypeError: naming the layer, the key and the value.
    """
    try:
        return json.dumps(config, default=json_default, **kwargs)
    except (TypeError, ValueError) as e:
        found = _find_unserializable(config)
        if found is None:
            raise
        layer, key, value = found
        raise TypeError('Cannot serialize %s: the config of layer %r has %r = %r, which JSON '
                        'cannot write. get_config() must return plain values (numbers, '
                        'strings, lists, dicts).' % (what, layer, key, value)) from e


def model_config(model):
    """`{'class_name', 'config'}` of a model, as Keras's `model_config` holds it."""
    return {'class_name': model.__class__.__name__, 'config': model.get_config()}


# -- files -----------------------------------------------------------------------------------

def _h5py():
    try:
        import h5py
    except ImportError as e:
        raise ImportError('Saving and loading model files needs h5py: pip install h5py') from e
    return h5py


def _is_gcs_location(filepath):
    return isinstance(filepath, str) and filepath.startswith('gs://')


def _gcs_file_io():
    """`tf_file_io`, found on first use: Google Cloud Storage goes through TensorFlow."""
    global tf_file_io
    if tf_file_io is None:
        from ..backend import _import_backend
        try:
            tf_file_io = _import_backend('tensorflow').gcs_file_io()
        except ImportError as e:
            raise ImportError('Google Cloud Storage paths (gs://...) are read and written '
                              "through TensorFlow's file_io, which is not available: %s" % e) from e
    return tf_file_io


def _proceed_with_overwrite(filepath):
    """Whether to replace the existing `filepath` when overwrite=False: the user is
    asked, as in Keras 2.3; without a terminal to ask on, nothing is replaced."""
    try:
        return ask_to_proceed_with_overwrite(filepath)
    except (EOFError, OSError) as e:
        raise FileExistsError('%s exists and overwrite=False, and there is no terminal to ask '
                              'whether to replace it; nothing was written. Pass overwrite=True '
                              'to replace it.' % filepath) from e


def _is_h5_group(value):
    h5py = _h5py()
    return isinstance(value, h5py.Group)


def _save(filepath, overwrite, write):
    """Run `write(h5file)` for the target `filepath` of `save_model`/`save_weights`.

    `filepath` is a path (written atomically), a `gs://` path (through
    `tf_file_io`), an open `h5py.File` or `h5py.Group` (written into), or a
    binary stream (anything with `write`, e.g. `io.BytesIO`: the bytes of
    an HDF5 file are written to it).
    """
    if _is_gcs_location(filepath):
        file_io = _gcs_file_io()
        if not overwrite and file_io.file_exists(filepath) and \
                not _proceed_with_overwrite(filepath):
            return
        image = io.BytesIO()
        save_to_binary_h5py(write, image)
        with file_io.FileIO(filepath, mode='wb') as target:
            target.write(image.getvalue())
    elif _is_h5_group(filepath):
        write(filepath)
    elif hasattr(filepath, 'write') and callable(filepath.write):
        save_to_binary_h5py(write, filepath)
    elif isinstance(filepath, (str, bytes, os.PathLike)):
        _write_atomically(filepath, overwrite, write)
    else:
        raise ValueError('`filepath` must be a path, an open h5py.File or h5py.Group, or a binary '
                         'stream (with a write() method); got %r.' % (filepath,))


def _write_atomically(filepath, overwrite, write):
    """Run `write(h5file)` on a temporary file beside `filepath`, then rename it into place."""
    filepath = os.fsdecode(filepath)
    if os.path.exists(filepath) and not overwrite and not _proceed_with_overwrite(filepath):
        return
    directory = os.path.dirname(os.path.abspath(filepath))
    if not os.path.isdir(directory):
        raise FileNotFoundError('Cannot save to %s: the directory %s does not exist.'
                                % (filepath, directory))
    try:
        fd, tmp = tempfile.mkstemp(prefix='.' + os.path.basename(filepath) + '.',
                                   suffix='.tmp', dir=directory)
    except OSError as e:
        raise OSError(e.errno, 'Cannot save to %s: cannot write in %s (%s); nothing was '
                      'written.' % (filepath, directory, e.strerror)) from e
    os.close(fd)
    try:
        with _h5py().File(tmp, 'w') as f:
            write(f)
        os.replace(tmp, filepath)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


class _Reader(object):
    """`with _Reader(source) as f:` an open HDF5 file, or an error that names the file.

    `source` is what `load_model`/`load_weights` take: a path, a `gs://`
    path (read through `tf_file_io`), an open `h5py.File` or `h5py.Group`
    (read, and left open), or a binary stream holding the bytes of an HDF5
    file (anything with `read`, e.g. `io.BytesIO` or a file opened 'rb').
    `filepath` names the source in errors.
    """

    def __init__(self, source):
        self.source = source
        self.file = None
        self.opened = False
        if _is_h5_group(source):
            self.filepath = 'the HDF5 group %s of %s' % (source.name, source.file.filename)
        elif isinstance(source, (str, bytes, os.PathLike)):
            self.filepath = os.fsdecode(source)
        elif hasattr(source, 'read') and callable(source.read):
            self.filepath = 'the stream %r' % (getattr(source, 'name', None) or source,)
        else:
            raise ValueError('`filepath` must be a path, an open h5py.File or h5py.Group, or a '
                             'binary stream (with a read() method); got %r.' % (source,))

    def _open(self):
        h5py = _h5py()
        if _is_h5_group(self.source):
            return self.source
        if _is_gcs_location(self.source):
            with _gcs_file_io().FileIO(self.source, mode='rb') as f:
                image = f.read()
        elif isinstance(self.source, (str, bytes, os.PathLike)):
            if not os.path.exists(self.filepath):
                raise FileNotFoundError('No model file at %s.' % self.filepath)
            self.opened = True
            return h5py.File(self.filepath, 'r')
        else:
            image = self.source.read()
        self.opened = True
        return h5py.File(io.BytesIO(image), 'r')

    def __enter__(self):
        try:
            self.file = self._open()
        except OSError as e:
            if isinstance(e, FileNotFoundError):
                raise
            raise OSError('Cannot read %s: it is not an HDF5 model or weights file, or it is '
                          'truncated or damaged (%s).' % (self.filepath, e)) from e
        try:
            _check_format(self.file, self.filepath)
        except BaseException:
            self.__exit__()
            raise
        return self.file

    def __exit__(self, *args):
        if self.opened:
            self.file.close()


def _text(value):
    return value.decode('utf8') if isinstance(value, bytes) else str(value)


def _check_format(f, filepath):
    """Refuse files of a layout this version cannot read (newer, or Keras 3 / unknown)."""
    group = f['model_weights'] if 'model_weights' in f else f
    ours = f.attrs.get('multikeras_format', group.attrs.get('multikeras_format'))
    if ours is not None and int(ours) > FORMAT_VERSION:
        raise ValueError('Cannot read %s: it was written by a newer multikeras (file format %d; '
                         'this version reads formats up to %d). Upgrade the package.'
                         % (filepath, int(ours), FORMAT_VERSION))
    version = f.attrs.get('keras_version', group.attrs.get('keras_version'))
    version = _text(version) if version is not None else ''
    if version.startswith('multikeras-'):
        return
    major = version.split('.')[0]
    if version and (not major.isdigit() or int(major) > 2):
        raise ValueError('Cannot read %s: it was written by Keras %s, whose file layout this '
                         'package does not read (it reads Keras 2 files).' % (filepath, version))
    if 'layer_names' not in group.attrs and not _chunked(group.attrs, 'layer_names'):
        raise ValueError('Cannot read %s: it is an HDF5 file but holds no Keras model or weights '
                         '(no layer_names attribute).' % filepath)


def _chunked(attrs, name):
    return '%s0' % name in attrs


def _write_list_attr(group, name, values):
    """Store a list of strings, in chunks named `<name>0`, `<name>1`... when it is long."""
    data = np.array([v.encode('utf8') for v in values])
    too_long = [v for v in values if len(v.encode('utf8')) > HEADER_LIMIT]
    if too_long:
        raise ValueError('Cannot save the %s %s: each must be shorter than %d bytes.'
                         % (name, too_long, HEADER_LIMIT))
    chunks = 1
    while any(c.nbytes > HEADER_LIMIT for c in np.array_split(data, chunks)):
        chunks += 1
    if chunks == 1:
        group.attrs[name] = data
        return
    for i, chunk in enumerate(np.array_split(data, chunks)):
        group.attrs['%s%d' % (name, i)] = chunk


def _read_list_attr(group, name):
    """A list of strings stored by `_write_list_attr` (or by Keras)."""
    if name in group.attrs:
        return [_text(v) for v in group.attrs[name]]
    values, i = [], 0
    while '%s%d' % (name, i) in group.attrs:
        values.extend(_text(v) for v in group.attrs['%s%d' % (name, i)])
        i += 1
    return values


# -- weights: writing ------------------------------------------------------------------------

def file_weights(layer):
    """A layer's weights in the order Keras files hold them: trainable, then the others."""
    return layer.trainable_weights + layer.non_trainable_weights


def _layout_backend():
    """The backend named in the files: ours when it stores kernels as we do, else TensorFlow."""
    return K.backend() if USES_CORRELATION.get(K.backend(), True) else 'tensorflow'


def _unique_names(weights):
    names = []
    for i, w in enumerate(weights):
        name = getattr(w, 'name', None) or 'param_%d' % i
        name, candidate, n = str(name), str(name), 1
        while candidate in names:
            candidate = '%s_%d' % (name, n)
            n += 1
        names.append(candidate)
    return names


def _write_text_attr(group, name, text):
    """A text attribute, as fixed-length bytes when it fits the object header: Keras 2.3.1
    decodes these itself, and h5py 3 gives bytes back only for fixed-length strings."""
    data = text.encode('utf8')
    group.attrs[name] = np.bytes_(data) if len(data) < HEADER_LIMIT else text


def _write_version_attrs(group):
    _write_text_attr(group, 'keras_version', KERAS_VERSION)
    _write_text_attr(group, 'backend', _layout_backend())
    _write_text_attr(group, 'multikeras_backend', K.backend())
    group.attrs['multikeras_format'] = FORMAT_VERSION


def save_weights_to_group(group, layers):
    """Write the weights of `layers` into an HDF5 group, one subgroup per layer."""
    _write_version_attrs(group)
    _write_list_attr(group, 'layer_names', [l.name for l in layers])
    for layer in layers:
        g = group.create_group(layer.name)
        weights = file_weights(layer)
        names = _unique_names(weights)
        _write_list_attr(g, 'weight_names', names)
        for name, value in zip(names, K.batch_get_value(weights)):
            g.create_dataset(name, data=value)


# -- weights: reading ------------------------------------------------------------------------

def _saved_layers(group):
    """[(layer name, [arrays])] in file order, for the layers of a weights group."""
    out = []
    for name in _read_list_attr(group, 'layer_names'):
        g = group[name]
        out.append((name, [np.asarray(g[w]) for w in _read_list_attr(g, 'weight_names')]))
    return out


def _needs_kernel_flip(group):
    """Whether the file's kernels are in true-convolution layout (Keras on Theano)."""
    version = _text(group.attrs.get('keras_version', ''))
    if version.startswith('multikeras-') or 'multikeras_format' in group.attrs:
        return False
    backend = _text(group.attrs.get('backend', '')) or None
    return backend is not None and not USES_CORRELATION.get(backend, True)


def _match_layers(model, saved, filepath, by_name):
    """[(layer, saved name, arrays)]: by order of the layers with weights, or by name."""
    if by_name:
        found = dict(saved)
        return [(l, l.name, found[l.name]) for l in model.layers if l.name in found]
    saved = [(n, v) for n, v in saved if v]
    layers = [l for l in model.layers if file_weights(l)]
    if len(saved) != len(layers):
        raise ValueError('Cannot load weights from %s by the order of the layers: the file holds '
                         'weights for %d layers (%s) and the model has %d layers with weights '
                         '(%s): you are trying to load a file of %d layers into a model of %d '
                         'layers. Load with by_name=True to match layers by name.'
                         % (filepath, len(saved), ', '.join(n for n, _ in saved), len(layers),
                            ', '.join(l.name for l in layers), len(saved), len(layers)))
    return [(l, n, v) for l, (n, v) in zip(layers, saved)]


def _mismatch(layer, saved_name, weights, values):
    """Why `values` cannot go into `weights`, or None."""
    if len(weights) != len(values):
        return ('layer %r (%s) expects %d weights, but the saved layer %r holds %d weights'
                % (layer.name, layer.__class__.__name__, len(weights), saved_name, len(values)))
    for w, v in zip(weights, values):
        if tuple(K.int_shape(w)) != tuple(v.shape):
            return ('layer %r (%s): weight %r has shape %s in the model, but the saved weight '
                    '(layer %r) has shape %s' % (layer.name, layer.__class__.__name__,
                                                 getattr(w, 'name', '?'), tuple(K.int_shape(w)),
                                                 saved_name, tuple(v.shape)))
    return None


def _weight_assignments(model, group, filepath, by_name=False, skip_mismatch=False,
                        reshape=False):
    """The (variable, value) pairs to load from a weights group, every shape checked first."""
    flip = _needs_kernel_flip(group)
    pairs = []
    for layer, saved_name, values in _match_layers(model, _saved_layers(group), filepath,
                                                   by_name):
        weights = file_weights(layer)
        if (flip or reshape) and len(values) == len(weights):
            try:
                values = preprocess_weights_for_loading(
                    layer, values, original_backend='theano' if flip else None, reshape=reshape)
            except ValueError as e:
                if not skip_mismatch:
                    raise ValueError('Cannot load weights from %s: %s' % (filepath, e)) from e
        problem = _mismatch(layer, saved_name, weights, values)
        if problem and skip_mismatch:
            warnings.warn('Skipping loading the weights of layer %r from %s due to mismatch '
                          'with the file: %s.'
                          % (layer.name, filepath, problem))
            continue
        if problem:
            raise ValueError('Cannot load weights from %s: %s.' % (filepath, problem))
        pairs.extend(zip(weights, values))
    return pairs


def load_weights(model, filepath, by_name=False, skip_mismatch=False, reshape=False):
    """Load weights from a weights file or a model file, all or nothing.

    # Arguments
        model: the model to load into.
        filepath: an HDF5 file written by `save_weights` / `save_model` (ours or
            Keras 2's): a path, a `gs://` path, an open `h5py.File` or
            `h5py.Group`, or a binary stream of the file's bytes.
        by_name: match layers by name (layers absent from the file keep their
            weights) instead of by the order of the layers with weights.
        skip_mismatch: with `by_name`, skip (with a warning) layers whose
            number or shapes of weights differ from the file's.
        reshape: reshape a convolution kernel saved with the same number of
            values but another shape (e.g. a Dense kernel into a 1x1
            convolution), as Keras 2.3 does.

    # Raises
        ValueError: naming the file, the layer and both shapes when they differ;
            no weight is changed then.
    """
    if skip_mismatch and not by_name:
        raise ValueError('load_weights(): skip_mismatch=True needs by_name=True.')
    reader = _Reader(filepath)
    with reader as f:
        group = f['model_weights'] if 'model_weights' in f else f
        pairs = _weight_assignments(model, group, reader.filepath, by_name, skip_mismatch,
                                    reshape)
    K.batch_set_value(pairs)


# -- optimizer state ---------------------------------------------------------------------------

def _keras_optimizer_state(optimizer, values):
    """Our optimizer's state in Keras 2.3.1's layout (its Adam keeps a 1-element `vhat`
    per weight when amsgrad is off)."""
    if optimizer.__class__.__name__ == 'Adam' and not getattr(optimizer, 'amsgrad', False):
        params = (len(values) - 1) // 2
        values = list(values) + [np.zeros((1,), dtype=K.floatx()) for _ in range(params)]
    return values


def _our_optimizer_state(optimizer, values):
    """The inverse of `_keras_optimizer_state` for a state our optimizer does not expect."""
    expected = len(optimizer.weights)
    if optimizer.__class__.__name__ == 'Adam' and len(values) == 1 + 3 * ((expected - 1) // 2) \
            and not getattr(optimizer, 'amsgrad', False):
        return values[:expected]
    return values


def _save_optimizer_state(f, optimizer):
    weights = optimizer.weights
    if not weights:
        return
    values = _keras_optimizer_state(optimizer, K.batch_get_value(weights))
    names = _unique_names(weights) + ['vhat_%d' % i for i in range(len(values) - len(weights))]
    g = f.create_group('optimizer_weights')
    _write_list_attr(g, 'weight_names', names)
    for name, value in zip(names, values):
        g.create_dataset(name, data=value)


def _load_optimizer_state(model, f, filepath):
    g = f['optimizer_weights']
    values = [np.asarray(g[n]) for n in _read_list_attr(g, 'weight_names')]
    model._make_train_function()
    values = _our_optimizer_state(model.optimizer, values)
    try:
        model.optimizer.set_weights(values)
    except ValueError as e:
        warnings.warn('The optimizer state in %s does not match the model (%s); the optimizer '
                      'starts fresh.' % (filepath, e))


# -- training config ---------------------------------------------------------------------------

def _training_config(model):
    """Keras 2.3.1's `training_config`: how the model was compiled."""
    args = model._compile_args
    return {'optimizer_config': args['optimizer'], 'loss': args['loss'],
            'metrics': args.get('metrics'), 'weighted_metrics': args.get('weighted_metrics'),
            'sample_weight_mode': args.get('sample_weight_mode'),
            'loss_weights': args.get('loss_weights')}


def _with_custom_objects(value, custom_objects):
    """Names in a loss or metrics config replaced by the custom objects they name."""
    if isinstance(value, list):
        return [_with_custom_objects(v, custom_objects) for v in value]
    if isinstance(value, dict) and 'class_name' not in value:
        return {k: _with_custom_objects(v, custom_objects) for k, v in value.items()}
    if isinstance(value, str) and value in custom_objects:
        return custom_objects[value]
    return value


def _compile_from_config(model, config, custom_objects):
    """Compile `model` as a training config (Keras's, or our format-1 one) says."""
    custom_objects = custom_objects or {}
    optimizer = config.get('optimizer_config', config.get('optimizer'))
    args = {'optimizer': optimizers.deserialize(optimizer, custom_objects=custom_objects)}
    for key in ('loss', 'metrics', 'weighted_metrics', 'loss_weights', 'sample_weight_mode'):
        if config.get(key) is not None:
            args[key] = _with_custom_objects(config[key], custom_objects)
    model.compile(**args)


# -- models ------------------------------------------------------------------------------------

def save_model(model, filepath, overwrite=True, include_optimizer=True):
    """Save a model to one HDF5 file that Keras 2.3 also reads (atomically).

    # Arguments
        model: the model.
        filepath: path of the file (a `gs://` path is written through
            TensorFlow's `file_io`); or an open `h5py.File` or `h5py.Group`
            to write into; or a binary stream (e.g. `io.BytesIO`) to write the
            file's bytes to.
        overwrite: replace an existing file; with False, ask on the terminal
            (as Keras 2.3), and without a terminal write nothing and raise.
        include_optimizer: also save the training config and the optimizer state.

    # Raises
        TypeError: for a layer config JSON cannot write (naming layer and key).
        FileExistsError, FileNotFoundError, OSError: nothing is written then.
    """
    _save(filepath, overwrite, _model_writer(model, include_optimizer))


def _model_writer(model, include_optimizer):
    """A function writing `model` into an open HDF5 file (configs checked first)."""
    model._ensure_backend()
    config_json = config_to_json(model_config(model), 'model %r' % model.name)
    training = None
    if include_optimizer and isinstance(model.optimizer, optimizers.TFOptimizer):
        warnings.warn('TensorFlow optimizers give no access to their attributes or state, so '
                      'the optimizer is not saved with model %r: compile the model again after '
                      'loading it. Prefer a Keras optimizer.' % (model.name,))
    elif include_optimizer and model.optimizer is not None and model._compile_args:
        training = config_to_json(_training_config(model), 'the training config of %r'
                                  % model.name)

    def write(f):
        _write_version_attrs(f)
        _write_text_attr(f, 'model_config', config_json)
        save_weights_to_group(f.create_group('model_weights'), model.layers)
        if training is not None:
            _write_text_attr(f, 'training_config', training)
            if 'train' in model._functions:
                _save_optimizer_state(f, model.optimizer)
    return write


def load_model(filepath, custom_objects=None, compile=True):
    """Load a model saved by `save_model` (on any backend) or by Keras 2.

    # Arguments
        filepath: path of the HDF5 file (or a `gs://` path); or an open
            `h5py.File` or `h5py.Group`; or a binary stream holding the bytes
            of the file (e.g. `io.BytesIO`, a file opened 'rb').
        custom_objects: dict of the custom classes and functions the model uses.
        compile: compile the model as it was saved (with its optimizer state).

    # Returns
        The model (a `Model` or `Sequential`).

    # Raises
        ValueError, OSError: for a missing, damaged or unreadable file, naming it.
    """
    reader = _Reader(filepath)
    with reader as f:
        return _read_model(f, reader.filepath, custom_objects, compile)


def _read_model(f, filepath, custom_objects, compile):
    """The model in the open HDF5 file `f` (`filepath` names it in errors)."""
    from ..layers import deserialize
    if 'model_config' not in f.attrs:
        raise ValueError('%s holds no model configuration (was it saved with '
                         'save_weights()? Use load_weights() for weight files).' % filepath)
    model = deserialize(json.loads(_text(f.attrs['model_config'])),
                        custom_objects=custom_objects)
    K.batch_set_value(_weight_assignments(model, f['model_weights'], filepath))
    training_config = f.attrs.get('training_config')
    if compile and training_config is not None:
        _compile_from_config(model, json.loads(_text(training_config)), custom_objects)
        if 'optimizer_weights' in f:
            _load_optimizer_state(model, f, filepath)
    return model


def pickle_model(model):
    """The state `pickle` keeps of a model: the bytes of its HDF5 model file
    (config, weights, training config and optimizer state), as in Keras 2.3."""
    stream = io.BytesIO()
    save_to_binary_h5py(_model_writer(model, include_optimizer=True), stream)
    return {'keras_model_hdf5': stream.getvalue()}


def unpickle_model(state):
    """The model of a `pickle_model()` state (custom objects from the
    enclosing `custom_object_scope`)."""
    return load_from_binary_h5py(
        lambda f: _read_model(f, 'the pickled model', None, True),
        io.BytesIO(state['keras_model_hdf5']))


def save_weights(model, filepath, overwrite=True):
    """Save only the weights, layer by layer (atomically), as Keras 2.3 does;
    `filepath` and `overwrite` as for `save_model`."""
    model._ensure_backend()
    _save(filepath, overwrite, lambda f: save_weights_to_group(f, model.layers))


# -- deployment --------------------------------------------------------------------------------

def export_saved_model(model, export_dir):
    """Write a TensorFlow SavedModel of `model` (TensorFlow backend only).

    The SavedModel has a `serving_default` signature from the model's inputs
    to its outputs, named after the input and output layers; the learning
    phase is left at its default, test.

    # Arguments
        model: the model.
        export_dir: a directory that does not exist yet.

    # Returns
        `export_dir`.

    # Raises
        RuntimeError: on any backend but TensorFlow (SavedModel is a
            TensorFlow format; carry the model there with
            `K.use_backend('tensorflow')`).
        FileExistsError: when `export_dir` exists.
    """
    if K.backend() != 'tensorflow':
        raise RuntimeError(
            'export_saved_model(): SavedModel is a TensorFlow format, and the active backend is '
            '%r. Switch with K.use_backend("tensorflow") (use_backend("tensorflow") in R): the '
            'model is carried to TensorFlow with its weights, then export it.' % K.backend())
    export_dir = os.fspath(export_dir)
    if os.path.exists(export_dir):
        raise FileExistsError('export_saved_model(): %s exists; give a new directory.'
                              % export_dir)
    model._ensure_backend()
    K.export_saved_model(export_dir, dict(zip(model.input_names, model.inputs)),
                         dict(zip(model.output_names, model.outputs)))
    return export_dir
