"""MobileNet v1 (Howard et al., 2017, https://arxiv.org/abs/1704.04861), as Keras 2.3.1's."""
import warnings

from .. import backend as K
from .. import layers
from . import _common
from .imagenet_utils import decode_predictions  # noqa: F401
from .inception_v3 import preprocess_input  # noqa: F401 - "tf" mode

# Origins of keras-applications 1.0.8 (mobilenet.py), which publishes no hashes for
# them: one file per width (alpha) and input size, with and without the top.
BASE_WEIGHT_PATH = 'https://github.com/fchollet/deep-learning-models/releases/download/v0.6/'
ALPHAS = {0.25: '2_5', 0.5: '5_0', 0.75: '7_5', 1.0: '1_0'}
ROWS = (128, 160, 192, 224)


def _entry(alpha, rows, include_top):
    fname = 'mobilenet_%s_%d_tf%s.h5' % (ALPHAS[alpha], rows, '' if include_top else '_no_top')
    return (fname, BASE_WEIGHT_PATH + fname, None)


WEIGHTS = {(alpha, rows, top): _entry(alpha, rows, top)
           for alpha in ALPHAS for rows in ROWS for top in (True, False)}


def input_size(input_shape, sizes):
    """The rows of a square `input_shape` whose size is in `sizes`, else 224."""
    if input_shape is None:
        return 224
    first = K.image_data_format() == 'channels_first'
    rows, cols = (input_shape[1], input_shape[2]) if first else (input_shape[0], input_shape[1])
    return rows if rows == cols and rows in sizes else 224


def imagenet_rows(input_shape, sizes):
    """The input size of the ImageNet file to load for `input_shape` (224 when it has none)."""
    first = K.image_data_format() == 'channels_first'
    rows, cols = (input_shape[1], input_shape[2]) if first else (input_shape[0], input_shape[1])
    if rows != cols or rows not in sizes:
        warnings.warn('`input_shape` is undefined or non-square, or `rows` is not in %s. '
                      'Weights for input shape (224, 224) will be loaded as the default.'
                      % (list(sizes),))
        return 224
    return rows


def _conv_block(x, filters, alpha, strides):
    """The stem: a strided 3x3 convolution (`alpha * filters`), normalization, ReLU6."""
    x = layers.ZeroPadding2D(padding=((0, 1), (0, 1)), name='conv1_pad')(x)
    x = layers.Conv2D(int(filters * alpha), (3, 3), padding='valid', use_bias=False,
                      strides=strides, name='conv1')(x)
    x = layers.BatchNormalization(axis=_common.channel_axis(), name='conv1_bn')(x)
    return layers.ReLU(6., name='conv1_relu')(x)


def _depthwise_conv_block(x, filters, alpha, depth_multiplier, strides=(1, 1), block_id=1):
    """A 3x3 depthwise convolution and a 1x1 pointwise one, each normalized, then ReLU6."""
    axis = _common.channel_axis()
    if strides != (1, 1):
        x = layers.ZeroPadding2D(((0, 1), (0, 1)), name='conv_pad_%d' % block_id)(x)
    x = layers.DepthwiseConv2D((3, 3), padding='same' if strides == (1, 1) else 'valid',
                               depth_multiplier=depth_multiplier, strides=strides,
                               use_bias=False, name='conv_dw_%d' % block_id)(x)
    x = layers.BatchNormalization(axis=axis, name='conv_dw_%d_bn' % block_id)(x)
    x = layers.ReLU(6., name='conv_dw_%d_relu' % block_id)(x)
    x = layers.Conv2D(int(filters * alpha), (1, 1), padding='same', use_bias=False,
                      strides=(1, 1), name='conv_pw_%d' % block_id)(x)
    x = layers.BatchNormalization(axis=axis, name='conv_pw_%d_bn' % block_id)(x)
    return layers.ReLU(6., name='conv_pw_%d_relu' % block_id)(x)


# (pointwise filters, strides) of the 13 depthwise separable blocks.
_BLOCKS = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + [(512, 1)] * 5 + \
          [(1024, 2), (1024, 1)]


def MobileNet(input_shape=None, alpha=1.0, depth_multiplier=1, dropout=1e-3,
              include_top=True, weights='imagenet', input_tensor=None, pooling=None,
              classes=1000):
    """Instantiates the MobileNet architecture.

    # Arguments
        input_shape: optional shape tuple, only when `include_top` is False
            (else `(224, 224, 3)`, or 128, 160 or 192 square with imagenet
            weights); 3 channels, each side at least 32.
        alpha: width multiplier of every layer's filters (imagenet weights:
            0.25, 0.50, 0.75 or 1.0).
        depth_multiplier: depth multiplier of the depthwise convolutions
            (1 with imagenet weights).
        dropout: dropout rate before the classifier.
        include_top: whether to include the fully-connected layer at the top.
        weights: None (random initialization), "imagenet" (pre-trained on
            ImageNet) or the path to a weights file to load.
        input_tensor: optional Keras tensor (output of `layers.Input()`) to use
            as the image input.
        pooling: when `include_top` is False: None (4D output), "avg" or "max".
        classes: number of classes, only with `include_top` and without
            imagenet weights.

    # Returns
        A Keras model instance.

    # Raises
        ValueError: for an invalid `weights`, `alpha`, `depth_multiplier`,
            `input_shape`, `pooling` or `classes`.
    """
    _common.check_arguments('MobileNet', weights, include_top, classes, pooling)
    default_size = input_size(input_shape, ROWS)
    input_shape = _common.obtain_input_shape(input_shape, default_size, 32, include_top,
                                             weights)
    first = K.image_data_format() == 'channels_first'
    rows = input_shape[1] if first else input_shape[0]
    if weights == 'imagenet':
        if depth_multiplier != 1:
            raise ValueError('MobileNet: with weights="imagenet", `depth_multiplier` must be 1; '
                             'got %r.' % (depth_multiplier,))
        if alpha not in ALPHAS:
            raise ValueError('MobileNet: with weights="imagenet", `alpha` must be one of 0.25, '
                             '0.50, 0.75 or 1.0; got %r.' % (alpha,))
        rows = imagenet_rows(input_shape, ROWS)
    img_input = _common.image_input(input_tensor, input_shape)
    x = _conv_block(img_input, 32, alpha, strides=(2, 2))
    for block_id, (filters, stride) in enumerate(_BLOCKS, 1):
        x = _depthwise_conv_block(x, filters, alpha, depth_multiplier,
                                  strides=(stride, stride), block_id=block_id)
    if include_top:
        channels = int(1024 * alpha)
        x = layers.GlobalAveragePooling2D()(x)
        x = layers.Reshape((channels, 1, 1) if first else (1, 1, channels), name='reshape_1')(x)
        x = layers.Dropout(dropout, name='dropout')(x)
        x = layers.Conv2D(classes, (1, 1), padding='same', name='conv_preds')(x)
        x = layers.Reshape((classes,), name='reshape_2')(x)
        x = layers.Activation('softmax', name='act_softmax')(x)
    else:
        x = _common.pool(x, pooling)
    model = _common.make_model(img_input, input_tensor, x, 'mobilenet_%0.2f_%s' % (alpha, rows))
    entry = WEIGHTS.get((alpha, rows, bool(include_top)))
    return _common.load_pretrained(model, 'MobileNet', weights, entry)
