"""NASNet-A Large and Mobile (Zoph et al., 2017, https://arxiv.org/abs/1707.07012),
as Keras 2.3.1's. The models exist in the "channels_last" data format only: under
"channels_first" they are built channels_last, with a warning, as Keras does."""
import warnings

from .. import backend as K
from .. import layers
from . import _common
from .imagenet_utils import decode_predictions  # noqa: F401
from .inception_v3 import preprocess_input  # noqa: F401 - "tf" mode

# Origins, cache names and hashes of keras-applications 1.0.8 (nasnet.py), by default size.
BASE_WEIGHTS_PATH = 'https://github.com/titu1994/Keras-NASNet/releases/download/v1.2/'
WEIGHTS = {
    (224, True): ('nasnet_mobile.h5', BASE_WEIGHTS_PATH + 'NASNet-mobile.h5',
                  '020fb642bf7360b370c678b08e0adf61'),
    (224, False): ('nasnet_mobile_no_top.h5', BASE_WEIGHTS_PATH + 'NASNet-mobile-no-top.h5',
                   '1ed92395b5b598bdda52abe5c0dbfd63'),
    (331, True): ('nasnet_large.h5', BASE_WEIGHTS_PATH + 'NASNet-large.h5',
                  '11577c9a518f0070763c2b964a382f17'),
    (331, False): ('nasnet_large_no_top.h5', BASE_WEIGHTS_PATH + 'NASNet-large-no-top.h5',
                   'd81d89dc07e6e56530c4e77faddd61b5'),
}


def _bn(x, name):
    return layers.BatchNormalization(axis=-1, momentum=0.9997, epsilon=1e-3, name=name)(x)


def _conv1x1(x, filters, name):
    return layers.Conv2D(filters, (1, 1), strides=(1, 1), padding='same', use_bias=False,
                         name=name, kernel_initializer='he_normal')(x)


def _separable_conv_block(x, filters, kernel_size=(3, 3), strides=(1, 1), block_id=None):
    """Twice ReLU, separable convolution, batch normalization; the first strided."""
    x = layers.Activation('relu')(x)
    if strides == (2, 2):
        x = layers.ZeroPadding2D(padding=_common.correct_pad(x, kernel_size),
                                 name='separable_conv_1_pad_%s' % block_id)(x)
        padding = 'valid'
    else:
        padding = 'same'
    x = layers.SeparableConv2D(filters, kernel_size, strides=strides,
                               name='separable_conv_1_%s' % block_id, padding=padding,
                               use_bias=False, kernel_initializer='he_normal')(x)
    x = _bn(x, 'separable_conv_1_bn_%s' % block_id)
    x = layers.Activation('relu')(x)
    x = layers.SeparableConv2D(filters, kernel_size, name='separable_conv_2_%s' % block_id,
                               padding='same', use_bias=False,
                               kernel_initializer='he_normal')(x)
    return _bn(x, 'separable_conv_2_bn_%s' % block_id)


def _adjust_block(p, ip, filters, block_id=None):
    """The previous cell's output `p` brought to the spatial size and width of `ip`."""
    if p is None:
        return ip
    if K.int_shape(p)[-2] != K.int_shape(ip)[-2]:
        p = layers.Activation('relu', name='adjust_relu_1_%s' % block_id)(p)
        p1 = layers.AveragePooling2D((1, 1), strides=(2, 2), padding='valid',
                                     name='adjust_avg_pool_1_%s' % block_id)(p)
        p1 = _conv1x1(p1, filters // 2, 'adjust_conv_1_%s' % block_id)
        p2 = layers.ZeroPadding2D(padding=((0, 1), (0, 1)))(p)
        p2 = layers.Cropping2D(cropping=((1, 0), (1, 0)))(p2)
        p2 = layers.AveragePooling2D((1, 1), strides=(2, 2), padding='valid',
                                     name='adjust_avg_pool_2_%s' % block_id)(p2)
        p2 = _conv1x1(p2, filters // 2, 'adjust_conv_2_%s' % block_id)
        p = layers.concatenate([p1, p2], axis=-1)
        return _bn(p, 'adjust_bn_%s' % block_id)
    if K.int_shape(p)[-1] != filters:
        p = layers.Activation('relu')(p)
        p = _conv1x1(p, filters, 'adjust_conv_projection_%s' % block_id)
        return _bn(p, 'adjust_bn_%s' % block_id)
    return p


def _cell_input(ip, kind, filters, block_id):
    """ReLU, 1x1 convolution and batch normalization of a cell's input."""
    h = layers.Activation('relu')(ip)
    h = _conv1x1(h, filters, '%s_conv_1_%s' % (kind, block_id))
    return _bn(h, '%s_bn_1_%s' % (kind, block_id))


def _avg3x3(x, strides, padding, name):
    return layers.AveragePooling2D((3, 3), strides=strides, padding=padding, name=name)(x)


def _normal_a_cell(ip, p, filters, block_id=None):
    """A NASNet-A normal cell; returns (its output, `ip` as the next cell's `p`)."""
    p = _adjust_block(p, ip, filters, block_id)
    h = _cell_input(ip, 'normal', filters, block_id)
    x1 = layers.add([_separable_conv_block(h, filters, (5, 5),
                                           block_id='normal_left1_%s' % block_id),
                     _separable_conv_block(p, filters, block_id='normal_right1_%s' % block_id)],
                    name='normal_add_1_%s' % block_id)
    x2 = layers.add([_separable_conv_block(p, filters, (5, 5),
                                           block_id='normal_left2_%s' % block_id),
                     _separable_conv_block(p, filters, (3, 3),
                                           block_id='normal_right2_%s' % block_id)],
                    name='normal_add_2_%s' % block_id)
    x3 = layers.add([_avg3x3(h, (1, 1), 'same', 'normal_left3_%s' % block_id), p],
                    name='normal_add_3_%s' % block_id)
    x4 = layers.add([_avg3x3(p, (1, 1), 'same', 'normal_left4_%s' % block_id),
                     _avg3x3(p, (1, 1), 'same', 'normal_right4_%s' % block_id)],
                    name='normal_add_4_%s' % block_id)
    x5 = layers.add([_separable_conv_block(h, filters, block_id='normal_left5_%s' % block_id),
                     h], name='normal_add_5_%s' % block_id)
    x = layers.concatenate([p, x1, x2, x3, x4, x5], axis=-1, name='normal_concat_%s' % block_id)
    return x, ip


def _reduction_a_cell(ip, p, filters, block_id=None):
    """A NASNet-A reduction cell (halves the size); returns (its output, `ip`)."""
    p = _adjust_block(p, ip, filters, block_id)
    h = _cell_input(ip, 'reduction', filters, block_id)
    h3 = layers.ZeroPadding2D(padding=_common.correct_pad(h, 3),
                              name='reduction_pad_1_%s' % block_id)(h)

    def sep(x, kernel, side):
        return _separable_conv_block(x, filters, kernel, strides=(2, 2),
                                     block_id='reduction_%s_%s' % (side, block_id))

    def max3x3(x, name):
        return layers.MaxPooling2D((3, 3), strides=(2, 2), padding='valid', name=name)(x)

    x1 = layers.add([sep(h, (5, 5), 'left1'), sep(p, (7, 7), 'right1')],
                    name='reduction_add_1_%s' % block_id)
    x2 = layers.add([max3x3(h3, 'reduction_left2_%s' % block_id), sep(p, (7, 7), 'right2')],
                    name='reduction_add_2_%s' % block_id)
    x3 = layers.add([_avg3x3(h3, (2, 2), 'valid', 'reduction_left3_%s' % block_id),
                     sep(p, (5, 5), 'right3')], name='reduction_add3_%s' % block_id)
    x4 = layers.add([x2, _avg3x3(x1, (1, 1), 'same', 'reduction_left4_%s' % block_id)])
    x5 = layers.add([_separable_conv_block(x1, filters, (3, 3),
                                           block_id='reduction_left4_%s' % block_id),
                     max3x3(h3, 'reduction_right5_%s' % block_id)],
                    name='reduction_add4_%s' % block_id)
    x = layers.concatenate([x2, x3, x4, x5], axis=-1, name='reduction_concat_%s' % block_id)
    return x, ip


def NASNet(input_shape=None, penultimate_filters=4032, num_blocks=6, stem_block_filters=96,
           skip_reduction=True, filter_multiplier=2, include_top=True, weights=None,
           input_tensor=None, pooling=None, classes=1000, default_size=None):
    """Instantiates a NASNet-A architecture.

    # Arguments
        input_shape: optional shape tuple (default `(331, 331, 3)`, or
            `default_size`); 3 channels, each side at least 32; static with
            imagenet weights.
        penultimate_filters: filters of the penultimate layer (the "P" of
            "NASNet (N @ P)"); a multiple of `24 * filter_multiplier ** 2`.
        num_blocks: normal cells per stage (the "N").
        stem_block_filters: filters of the stem convolution.
        skip_reduction: whether the cells after a reduction see the cell
            before it (True) or the reduction's own input.
        filter_multiplier: width growth from stage to stage.
        include_top: whether to include the fully-connected layer at the top.
        weights: None (random initialization), "imagenet" (only for the
            NASNetLarge and NASNetMobile configurations) or the path to a
            weights file to load.
        input_tensor: optional Keras tensor (output of `layers.Input()`) to use
            as the image input.
        pooling: when `include_top` is False: None (4D output), "avg" or "max".
        classes: number of classes, only with `include_top` and without
            imagenet weights.
        default_size: the default image side (331 Large, 224 Mobile).

    # Returns
        A Keras model instance.

    # Raises
        ValueError: for an invalid `weights`, `input_shape`,
            `penultimate_filters`, `pooling` or `classes`.
    """
    _common.check_arguments('NASNet', weights, include_top, classes, pooling)
    if isinstance(input_shape, tuple) and None in input_shape and weights == 'imagenet':
        raise ValueError('NASNet: with weights="imagenet", `input_shape` must be static (no '
                         'None); got `input_shape=%r`.' % (input_shape,))
    if penultimate_filters % (24 * (filter_multiplier ** 2)) != 0:
        raise ValueError('NASNet: `penultimate_filters` must be a multiple of '
                         '24 * filter_multiplier ** 2 = %d; got %d.'
                         % (24 * filter_multiplier ** 2, penultimate_filters))
    default_size = default_size or 331
    old_format = K.image_data_format()
    if old_format != 'channels_last':
        warnings.warn('The NASNet models exist only in the "channels_last" data format; this '
                      'one is built channels_last (`input_shape` and inputs are (rows, cols, '
                      'channels)) although image_data_format is %r.' % old_format)
        K.set_image_data_format('channels_last')
    try:
        input_shape = _common.obtain_input_shape(input_shape, default_size, 32, True, weights)
        model = _build_nasnet(input_shape, penultimate_filters, num_blocks, stem_block_filters,
                              skip_reduction, filter_multiplier, include_top, input_tensor,
                              pooling, classes)
        entry = WEIGHTS.get((default_size, bool(include_top)))
        if weights == 'imagenet' and entry is None:
            raise ValueError('NASNet: ImageNet weights exist only for NASNetLarge and '
                             'NASNetMobile.')
        return _common.load_pretrained(model, 'NASNet', weights, entry)
    finally:
        K.set_image_data_format(old_format)


def _build_nasnet(input_shape, penultimate_filters, num_blocks, stem_block_filters,
                  skip_reduction, filter_multiplier, include_top, input_tensor, pooling,
                  classes):
    img_input = _common.image_input(input_tensor, input_shape)
    filters = penultimate_filters // 24
    x = layers.Conv2D(stem_block_filters, (3, 3), strides=(2, 2), padding='valid',
                      use_bias=False, name='stem_conv1', kernel_initializer='he_normal')(img_input)
    x = _bn(x, 'stem_bn1')
    p = None
    x, p = _reduction_a_cell(x, p, filters // (filter_multiplier ** 2), block_id='stem_1')
    x, p = _reduction_a_cell(x, p, filters // filter_multiplier, block_id='stem_2')
    for stage in range(3):
        width = filters * filter_multiplier ** stage
        if stage:
            x, p0 = _reduction_a_cell(x, p, width, block_id='reduce_%d' % (stage * num_blocks))
            p = p if skip_reduction else p0
        for i in range(num_blocks):
            block = stage * num_blocks + i + (1 if stage else 0)
            x, p = _normal_a_cell(x, p, width, block_id='%d' % block)
    x = layers.Activation('relu')(x)
    if include_top:
        x = _common.classifier(x, classes, 'predictions')
    else:
        x = _common.pool(x, pooling)
    return _common.make_model(img_input, input_tensor, x, 'NASNet')


def NASNetLarge(input_shape=None, include_top=True, weights='imagenet', input_tensor=None,
                pooling=None, classes=1000):
    """Instantiates NASNet-A Large (6 @ 4032), default input 331x331.

    # Arguments
        input_shape, include_top, weights, input_tensor, pooling, classes: as
            for `NASNet`.

    # Returns
        A Keras model instance.
    """
    return NASNet(input_shape, penultimate_filters=4032, num_blocks=6, stem_block_filters=96,
                  skip_reduction=True, filter_multiplier=2, include_top=include_top,
                  weights=weights, input_tensor=input_tensor, pooling=pooling, classes=classes,
                  default_size=331)


def NASNetMobile(input_shape=None, include_top=True, weights='imagenet', input_tensor=None,
                 pooling=None, classes=1000):
    """Instantiates NASNet-A Mobile (4 @ 1056), default input 224x224.

    # Arguments
        input_shape, include_top, weights, input_tensor, pooling, classes: as
            for `NASNet`.

    # Returns
        A Keras model instance.
    """
    return NASNet(input_shape, penultimate_filters=1056, num_blocks=4, stem_block_filters=32,
                  skip_reduction=False, filter_multiplier=2, include_top=include_top,
                  weights=weights, input_tensor=input_tensor, pooling=pooling, classes=classes,
                  default_size=224)
