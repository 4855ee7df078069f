"""ResNet50 (He et al., 2015, https://arxiv.org/abs/1512.03385), as Keras 2.3.1's
`keras.applications.ResNet50`: the Keras 2.0 layout (`res2a_branch2a`, ...).
`resnet.ResNet50` is the same network in the later layout (`conv2_block1_1_conv`, ...)."""
import warnings

from .. import layers
from . import _common
from .imagenet_utils import decode_predictions, preprocess_input  # noqa: F401 - "caffe" mode

# Origins and md5 hashes of keras-applications 1.0.8 (resnet50.py).
_BASE = 'https://github.com/fchollet/deep-learning-models/releases/download/v0.2/'
WEIGHTS = {
    'top': ('resnet50_weights_tf_dim_ordering_tf_kernels.h5',
            _BASE + 'resnet50_weights_tf_dim_ordering_tf_kernels.h5',
            'a7b3fe01876f51b976af0dea6bc144eb'),
    'notop': ('resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5',
              _BASE + 'resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5',
              'a268eb855778b3df3c7506639542a6af'),
}


def _bottleneck(x, kernel_size, filters, stage, block, strides=None):
    """A 1x1 / kxk / 1x1 bottleneck block with a residual connection; `strides`
    (a tuple) makes it a projection block (1x1 convolution on the shortcut)."""
    axis = _common.channel_axis()
    conv_name = 'res%d%s_branch' % (stage, block)
    bn_name = 'bn%d%s_branch' % (stage, block)
    shortcut = x
    convs = [(filters[0], (1, 1), strides or (1, 1), 'valid', '2a'),
             (filters[1], kernel_size, (1, 1), 'same', '2b'),
             (filters[2], (1, 1), (1, 1), 'valid', '2c')]
    for i, (n, kernel, stride, padding, branch) in enumerate(convs):
        x = layers.Conv2D(n, kernel, strides=stride, padding=padding,
                          kernel_initializer='he_normal', name=conv_name + branch)(x)
        x = layers.BatchNormalization(axis=axis, name=bn_name + branch)(x)
        if i < 2:
            x = layers.Activation('relu')(x)
    if strides is not None:
        shortcut = layers.Conv2D(filters[2], (1, 1), strides=strides,
                                 kernel_initializer='he_normal', name=conv_name + '1')(shortcut)
        shortcut = layers.BatchNormalization(axis=axis, name=bn_name + '1')(shortcut)
    x = layers.add([x, shortcut])
    return layers.Activation('relu')(x)


def ResNet50(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
             pooling=None, classes=1000):
    """Instantiates the ResNet50 architecture (Keras 2.0 layer names).

    # Arguments
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
        ValueError: for an invalid `weights`, `input_shape`, `pooling` or `classes`.
    """
    _common.check_arguments('ResNet50', weights, include_top, classes, pooling)
    input_shape = _common.obtain_input_shape(input_shape, 224, 32, include_top, weights)
    img_input = _common.image_input(input_tensor, input_shape)
    x = layers.ZeroPadding2D(padding=(3, 3), name='conv1_pad')(img_input)
    x = layers.Conv2D(64, (7, 7), strides=(2, 2), padding='valid',
                      kernel_initializer='he_normal', name='conv1')(x)
    x = layers.BatchNormalization(axis=_common.channel_axis(), name='bn_conv1')(x)
    x = layers.Activation('relu')(x)
    x = layers.ZeroPadding2D(padding=(1, 1), name='pool1_pad')(x)
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    stages = [(2, 3, (64, 64, 256)), (3, 4, (128, 128, 512)),
              (4, 6, (256, 256, 1024)), (5, 3, (512, 512, 2048))]
    for stage, blocks, filters in stages:
        first_strides = (1, 1) if stage == 2 else (2, 2)
        x = _bottleneck(x, 3, filters, stage, 'a', strides=first_strides)
        for block in 'bcdef'[:blocks - 1]:
            x = _bottleneck(x, 3, filters, stage, block)
    if include_top:
        x = _common.classifier(x, classes, 'fc1000', pool_name='avg_pool')
    else:
        if pooling is None:
            warnings.warn('The output shape of `ResNet50(include_top=False)` has been changed '
                          'since Keras 2.2.0.')
        x = _common.pool(x, pooling)
    model = _common.make_model(img_input, input_tensor, x, 'resnet50')
    entry = WEIGHTS['top' if include_top else 'notop']
    return _common.load_pretrained(model, 'ResNet50', weights, entry)
