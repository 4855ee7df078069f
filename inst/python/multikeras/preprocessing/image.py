"""Keras 2.3 `preprocessing.image` (being written)."""
