"""Wrappers that let other libraries use models: `scikit_learn`."""
from . import scikit_learn
