"""Reuters topic classification dataset."""
import numpy as np

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
        path: where to cache the data (relative to `~/.keras/dataset`).
        num_words: max number of words to include. Words are ranked
            by how often they occur (in the training set) and only
            the most frequent words are kept (indices below `num_words`,
            counted after the `index_from` shift). Default: the largest
            index present, which itself is then out of vocabulary (as Keras).
        skip_top: skip the top N most frequently occurring words
            (which may not be informative): indices below `skip_top`,
            after the shift, are out of vocabulary.
        maxlen: truncate sequences after this length: sequences whose
            length (start character included) is not below `maxlen` are
            filtered out, before the train/test split.
        test_split: Fraction of the dataset to be used as test data.
        seed: random seed for sample shuffling.
        start_char: The start of a sequence will be marked with this character.
            Set to 1 because 0 is usually the padding character.
        oov_char: words that were cut out because of the `num_words`
            or `skip_top` limit will be replaced with this character;
            None removes them instead.
        index_from: index actual words with this index and higher.

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

    Note that the 'out of vocabulary' character is only used for
    words that were present in the training set but are not included
    because they're not making the `num_words` cut here.
    Words that were not seen in the training set but are in the test set
    have simply been skipped.
    """
    num_words = _text.check_args(kwargs, num_words, skip_top, maxlen,
                                 start_char, oov_char, index_from)
    check_split(test_split)
    path = fetch(path, origin=ORIGIN, file_hash=FILE_HASH)
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
        path: where to cache the data (relative to `~/.keras/dataset`).

    # Returns
        The word index dictionary (word -> rank, 1 the most frequent; add
        `index_from` to match the indices `load_data()` returns).
    """
    return _text.load_word_index(path, WORD_INDEX_ORIGIN, WORD_INDEX_HASH)
