"""Reuters topic classification dataset."""
import numpy as np

from ..utils.data_utils import get_file  # looked up at each call: patchable, as in Keras
from . import _text
from ._cache import check_split, fetch, load_npz, object_array

# Origins and md5 hashes as published in Keras 2.3.1
# (keras/datasets/reuters.py).
ORIGIN = 'https://s3.amazonaws.com/text-datasets/reuters.npz'
FILE_HASH = '87aedbeb0cb229e378797a632c1997b6'
WORD_INDEX_ORIGIN = 'https://s3.amazonaws.com/text-datasets/reuters_word_index.json'
WORD_INDEX_HASH = '4d44cc38712099c9e383dc6e5f11a921'


def load_data(path='reuters.npz', num_words=None, skip_top=0,
              maxlen=None, test_split=0.2, seed=113,
              start_char=1, oov_char=2, index_from=3, **kwargs):
    """Loads the Reuters newswire classification dataset.

    # Arguments
        path: file name of the data in the cache (`~/.keras/datasets`).
        num_words: the vocabulary kept: word indices (after the
            `index_from` shift; words are indexed by decreasing frequency)
            below `num_words`. Default: the largest index present, which
            itself then falls out of the vocabulary, as in Keras.
        skip_top: indices (after the shift) below `skip_top`, the most
            frequent words, fall out of the vocabulary too.
        maxlen: keep only the sequences shorter than `maxlen` (length
            counted with the start character), before the split.
        test_split: the fraction of the (shuffled) samples, at the end,
            that makes the test set.
        seed: seed of the `np.random.RandomState` that shuffles the samples.
        start_char: index put before every sequence (1, since 0 is
            usually padding); None puts nothing.
        oov_char: index that replaces the words out of the vocabulary
            (`num_words`, `skip_top`); None drops those words instead.
        index_from: added to every word index of the file, leaving the
            indices below it for padding, start and out-of-vocabulary.

    # Returns
        Tuple of Numpy arrays: `(x_train, y_train), (x_test, y_test)`.
        `x_*` are 1D object arrays of lists of int word indices, `y_*`
        the int topic labels (0-45). The first
        `int(n * (1 - test_split))` shuffled samples are the training set.

    # Raises
        ValueError: an argument is invalid.
        TypeError: an unknown keyword argument.
        OSError: the file cannot be downloaded, or the cached file is
            corrupt (the message names the file to delete).

    The published file has no index for words absent from the training
    texts: such words of the test texts were left out when it was made, so
    `oov_char` only ever stands for words cut by `num_words` or `skip_top`.
    """
    num_words = _text.check_args(kwargs, num_words, skip_top, maxlen,
                                 start_char, oov_char, index_from)
    check_split(test_split)
    path = fetch(path, origin=ORIGIN, file_hash=FILE_HASH, getter=get_file)
    xs, labels = load_npz(path, ('x', 'y'))

    order = np.arange(len(xs))
    np.random.RandomState(seed).shuffle(order)
    xs, labels = xs[order], labels[order]

    xs = _text.shift(xs, start_char, index_from)
    if maxlen:
        xs, labels = _text.remove_long(maxlen, xs, labels)
    if not num_words:
        num_words = _text.default_num_words(xs)
    xs = _text.cut_vocabulary(xs, skip_top, num_words, oov_char)

    cut = int(len(xs) * (1 - test_split))
    return ((object_array(xs[:cut]), np.array(labels[:cut])),
            (object_array(xs[cut:]), np.array(labels[cut:])))


def get_word_index(path='reuters_word_index.json'):
    """Retrieves the dictionary mapping words to word indices.

    # Arguments
        path: file name of the index in the cache (`~/.keras/datasets`).

    # Returns
        The word index dictionary (word -> rank, 1 the most frequent; add
        `index_from` to match the indices `load_data()` returns).
    """
    return _text.load_word_index(path, WORD_INDEX_ORIGIN, WORD_INDEX_HASH, get_file)
