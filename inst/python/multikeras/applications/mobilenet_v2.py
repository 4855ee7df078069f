"""MobileNet v2 (Sandler et al., 2018, https://arxiv.org/abs/1801.04381), as Keras 2.3.1's."""
from .. import backend as K
from .. import layers
from . import _common
from .imagenet_utils import decode_predictions  # noqa: F401
from .inception_v3 import preprocess_input  # noqa: F401 - "tf" mode
from .mobilenet import imagenet_rows, input_size

# Origins of keras-applications 1.0.8 (mobilenet_v2.py), which publishes no hashes for
# them: one file per width (alpha) and input size, with and without the top.
BASE_WEIGHT_PATH = ('https://github.com/JonathanCMitchell/mobilenet_v2_keras/'
                    'releases/download/v1.1/')
ALPHAS = (0.35, 0.5, 0.75, 1.0, 1.3, 1.4)
ROWS = (96, 128, 160, 192, 224)


def _entry(alpha, rows, include_top):
    fname = 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_%s_%d%s.h5' % (
        alpha, rows, '' if include_top else '_no_top')
    return (fname, BASE_WEIGHT_PATH + fname, None)


WEIGHTS = {(alpha, rows, top): _entry(alpha, rows, top)
           for alpha in ALPHAS for rows in ROWS for top in (True, False)}


def _make_divisible(v, divisor, min_value=None):
    """`v` rounded to the nearest multiple of `divisor` (at least `min_value`), never
    more than 10% below `v`."""
    min_value = divisor if min_value is None else min_value
    rounded = max(min_value, int(v + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * v else rounded


def _bn(x, name):
    return layers.BatchNormalization(axis=_common.channel_axis(), epsilon=1e-3, momentum=0.999,
                                     name=name)(x)


def _inverted_res_block(inputs, expansion, stride, alpha, filters, block_id):
    """Expand (1x1), 3x3 depthwise (strided with `stride`), project (1x1, linear);
    a residual connection when the shapes allow."""
    in_channels = K.int_shape(inputs)[_common.channel_axis()]
    pointwise_filters = _make_divisible(int(filters * alpha), 8)
    x = inputs
    prefix = 'block_%d_' % block_id
    if block_id:
        x = layers.Conv2D(expansion * in_channels, kernel_size=1, padding='same',
                          use_bias=False, activation=None, name=prefix + 'expand')(x)
        x = _bn(x, prefix + 'expand_BN')
        x = layers.ReLU(6., name=prefix + 'expand_relu')(x)
    else:
        prefix = 'expanded_conv_'
    if stride == 2:
        x = layers.ZeroPadding2D(padding=_common.correct_pad(x, 3), name=prefix + 'pad')(x)
    x = layers.DepthwiseConv2D(kernel_size=3, strides=stride, activation=None, use_bias=False,
                               padding='same' if stride == 1 else 'valid',
                               name=prefix + 'depthwise')(x)
    x = _bn(x, prefix + 'depthwise_BN')
    x = layers.ReLU(6., name=prefix + 'depthwise_relu')(x)
    x = layers.Conv2D(pointwise_filters, kernel_size=1, padding='same', use_bias=False,
                      activation=None, name=prefix + 'project')(x)
    x = _bn(x, prefix + 'project_BN')
    if in_channels == pointwise_filters and stride == 1:
        return layers.Add(name=prefix + 'add')([inputs, x])
    return x


# (filters, stride, expansion) of the 17 inverted residual blocks.
_BLOCKS = ([(16, 1, 1), (24, 2, 6), (24, 1, 6)] + [(32, 2, 6)] + [(32, 1, 6)] * 2 +
           [(64, 2, 6)] + [(64, 1, 6)] * 3 + [(96, 1, 6)] * 3 + [(160, 2, 6)] +
           [(160, 1, 6)] * 2 + [(320, 1, 6)])


def MobileNetV2(input_shape=None, alpha=1.0, include_top=True, weights='imagenet',
                input_tensor=None, pooling=None, classes=1000):
    """Instantiates the MobileNetV2 architecture.

    # Arguments
        input_shape: optional shape tuple, only when `include_top` is False
            (else `(224, 224, 3)`, or 96, 128, 160 or 192 square with imagenet
            weights); 3 channels, each side at least 32. Without it, an
            `input_tensor`'s shape decides the size.
        alpha: width multiplier of every layer's filters (imagenet weights:
            0.35, 0.50, 0.75, 1.0, 1.3 or 1.4).
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
        ValueError: for an invalid `weights`, `alpha`, `input_shape`,
            `pooling` or `classes`.
    """
    _common.check_arguments('MobileNetV2', weights, include_top, classes, pooling)
    shape_for_size = input_shape
    if input_shape is None and input_tensor is not None and K.is_keras_tensor(input_tensor):
        shape_for_size = K.int_shape(input_tensor)[1:]
    input_shape = _common.obtain_input_shape(input_shape, input_size(shape_for_size, ROWS), 32,
                                             include_top, weights)
    first = K.image_data_format() == 'channels_first'
    rows = input_shape[1] if first else input_shape[0]
    if weights == 'imagenet':
        if alpha not in ALPHAS:
            raise ValueError('MobileNetV2: with weights="imagenet", `alpha` must be one of 0.35, '
                             '0.50, 0.75, 1.0, 1.3 or 1.4; got %r.' % (alpha,))
        rows = imagenet_rows(input_shape, ROWS)
    img_input = _common.image_input(input_tensor, input_shape)
    x = layers.ZeroPadding2D(padding=_common.correct_pad(img_input, 3),
                             name='Conv1_pad')(img_input)
    x = layers.Conv2D(_make_divisible(32 * alpha, 8), kernel_size=3, strides=(2, 2),
                      padding='valid', use_bias=False, name='Conv1')(x)
    x = _bn(x, 'bn_Conv1')
    x = layers.ReLU(6., name='Conv1_relu')(x)
    for block_id, (filters, stride, expansion) in enumerate(_BLOCKS):
        x = _inverted_res_block(x, filters=filters, alpha=alpha, stride=stride,
                                expansion=expansion, block_id=block_id)
    last_filters = _make_divisible(1280 * alpha, 8) if alpha > 1.0 else 1280
    x = layers.Conv2D(last_filters, kernel_size=1, use_bias=False, name='Conv_1')(x)
    x = _bn(x, 'Conv_1_bn')
    x = layers.ReLU(6., name='out_relu')(x)
    if include_top:
        x = _common.classifier(x, classes, 'Logits')
    else:
        x = _common.pool(x, pooling)
    model = _common.make_model(img_input, input_tensor, x,
                               'mobilenetv2_%0.2f_%s' % (alpha, rows))
    entry = WEIGHTS.get((float(alpha), rows, bool(include_top)))
    return _common.load_pretrained(model, 'MobileNetV2', weights, entry)
