"""`get_file`: download a file once into the Keras cache, check it, extract it."""
import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.request
import zipfile

from .. import config


def _hash_file(path, algorithm):
    digest = hashlib.new(algorithm)
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            digest.update(chunk)
    return digest.hexdigest()


def _algorithm_for(file_hash, hash_algorithm):
    if hash_algorithm in ('sha256', 'md5'):
        return hash_algorithm
    if hash_algorithm != 'auto':
        raise ValueError('get_file: hash_algorithm must be "auto", "sha256" or "md5"; got %r.'
                         % (hash_algorithm,))
    return 'sha256' if len(file_hash) == 64 else 'md5'


def validate_file(fpath, file_hash, algorithm='auto'):
    """Whether the file at `fpath` has the hash `file_hash` (sha256 or md5)."""
    return _hash_file(fpath, _algorithm_for(file_hash, algorithm)) == file_hash.lower()


def _extract(path, destination, archive_format):
    kinds = {'auto': ('tar', 'zip'), 'tar': ('tar',), 'zip': ('zip',)}
    if archive_format is None:
        return False
    if archive_format not in kinds:
        raise ValueError('get_file: archive_format must be "auto", "tar", "zip" or None; got %r.'
                         % (archive_format,))
    for kind in kinds[archive_format]:
        if kind == 'tar' and tarfile.is_tarfile(path):
            with tarfile.open(path) as archive:
                for member in archive.getmembers():
                    target = os.path.realpath(os.path.join(destination, member.name))
                    if not target.startswith(os.path.realpath(destination) + os.sep):
                        raise ValueError('get_file: %s holds a path outside the cache: %s'
                                         % (path, member.name))
                archive.extractall(destination)
            return True
        if kind == 'zip' and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                archive.extractall(destination)
            return True
    return False


def get_file(fname, origin, untar=False, md5_hash=None, file_hash=None, cache_subdir='datasets',
             hash_algorithm='auto', extract=False, archive_format='auto', cache_dir=None):
    """Download `origin` to `cache_dir/cache_subdir/fname` unless it is already there.

    # Arguments
        fname: file name in the cache.
        origin: URL to download from (any scheme urllib reads, file:// included).
        untar: (deprecated) extract a tar archive; use `extract`.
        md5_hash, file_hash: expected hash (sha256 or md5); a cached file with
            another hash is downloaded again, a download with another hash is
            an error (and is not kept).
        cache_subdir: folder under the cache directory.
        extract: extract a tar or zip archive beside the file.
        archive_format: "auto", "tar", "zip" or None.
        cache_dir: default `$KERAS_HOME` (else `~/.keras`).

    # Returns
        The path of the file (or, with `untar`, of the extracted folder).
    """
    if not fname:
        raise ValueError('get_file: `fname` must be a non-empty file name.')
    cache_dir = cache_dir or config.keras_home()
    directory = os.path.join(os.path.expanduser(cache_dir), cache_subdir)
    os.makedirs(directory, exist_ok=True)
    expected = file_hash or md5_hash
    if untar:
        untar_path = os.path.join(directory, fname)
        fpath = untar_path + '.tar.gz'
    else:
        fpath = os.path.join(directory, fname)
    needed = not os.path.exists(fpath) or (expected and not validate_file(fpath, expected,
                                                                          hash_algorithm))
    if needed:
        fd, tmp = tempfile.mkstemp(prefix='.' + os.path.basename(fpath) + '.', dir=directory)
        os.close(fd)
        try:
            try:
                with urllib.request.urlopen(origin) as response, open(tmp, 'wb') as out:
                    shutil.copyfileobj(response, out)
            except Exception as e:  # noqa: BLE001 - say which URL failed
                raise OSError('get_file: could not download %s: %s' % (origin, e)) from e
            if expected and not validate_file(tmp, expected, hash_algorithm):
                raise ValueError('get_file: the file downloaded from %s does not have the '
                                 'expected hash %s; it was not kept.' % (origin, expected))
            os.replace(tmp, fpath)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
    if untar:
        if not os.path.exists(untar_path):
            _extract(fpath, directory, 'tar')
        return untar_path
    if extract:
        _extract(fpath, directory, archive_format)
    return fpath


class Sequence(object):
    """Base object for fitting to a sequence of data, such as a dataset.

    Every `Sequence` must implement `__getitem__` and `__len__`; it may
    implement `on_epoch_end` to change the data between epochs (for example
    to shuffle it). `__getitem__` returns one complete batch: `(x, y)` or
    `(x, y, sample_weight)`, each a Numpy array or a list of them.

    Unlike a Python generator, a `Sequence` is indexed, so each batch is used
    exactly once per epoch even when it is read by several workers.

    # Examples

    ```python
    class Batches(Sequence):

        def __init__(self, x, y, batch_size):
            self.x, self.y, self.batch_size = x, y, batch_size

        def __len__(self):
            return int(np.ceil(len(self.x) / float(self.batch_size)))

        def __getitem__(self, idx):
            part = slice(idx * self.batch_size, (idx + 1) * self.batch_size)
            return self.x[part], self.y[part]
    ```
    """

    def __getitem__(self, index):
        """Gets the batch at position `index`.

        # Arguments
            index: position of the batch in the Sequence.

        # Returns
            A batch.
        """
        raise NotImplementedError

    def __len__(self):
        """Number of batches in the Sequence.

        # Returns
            The number of batches in the Sequence.
        """
        raise NotImplementedError

    def on_epoch_end(self):
        """Method called at the end of every epoch."""
        pass

    def __iter__(self):
        """Create a generator that iterates over the Sequence, once."""
        for index in range(len(self)):
            yield self[index]
