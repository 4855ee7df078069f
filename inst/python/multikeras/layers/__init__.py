"""Layers. `deserialize()` turns a `{'class_name', 'config'}` dict into a layer or model."""
from ..engine.base_layer import Layer, InputSpec
from ..engine.input_layer import Input, InputLayer
from .core import (Dense, Activation, Dropout, Flatten, Reshape, Masking, SpatialDropout1D,
                   SpatialDropout2D, SpatialDropout3D, Permute, RepeatVector, Lambda,
                   ActivityRegularization)
from .convolutional import (Conv1D, Conv2D, Conv3D, Conv2DTranspose, Conv3DTranspose,
                            SeparableConv1D, SeparableConv2D, DepthwiseConv2D, UpSampling1D,
                            UpSampling2D, UpSampling3D, ZeroPadding1D, ZeroPadding2D, ZeroPadding3D,
                            Cropping1D, Cropping2D, Cropping3D, Convolution1D, Convolution2D,
                            Convolution3D, Deconvolution2D, Deconv2D, Deconvolution3D, Deconv3D,
                            SeparableConvolution1D, SeparableConvolution2D)
from .pooling import (MaxPooling1D, MaxPooling2D, MaxPooling3D, AveragePooling1D,
                      AveragePooling2D, AveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D,
                      GlobalMaxPooling3D, GlobalAveragePooling1D, GlobalAveragePooling2D,
                      GlobalAveragePooling3D, MaxPool1D, MaxPool2D, MaxPool3D, AvgPool1D,
                      AvgPool2D, AvgPool3D, GlobalMaxPool1D, GlobalMaxPool2D, GlobalMaxPool3D,
                      GlobalAvgPool1D, GlobalAvgPool2D, GlobalAvgPool3D)
from .recurrent import (RNN, SimpleRNN, GRU, LSTM, SimpleRNNCell, GRUCell, LSTMCell,
                        StackedRNNCells)
from .convolutional_recurrent import ConvLSTM2D, ConvLSTM2DCell
from .cudnn_recurrent import CuDNNGRU, CuDNNLSTM
from .normalization import BatchNormalization
from .embeddings import Embedding
from .merge import (Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot,
                    add, subtract, multiply, average, maximum, minimum, concatenate, dot)
from .noise import GaussianNoise, GaussianDropout, AlphaDropout
from .advanced_activations import LeakyReLU, PReLU, ELU, ThresholdedReLU, Softmax, ReLU
from .local import LocallyConnected1D, LocallyConnected2D
from .wrappers import Wrapper, TimeDistributed, Bidirectional
from ..legacy.layers import AtrousConvolution1D, AtrousConvolution2D, Highway, MaxoutDense


def _known_classes():
    from ..engine.training import Model
    from ..engine.sequential import Sequential
    names = {k: v for k, v in globals().items() if isinstance(v, type) and issubclass(v, Layer)}
    names.update({'Model': Model, 'Sequential': Sequential})
    return names


def serialize(layer):
    return {'class_name': layer.__class__.__name__, 'config': layer.get_config()}


def deserialize(config, custom_objects=None):
    """A layer (or model) from its serialized form.

    # Arguments
        config: Dict `{'class_name': ..., 'config': ...}`, as `serialize()`
            gives it.
        custom_objects: Dict of the custom classes (and functions) the
            configuration names.

    # Returns
        The layer or model, with newly initialized weights.

    # Raises
        ValueError: for a class name that is neither a Keras layer nor in
            `custom_objects`.
    """
    from ..utils.generic_utils import get_custom_objects
    known = _known_classes()
    known.update(get_custom_objects())
    known.update(custom_objects or {})
    class_name = config.get('class_name')
    cls = known.get(class_name)
    if cls is None:
        raise ValueError('Unknown layer: %r. If it is a custom layer, pass it in custom_objects, '
                         'e.g. load_model(path, custom_objects={%r: %s}).'
                         % (class_name, class_name, class_name))
    return from_config_with_custom_objects(cls, config.get('config', {}), custom_objects)


def from_config_with_custom_objects(cls, config, custom_objects):
    """`cls.from_config(config)` with `custom_objects` known to it, as Keras 2.3 does:
    passed to a `from_config` that takes them, else in scope while it runs (so
    that an activation or initializer given by a custom name resolves)."""
    from ..utils.generic_utils import custom_object_scope, has_arg
    if has_arg(cls.from_config, 'custom_objects'):
        return cls.from_config(config, custom_objects=custom_objects)
    with custom_object_scope(custom_objects or {}):
        return cls.from_config(config)
