"""Shared plumbing of the dataset loaders: fetching into the cache, and one
clear error when a cached file cannot be read.

Every loader downloads through `multikeras.utils.data_utils.get_file()`, so
files land in `$KERAS_HOME/datasets` (else `~/.keras/datasets`) as in Keras.
A file that is there but cannot be parsed (truncated download, disk error,
a file of another format under the expected name) is never downloaded again
silently: the loader stops and names the file to delete.
"""
import contextlib
import gzip
import pickle
import zipfile

import numpy as np

from ..utils.data_utils import get_file


class CorruptDatasetFileError(OSError):
    """A cached dataset file exists but cannot be read.

    # Arguments
        path: the file.
        reason: what went wrong reading it.
        delete: what the user should delete (default the file itself).
    """

    def __init__(self, path, reason, delete=None):
        self.path, self.reason, self.delete = path, reason, delete
        super(CorruptDatasetFileError, self).__init__(
            'Could not read the cached dataset file %s (%s): it is corrupt or '
            'truncated. Delete %s and call load_data() again to download it '
            'afresh.' % (path, reason, 'it' if delete is None else delete))

    def __reduce__(self):
        return type(self), (self.path, self.reason, self.delete)


def fetch(fname, origin, file_hash=None, getter=get_file, **kwargs):
    """`getter()` into the `datasets` cache subdir (or `cache_subdir`).

    Each loader passes the `get_file` of its own module, which code written
    for Keras may replace (`monkeypatch.setattr(imdb, 'get_file', ...)`).
    """
    kwargs.setdefault('cache_subdir', 'datasets')
    return getter(fname, origin=origin, file_hash=file_hash, **kwargs)


def corrupt(path, reason, delete=None):
    """The error for a cached file `path` that cannot be read."""
    return CorruptDatasetFileError(path, reason, delete)


_READ_ERRORS = (OSError, EOFError, ValueError, KeyError, IndexError, TypeError,
                AttributeError, zipfile.BadZipFile, pickle.UnpicklingError,
                gzip.BadGzipFile)


@contextlib.contextmanager
def reading(path):
    """Turn any failure to parse `path` inside the block into `corrupt()`."""
    try:
        yield
    except CorruptDatasetFileError:
        raise
    except _READ_ERRORS as e:
        raise corrupt(path, '%s: %s' % (type(e).__name__, e)) from e


def load_npz(path, keys):
    """The arrays `keys` of the `.npz` file at `path`, as a tuple."""
    with reading(path):
        with np.load(path, allow_pickle=True) as f:
            missing = [k for k in keys if k not in f.files]
            if missing:
                raise KeyError('no array named %s' % ', '.join(missing))
            return tuple(f[k] for k in keys)


def object_array(items):
    """A 1D object array holding each element of `items` (lists stay lists)."""
    out = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        out[i] = item
    return out


def check_split(test_split):
    """Raise unless `0 <= test_split < 1`."""
    if isinstance(test_split, bool) or not isinstance(test_split, (int, float, np.number)) \
            or not 0 <= test_split < 1:
        raise ValueError('`test_split` must be a number in [0, 1); got %r.' % (test_split,))
