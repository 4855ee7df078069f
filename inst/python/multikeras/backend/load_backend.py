"""Keras 2.3's `keras.backend.load_backend` names for where the configuration
lives, which Keras code reads: `_keras_base_dir`, `_keras_dir` (the Keras home:
`$KERAS_HOME`, else `~/.keras`) and `_config_path` (its `keras.json`).

They are computed when the module is loaded, and again on
`importlib.reload()`, as in Keras. The backend itself is chosen by
`multikeras.backend` (see `use_backend()`), not here.
"""
import os

from .. import config

_keras_dir = config.keras_home()
_keras_base_dir = os.path.dirname(_keras_dir)
_config_path = config.config_path()
