"""Model files in HDF5: architecture, weights, training config, optimizer state.

Files are written to a temporary name beside the target and renamed into
place, so a failed save never damages an existing file.
"""
import json
import os
import tempfile

import numpy as np

from .. import backend as K
from .. import optimizers

FORMAT_VERSION = '1'


def json_default(obj):
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if callable(obj) and hasattr(obj, '__name__'):
        return obj.__name__
    if hasattr(obj, 'get_config'):
        return {'class_name': obj.__class__.__name__, 'config': obj.get_config()}
    raise TypeError('Not JSON serializable: %r' % (obj,))


def _h5py():
    try:
        import h5py
    except ImportError as e:
        raise ImportError('Saving and loading model files needs h5py: pip install h5py') from e
    return h5py


def _write_atomically(filepath, overwrite, write):
    filepath = os.fspath(filepath)
    if os.path.exists(filepath) and not overwrite:
        raise FileExistsError('%s exists and overwrite=False; nothing was written.' % filepath)
    directory = os.path.dirname(os.path.abspath(filepath))
    if not os.path.isdir(directory):
        raise FileNotFoundError('Cannot save to %s: the directory %s does not exist.'
                                % (filepath, directory))
    fd, tmp = tempfile.mkstemp(prefix='.' + os.path.basename(filepath) + '.', suffix='.tmp',
                               dir=directory)
    os.close(fd)
    try:
        with _h5py().File(tmp, 'w') as f:
            write(f)
        os.replace(tmp, filepath)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _save_weights_to_group(group, layers):
    group.attrs['layer_names'] = [l.name.encode('utf8') for l in layers]
    group.attrs['backend'] = K.backend().encode('utf8')
    for layer in layers:
        g = group.create_group(layer.name)
        weights = layer.weights
        values = K.batch_get_value(weights)
        names = ['%s_%d' % (getattr(w, 'name', 'param').split(':')[0], i)
                 for i, w in enumerate(weights)]
        g.attrs['weight_names'] = [n.encode('utf8') for n in names]
        for name, value in zip(names, values):
            g.create_dataset(name, data=value)


def _read_layer_weights(group):
    out = {}
    for name in group.attrs['layer_names']:
        name = name.decode('utf8') if isinstance(name, bytes) else name
        g = group[name]
        out[name] = [np.asarray(g[w.decode('utf8') if isinstance(w, bytes) else w])
                     for w in g.attrs['weight_names']]
    return out


def _load_weights_into(model, stored, by_name=False):
    layers = [l for l in model.layers if l.weights]
    if by_name:
        pairs = [(l, stored[l.name]) for l in layers if l.name in stored]
    else:
        saved = [w for w in stored.values() if w]
        if len(saved) != len(layers):
            raise ValueError('The file holds weights for %d layers, but the model has %d layers '
                             'with weights.' % (len(saved), len(layers)))
        pairs = list(zip(layers, saved))
    for layer, values in pairs:
        layer.set_weights(values)


def save_model(model, filepath, overwrite=True, include_optimizer=True):
    """Save `model` to an HDF5 file: config, weights, and training state."""
    def write(f):
        f.attrs['keras_version'] = 'multikeras-' + FORMAT_VERSION
        f.attrs['backend'] = K.backend()
        f.attrs['model_config'] = json.dumps(
            {'class_name': model.__class__.__name__, 'config': model.get_config()},
            default=json_default)
        _save_weights_to_group(f.create_group('model_weights'), model.layers)
        if include_optimizer and model.optimizer is not None and model._compile_args:
            f.attrs['training_config'] = json.dumps(model._compile_args, default=json_default)
            if 'train' in model._functions and model.optimizer.weights:
                g = f.create_group('optimizer_weights')
                values = model.optimizer.get_weights()
                names = ['w_%d' % i for i in range(len(values))]
                g.attrs['weight_names'] = [n.encode('utf8') for n in names]
                for n, v in zip(names, values):
                    g.create_dataset(n, data=v)
    model._ensure_backend()
    _write_atomically(filepath, overwrite, write)


def load_model(filepath, custom_objects=None, compile=True):
    """Load a model saved with `save_model` (on any backend)."""
    from ..layers import deserialize
    h5py = _h5py()
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise FileNotFoundError('No model file at %s.' % filepath)
    with h5py.File(filepath, 'r') as f:
        if 'model_config' not in f.attrs:
            raise ValueError('%s holds no model configuration (was it saved with '
                             'save_weights()? Use load_weights() for weight files).' % filepath)
        config = json.loads(f.attrs['model_config'])
        model = deserialize(config, custom_objects=custom_objects)
        _load_weights_into(model, _read_layer_weights(f['model_weights']))
        training_config = f.attrs.get('training_config')
        if compile and training_config is not None:
            args = json.loads(training_config)
            args['optimizer'] = optimizers.deserialize(args['optimizer'],
                                                       custom_objects=custom_objects)
            model.compile(**args)
            if 'optimizer_weights' in f:
                g = f['optimizer_weights']
                values = [np.asarray(g[n]) for n in g.attrs['weight_names']]
                model._make_train_function()
                try:
                    model.optimizer.set_weights(values)
                except ValueError:
                    import warnings
                    warnings.warn('The optimizer state in %s does not match the model; the '
                                  'optimizer starts fresh.' % filepath)
    return model


def save_weights(model, filepath, overwrite=True):
    """Save only the weights, layer by layer (atomically)."""
    model._ensure_backend()
    _write_atomically(filepath, overwrite,
                      lambda f: _save_weights_to_group(f, model.layers))


def load_weights(model, filepath, by_name=False):
    """Load weights saved by `save_weights` or `save_model`, by order or by layer name."""
    with _h5py().File(os.fspath(filepath), 'r') as f:
        group = f['model_weights'] if 'model_weights' in f else f
        _load_weights_into(model, _read_layer_weights(group), by_name)
