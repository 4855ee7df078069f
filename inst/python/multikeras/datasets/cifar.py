"""Utilities common to CIFAR10 and CIFAR100 datasets."""
import os
import pickle

import numpy as np

from .. import backend as K
from ._cache import CorruptDatasetFileError, corrupt, fetch, reading


def load_batch(fpath, label_key='labels'):
    """Reads one batch file of a CIFAR "python version" archive.

    # Arguments
        fpath: the batch file (a pickle written by Python 2).
        label_key: the entry holding the labels ('labels' for CIFAR-10,
            'fine_labels' or 'coarse_labels' for CIFAR-100).

    # Returns
        A tuple `(data, labels)`: `data` is a uint8 array of shape
        `(num_samples, 3, 32, 32)` (channels first, as stored), `labels`
        the list stored under `label_key`.

    # Raises
        OSError: the file is missing or cannot be parsed (the message
            names the file to delete).
    """
    if not os.path.isfile(fpath):
        raise corrupt(fpath, 'missing from the extracted archive')
    with reading(fpath):
        with open(fpath, 'rb') as f:
            # The batches were pickled by Python 2: read its str as bytes.
            d = pickle.load(f, encoding='bytes')
        d = {(k.decode('utf8') if isinstance(k, bytes) else k): v for k, v in d.items()}
        if label_key not in d:
            raise KeyError('no %r entry (the file holds %s)' % (label_key, sorted(d)))
        data = np.asarray(d['data'], dtype='uint8')
        labels = d[label_key]
        data = data.reshape(data.shape[0], 3, 32, 32)
        if len(labels) != len(data):
            raise ValueError('%d images for %d labels' % (len(data), len(labels)))
    return data, labels


def fetch_archive(dirname, origin, file_hash, getter):
    """Download (with `getter`) and extract a CIFAR archive; the path of its folder."""
    path = fetch(dirname, origin=origin, file_hash=file_hash, getter=getter, untar=True)
    if not os.path.isdir(path):
        raise corrupt(path + '.tar.gz', 'it did not extract to a folder %s' % dirname)
    return path


def load_batches(folder, names, label_key='labels'):
    """`load_batch()` of each of `names` in the extracted `folder`.

    A batch that cannot be read asks to delete the whole folder and its
    archive: `get_file()` extracts the archive again only when the folder
    is gone.
    """
    out = []
    for name in names:
        fpath = os.path.join(folder, name)
        try:
            out.append(load_batch(fpath, label_key=label_key))
        except CorruptDatasetFileError as e:
            raise corrupt(fpath, e.reason, delete='the folder %s and the archive %s.tar.gz'
                          % (folder, folder)) from e
    return out


def to_image_data_format(x):
    """`x` (channels first, as stored) in `K.image_data_format()`."""
    if K.image_data_format() == 'channels_last':
        return x.transpose(0, 2, 3, 1)
    return x
