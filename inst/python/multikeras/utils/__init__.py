"""Utilities: `to_categorical`, `get_file`, object lookup, the progress bar."""
from .np_utils import to_categorical, normalize
from .data_utils import get_file, validate_file, Sequence
from .generic_utils import (CustomObjectScope, custom_object_scope, get_custom_objects,
                            serialize_keras_object, deserialize_keras_object, Progbar)
