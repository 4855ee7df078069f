"""Xception (Chollet, 2016, https://arxiv.org/abs/1610.02357), as Keras 2.3.1's."""
from .. import layers
from . import _common
from .imagenet_utils import decode_predictions  # noqa: F401
from .inception_v3 import preprocess_input  # noqa: F401 - "tf" mode

# Origins and hashes of keras-applications 1.0.8 (xception.py).
_BASE = 'https://github.com/fchollet/deep-learning-models/releases/download/v0.4/'
WEIGHTS = {
    'top': ('xception_weights_tf_dim_ordering_tf_kernels.h5',
            _BASE + 'xception_weights_tf_dim_ordering_tf_kernels.h5',
            '0a58e3b7378bc2990ea3b43d5981f1f6'),
    'notop': ('xception_weights_tf_dim_ordering_tf_kernels_notop.h5',
              _BASE + 'xception_weights_tf_dim_ordering_tf_kernels_notop.h5',
              'b0042744bf5b25fce3cb969f33bebb97'),
}


def _sepconv_bn(x, filters, name, relu_name=None):
    """[ReLU named `relu_name`,] 3x3 separable convolution `name`, batch normalization."""
    if relu_name:
        x = layers.Activation('relu', name=relu_name)(x)
    x = layers.SeparableConv2D(filters, (3, 3), padding='same', use_bias=False, name=name)(x)
    return layers.BatchNormalization(axis=_common.channel_axis(), name=name + '_bn')(x)


def _downsampling_block(x, block, filters, first_relu=True):
    """Two separable convolutions and a strided max pooling, plus a strided 1x1
    projection of the input; the first ReLU is left out at the entry (block 2)."""
    axis = _common.channel_axis()
    residual = layers.Conv2D(filters[1], (1, 1), strides=(2, 2), padding='same',
                             use_bias=False)(x)
    residual = layers.BatchNormalization(axis=axis)(residual)
    prefix = 'block%d_sepconv' % block
    x = _sepconv_bn(x, filters[0], prefix + '1', prefix + '1_act' if first_relu else None)
    x = _sepconv_bn(x, filters[1], prefix + '2', prefix + '2_act')
    x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding='same',
                            name='block%d_pool' % block)(x)
    return layers.add([x, residual])


def Xception(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
             pooling=None, classes=1000):
    """Instantiates the Xception architecture.

    # Arguments
        include_top: whether to include the fully-connected layer at the top.
        weights: None (random initialization), "imagenet" (pre-trained on
            ImageNet) or the path to a weights file to load.
        input_tensor: optional Keras tensor (output of `layers.Input()`) to use
            as the image input.
        input_shape: optional shape tuple, only when `include_top` is False
            (else it must be `(299, 299, 3)` or `(3, 299, 299)` with imagenet
            weights); 3 channels, each side at least 71.
        pooling: when `include_top` is False: None (4D output), "avg" or "max".
        classes: number of classes, only with `include_top` and without
            imagenet weights.

    # Returns
        A Keras model instance.

    # Raises
        ValueError: for an invalid `weights`, `input_shape`, `pooling` or `classes`.
    """
    _common.check_arguments('Xception', weights, include_top, classes, pooling)
    input_shape = _common.obtain_input_shape(input_shape, 299, 71, include_top, weights)
    img_input = _common.image_input(input_tensor, input_shape)
    axis = _common.channel_axis()
    x = img_input
    for i, (filters, strides) in enumerate(((32, (2, 2)), (64, (1, 1))), 1):
        x = layers.Conv2D(filters, (3, 3), strides=strides, use_bias=False,
                          name='block1_conv%d' % i)(x)
        x = layers.BatchNormalization(axis=axis, name='block1_conv%d_bn' % i)(x)
        x = layers.Activation('relu', name='block1_conv%d_act' % i)(x)
    x = _downsampling_block(x, 2, (128, 128), first_relu=False)
    x = _downsampling_block(x, 3, (256, 256))
    x = _downsampling_block(x, 4, (728, 728))
    for block in range(5, 13):
        residual = x
        prefix = 'block%d_sepconv' % block
        for i in range(1, 4):
            x = _sepconv_bn(x, 728, '%s%d' % (prefix, i), '%s%d_act' % (prefix, i))
        x = layers.add([x, residual])
    x = _downsampling_block(x, 13, (728, 1024))
    for i, filters in enumerate((1536, 2048), 1):
        x = _sepconv_bn(x, filters, 'block14_sepconv%d' % i)
        x = layers.Activation('relu', name='block14_sepconv%d_act' % i)(x)
    if include_top:
        x = _common.classifier(x, classes, 'predictions', pool_name='avg_pool')
    else:
        x = _common.pool(x, pooling)
    model = _common.make_model(img_input, input_tensor, x, 'xception')
    entry = WEIGHTS['top' if include_top else 'notop']
    return _common.load_pretrained(model, 'Xception', weights, entry)
