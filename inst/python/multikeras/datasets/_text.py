"""What the IMDB and Reuters loaders share: argument checks, the index
shift with the start character, the `maxlen` filter and the vocabulary cut.
"""
import json
import numbers
import warnings

from ._cache import fetch, reading


def check_args(kwargs, num_words, skip_top, maxlen, start_char, oov_char, index_from):
    """Validate the common arguments; return `num_words` (legacy `nb_words`)."""
    if 'nb_words' in kwargs:
        warnings.warn('The `nb_words` argument in `load_data` '
                      'has been renamed `num_words`.')
        num_words = kwargs.pop('nb_words')
    if kwargs:
        raise TypeError('Unrecognized keyword arguments: ' + str(kwargs))
    for name, value, allow_none in (('num_words', num_words, True),
                                    ('skip_top', skip_top, False),
                                    ('maxlen', maxlen, True),
                                    ('start_char', start_char, True),
                                    ('oov_char', oov_char, True),
                                    ('index_from', index_from, False)):
        if value is None and allow_none:
            continue
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
            raise ValueError('`%s` must be a non-negative integer%s; got %r.'
                             % (name, ' or None' if allow_none else '', value))
    return num_words


def shift(xs, start_char, index_from):
    """Each sequence as a list: indices plus `index_from`, `start_char` first."""
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in xs]
    if index_from:
        return [[w + index_from for w in x] for x in xs]
    return [list(x) for x in xs]


def remove_long(maxlen, xs, labels):
    """The sequences (and their labels) strictly shorter than `maxlen`."""
    kept = [i for i, x in enumerate(xs) if len(x) < maxlen]
    return [xs[i] for i in kept], labels[kept]


def default_num_words(xs):
    """Keras' default vocabulary bound: the largest index present.

    Indices must be *below* `num_words` to be kept, so with this default the
    largest index itself becomes out-of-vocabulary, as in Keras.
    """
    return max((max(x) for x in xs if len(x)), default=0)


def cut_vocabulary(xs, skip_top, num_words, oov_char):
    """Indices outside `[skip_top, num_words)` become `oov_char` (or go)."""
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]


def load_word_index(path, origin, file_hash, getter):
    """The word index json at `origin`, cached as `path` by `getter`."""
    path = fetch(path, origin=origin, file_hash=file_hash, getter=getter)
    with reading(path):
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
        if not isinstance(data, dict):
            raise ValueError('a json %s, expected an object' % type(data).__name__)
    return data
