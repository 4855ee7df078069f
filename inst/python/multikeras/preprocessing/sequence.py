"""Keras 2.3 `preprocessing.sequence` (being written)."""
