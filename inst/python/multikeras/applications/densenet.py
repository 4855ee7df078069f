"""DenseNet121, DenseNet169 and DenseNet201 (Huang et al., 2016,
https://arxiv.org/abs/1608.06993), as Keras 2.3.1's."""
from .. import backend as K
from .. import layers
from . import _common, imagenet_utils
from .imagenet_utils import decode_predictions  # noqa: F401

# Origins and hashes (top, no top) of keras-applications 1.0.8 (densenet.py).
BASE_WEIGHTS_PATH = ('https://github.com/keras-team/keras-applications/'
                     'releases/download/densenet/')
WEIGHTS_HASHES = {
    'densenet121': ('9d60b8095a5708f2dcce2bca79d332c7', '30ee3e1110167f948a6b9946edeeb738'),
    'densenet169': ('d699b8f76981ab1b30698df4c175e90b', 'b8c4d4c20dd625c148057b9ff1c1176b'),
    'densenet201': ('1ceb130c1ea1b78c3bf6114dbdfd8807', 'c13680b51ded0fb44dff2d8f86ac8bb1'),
}
WEIGHTS = {
    name: {key: ('%s_weights_tf_dim_ordering_tf_kernels%s.h5' % (name, suffix),
                 '%s%s_weights_tf_dim_ordering_tf_kernels%s.h5' % (BASE_WEIGHTS_PATH, name,
                                                                    suffix),
                 file_hash)
           for key, suffix, file_hash in zip(('top', 'notop'), ('', '_notop'), hashes)}
    for name, hashes in WEIGHTS_HASHES.items()}
# The block counts of the published networks.
BLOCKS = {'densenet121': [6, 12, 24, 16], 'densenet169': [6, 12, 32, 32],
          'densenet201': [6, 12, 48, 32]}


def preprocess_input(x, data_format=None, **kwargs):
    """Preprocesses images for DenseNet: pixels scaled to [0, 1], then each channel
    normalized by the ImageNet mean and standard deviation ("torch" mode).

    # Arguments
        x: Numpy array or symbolic tensor, 3D or 4D.
        data_format: "channels_first" or "channels_last"; default the configured one.

    # Returns
        The preprocessed array or tensor.
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode='torch')


def _bn_relu(x, name):
    x = layers.BatchNormalization(axis=_common.channel_axis(), epsilon=1.001e-5,
                                  name=name + '_bn')(x)
    return layers.Activation('relu', name=name + '_relu')(x)


def conv_block(x, growth_rate, name):
    """A dense layer: BN-ReLU-1x1 conv (4 * growth_rate), BN-ReLU-3x3 conv
    (growth_rate), its output concatenated to its input."""
    y = _bn_relu(x, name + '_0')
    y = layers.Conv2D(4 * growth_rate, 1, use_bias=False, name=name + '_1_conv')(y)
    y = _bn_relu(y, name + '_1')
    y = layers.Conv2D(growth_rate, 3, padding='same', use_bias=False, name=name + '_2_conv')(y)
    return layers.Concatenate(axis=_common.channel_axis(), name=name + '_concat')([x, y])


def dense_block(x, blocks, name):
    """`blocks` dense layers of growth rate 32."""
    for i in range(1, blocks + 1):
        x = conv_block(x, 32, name='%s_block%d' % (name, i))
    return x


def transition_block(x, reduction, name):
    """BN-ReLU, a 1x1 convolution keeping `reduction` of the channels, 2x2 average pooling."""
    x = _bn_relu(x, name)
    channels = K.int_shape(x)[_common.channel_axis()]
    x = layers.Conv2D(int(channels * reduction), 1, use_bias=False, name=name + '_conv')(x)
    return layers.AveragePooling2D(2, strides=2, name=name + '_pool')(x)


def DenseNet(blocks, include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
             pooling=None, classes=1000):
    """Instantiates a DenseNet architecture.

    # Arguments
        blocks: the numbers of dense layers in the four dense blocks
            (`[6, 12, 24, 16]` is DenseNet121, `[6, 12, 32, 32]` DenseNet169,
            `[6, 12, 48, 32]` DenseNet201; imagenet weights exist only for those).
        include_top: whether to include the fully-connected layer at the top.
        weights: None (random initialization), "imagenet" (pre-trained on
            ImageNet) or the path to a weights file to load.
        input_tensor: optional Keras tensor (output of `layers.Input()`) to use
            as the image input.
        input_shape: optional shape tuple, only when `include_top` is False
            (else it must be `(224, 224, 3)` or `(3, 224, 224)` with imagenet
            weights); 3 channels, each side at least 32.
        pooling: when `include_top` is False: None (4D output), "avg" or "max".
        classes: number of classes, only with `include_top` and without
            imagenet weights.

    # Returns
        A Keras model instance.

    # Raises
        ValueError: for an invalid `blocks`, `weights`, `input_shape`,
            `pooling` or `classes`.
    """
    blocks = [int(b) for b in blocks]
    if len(blocks) != 4:
        raise ValueError('DenseNet: `blocks` must hold 4 integers; got %r.' % (blocks,))
    name = next((n for n, b in BLOCKS.items() if b == blocks), 'densenet')
    display_name = 'DenseNet%s' % name[len('densenet'):]
    _common.check_arguments(display_name, weights, include_top, classes, pooling)
    input_shape = _common.obtain_input_shape(input_shape, 224, 32, include_top, weights)
    img_input = _common.image_input(input_tensor, input_shape)
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)))(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=False, name='conv1/conv')(x)
    x = layers.BatchNormalization(axis=_common.channel_axis(), epsilon=1.001e-5,
                                  name='conv1/bn')(x)
    x = layers.Activation('relu', name='conv1/relu')(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)))(x)
    x = layers.MaxPooling2D(3, strides=2, name='pool1')(x)
    for i, n in enumerate(blocks):
        x = dense_block(x, n, name='conv%d' % (i + 2))
        if i < 3:
            x = transition_block(x, 0.5, name='pool%d' % (i + 2))
    x = layers.BatchNormalization(axis=_common.channel_axis(), epsilon=1.001e-5, name='bn')(x)
    x = layers.Activation('relu', name='relu')(x)
    if include_top:
        x = _common.classifier(x, classes, 'fc1000', pool_name='avg_pool')
    else:
        x = _common.pool(x, pooling, named=True)
    model = _common.make_model(img_input, input_tensor, x, name)
    entry = WEIGHTS[name]['top' if include_top else 'notop'] if name in WEIGHTS else None
    return _common.load_pretrained(model, display_name, weights, entry)


def DenseNet121(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
                pooling=None, classes=1000):
    return DenseNet(BLOCKS['densenet121'], include_top, weights, input_tensor, input_shape,
                    pooling, classes)


def DenseNet169(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
                pooling=None, classes=1000):
    return DenseNet(BLOCKS['densenet169'], include_top, weights, input_tensor, input_shape,
                    pooling, classes)


def DenseNet201(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
                pooling=None, classes=1000):
    return DenseNet(BLOCKS['densenet201'], include_top, weights, input_tensor, input_shape,
                    pooling, classes)


for _f in (DenseNet121, DenseNet169, DenseNet201):
    _f.__doc__ = ('Instantiates the %s architecture.\n\n    # Arguments\n        include_top, '
                  'weights, input_tensor, input_shape, pooling, classes: as for `DenseNet`.\n\n'
                  '    # Returns\n        A Keras model instance.\n    ' % _f.__name__)
