"""Keras 2.3's `keras.backend.load_backend`, for code (Keras's own tests) that imports it.

Here the facade `multikeras.backend` picks and imports the backend (see
`use_backend()`); every backend name is forwarded to it. The module also has
Keras's names for where the configuration lives: `_keras_base_dir`,
`_keras_dir` (the Keras home: `$KERAS_HOME`, else `~/.keras`) and
`_config_path` (its `keras.json`), computed when the module is loaded and
again on `importlib.reload()`, as in Keras.
"""
import os

from .. import backend as _facade
from .. import config

_keras_dir = config.keras_home()
_keras_base_dir = os.path.dirname(_keras_dir)
_config_path = config.config_path()


def __getattr__(name):
    return getattr(_facade, name)
