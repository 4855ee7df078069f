"""Input/output utilities: `HDF5Matrix`, a dataset of an HDF5 file read as an array."""
import numpy as np


def _h5py():
    try:
        import h5py
    except ImportError as e:
        raise ImportError('HDF5Matrix needs h5py: pip install h5py') from e
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
            first, stop, step = key.indices(len(self))
            if step == 1:
                rows = self.data[self.start + first:self.start + max(stop, first)]
            else:
                rows = self.data[self.start:self.end][key]
        elif isinstance(key, (int, np.integer)):
            rows = self.data[self._row(int(key), 'index')]
        elif isinstance(key, (list, tuple, np.ndarray)):
            wanted = [self._row(int(i), 'index') for i in np.asarray(key).reshape(-1)]
            # h5py reads increasing, unique indices: read them so, then restore the order.
            unique, inverse = np.unique(wanted, return_inverse=True)
            rows = self.data[unique.tolist()][inverse] if len(unique) else \
                np.zeros((0,) + self.data.shape[1:], self.data.dtype)
        else:
            raise IndexError('HDF5Matrix: index with an int, a slice or a list of ints; got %r.'
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
