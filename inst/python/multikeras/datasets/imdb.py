"""IMDB sentiment classification dataset."""
import numpy as np

from ..utils.data_utils import get_file  # looked up at each call: patchable, as in Keras
from . import _text
from ._cache import fetch, load_npz, object_array

# Origins and md5 hashes as published in Keras 2.3.1 (keras/datasets/imdb.py).
ORIGIN = 'https://s3.amazonaws.com/text-datasets/imdb.npz'
FILE_HASH = '599dadb1135973df5b59232a0e9a887c'
WORD_INDEX_ORIGIN = 'https://s3.amazonaws.com/text-datasets/imdb_word_index.json'
WORD_INDEX_HASH = 'bfafd718b763782e994055a2d397834f'


def load_data(path='imdb.npz', num_words=None, skip_top=0,
              maxlen=None, seed=113,
              start_char=1, oov_char=2, index_from=3, **kwargs):
    """Loads the IMDB dataset.

    # Arguments
        path: file name of the data in the cache (`~/.keras/datasets`).
        num_words: the vocabulary kept: word indices (after the
            `index_from` shift; words are indexed by decreasing frequency)
            below `num_words`. Default: the largest index present, which
            itself then falls out of the vocabulary, as in Keras.
        skip_top: indices (after the shift) below `skip_top`, the most
            frequent words, fall out of the vocabulary too.
        maxlen: keep only the sequences shorter than `maxlen` (length
            counted with the start character).
        seed: seed of the `np.random.RandomState` that shuffles the
            training set, then the test set.
        start_char: index put before every sequence (1, since 0 is
            usually padding); None puts nothing.
        oov_char: index that replaces the words out of the vocabulary
            (`num_words`, `skip_top`); None drops those words instead.
        index_from: added to every word index of the file, leaving the
            indices below it for padding, start and out-of-vocabulary.

    # Returns
        Tuple of Numpy arrays: `(x_train, y_train), (x_test, y_test)`.
        `x_*` are 1D object arrays of lists of int word indices, `y_*`
        the int labels (1 positive, 0 negative).

    # Raises
        ValueError: in case `maxlen` is so low
            that no input sequence could be kept, or an argument is invalid.
        TypeError: an unknown keyword argument.
        OSError: the file cannot be downloaded, or the cached file is
            corrupt (the message names the file to delete).

    The published file has no index for words absent from the training
    texts: such words of the test texts were left out when it was made, so
    `oov_char` only ever stands for words cut by `num_words` or `skip_top`.

    Unlike Keras 2.3, `maxlen` filters the training and the test set
    each on its own: Keras filtered their concatenation and then cut it at
    the original training size, which moved test reviews into the training
    set (tensorflow/tensorflow#40609).
    """
    num_words = _text.check_args(kwargs, num_words, skip_top, maxlen,
                                 start_char, oov_char, index_from)
    path = fetch(path, origin=ORIGIN, file_hash=FILE_HASH, getter=get_file)
    x_train, labels_train, x_test, labels_test = load_npz(
        path, ('x_train', 'y_train', 'x_test', 'y_test'))

    rng = np.random.RandomState(seed)
    order = np.arange(len(x_train))
    rng.shuffle(order)
    x_train, labels_train = x_train[order], labels_train[order]
    order = np.arange(len(x_test))
    rng.shuffle(order)
    x_test, labels_test = x_test[order], labels_test[order]

    x_train = _text.shift(x_train, start_char, index_from)
    x_test = _text.shift(x_test, start_char, index_from)
    if maxlen:
        x_train, labels_train = _text.remove_long(maxlen, x_train, labels_train)
        x_test, labels_test = _text.remove_long(maxlen, x_test, labels_test)
        if not x_train and not x_test:
            raise ValueError('After filtering for sequences shorter than maxlen=' +
                             str(maxlen) + ', no sequence was kept. '
                             'Increase maxlen.')
    if not num_words:
        num_words = _text.default_num_words(x_train + x_test)
    x_train = _text.cut_vocabulary(x_train, skip_top, num_words, oov_char)
    x_test = _text.cut_vocabulary(x_test, skip_top, num_words, oov_char)

    return ((object_array(x_train), np.array(labels_train)),
            (object_array(x_test), np.array(labels_test)))


def get_word_index(path='imdb_word_index.json'):
    """Retrieves the dictionary mapping words to word indices.

    # Arguments
        path: file name of the index in the cache (`~/.keras/datasets`).

    # Returns
        The word index dictionary (word -> rank, 1 the most frequent; add
        `index_from` to match the indices `load_data()` returns).
    """
    return _text.load_word_index(path, WORD_INDEX_ORIGIN, WORD_INDEX_HASH, get_file)
