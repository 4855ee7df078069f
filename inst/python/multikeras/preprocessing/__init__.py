"""Data preprocessing as in Keras 2.3: `image`, `sequence` and `text`."""
from . import image
from . import sequence
from . import text
