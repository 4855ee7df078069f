"""Keras 2.0's home of the network classes, kept by Keras 2.3 for old imports."""
from .base_layer import Layer, Node, InputSpec  # noqa: F401
from .input_layer import Input, InputLayer  # noqa: F401
from .network import Network  # noqa: F401
from ..utils.layer_utils import get_source_inputs  # noqa: F401
