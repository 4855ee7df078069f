"""ResNet50V2, ResNet101V2 and ResNet152V2 (He et al., 2016,
https://arxiv.org/abs/1603.05027), as Keras 2.3.1's `keras.applications.resnet_v2`."""
from .. import layers
from . import imagenet_utils
from .imagenet_utils import decode_predictions  # noqa: F401
from .resnet import _DOC, _bn, build_resnet


def preprocess_input(x, data_format=None, **kwargs):
    """Preprocesses images for the ResNet v2 models: pixels scaled to [-1, 1] ("tf" mode).

    # Arguments
        x: Numpy array or symbolic tensor, 3D or 4D.
        data_format: "channels_first" or "channels_last"; default the configured one.

    # Returns
        The preprocessed array or tensor.
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode='tf')


def _block_v2(x, filters, stride=1, conv_shortcut=False, name=None):
    """A pre-activation bottleneck block; the stride sits in its 3x3 convolution."""
    preact = _bn(x, name + '_preact_bn')
    preact = layers.Activation('relu', name=name + '_preact_relu')(preact)
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=name + '_0_conv')(preact)
    elif stride > 1:
        shortcut = layers.MaxPooling2D(1, strides=stride)(x)
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=1, use_bias=False, name=name + '_1_conv')(preact)
    x = _bn(x, name + '_1_bn')
    x = layers.Activation('relu', name=name + '_1_relu')(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name=name + '_2_pad')(x)
    x = layers.Conv2D(filters, 3, strides=stride, use_bias=False, name=name + '_2_conv')(x)
    x = _bn(x, name + '_2_bn')
    x = layers.Activation('relu', name=name + '_2_relu')(x)
    x = layers.Conv2D(4 * filters, 1, name=name + '_3_conv')(x)
    return layers.Add(name=name + '_out')([shortcut, x])


def stack_v2(x, filters, blocks, stride1=2, name=None):
    """`blocks` pre-activation blocks: a projection first, the stride in the last."""
    x = _block_v2(x, filters, conv_shortcut=True, name=name + '_block1')
    for i in range(2, blocks):
        x = _block_v2(x, filters, name='%s_block%d' % (name, i))
    return _block_v2(x, filters, stride=stride1, name='%s_block%d' % (name, blocks))


def _stacks_v2(blocks):
    """The four stages of a v2 ResNet with `blocks` blocks each (64 to 512 filters)."""
    def stack_fn(x):
        for i, (filters, n) in enumerate(zip((64, 128, 256, 512), blocks)):
            x = stack_v2(x, filters, n, stride1=1 if i == 3 else 2, name='conv%d' % (i + 2))
        return x
    return stack_fn


def ResNet50V2(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
               pooling=None, classes=1000):
    return build_resnet(_stacks_v2((3, 4, 6, 3)), True, True, 'resnet50v2', include_top,
                        weights, input_tensor, input_shape, pooling, classes, 'ResNet50V2')


def ResNet101V2(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
                pooling=None, classes=1000):
    return build_resnet(_stacks_v2((3, 4, 23, 3)), True, True, 'resnet101v2', include_top,
                        weights, input_tensor, input_shape, pooling, classes, 'ResNet101V2')


def ResNet152V2(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
                pooling=None, classes=1000):
    return build_resnet(_stacks_v2((3, 8, 36, 3)), True, True, 'resnet152v2', include_top,
                        weights, input_tensor, input_shape, pooling, classes, 'ResNet152V2')


for _f in (ResNet50V2, ResNet101V2, ResNet152V2):
    _f.__doc__ = _DOC % _f.__name__
