"""What every application shares: argument checks, the input, the head, the weights.

Each application module holds a `WEIGHTS` table, `{key: (file name, origin,
file hash)}`, with the figures published for Keras 2.3.1 (keras-applications
1.0.8). `load_pretrained()` fetches a file from that table with `get_file()`
into the `models` cache subdirectory and loads it. Keras files list their
layers in `model.layers` order, which is Keras's own (see
`engine.network.layers_by_depth`), so the published weight files load by
position exactly as Keras loads them.
"""
import os

import numpy as np

from .. import backend as K
from .. import layers
from ..engine import saving
from ..engine.input_layer import Input
from ..engine.training import Model
from ..utils.data_utils import get_file
from ..utils.layer_utils import get_source_inputs

POOLINGS = (None, 'avg', 'max')


def channel_axis():
    """The channel axis of 4D image tensors in the current `image_data_format`."""
    return 1 if K.image_data_format() == 'channels_first' else -1


def check_arguments(model_name, weights, include_top, classes, pooling):
    """Raise a ValueError naming the argument when `weights`, `classes` or `pooling` is bad."""
    if not (weights in ('imagenet', None) or
            (isinstance(weights, (str, os.PathLike)) and os.path.exists(weights))):
        raise ValueError('%s: `weights` must be None (random initialization), "imagenet" '
                         '(pre-trained on ImageNet) or the path to an existing weights file; '
                         'got %r.' % (model_name, weights))
    if weights == 'imagenet' and include_top and classes != 1000:
        raise ValueError('%s: with weights="imagenet" and include_top=True, `classes` must be '
                         '1000 (the ImageNet classes); got classes=%r.' % (model_name, classes))
    if pooling not in POOLINGS:
        raise ValueError('%s: `pooling` must be None, "avg" or "max"; got %r.'
                         % (model_name, pooling))


def image_input(input_tensor, input_shape):
    """The model's input: a new `Input`, or one that wraps `input_tensor`."""
    if input_tensor is None:
        return Input(shape=input_shape)
    if not K.is_keras_tensor(input_tensor):
        return Input(tensor=input_tensor, shape=input_shape)
    return input_tensor


def pool(x, pooling, named=False):
    """Global average or max pooling of `x` for `pooling` "avg" / "max"; `x` for None.

    # Arguments
        named: name the layer `avg_pool` / `max_pool` (as ResNet and DenseNet
            do) instead of giving it a default name.
    """
    if pooling == 'avg':
        return layers.GlobalAveragePooling2D(name='avg_pool' if named else None)(x)
    if pooling == 'max':
        return layers.GlobalMaxPooling2D(name='max_pool' if named else None)(x)
    return x


def classifier(x, classes, dense_name, pool_name=None):
    """Global average pooling, then a softmax `Dense` layer of `classes` units."""
    x = layers.GlobalAveragePooling2D(name=pool_name)(x)
    return layers.Dense(classes, activation='softmax', name=dense_name)(x)


def make_model(img_input, input_tensor, outputs, name):
    """The `Model` from the input (or `input_tensor`'s source inputs) to `outputs`."""
    inputs = get_source_inputs(input_tensor) if input_tensor is not None else img_input
    return Model(inputs, outputs, name=name)


def load_pretrained(model, model_name, weights, entry):
    """Load `weights` into `model`: the ImageNet file `entry` or a weights file path.

    # Arguments
        model: the model just built.
        model_name: the application's name, for error messages.
        weights: None (nothing to load), "imagenet" or a file path.
        entry: `(file name, origin, file hash)` of the ImageNet file, or None
            when there is none for this configuration.

    # Returns
        `model`.

    # Raises
        OSError / ValueError naming the file (and its origin) when it cannot
        be downloaded, does not have the published hash, or does not fit.
    """
    if weights is None:
        return model
    if weights == 'imagenet':
        if entry is None:
            raise ValueError('%s: no ImageNet weights are published for this configuration.'
                             % model_name)
        fname, origin, file_hash = entry
        try:
            path = get_file(fname, origin, cache_subdir='models', file_hash=file_hash)
        except (OSError, ValueError) as e:
            raise type(e)('%s: cannot get the ImageNet weights file %s from %s: %s'
                          % (model_name, fname, origin, e)) from e
    else:
        path = os.fspath(weights)
    try:
        saving.load_weights(model, path)
    except (OSError, ValueError) as e:
        raise type(e)('%s: the weights file %s does not fit the model: %s'
                      % (model_name, path, e)) from e
    return model


def save_keras_weights(model, filepath):
    """Write `model`'s weights as Keras 2.3.1 (on TensorFlow) writes a weights file, the
    layout of the published ImageNet files: Keras's version mark instead of ours."""
    h5py = saving._h5py()
    with h5py.File(os.fspath(filepath), 'w') as f:
        saving.save_weights_to_group(f, model.layers)
        for mark in ('multikeras_format', 'multikeras_backend'):
            if mark in f.attrs:
                del f.attrs[mark]
        f.attrs['keras_version'] = np.bytes_(b'2.3.1')


def obtain_input_shape(input_shape, default_size, min_size, require_flatten, weights):
    """The input shape of an application (channels included), checked; as Keras 2.3.1.

    # Arguments
        input_shape: the user's shape (3 integers or None entries) or None.
        default_size: the image side the model (and its weights) use by default.
        min_size: the smallest side the model accepts.
        require_flatten: whether the head needs a static shape (`include_top`).
        weights: the `weights` argument; "imagenet" needs 3 channels, and the
            default shape when `require_flatten`.

    # Raises
        ValueError naming `input_shape`, the value and what is expected.
    """
    first = K.image_data_format() == 'channels_first'

    def shaped(channels, side):
        return (channels, side, side) if first else (side, side, channels)

    if input_shape is not None:
        input_shape = tuple(input_shape)
        if len(input_shape) != 3:
            raise ValueError('`input_shape` must be a tuple of three integers (%s); got %r.'
                             % ('channels, rows, cols' if first else 'rows, cols, channels',
                                input_shape))
    channels = 3
    if weights != 'imagenet' and input_shape is not None:
        channels = input_shape[0] if first else input_shape[-1]
    default_shape = shaped(channels, default_size)
    if weights == 'imagenet' and require_flatten:
        if input_shape is not None and input_shape != default_shape:
            raise ValueError('With include_top=True and weights="imagenet", `input_shape` must '
                             'be %s; got %r.' % (default_shape, input_shape))
        return default_shape
    if input_shape is None:
        input_shape = default_shape if require_flatten else shaped(3, None)
    else:
        sides = input_shape[1:] if first else input_shape[:2]
        if weights == 'imagenet' and (input_shape[0] if first else input_shape[-1]) != 3:
            raise ValueError('With weights="imagenet" the input must have 3 channels; got '
                             '`input_shape=%r`.' % (input_shape,))
        if any(s is not None and s < min_size for s in sides):
            raise ValueError('Input size must be at least %dx%d; got `input_shape=%r`.'
                             % (min_size, min_size, input_shape))
    if require_flatten and None in input_shape:
        raise ValueError('With include_top=True, `input_shape` must be static (no None); '
                         'got `input_shape=%r`.' % (input_shape,))
    return input_shape


def correct_pad(x, kernel_size):
    """The zero padding ((top, bottom), (left, right)) that makes a strided
    'valid' convolution of `kernel_size` over `x` behave as TensorFlow's 'same'."""
    first = K.image_data_format() == 'channels_first'
    size = K.int_shape(x)[2:4] if first else K.int_shape(x)[1:3]
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    adjust = (1, 1) if size[0] is None else (1 - size[0] % 2, 1 - size[1] % 2)
    half = (kernel_size[0] // 2, kernel_size[1] // 2)
    return ((half[0] - adjust[0], half[0]), (half[1] - adjust[1], half[1]))
