"""Inception-ResNet v2 (Szegedy et al., 2016, https://arxiv.org/abs/1602.07261),
as Keras 2.3.1's."""
from .. import backend as K
from .. import layers
from . import _common
from .imagenet_utils import decode_predictions  # noqa: F401
from .inception_v3 import preprocess_input  # noqa: F401 - "tf" mode

# Origins and hashes of keras-applications 1.0.8 (inception_resnet_v2.py).
_BASE = 'https://github.com/fchollet/deep-learning-models/releases/download/v0.7/'
WEIGHTS = {
    'top': ('inception_resnet_v2_weights_tf_dim_ordering_tf_kernels.h5',
            _BASE + 'inception_resnet_v2_weights_tf_dim_ordering_tf_kernels.h5',
            'e693bd0210a403b3192acc6073ad2e96'),
    'notop': ('inception_resnet_v2_weights_tf_dim_ordering_tf_kernels_notop.h5',
              _BASE + 'inception_resnet_v2_weights_tf_dim_ordering_tf_kernels_notop.h5',
              'd19885ff4a710c122648d3b5c3b684e4'),
}


def conv2d_bn(x, filters, kernel_size, strides=1, padding='same', activation='relu',
              use_bias=False, name=None):
    """Convolution, then (without bias) batch normalization without scale, then
    `activation`; with `name`, the layers are `name`, `name_bn` and `name_ac`."""
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding=padding,
                      use_bias=use_bias, name=name)(x)
    if not use_bias:
        x = layers.BatchNormalization(axis=_common.channel_axis(), scale=False,
                                      name=None if name is None else name + '_bn')(x)
    if activation is not None:
        x = layers.Activation(activation, name=None if name is None else name + '_ac')(x)
    return x


def _scaled_residual(inputs, scale):
    return inputs[0] + inputs[1] * scale


def _towers(x, towers):
    """Parallel towers of conv2d_bn layers: each a list of (filters, kernel_size[, kwargs])."""
    out = []
    for tower in towers:
        y = x
        for spec in tower:
            y = conv2d_bn(y, spec[0], spec[1], **(spec[2] if len(spec) > 2 else {}))
        out.append(y)
    return out


# The towers of the three kinds of Inception-ResNet block.
_BLOCKS = {
    'block35': [[(32, 1)], [(32, 1), (32, 3)], [(32, 1), (48, 3), (64, 3)]],
    'block17': [[(192, 1)], [(128, 1), (160, [1, 7]), (192, [7, 1])]],
    'block8': [[(192, 1)], [(192, 1), (224, [1, 3]), (256, [3, 1])]],
}
_DOWN = {'strides': 2, 'padding': 'valid'}


def inception_resnet_block(x, scale, block_type, block_idx, activation='relu'):
    """An Inception-ResNet block: `x + scale * conv1x1(concat(towers(x)))`, then `activation`.

    # Arguments
        block_type: "block35", "block17" or "block8".
        block_idx: the block's number, for the layer names (`block35_1`, ...).
    """
    if block_type not in _BLOCKS:
        raise ValueError('Unknown Inception-ResNet block type %r; expected "block35", '
                         '"block17" or "block8".' % (block_type,))
    axis = _common.channel_axis()
    name = '%s_%d' % (block_type, block_idx)
    mixed = layers.Concatenate(axis=axis, name=name + '_mixed')(_towers(x, _BLOCKS[block_type]))
    up = conv2d_bn(mixed, K.int_shape(x)[axis], 1, activation=None, use_bias=True,
                   name=name + '_conv')
    x = layers.Lambda(_scaled_residual, output_shape=K.int_shape(x)[1:],
                      arguments={'scale': scale}, name=name)([x, up])
    if activation is not None:
        x = layers.Activation(activation, name=name + '_ac')(x)
    return x


def InceptionResNetV2(include_top=True, weights='imagenet', input_tensor=None,
                      input_shape=None, pooling=None, classes=1000):
    """Instantiates the Inception-ResNet v2 architecture.

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
    _common.check_arguments('InceptionResNetV2', weights, include_top, classes, pooling)
    input_shape = _common.obtain_input_shape(input_shape, 299, 75, include_top, weights)
    img_input = _common.image_input(input_tensor, input_shape)
    axis = _common.channel_axis()
    x = conv2d_bn(img_input, 32, 3, strides=2, padding='valid')
    x = conv2d_bn(x, 32, 3, padding='valid')
    x = conv2d_bn(x, 64, 3)
    x = layers.MaxPooling2D(3, strides=2)(x)
    x = conv2d_bn(x, 80, 1, padding='valid')
    x = conv2d_bn(x, 192, 3, padding='valid')
    x = layers.MaxPooling2D(3, strides=2)(x)
    # mixed 5b (Inception-A): 35 x 35 x 320
    branches = _towers(x, [[(96, 1)], [(48, 1), (64, 5)], [(64, 1), (96, 3), (96, 3)]])
    pooled = layers.AveragePooling2D(3, strides=1, padding='same')(x)
    branches.append(conv2d_bn(pooled, 64, 1))
    x = layers.Concatenate(axis=axis, name='mixed_5b')(branches)
    for i in range(1, 11):
        x = inception_resnet_block(x, scale=0.17, block_type='block35', block_idx=i)
    # mixed 6a (Reduction-A): 17 x 17 x 1088
    branches = _towers(x, [[(384, 3, _DOWN)], [(256, 1), (256, 3), (384, 3, _DOWN)]])
    branches.append(layers.MaxPooling2D(3, strides=2, padding='valid')(x))
    x = layers.Concatenate(axis=axis, name='mixed_6a')(branches)
    for i in range(1, 21):
        x = inception_resnet_block(x, scale=0.1, block_type='block17', block_idx=i)
    # mixed 7a (Reduction-B): 8 x 8 x 2080
    branches = _towers(x, [[(256, 1), (384, 3, _DOWN)], [(256, 1), (288, 3, _DOWN)],
                           [(256, 1), (288, 3), (320, 3, _DOWN)]])
    branches.append(layers.MaxPooling2D(3, strides=2, padding='valid')(x))
    x = layers.Concatenate(axis=axis, name='mixed_7a')(branches)
    for i in range(1, 10):
        x = inception_resnet_block(x, scale=0.2, block_type='block8', block_idx=i)
    x = inception_resnet_block(x, scale=1., activation=None, block_type='block8', block_idx=10)
    x = conv2d_bn(x, 1536, 1, name='conv_7b')
    if include_top:
        x = _common.classifier(x, classes, 'predictions', pool_name='avg_pool')
    else:
        x = _common.pool(x, pooling)
    model = _common.make_model(img_input, input_tensor, x, 'inception_resnet_v2')
    entry = WEIGHTS['top' if include_top else 'notop']
    return _common.load_pretrained(model, 'InceptionResNetV2', weights, entry)
