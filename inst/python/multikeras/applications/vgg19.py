"""VGG19 (Simonyan & Zisserman, 2014, https://arxiv.org/abs/1409.1556), as Keras 2.3.1's."""
from .imagenet_utils import decode_predictions, preprocess_input  # noqa: F401 - "caffe" mode
from .vgg16 import build_vgg

# Origins and hashes of keras-applications 1.0.8 (vgg19.py).
_BASE = 'https://github.com/fchollet/deep-learning-models/releases/download/v0.1/'
WEIGHTS = {
    'top': ('vgg19_weights_tf_dim_ordering_tf_kernels.h5',
            _BASE + 'vgg19_weights_tf_dim_ordering_tf_kernels.h5',
            'cbe5617147190e668d6c5d5026f83318'),
    'notop': ('vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5',
              _BASE + 'vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5',
              '253f8cb515780f3b799900260a226db6'),
}


def VGG19(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
          pooling=None, classes=1000):
    """Instantiates the VGG19 architecture.

    # Arguments
        include_top, weights, input_tensor, input_shape, pooling, classes: as
            for `VGG16` (default input 224x224, at least 32x32).

    # Returns
        A Keras model instance.
    """
    return build_vgg((2, 2, 4, 4, 4), 'vgg19', WEIGHTS, include_top, weights, input_tensor,
                     input_shape, pooling, classes)
