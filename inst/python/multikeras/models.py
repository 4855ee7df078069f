"""Model classes, model files, and models made from configs or from other models."""
import json

from .engine.input_layer import Input, InputLayer
from .engine.network import Network, _yaml
from .engine.training import Model
from .engine.sequential import Sequential
from .engine.saving import save_model, load_model

__all__ = ['Model', 'Sequential', 'Input', 'InputLayer', 'save_model', 'load_model',
           'model_from_config', 'model_from_json', 'model_from_yaml', 'clone_model']


def model_from_config(config, custom_objects=None):
    """A model (with fresh weights) from its config, `{'class_name': ..., 'config': ...}`.

    # Arguments
        config: the dict `model.to_json()` holds (or `{'class_name':
            model.__class__.__name__, 'config': model.get_config()}`).
        custom_objects: dict of the custom classes and functions it uses.

    # Returns
        The model, with newly initialized weights.

    # Raises
        TypeError: when `config` is not a dict (a list of layer configs is the
            config of a Sequential model: wrap it).
    """
    from .layers import deserialize
    if not isinstance(config, dict):
        raise TypeError('model_from_config() takes a dict {"class_name": ..., "config": ...}; '
                        'got %s. To rebuild a Sequential model from its config use '
                        'Sequential.from_config(config).' % type(config).__name__)
    return deserialize(config, custom_objects=custom_objects)


def model_from_json(json_string, custom_objects=None):
    """A model (with fresh weights) from `model.to_json()` text.

    # Arguments
        json_string: the JSON text.
        custom_objects: dict of the custom classes and functions it uses.
    """
    return model_from_config(json.loads(json_string), custom_objects=custom_objects)


def model_from_yaml(yaml_string, custom_objects=None):
    """A model (with fresh weights) from `model.to_yaml()` text (needs PyYAML).

    # Arguments
        yaml_string: the YAML text.
        custom_objects: dict of the custom classes and functions it uses.
    """
    return model_from_config(_yaml().safe_load(yaml_string), custom_objects=custom_objects)


def _copy_layer(layer):
    """A new layer of the same class and config, with fresh weights."""
    return layer.__class__.from_config(layer.get_config())


def _source_tensors(input_tensors, input_layers):
    """The tensors a clone starts from: new `Input`s like the originals, or the given
    tensors (made Keras tensors when they are plain backend tensors)."""
    if input_tensors is None:
        return [Input(batch_shape=l.batch_input_shape, dtype=l.dtype, sparse=l.sparse,
                      name=l.name) for l in input_layers]
    tensors = list(input_tensors) if isinstance(input_tensors, (list, tuple)) else [input_tensors]
    if len(tensors) != len(input_layers):
        raise ValueError('clone_model(): the model has %d inputs, but %d input_tensors were '
                         'given.' % (len(input_layers), len(tensors)))
    return [x if hasattr(x, '_keras_history') else
            Input(tensor=x, batch_shape=layer.batch_input_shape, name='input_wrapper_for_' +
                  layer.name) for x, layer in zip(tensors, input_layers)]


def _clone_functional(model, input_tensors):
    copies = {}

    def layer_for(layer):
        if id(layer) not in copies:
            copies[id(layer)] = _copy_layer(layer)
        return copies[id(layer)]

    inputs = _source_tensors(input_tensors, model.input_layers)
    outputs = model.run_internal_graph(inputs, layer_for=layer_for)
    return Model(inputs if len(inputs) > 1 else inputs[0],
                 outputs if len(outputs) > 1 else outputs[0], name=model.name)


def _clone_sequential(model, input_tensors):
    layers = [_copy_layer(l) for l in model.layers]
    if input_tensors is None:
        if model.inputs and getattr(model.layers[0], 'batch_input_shape', None) is None:
            layers.insert(0, _copy_layer(model.inputs[0]._keras_history[0]))
        return Sequential(layers, name=model.name)
    x = _source_tensors(input_tensors, [model.inputs[0]._keras_history[0]])[0]
    return Sequential([x._keras_history[0]] + layers, name=model.name)


def clone_model(model, input_tensors=None):
    """A new model with the same architecture as `model`, and new (initial) weights.

    Every layer is created again from its config; shared layers stay shared.
    Copy the weights with `clone.set_weights(model.get_weights())`.

    # Arguments
        model: a `Model` or `Sequential` model.
        input_tensors: tensors to build the clone on (one per model input);
            new `Input`s by default.

    # Returns
        The new model (not compiled).

    # Raises
        ValueError: when `model` is not a model, or `input_tensors` does not
            give one tensor per model input.
    """
    if not isinstance(model, Network):
        raise ValueError('clone_model() takes a Model or Sequential; got %r.' % (model,))
    if isinstance(model, Model):
        model._ensure_backend()
    if isinstance(model, Sequential):
        return _clone_sequential(model, input_tensors)
    return _clone_functional(model, input_tensors)
