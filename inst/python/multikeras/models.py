"""Model classes and model files."""
from .engine.training import Model
from .engine.sequential import Sequential
from .engine.saving import save_model, load_model


def model_from_json(json_string, custom_objects=None):
    """A model (untrained weights) from `model.to_json()` output."""
    import json
    from .layers import deserialize
    return deserialize(json.loads(json_string), custom_objects=custom_objects)


def clone_model(model):
    """A new model with the same architecture (fresh weights)."""
    from .layers import deserialize
    return deserialize({'class_name': model.__class__.__name__, 'config': model.get_config()})
