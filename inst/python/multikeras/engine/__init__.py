"""The model engine: layers, networks, training and saving."""
from .base_layer import Layer, InputSpec, Node
from .input_layer import Input, InputLayer
from .network import Network
from .training import Model
from .sequential import Sequential
from ..utils.layer_utils import get_source_inputs
