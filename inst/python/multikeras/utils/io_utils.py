"""Input/output utilities: `HDF5Matrix` (a dataset of an HDF5 file read as an
array), `H5Dict` (a dict-like HDF5 group), HDF5 files as bytes, the overwrite prompt."""
import io
import os
import pickle

import numpy as np


def _h5py():
    try:
        import h5py
    except ImportError as e:
        raise ImportError('HDF5 files need h5py: pip install h5py') from e
    return h5py


class HDF5Matrix(object):
    """Rows `start` to `end` of a dataset in an HDF5 file, read like a Numpy array.

    Only the rows asked for are read from the file, so a dataset larger than
    memory can be indexed by batches (for example in a `Sequence`). Files stay
    open, shared between the matrices that read them, for the whole session
    (`HDF5Matrix.refs`). `np.asarray(matrix)` reads every row.

    # Arguments
        datapath: path of the HDF5 file.
        dataset: name of the dataset in the file.
        start: first row to use.
        end: row after the last one to use (default: the end of the dataset).
        normalizer: function applied to every batch of rows read.

    # Raises
        ValueError: for `start` or `end` outside the dataset.
    """

    refs = {}

    def __init__(self, datapath, dataset, start=0, end=None, normalizer=None):
        if datapath not in HDF5Matrix.refs:
            HDF5Matrix.refs[datapath] = _h5py().File(datapath, 'r')
        self.data = HDF5Matrix.refs[datapath][dataset]
        total = self.data.shape[0]
        end = total if end is None else end
        if not 0 <= start <= end <= total:
            raise ValueError('HDF5Matrix: rows %d to %d are outside the dataset %r of %s, which '
                             'has %d rows.' % (start, end, dataset, datapath, total))
        self.start = start
        self.end = end
        self.normalizer = normalizer
        if normalizer is not None:
            first = normalizer(self.data[:1])
            self._base_shape, self._base_dtype = first.shape[1:], first.dtype
        else:
            self._base_shape, self._base_dtype = self.data.shape[1:], self.data.dtype

    def __len__(self):
        return self.end - self.start

    def _row(self, index, argument):
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError('HDF5Matrix: %s %d is out of range for %d rows.'
                             % (argument, index, n))
        return self.start + index

    def __getitem__(self, key):
        if isinstance(key, slice):
            if key.start is not None and key.start >= len(self) > 0:
                # Keras refuses a slice that starts past the end (numpy gives nothing).
                raise IndexError('HDF5Matrix: slice start %d is out of range for %d rows.'
                                 % (key.start, len(self)))
            first, stop, step = key.indices(len(self))
            if step == 1:
                rows = self.data[self.start + first:self.start + max(stop, first)]
            else:
                rows = self.data[self.start:self.end][key]
        elif isinstance(key, (int, np.integer)):
            rows = self.data[self._row(int(key), 'index')]
        elif isinstance(key, (list, tuple, range, np.ndarray)):
            wanted = [self._row(int(i), 'index') for i in np.asarray(key).reshape(-1)]
            # h5py reads increasing, unique indices: read them so, then restore the order.
            unique, inverse = np.unique(wanted, return_inverse=True)
            rows = self.data[unique.tolist()][inverse] if len(unique) else \
                np.zeros((0,) + self.data.shape[1:], self.data.dtype)
        else:
            raise TypeError('HDF5Matrix: index with an int, a slice or a list of ints; got %r.'
                            % (type(key).__name__,))
        return self.normalizer(rows) if self.normalizer is not None else rows

    def __array__(self, dtype=None):
        array = self[:]
        return array if dtype is None else array.astype(dtype)

    @property
    def shape(self):
        """The shape of the matrix: (rows,) + the shape of a row."""
        return (len(self),) + tuple(self._base_shape)

    @property
    def dtype(self):
        """The dtype of the rows (after the normalizer)."""
        return self._base_dtype

    @property
    def ndim(self):
        """The number of dimensions."""
        return len(self.shape)

    @property
    def size(self):
        """The number of elements."""
        return int(np.prod(self.shape))


def _ask(prompt):
    """The user's answer to `prompt`, read as Keras 2.3 reads it: through
    `six.moves.input` when six is installed (so a program or test that replaces
    that function answers here too), else the builtin `input`."""
    try:
        import six
    except ImportError:
        return input(prompt)
    return six.moves.input(prompt)


def ask_to_proceed_with_overwrite(filepath):
    """Asks on the terminal whether to overwrite `filepath`.

    # Arguments
        filepath: the path of the file that exists.

    # Returns
        True to overwrite, False to cancel.
    """
    answer = _ask('[WARNING] %s already exists - overwrite? [y/n]' % filepath).strip().lower()
    while answer not in ('y', 'n'):
        answer = _ask('Enter "y" (overwrite) or "n" (cancel).').strip().lower()
    if answer == 'n':
        return False
    print('[TIP] Next time specify overwrite=True!')
    return True


# Largest attribute HDF5 stores in an object header; longer lists of names
# are split over attributes `name0`, `name1`, ... (as Keras 2.3 does).
HDF5_OBJECT_HEADER_LIMIT = 64512


def _is_numpy(value):
    return type(value).__module__ == np.__name__


class H5Dict(object):
    """A dict-like view of an HDF5 group, or of a plain dict, as in Keras 2.3.

    Strings, scalars and lists of strings are stored as attributes, Numpy
    arrays as datasets, and a missing key read in a writable `H5Dict` creates
    a sub-group. With a dict instead of a file the same calls build nested
    dicts in memory (arrays pickled).

    # Arguments
        path: a file path (str or `pathlib.Path`), an open `h5py.Group`, or a dict.
        mode: 'r' (read only), 'w' (truncate) or 'a' (read and write).

    # Raises
        TypeError: `path` is none of those.
    """

    def __init__(self, path, mode='a'):
        h5py = _h5py()
        self._owns_file = False
        if isinstance(path, h5py.Group):
            self.data = path
        elif isinstance(path, (str, os.PathLike)):
            self.data = h5py.File(path, mode=mode)
            self._owns_file = True
        elif isinstance(path, dict):
            self.data = path
            if mode == 'w':
                path.clear()
            path['_is_group'] = True
        else:
            raise TypeError('H5Dict: `path` must be a file path, an h5py Group or a dict; got %s.'
                            % type(path).__name__)
        self.read_only = mode == 'r'

    @staticmethod
    def is_supported_type(path):
        """Whether `H5Dict(path)` accepts `path`."""
        return isinstance(path, (str, os.PathLike, dict, _h5py().Group))

    def _in_memory(self):
        return isinstance(self.data, dict)

    def _new_group(self, key):
        if self.read_only:
            raise ValueError('H5Dict: no key %r, and a group cannot be created in read-only mode.'
                             % key)
        if self._in_memory():
            self.data[key] = {'_is_group': True}
            return H5Dict(self.data[key])
        return H5Dict(self.data.create_group(key))

    def __setitem__(self, key, value):
        if self.read_only:
            raise ValueError('H5Dict: cannot set %r in read-only mode.' % key)
        if self._in_memory():
            key = key.decode('utf-8') if isinstance(key, bytes) else key
            self.data[key] = pickle.dumps(value) if _is_numpy(value) else value
            if _is_numpy(value):
                self.data['_%s_pickled' % key] = True
            return
        if key in self.data:
            raise KeyError('H5Dict: cannot set %r: a group of that name exists.' % key)
        if _is_numpy(value):
            self.data.create_dataset(key, data=value)
        elif isinstance(value, (list, tuple)):
            self._set_list(key, value)
        else:
            self.data.attrs[key] = value

    def _set_list(self, key, value):
        too_long = [item for item in value if len(item) > HDF5_OBJECT_HEADER_LIMIT]
        if too_long:
            raise RuntimeError('H5Dict: cannot store %r: items longer than %d bytes: %s.'
                               % (key, HDF5_OBJECT_HEADER_LIMIT, too_long))
        array = np.asarray(value)
        chunks = [array]
        while any(chunk.nbytes > HDF5_OBJECT_HEADER_LIMIT for chunk in chunks):
            chunks = np.array_split(array, len(chunks) + 1)
        if len(chunks) == 1:
            self.data.attrs[key] = array          # bytes as fixed-length strings
            return
        for i, chunk in enumerate(chunks):
            self.data.attrs['%s%d' % (key, i)] = chunk

    def __getitem__(self, key):
        if self._in_memory():
            key = key.decode('utf-8') if isinstance(key, bytes) else key
            if key not in self.data:
                return self._new_group(key)
            value = self.data[key]
            if isinstance(value, dict) and value.get('_is_group'):
                return H5Dict(value)
            return pickle.loads(value) if '_%s_pickled' % key in self.data else value
        if key in self.data.attrs:
            value = self.data.attrs[key]
            if _is_numpy(value) and value.dtype.kind == 'S':
                value = value.tolist()
            return value
        if key in self.data:
            value = self.data[key]
            return np.asarray(value) if isinstance(value, _h5py().Dataset) else H5Dict(value)
        if '%s0' % key in self.data.attrs:
            return self._get_chunked_list(key)
        return self._new_group(key)

    def _get_chunked_list(self, key):
        items, i = [], 0
        while '%s%d' % (key, i) in self.data.attrs:
            items.extend(x.decode('utf-8') for x in self.data.attrs['%s%d' % (key, i)])
            i += 1
        return items

    def __contains__(self, key):
        if self._in_memory():
            return key in self.data
        return key in self.data or key in self.data.attrs

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __len__(self):
        return len(self.data)

    def __iter__(self):
        return iter(self.data)

    def iter(self):
        return iter(self.data)

    def __getattr__(self, name):
        # Anything else (keys(), attrs, ...) is the underlying group's or dict's.
        if 'data' not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.__dict__['data'], name)

    def close(self):
        """Flushes the file, and closes it when this `H5Dict` opened it."""
        if not self._in_memory():
            self.data.file.flush()
            if self._owns_file:
                self.data.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()


def save_to_binary_h5py(save_function, stream):
    """Writes to `stream` the bytes of an in-memory HDF5 file filled by
    `save_function(h5file)`."""
    h5py = _h5py()
    buffer = io.BytesIO()
    with h5py.File(buffer, 'w') as h5file:
        save_function(h5file)
    stream.write(buffer.getvalue())


def load_from_binary_h5py(load_function, stream):
    """`load_function(h5file)` on the HDF5 file whose bytes `stream` holds."""
    with _h5py().File(io.BytesIO(stream.read()), 'r') as h5file:
        return load_function(h5file)
