"""Keras 2.3 `preprocessing.text` (being written)."""
