"""Keras 1 compatibility: argument names (`interfaces`) and layers (`layers`) that Keras 2.3
still accepts, each with a deprecation warning."""
