"""Inception V3 (Szegedy et al., 2015, https://arxiv.org/abs/1512.00567), as Keras 2.3.1's."""
from .. import layers
from . import _common, imagenet_utils
from .imagenet_utils import decode_predictions  # noqa: F401

# Origins and hashes of keras-applications 1.0.8 (inception_v3.py).
_BASE = 'https://github.com/fchollet/deep-learning-models/releases/download/v0.5/'
WEIGHTS = {
    'top': ('inception_v3_weights_tf_dim_ordering_tf_kernels.h5',
            _BASE + 'inception_v3_weights_tf_dim_ordering_tf_kernels.h5',
            '9a0d58056eeedaa3f26cb7ebd46da564'),
    'notop': ('inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5',
              _BASE + 'inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5',
              'bcbd6486424b2319ff4ef7d526e38f63'),
}


def preprocess_input(x, data_format=None, **kwargs):
    """Preprocesses images for Inception V3: pixels scaled to [-1, 1] ("tf" mode).

    # Arguments
        x: Numpy array or symbolic tensor, 3D or 4D.
        data_format: "channels_first" or "channels_last"; default the configured one.

    # Returns
        The preprocessed array or tensor.
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode='tf')


def conv2d_bn(x, filters, num_row, num_col, padding='same', strides=(1, 1), name=None):
    """Convolution without bias, batch normalization without scale, then ReLU;
    with `name`, the layers are `name_conv`, `name_bn` and `name`."""
    x = layers.Conv2D(filters, (num_row, num_col), strides=strides, padding=padding,
                      use_bias=False, name=None if name is None else name + '_conv')(x)
    x = layers.BatchNormalization(axis=_common.channel_axis(), scale=False,
                                  name=None if name is None else name + '_bn')(x)
    return layers.Activation('relu', name=name)(x)


def _branches(x, specs):
    """Parallel towers over `x`: each spec is a list of conv2d_bn argument tuples,
    or ('avg', conv spec) / ('max',) for a 3x3 pooling branch."""
    out = []
    for spec in specs:
        if spec[0] == 'avg':
            y = layers.AveragePooling2D((3, 3), strides=(1, 1), padding='same')(x)
            y = conv2d_bn(y, *spec[1])
        elif spec[0] == 'max':
            y = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
        else:
            y = x
            for args in spec:
                y = conv2d_bn(y, *args[:3], **(args[3] if len(args) > 3 else {}))
        out.append(y)
    return out


_DOWN = {'strides': (2, 2), 'padding': 'valid'}


def InceptionV3(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
                pooling=None, classes=1000):
    """Instantiates the Inception V3 architecture.

    # Arguments
        include_top: whether to include the fully-connected layer at the top.
        weights: None (random initialization), "imagenet" (pre-trained on
            ImageNet) or the path to a weights file to load.
        input_tensor: optional Keras tensor (output of `layers.Input()`) to use
            as the image input.
        input_shape: optional shape tuple, only when `include_top` is False
            (else it must be `(299, 299, 3)` or `(3, 299, 299)` with imagenet
            weights); 3 channels, each side at least 75.
        pooling: when `include_top` is False: None (4D output), "avg" or "max".
        classes: number of classes, only with `include_top` and without
            imagenet weights.

    # Returns
        A Keras model instance.

    # Raises
        ValueError: for an invalid `weights`, `input_shape`, `pooling` or `classes`.
    """
    _common.check_arguments('InceptionV3', weights, include_top, classes, pooling)
    input_shape = _common.obtain_input_shape(input_shape, 299, 75, include_top, weights)
    img_input = _common.image_input(input_tensor, input_shape)
    axis = _common.channel_axis()
    x = conv2d_bn(img_input, 32, 3, 3, strides=(2, 2), padding='valid')
    x = conv2d_bn(x, 32, 3, 3, padding='valid')
    x = conv2d_bn(x, 64, 3, 3)
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = conv2d_bn(x, 80, 1, 1, padding='valid')
    x = conv2d_bn(x, 192, 3, 3, padding='valid')
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    # mixed 0, 1, 2: 35 x 35 x 256 / 288 / 288
    for i, pool_filters in enumerate((32, 64, 64)):
        x = layers.concatenate(_branches(x, [
            [(64, 1, 1)],
            [(48, 1, 1), (64, 5, 5)],
            [(64, 1, 1), (96, 3, 3), (96, 3, 3)],
            ('avg', (pool_filters, 1, 1))]), axis=axis, name='mixed%d' % i)
    # mixed 3: 17 x 17 x 768
    x = layers.concatenate(_branches(x, [
        [(384, 3, 3, _DOWN)],
        [(64, 1, 1), (96, 3, 3), (96, 3, 3, _DOWN)],
        ('max',)]), axis=axis, name='mixed3')
    # mixed 4, 5, 6, 7: 17 x 17 x 768
    for i, n in enumerate((128, 160, 160, 192)):
        x = layers.concatenate(_branches(x, [
            [(192, 1, 1)],
            [(n, 1, 1), (n, 1, 7), (192, 7, 1)],
            [(n, 1, 1), (n, 7, 1), (n, 1, 7), (n, 7, 1), (192, 1, 7)],
            ('avg', (192, 1, 1))]), axis=axis, name='mixed%d' % (4 + i))
    # mixed 8: 8 x 8 x 1280
    x = layers.concatenate(_branches(x, [
        [(192, 1, 1), (320, 3, 3, _DOWN)],
        [(192, 1, 1), (192, 1, 7), (192, 7, 1), (192, 3, 3, _DOWN)],
        ('max',)]), axis=axis, name='mixed8')
    # mixed 9, 10: 8 x 8 x 2048
    for i in range(2):
        branch1x1 = conv2d_bn(x, 320, 1, 1)
        branch3x3 = conv2d_bn(x, 384, 1, 1)
        branch3x3 = layers.concatenate([conv2d_bn(branch3x3, 384, 1, 3),
                                        conv2d_bn(branch3x3, 384, 3, 1)],
                                       axis=axis, name='mixed9_%d' % i)
        branch3x3dbl = conv2d_bn(x, 448, 1, 1)
        branch3x3dbl = conv2d_bn(branch3x3dbl, 384, 3, 3)
        branch3x3dbl = layers.concatenate([conv2d_bn(branch3x3dbl, 384, 1, 3),
                                           conv2d_bn(branch3x3dbl, 384, 3, 1)], axis=axis)
        branch_pool = _branches(x, [('avg', (192, 1, 1))])[0]
        x = layers.concatenate([branch1x1, branch3x3, branch3x3dbl, branch_pool],
                               axis=axis, name='mixed%d' % (9 + i))
    if include_top:
        x = _common.classifier(x, classes, 'predictions', pool_name='avg_pool')
    else:
        x = _common.pool(x, pooling)
    model = _common.make_model(img_input, input_tensor, x, 'inception_v3')
    entry = WEIGHTS['top' if include_top else 'notop']
    return _common.load_pretrained(model, 'InceptionV3', weights, entry)
