"""VGG16 (Simonyan & Zisserman, 2014, https://arxiv.org/abs/1409.1556), as Keras 2.3.1's."""
from .. import layers
from . import _common
from .imagenet_utils import decode_predictions, preprocess_input  # noqa: F401 - "caffe" mode

# Origins and hashes of keras-applications 1.0.8 (vgg16.py).
_BASE = 'https://github.com/fchollet/deep-learning-models/releases/download/v0.1/'
WEIGHTS = {
    'top': ('vgg16_weights_tf_dim_ordering_tf_kernels.h5',
            _BASE + 'vgg16_weights_tf_dim_ordering_tf_kernels.h5',
            '64373286793e3c8b2b4e3219cbf3544b'),
    'notop': ('vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5',
              _BASE + 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5',
              '6d6bbae143d832006294945121d1f1fc'),
}


def build_vgg(convs_per_block, name, weights_table, include_top, weights, input_tensor,
              input_shape, pooling, classes):
    """A VGG network: five blocks of 3x3 convolutions (64 to 512 filters), each
    ending in 2x2 max pooling; `convs_per_block` gives the convolutions per block."""
    model_name = name.upper()
    _common.check_arguments(model_name, weights, include_top, classes, pooling)
    input_shape = _common.obtain_input_shape(input_shape, 224, 32, include_top, weights)
    img_input = _common.image_input(input_tensor, input_shape)
    x = img_input
    for block, (filters, convs) in enumerate(zip((64, 128, 256, 512, 512), convs_per_block), 1):
        for conv in range(1, convs + 1):
            x = layers.Conv2D(filters, (3, 3), activation='relu', padding='same',
                              name='block%d_conv%d' % (block, conv))(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name='block%d_pool' % block)(x)
    if include_top:
        x = layers.Flatten(name='flatten')(x)
        x = layers.Dense(4096, activation='relu', name='fc1')(x)
        x = layers.Dense(4096, activation='relu', name='fc2')(x)
        x = layers.Dense(classes, activation='softmax', name='predictions')(x)
    else:
        x = _common.pool(x, pooling)
    model = _common.make_model(img_input, input_tensor, x, name)
    entry = weights_table['top' if include_top else 'notop']
    return _common.load_pretrained(model, model_name, weights, entry)


def VGG16(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
          pooling=None, classes=1000):
    """Instantiates the VGG16 architecture.

    # Arguments
        include_top: whether to include the 3 fully-connected layers at the top.
        weights: None (random initialization), "imagenet" (pre-trained on
            ImageNet) or the path to a weights file to load.
        input_tensor: optional Keras tensor (output of `layers.Input()`) to use
            as the image input.
        input_shape: optional shape tuple, only when `include_top` is False
            (else it must be `(224, 224, 3)` or `(3, 224, 224)` with imagenet
            weights); 3 channels, each side at least 32.
        pooling: when `include_top` is False: None (the 4D output of the last
            convolutional block), "avg" or "max" (global pooling, 2D output).
        classes: number of classes, only with `include_top` and without
            imagenet weights.

    # Returns
        A Keras model instance.

    # Raises
        ValueError: for an invalid `weights`, `input_shape`, `pooling` or `classes`.
    """
    return build_vgg((2, 2, 3, 3, 3), 'vgg16', WEIGHTS, include_top, weights, input_tensor,
                     input_shape, pooling, classes)
