"""Keras 2.3's `keras.backend.load_backend`, the module that picks and imports the backend.

Here the facade `multikeras.backend` does that; this module forwards every
name to it, for code (Keras' own tests) that imports it.
"""
from .. import backend as _facade


def __getattr__(name):
    return getattr(_facade, name)
