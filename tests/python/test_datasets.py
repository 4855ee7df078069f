"""multikeras.datasets: every loader reads tiny files in the real formats.

No network here: each test builds its dataset file(s), "publishes" them at a
file:// origin with the hash computed here (monkeypatching the module's
origin/hash constants), and calls `load_data()`, which downloads them through
`get_file()` into `$KERAS_HOME/datasets` and parses them with the real code.
Expected values follow the documented Keras 2.3 semantics, worked out by hand.
"""
import gzip
import hashlib
import io
import json
import os
import pickle
import struct
import tarfile

import numpy as np
import pytest

from multikeras import backend as K
from multikeras.datasets import (boston_housing, cifar10, cifar100, fashion_mnist, imdb,
                                 mnist, reuters)
from multikeras.datasets import cifar
from multikeras.datasets._cache import CorruptDatasetFileError


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh KERAS_HOME; the dataset cache is its `datasets` folder."""
    path = tmp_path / 'home'
    monkeypatch.setenv('KERAS_HOME', str(path))
    return path


@pytest.fixture
def publish(tmp_path, monkeypatch):
    """publish(module, name, data, origin_attr, hash_attr, algo): serve bytes."""
    served = tmp_path / 'served'
    served.mkdir()

    def _publish(module, name, data, origin_attr='ORIGIN', hash_attr='FILE_HASH',
                 algorithm='sha256'):
        target = served / name
        target.write_bytes(data)
        monkeypatch.setattr(module, origin_attr, target.as_uri())
        if hash_attr:
            monkeypatch.setattr(module, hash_attr, hashlib.new(algorithm, data).hexdigest())
        return target
    return _publish


def npz_bytes(**arrays):
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def obj(lists):
    out = np.empty(len(lists), dtype=object)
    for i, x in enumerate(lists):
        out[i] = x
    return out


def as_lists(x):
    assert isinstance(x, np.ndarray) and x.dtype == object and x.ndim == 1
    assert all(isinstance(e, list) for e in x)
    return [list(e) for e in x]


# ---------------------------------------------------------------- mnist

def mnist_arrays():
    rng = np.random.RandomState(0)
    return dict(x_train=rng.randint(0, 256, (3, 28, 28)).astype('uint8'),
                y_train=np.array([5, 0, 4], 'uint8'),
                x_test=rng.randint(0, 256, (2, 28, 28)).astype('uint8'),
                y_test=np.array([7, 2], 'uint8'))


def test_mnist_downloads_into_keras_home_and_parses(home, publish):
    arrays = mnist_arrays()
    publish(mnist, 'mnist.npz', npz_bytes(**arrays), algorithm='md5')
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    assert x_train.dtype == np.uint8 and x_train.shape == (3, 28, 28)
    assert y_train.dtype == np.uint8 and y_test.shape == (2,)
    np.testing.assert_array_equal(x_train, arrays['x_train'])
    np.testing.assert_array_equal(y_train, [5, 0, 4])
    np.testing.assert_array_equal(x_test, arrays['x_test'])
    np.testing.assert_array_equal(y_test, [7, 2])
    assert (home / 'datasets' / 'mnist.npz').is_file()


def test_mnist_cached_file_is_used_without_network(home, publish):
    served = publish(mnist, 'mnist.npz', npz_bytes(**mnist_arrays()), algorithm='md5')
    mnist.load_data()
    served.unlink()                       # origin gone: only the cache can serve
    (_, y_train), _ = mnist.load_data(path='mnist.npz')
    np.testing.assert_array_equal(y_train, [5, 0, 4])


def test_mnist_custom_path_names_the_cached_file(home, publish):
    publish(mnist, 'mnist.npz', npz_bytes(**mnist_arrays()), algorithm='md5')
    mnist.load_data(path='my-mnist.npz')
    assert (home / 'datasets' / 'my-mnist.npz').is_file()


def test_truncated_cached_file_with_hash_is_downloaded_again(home, publish):
    data = npz_bytes(**mnist_arrays())
    publish(mnist, 'mnist.npz', data, algorithm='md5')
    mnist.load_data()
    cached = home / 'datasets' / 'mnist.npz'
    cached.write_bytes(data[:100])
    (_, y_train), _ = mnist.load_data()
    np.testing.assert_array_equal(y_train, [5, 0, 4])
    assert cached.read_bytes() == data


def test_truncated_cached_file_offline_fails_once_naming_the_origin(home, publish):
    data = npz_bytes(**mnist_arrays())
    served = publish(mnist, 'mnist.npz', data, algorithm='md5')
    mnist.load_data()
    (home / 'datasets' / 'mnist.npz').write_bytes(data[:100])
    served.unlink()
    with pytest.raises(OSError, match='could not download'):
        mnist.load_data()


def test_unreadable_cached_file_names_it_and_says_delete(home, publish, monkeypatch):
    data = npz_bytes(**mnist_arrays())
    publish(mnist, 'mnist.npz', data[:200])       # a published file that is broken
    with pytest.raises(CorruptDatasetFileError) as info:
        mnist.load_data()
    cached = str(home / 'datasets' / 'mnist.npz')
    assert cached in str(info.value) and 'Delete it' in str(info.value)
    assert isinstance(info.value, OSError)


def test_npz_without_the_expected_arrays_is_reported(home, publish):
    publish(mnist, 'mnist.npz', npz_bytes(x_train=np.zeros((1, 28, 28), 'uint8')))
    with pytest.raises(CorruptDatasetFileError, match='y_train'):
        mnist.load_data()


def test_wrong_published_hash_keeps_nothing(home, publish, monkeypatch):
    publish(mnist, 'mnist.npz', npz_bytes(**mnist_arrays()))
    monkeypatch.setattr(mnist, 'FILE_HASH', '0' * 32)
    with pytest.raises(ValueError, match='hash'):
        mnist.load_data()
    assert not (home / 'datasets' / 'mnist.npz').exists()


def test_published_origins_are_keras_2_3_1s():
    assert mnist.ORIGIN == 'https://s3.amazonaws.com/img-datasets/mnist.npz'
    assert mnist.FILE_HASH == '8a61469f7ea1b51cbae51d4f78837e45'
    assert imdb.ORIGIN == 'https://s3.amazonaws.com/text-datasets/imdb.npz'
    assert reuters.WORD_INDEX_ORIGIN.endswith('/reuters_word_index.json')
    assert boston_housing.FILE_HASH.startswith('f553886a')
    assert cifar10.ORIGIN == 'https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz'
    assert cifar100.DIRNAME == 'cifar-100-python'
    assert fashion_mnist.BASE_URL.startswith('https://') and len(fashion_mnist.FILES) == 4


# ---------------------------------------------------------------- fashion-mnist

def idx_gz(array):
    magic = 2049 if array.ndim == 1 else 2051
    header = struct.pack('>%di' % (1 + array.ndim), magic, *array.shape)
    return gzip.compress(header + array.astype('uint8').tobytes())


@pytest.fixture
def fashion_files(tmp_path, monkeypatch):
    served = tmp_path / 'fashion'
    served.mkdir()
    rng = np.random.RandomState(1)
    arrays = {'train-labels-idx1-ubyte.gz': np.array([9, 0, 3], 'uint8'),
              'train-images-idx3-ubyte.gz': rng.randint(0, 256, (3, 28, 28)),
              't10k-labels-idx1-ubyte.gz': np.array([1, 8], 'uint8'),
              't10k-images-idx3-ubyte.gz': rng.randint(0, 256, (2, 28, 28))}
    for name, a in arrays.items():
        (served / name).write_bytes(idx_gz(a))
    monkeypatch.setattr(fashion_mnist, 'BASE_URL', served.as_uri() + '/')
    return arrays


def test_fashion_mnist_reads_idx_files_into_its_own_cache_folder(home, fashion_files):
    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    assert x_train.dtype == np.uint8 and x_train.shape == (3, 28, 28)
    assert y_train.dtype == np.uint8
    np.testing.assert_array_equal(x_train, fashion_files['train-images-idx3-ubyte.gz'])
    np.testing.assert_array_equal(y_train, [9, 0, 3])
    np.testing.assert_array_equal(x_test, fashion_files['t10k-images-idx3-ubyte.gz'])
    np.testing.assert_array_equal(y_test, [1, 8])
    for name in fashion_mnist.FILES:
        assert (home / 'datasets' / 'fashion-mnist' / name).is_file()


def test_fashion_mnist_truncated_cached_file_is_named(home, fashion_files):
    fashion_mnist.load_data()
    cached = home / 'datasets' / 'fashion-mnist' / 't10k-images-idx3-ubyte.gz'
    cached.write_bytes(cached.read_bytes()[:40])
    with pytest.raises(CorruptDatasetFileError) as info:
        fashion_mnist.load_data()
    assert str(cached) in str(info.value) and 'Delete it' in str(info.value)


def test_fashion_mnist_images_and_labels_must_agree(home, fashion_files, tmp_path):
    (tmp_path / 'fashion' / 'train-labels-idx1-ubyte.gz').write_bytes(
        idx_gz(np.array([1, 2], 'uint8')))
    with pytest.raises(CorruptDatasetFileError, match='3 images for 2 labels'):
        fashion_mnist.load_data()


# ---------------------------------------------------------------- cifar

def cifar_pickle(n, labels, seed, **extra):
    rng = np.random.RandomState(seed)
    d = {b'batch_label': b'tiny', b'data': rng.randint(0, 256, (n, 3072)).astype('uint8'),
         b'filenames': [b'img%d.png' % i for i in range(n)]}
    d.update(labels)
    d.update(extra)
    return d


def tar_gz(folder, files):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w:gz') as tar:
        for name, obj_ in files.items():
            data = pickle.dumps(obj_, protocol=2)
            info = tarfile.TarInfo('%s/%s' % (folder, name))
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.fixture
def cifar10_batches(publish):
    batches = {'data_batch_%d' % i: cifar_pickle(2, {b'labels': [i, 9 - i]}, i)
               for i in range(1, 6)}
    batches['test_batch'] = cifar_pickle(3, {b'labels': [3, 1, 4]}, 6)
    batches['batches.meta'] = {b'label_names': [b'airplane'] * 10}
    publish(cifar10, 'cifar-10-python.tar.gz', tar_gz('cifar-10-batches-py', batches))
    return batches


def channels_last(data):
    """What Keras returns for stored rows: (n, 3072) -> (n, 3, 32, 32) -> (n, 32, 32, 3)."""
    return data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)


def test_cifar10_channels_last(home, cifar10_batches):
    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    assert x_train.shape == (10, 32, 32, 3) and x_train.dtype == np.uint8
    assert y_train.shape == (10, 1) and y_train.dtype == np.uint8
    assert x_test.shape == (3, 32, 32, 3) and y_test.shape == (3, 1)
    assert y_test.dtype == np.int64          # Keras reshapes the pickled list
    stored = np.concatenate([cifar10_batches['data_batch_%d' % i][b'data']
                             for i in range(1, 6)])
    np.testing.assert_array_equal(x_train, channels_last(stored))
    # pixel (row 0, column 1) of channel 2 of image 0 sits at 2*1024 + 0*32 + 1
    assert x_train[0, 0, 1, 2] == stored[0, 2 * 1024 + 1]
    np.testing.assert_array_equal(y_train[:, 0], [1, 8, 2, 7, 3, 6, 4, 5, 5, 4])
    np.testing.assert_array_equal(y_test[:, 0], [3, 1, 4])
    np.testing.assert_array_equal(
        x_test, channels_last(cifar10_batches['test_batch'][b'data']))
    assert (home / 'datasets' / 'cifar-10-batches-py' / 'data_batch_5').is_file()
    assert (home / 'datasets' / 'cifar-10-batches-py.tar.gz').is_file()


def test_cifar10_channels_first_keeps_stored_layout(home, cifar10_batches):
    K.set_image_data_format('channels_first')
    try:
        (x_train, _), (x_test, _) = cifar10.load_data()
    finally:
        K.set_image_data_format('channels_last')
    assert x_train.shape == (10, 3, 32, 32)
    np.testing.assert_array_equal(
        x_test, cifar10_batches['test_batch'][b'data'].reshape(3, 3, 32, 32))


def test_cifar10_truncated_batch_asks_to_delete_the_folder(home, cifar10_batches):
    cifar10.load_data()
    folder = home / 'datasets' / 'cifar-10-batches-py'
    batch = folder / 'data_batch_3'
    batch.write_bytes(batch.read_bytes()[:500])
    with pytest.raises(CorruptDatasetFileError) as info:
        cifar10.load_data()
    message = str(info.value)
    assert str(batch) in message and 'Delete the folder %s' % folder in message


def test_cifar10_missing_batch_is_reported(home, cifar10_batches):
    cifar10.load_data()
    os.remove(str(home / 'datasets' / 'cifar-10-batches-py' / 'test_batch'))
    with pytest.raises(CorruptDatasetFileError, match='test_batch'):
        cifar10.load_data()


def test_load_batch_returns_channels_first_and_the_label_list(tmp_path):
    d = cifar_pickle(2, {b'labels': [7, 3]}, 0)
    path = tmp_path / 'batch'
    path.write_bytes(pickle.dumps(d, protocol=2))
    data, labels = cifar.load_batch(str(path))
    assert data.shape == (2, 3, 32, 32) and data.dtype == np.uint8
    assert labels == [7, 3]
    with pytest.raises(CorruptDatasetFileError, match='fine_labels'):
        cifar.load_batch(str(path), label_key='fine_labels')


@pytest.fixture
def cifar100_files(publish):
    files = {'train': cifar_pickle(3, {b'fine_labels': [99, 0, 42],
                                       b'coarse_labels': [19, 0, 7]}, 1),
             'test': cifar_pickle(2, {b'fine_labels': [5, 6],
                                      b'coarse_labels': [1, 2]}, 2),
             'meta': {b'fine_label_names': [], b'coarse_label_names': []}}
    publish(cifar100, 'cifar-100-python.tar.gz', tar_gz('cifar-100-python', files))
    return files


def test_cifar100_fine_and_coarse(home, cifar100_files):
    (x_train, y_train), (x_test, y_test) = cifar100.load_data()
    assert x_train.shape == (3, 32, 32, 3) and x_train.dtype == np.uint8
    np.testing.assert_array_equal(x_train, channels_last(cifar100_files['train'][b'data']))
    assert y_train.shape == (3, 1) and y_train.dtype == np.int64
    np.testing.assert_array_equal(y_train[:, 0], [99, 0, 42])
    np.testing.assert_array_equal(y_test[:, 0], [5, 6])
    (_, y_train), (_, y_test) = cifar100.load_data(label_mode='coarse')
    np.testing.assert_array_equal(y_train[:, 0], [19, 0, 7])
    np.testing.assert_array_equal(y_test[:, 0], [1, 2])


def test_cifar100_bad_label_mode(home):
    with pytest.raises(ValueError, match="label_mode.*'medium'"):
        cifar100.load_data(label_mode='medium')


# ---------------------------------------------------------------- imdb
# Raw word ranks; labels are unique so the shuffled order is visible.
IMDB_TRAIN = [[1, 2, 3], [4, 5], [6, 7, 8, 9], [1]]
IMDB_TEST = [[2, 2], [5, 6, 7], [9, 1, 4, 3]]
# np.random.RandomState(113) shuffles arange(4) to [3, 2, 0, 1], then
# (same generator) arange(3) to [1, 0, 2]; RandomState(7): [2, 1, 0, 3], [0, 1, 2].


@pytest.fixture
def imdb_file(publish):
    data = npz_bytes(x_train=obj(IMDB_TRAIN), y_train=np.array([10, 11, 12, 13]),
                     x_test=obj(IMDB_TEST), y_test=np.array([20, 21, 22]))
    publish(imdb, 'imdb.npz', data, algorithm='md5')


def load_imdb(**kwargs):
    (x_train, y_train), (x_test, y_test) = imdb.load_data(**kwargs)
    return as_lists(x_train), list(y_train), as_lists(x_test), list(y_test)


def test_imdb_defaults(home, imdb_file):
    x_train, y_train, x_test, y_test = load_imdb()
    # start_char 1, ranks + 3; num_words defaults to the largest index (12),
    # which is itself out of vocabulary (w < num_words), hence 12 -> oov 2.
    assert x_train == [[1, 4], [1, 9, 10, 11, 2], [1, 4, 5, 6], [1, 7, 8]]
    assert y_train == [13, 12, 10, 11]
    assert x_test == [[1, 8, 9, 10], [1, 5, 5], [1, 2, 4, 7, 6]]
    assert y_test == [21, 20, 22]
    (_, y), _ = imdb.load_data()
    assert y.dtype == np.int64


def test_imdb_num_words_and_oov(home, imdb_file):
    x_train, _, x_test, _ = load_imdb(num_words=6)
    assert x_train == [[1, 4], [1, 2, 2, 2, 2], [1, 4, 5, 2], [1, 2, 2]]
    assert x_test == [[1, 2, 2, 2], [1, 5, 5], [1, 2, 4, 2, 2]]
    x_train, _, x_test, _ = load_imdb(num_words=6, oov_char=None)
    assert x_train == [[1, 4], [1], [1, 4, 5], [1]]
    assert x_test == [[1], [1, 5, 5], [1, 4]]


def test_imdb_skip_top(home, imdb_file):
    # indices below 5 (start character included) become oov
    x_train, _, x_test, _ = load_imdb(skip_top=5)
    assert x_train == [[2, 2], [2, 9, 10, 11, 2], [2, 2, 5, 6], [2, 7, 8]]
    assert x_test == [[2, 8, 9, 10], [2, 5, 5], [2, 2, 2, 7, 6]]


def test_imdb_maxlen_filters_each_set_on_its_own(home, imdb_file):
    x_train, y_train, x_test, y_test = load_imdb(maxlen=4)
    # kept: length (start char included) < 4; num_words -> 8 (largest kept)
    assert x_train == [[1, 4], [1, 7, 2]] and y_train == [13, 11]
    assert x_test == [[1, 5, 5]] and y_test == [20]
    with pytest.raises(ValueError, match='maxlen=2'):
        imdb.load_data(maxlen=2)


def test_imdb_start_char_index_from_and_seed(home, imdb_file):
    x_train, y_train, x_test, _ = load_imdb(start_char=None, index_from=0)
    assert x_train == [[1], [6, 7, 8, 2], [1, 2, 3], [4, 5]]
    assert x_test == [[5, 6, 7], [2, 2], [2, 1, 4, 3]]
    x_train, y_train, x_test, y_test = load_imdb(start_char=None, num_words=100, seed=7)
    assert y_train == [12, 11, 10, 13] and y_test == [20, 21, 22]
    assert x_train == [[9, 10, 11, 12], [7, 8], [4, 5, 6], [4]]
    assert x_test == [[5, 5], [8, 9, 10], [12, 4, 7, 6]]


def test_imdb_equal_length_sequences_stay_an_object_array(home, publish):
    data = npz_bytes(x_train=obj([[1, 2], [3, 4]]), y_train=np.array([0, 1]),
                     x_test=obj([[5, 6]]), y_test=np.array([1]))
    publish(imdb, 'imdb.npz', data, algorithm='md5')
    (x_train, _), (x_test, _) = imdb.load_data(num_words=100)
    assert x_train.shape == (2,) and x_test.shape == (1,)
    assert sorted(as_lists(x_train)) == [[1, 4, 5], [1, 6, 7]]


def test_imdb_argument_errors(home, imdb_file):
    with pytest.raises(TypeError, match='Unrecognized keyword arguments'):
        imdb.load_data(num_word=10)
    with pytest.raises(ValueError, match='num_words.*-1'):
        imdb.load_data(num_words=-1)
    with pytest.raises(ValueError, match='maxlen.*2.5'):
        imdb.load_data(maxlen=2.5)
    with pytest.warns(UserWarning, match='nb_words'):
        (x_train, _), _ = imdb.load_data(nb_words=6, oov_char=None)
    assert as_lists(x_train) == [[1, 4], [1], [1, 4, 5], [1]]


def test_imdb_word_index(home, publish):
    index = {'the': 1, 'and': 2, 'a': 3}
    publish(imdb, 'imdb_word_index.json', json.dumps(index).encode(),
            'WORD_INDEX_ORIGIN', 'WORD_INDEX_HASH', 'md5')
    assert imdb.get_word_index() == index
    assert (home / 'datasets' / 'imdb_word_index.json').is_file()


def test_word_index_corrupt_json(home, publish):
    publish(imdb, 'imdb_word_index.json', b'{"the": 1, "an',
            'WORD_INDEX_ORIGIN', 'WORD_INDEX_HASH', 'md5')
    with pytest.raises(CorruptDatasetFileError, match='imdb_word_index.json'):
        imdb.get_word_index()


# ---------------------------------------------------------------- reuters
REUTERS = [[1, 2], [3], [2, 2, 2], [4, 1], [5, 5, 5, 5]]
# RandomState(113) shuffles arange(5) to [1, 0, 3, 2, 4].


@pytest.fixture
def reuters_file(publish):
    data = npz_bytes(x=obj(REUTERS), y=np.array([30, 31, 32, 33, 34]))
    publish(reuters, 'reuters.npz', data, algorithm='md5')


def test_reuters_defaults(home, reuters_file):
    (x_train, y_train), (x_test, y_test) = reuters.load_data()
    # shuffled, shifted; num_words -> 8, so 8 -> oov; cut at int(5 * 0.8) = 4
    assert as_lists(x_train) == [[1, 6], [1, 4, 5], [1, 7, 4], [1, 5, 5, 5]]
    assert list(y_train) == [31, 30, 33, 32]
    assert as_lists(x_test) == [[1, 2, 2, 2, 2]] and list(y_test) == [34]


def test_reuters_maxlen_test_split_and_oov(home, reuters_file):
    (x_train, y_train), (x_test, y_test) = reuters.load_data(maxlen=4)
    # kept r1, r0, r3 (length < 4); num_words -> 7; cut at int(3 * 0.8) = 2
    assert as_lists(x_train) == [[1, 6], [1, 4, 5]] and list(y_train) == [31, 30]
    assert as_lists(x_test) == [[1, 2, 4]] and list(y_test) == [33]
    (x_train, _), (x_test, _) = reuters.load_data(test_split=0.5, num_words=6,
                                                  oov_char=None, skip_top=2)
    assert as_lists(x_train) == [[], [4, 5]]
    assert as_lists(x_test) == [[4], [5, 5, 5], []]


def test_reuters_word_index_and_errors(home, publish, reuters_file):
    publish(reuters, 'reuters_word_index.json', b'{"said": 2, "the": 1}',
            'WORD_INDEX_ORIGIN', 'WORD_INDEX_HASH', 'md5')
    assert reuters.get_word_index() == {'said': 2, 'the': 1}
    assert (home / 'datasets' / 'reuters_word_index.json').is_file()
    with pytest.raises(ValueError, match='test_split.*1'):
        reuters.load_data(test_split=1)
    with pytest.raises(ValueError, match='skip_top'):
        reuters.load_data(skip_top=None)


# ---------------------------------------------------------------- boston

def test_boston_housing(home, publish):
    x = np.arange(6 * 13, dtype='float64').reshape(6, 13)
    y = np.array([10., 11., 12., 13., 14., 15.])
    publish(boston_housing, 'boston_housing.npz', npz_bytes(x=x, y=y))
    (x_train, y_train), (x_test, y_test) = boston_housing.load_data()
    # RandomState(113) shuffles arange(6) to [1, 0, 3, 2, 4, 5]; cut at 4
    np.testing.assert_array_equal(y_train, [11., 10., 13., 12.])
    np.testing.assert_array_equal(x_train, x[[1, 0, 3, 2]])
    np.testing.assert_array_equal(y_test, [14., 15.])
    assert x_test.shape == (2, 13) and x_train.dtype == np.float64
    (x_train, _), (x_test, _) = boston_housing.load_data(test_split=0.5, seed=113)
    assert len(x_train) == 3 and len(x_test) == 3
    with pytest.raises(ValueError, match='test_split.*-0.1'):
        boston_housing.load_data(test_split=-0.1)


@pytest.mark.parametrize('module', [boston_housing, imdb, reuters, mnist])
def test_loaders_download_through_their_modules_get_file(home, tmp_path, monkeypatch, module):
    # Keras code (and Keras's own tests) replaces `<dataset>.get_file` to serve
    # a local file; the loader must call the replacement, and leave the
    # global numpy RNG alone.
    ints = np.arange(40).reshape(8, 5) % 7 + 1
    arrays = {'x': ints, 'y': np.arange(8) % 2} if module in (boston_housing, reuters) else \
        {'x_train': ints, 'y_train': np.arange(8) % 2, 'x_test': ints, 'y_test': np.arange(8) % 2}
    local = tmp_path / 'local.npz'
    local.write_bytes(npz_bytes(**arrays))
    calls = []
    monkeypatch.setattr(module, 'get_file', lambda *a, **k: calls.append(a) or str(local))
    np.random.seed(1337)
    before = np.random.randint(0, 100, size=10)
    np.random.seed(1337)
    (x_train, _), _ = module.load_data()
    assert calls and len(x_train) > 0
    np.testing.assert_array_equal(np.random.randint(0, 100, size=10), before)
