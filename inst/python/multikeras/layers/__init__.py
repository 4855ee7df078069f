"""Layers. `deserialize()` turns a `{'class_name', 'config'}` dict into a layer or model."""
from ..engine.base_layer import Layer, InputSpec
from ..engine.input_layer import Input, InputLayer
from .core import Dense, Activation, Dropout, Flatten, Reshape
from .convolutional import Conv1D, Conv2D, Conv3D, Convolution1D, Convolution2D, Convolution3D
from .pooling import MaxPooling2D, AveragePooling2D, MaxPool2D, AvgPool2D


def _known_classes():
    from ..engine.training import Model
    from ..engine.sequential import Sequential
    names = {k: v for k, v in globals().items() if isinstance(v, type) and issubclass(v, Layer)}
    names.update({'Model': Model, 'Sequential': Sequential})
    return names


def serialize(layer):
    return {'class_name': layer.__class__.__name__, 'config': layer.get_config()}


def deserialize(config, custom_objects=None):
    """A layer (or model) from its serialized form."""
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
    layer_config = config.get('config', {})
    try:
        return cls.from_config(layer_config, custom_objects=custom_objects)
    except TypeError:
        return cls.from_config(layer_config)
