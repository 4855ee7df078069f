"""multikeras: the Keras 2.3 API on TensorFlow, Theano, CNTK and MXNet.

Importing this package imports no engine; the active backend's engine is
imported when it is first used.
"""
from . import config
from . import backend
from . import activations, initializers, regularizers, constraints
from . import losses, metrics, optimizers, callbacks
from . import utils
from . import datasets, preprocessing
from . import layers
from . import models
from . import wrappers
from . import applications
from .layers import Input
from .models import Model, Sequential

__version__ = '0.1.0'

# The version of the Keras API this core implements (multi-backend Keras
# 2.3.1): what the R package's is_keras_available(version) compares with.
__keras_version__ = '2.3.1'
