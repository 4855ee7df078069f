"""ResNet50, ResNet101 and ResNet152 (He et al., 2015, https://arxiv.org/abs/1512.03385),
as Keras 2.3.1's `keras.applications.resnet`; also the network builder that
`resnet_v2` uses."""
from .. import layers
from . import _common
from .imagenet_utils import decode_predictions, preprocess_input  # noqa: F401 - "caffe" mode

# Origin and hashes (top, no top) of keras-applications 1.0.8 (resnet_common.py).
BASE_WEIGHTS_PATH = 'https://github.com/keras-team/keras-applications/releases/download/resnet/'
WEIGHTS_HASHES = {
    'resnet50': ('2cb95161c43110f7111970584f804107', '4d473c1dd8becc155b73f8504c6f6626'),
    'resnet101': ('f1aeb4b969a6efcfb50fad2f0c20cfc5', '88cf7a10940856eca736dc7b7e228a21'),
    'resnet152': ('100835be76be38e30d865e96f2aaae62', 'ee4c566cf9a93f14d82f913c2dc6dd0c'),
    'resnet50v2': ('3ef43a0b657b3be2300d5770ece849e0', 'fac2f116257151a9d068a22e544a4917'),
    'resnet101v2': ('6343647c601c52e1368623803854d971', 'c0ed64b8031c3730f411d2eb4eea35b5'),
    'resnet152v2': ('a49b44d1979771252814e80f8ec446f9', 'ed17cf2e0169df9d443503ef94b23b33'),
}


def _weights_table(model_name):
    """`{'top': ..., 'notop': ...}` entries (file name, origin, hash) for `model_name`."""
    table = {}
    for key, suffix, file_hash in zip(('top', 'notop'), ('', '_notop'),
                                      WEIGHTS_HASHES[model_name]):
        fname = '%s_weights_tf_dim_ordering_tf_kernels%s.h5' % (model_name, suffix)
        table[key] = (fname, BASE_WEIGHTS_PATH + fname, file_hash)
    return table


WEIGHTS = {name: _weights_table(name) for name in WEIGHTS_HASHES}


def _bn(x, name):
    return layers.BatchNormalization(axis=_common.channel_axis(), epsilon=1.001e-5,
                                     name=name)(x)


def _block_v1(x, filters, stride=1, conv_shortcut=True, name=None):
    """A post-activation bottleneck block: 1x1, 3x3, 1x1 (4 * filters) convolutions."""
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=name + '_0_conv')(x)
        shortcut = _bn(shortcut, name + '_0_bn')
    else:
        shortcut = x
    specs = [(filters, 1, stride, 'valid'), (filters, 3, 1, 'same'), (4 * filters, 1, 1, 'valid')]
    for i, (n, kernel, strides, padding) in enumerate(specs, 1):
        x = layers.Conv2D(n, kernel, strides=strides, padding=padding,
                          name='%s_%d_conv' % (name, i))(x)
        x = _bn(x, '%s_%d_bn' % (name, i))
        if i < 3:
            x = layers.Activation('relu', name='%s_%d_relu' % (name, i))(x)
    x = layers.Add(name=name + '_add')([shortcut, x])
    return layers.Activation('relu', name=name + '_out')(x)


def stack_v1(x, filters, blocks, stride1=2, name=None):
    """`blocks` post-activation blocks, the first with a projection shortcut and `stride1`."""
    x = _block_v1(x, filters, stride=stride1, name=name + '_block1')
    for i in range(2, blocks + 1):
        x = _block_v1(x, filters, conv_shortcut=False, name='%s_block%d' % (name, i))
    return x


def build_resnet(stack_fn, preact, use_bias, model_name, include_top, weights, input_tensor,
                 input_shape, pooling, classes, display_name):
    """A ResNet: the 7x7 stem, `stack_fn`'s residual stages, then the head.

    # Arguments
        stack_fn: builds the residual stages from the stem's output.
        preact: pre-activation (v2) network: no stem normalization, a final one.
        use_bias: whether the stem convolution has a bias.
        model_name: the model's name, and its key in `WEIGHTS`.
        display_name: the name for error messages (e.g. "ResNet101").
    """
    _common.check_arguments(display_name, weights, include_top, classes, pooling)
    input_shape = _common.obtain_input_shape(input_shape, 224, 32, include_top, weights)
    img_input = _common.image_input(input_tensor, input_shape)
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)), name='conv1_pad')(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=use_bias, name='conv1_conv')(x)
    if not preact:
        x = _bn(x, 'conv1_bn')
        x = layers.Activation('relu', name='conv1_relu')(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name='pool1_pad')(x)
    x = layers.MaxPooling2D(3, strides=2, name='pool1_pool')(x)
    x = stack_fn(x)
    if preact:
        x = _bn(x, 'post_bn')
        x = layers.Activation('relu', name='post_relu')(x)
    if include_top:
        x = _common.classifier(x, classes, 'probs', pool_name='avg_pool')
    else:
        x = _common.pool(x, pooling, named=True)
    model = _common.make_model(img_input, input_tensor, x, model_name)
    entry = WEIGHTS[model_name]['top' if include_top else 'notop']
    return _common.load_pretrained(model, display_name, weights, entry)


def _stacks_v1(blocks):
    """The four stages of a v1 ResNet with `blocks` blocks each (64 to 512 filters)."""
    def stack_fn(x):
        for i, (filters, n) in enumerate(zip((64, 128, 256, 512), blocks)):
            x = stack_v1(x, filters, n, stride1=1 if i == 0 else 2, name='conv%d' % (i + 2))
        return x
    return stack_fn


_DOC = """Instantiates the %s architecture.

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


def ResNet50(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
             pooling=None, classes=1000):
    return build_resnet(_stacks_v1((3, 4, 6, 3)), False, True, 'resnet50', include_top, weights,
                        input_tensor, input_shape, pooling, classes, 'ResNet50')


def ResNet101(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
              pooling=None, classes=1000):
    return build_resnet(_stacks_v1((3, 4, 23, 3)), False, True, 'resnet101', include_top,
                        weights, input_tensor, input_shape, pooling, classes, 'ResNet101')


def ResNet152(include_top=True, weights='imagenet', input_tensor=None, input_shape=None,
              pooling=None, classes=1000):
    return build_resnet(_stacks_v1((3, 8, 36, 3)), False, True, 'resnet152', include_top,
                        weights, input_tensor, input_shape, pooling, classes, 'ResNet152')


for _f in (ResNet50, ResNet101, ResNet152):
    _f.__doc__ = _DOC % _f.__name__
