"""Utilities for text input preprocessing (Keras 2.3 /
keras-preprocessing 1.1.0 `keras.preprocessing.text`)."""
import hashlib
import json
import numbers
import warnings
from collections import OrderedDict, defaultdict

import numpy as np

DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def _check_text(text, name='text'):
    if not isinstance(text, str):
        raise TypeError('`%s` must be a string; got %s %r.'
                        % (name, type(text).__name__, text))


def text_to_word_sequence(text,
                          filters=DEFAULT_FILTERS,
                          lower=True, split=" "):
    """Splits a text into a list of words (or tokens).

    # Arguments
        text: Input text (string).
        filters: the characters to remove (a string, or a list of
            characters): each is replaced by `split` before splitting.
            The default is ASCII punctuation except `'`, plus tab and newline.
        lower: boolean. Whether to lowercase the text first.
        split: str. Separator for word splitting.

    # Returns
        A list of words (or tokens); empty strings between consecutive
        separators are dropped.

    # Raises
        TypeError: `text` is not a string.
        ValueError: `split` is empty.
    """
    _check_text(text)
    if not isinstance(split, str) or not split:
        raise ValueError('`split` must be a non-empty string; got %r.' % (split,))
    if lower:
        text = text.lower()
    text = text.translate(str.maketrans({c: split for c in filters}))
    return [word for word in text.split(split) if word]


def one_hot(text, n,
            filters=DEFAULT_FILTERS,
            lower=True,
            split=' '):
    """Encodes a text as a list of word indices in `[1, n - 1]`.

    `hashing_trick()` with Python's `hash()`: two words may share an index.

    # Arguments
        text: Input text (string).
        n: int. Size of vocabulary.
        filters: the characters to remove, as in `text_to_word_sequence`.
        lower: boolean. Whether to lowercase the text first.
        split: str. Separator for word splitting.

    # Returns
        A list of integers, one per word, each `hash(word) % (n - 1) + 1`.

    # Note
        Python's `hash()` of a string changes from one interpreter to the
        next (`PYTHONHASHSEED`), so the indices are stable only within one
        process; use `hashing_trick(..., hash_function='md5')` for indices
        that are the same everywhere.
    """
    return hashing_trick(text, n,
                         hash_function=hash,
                         filters=filters,
                         lower=lower,
                         split=split)


def _md5_index(word):
    return int(hashlib.md5(word.encode()).hexdigest(), 16)


def hashing_trick(text, n,
                  hash_function=None,
                  filters=DEFAULT_FILTERS,
                  lower=True,
                  split=' '):
    """Encodes a text as word indices in a hashing space of fixed size.

    # Arguments
        text: Input text (string).
        n: Dimension of the hashing space.
        hash_function: None or 'hash' for Python's `hash()`, 'md5' for the
            MD5 digest read as an integer, or any function from a string to
            an int. `hash()` differs from run to run; 'md5' is the same in
            every process.
        filters: the characters to remove, as in `text_to_word_sequence`.
        lower: boolean. Whether to lowercase the text first.
        split: str. Separator for word splitting.

    # Returns
        A list of integer word indices in `[1, n - 1]`:
        `hash_function(word) % (n - 1) + 1` (unicity non-guaranteed; 0 is
        left free, as padding).

    # Raises
        ValueError: `n` is not an integer >= 2, or `hash_function` is an
            unknown name.

    # Note
        Python's `hash()` of a string is salted per interpreter
        (`PYTHONHASHSEED`): the same word gets another index in another
        process. Different words may collide on one index.
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 2:
        raise ValueError('`n` (the size of the hashing space) must be an integer >= 2; '
                         'got %r.' % (n,))
    if hash_function is None or hash_function == 'hash':
        hash_function = hash
    elif hash_function == 'md5':
        hash_function = _md5_index
    elif not callable(hash_function):
        raise ValueError("`hash_function` must be None, 'hash', 'md5' or a function of a "
                         "string returning an int; got %r." % (hash_function,))

    seq = text_to_word_sequence(text, filters=filters, lower=lower, split=split)
    return [(hash_function(w) % (n - 1) + 1) for w in seq]


class Tokenizer(object):
    """Text tokenization utility class.

    Learns a vocabulary from texts, then turns texts into sequences of word
    indices, or into one vector per text (binary, counts, frequencies or
    tf-idf weights).

    # Arguments
        num_words: the size of the index space kept when converting: only
            words of index below `num_words` (the `num_words - 1` most
            frequent) are used. None keeps every word.
        filters: the characters removed from texts (each becomes `split`);
            the default is ASCII punctuation except `'`, plus tab and newline.
        lower: boolean. Whether to lowercase the texts.
        split: str. Separator for word splitting.
        char_level: if True, every character will be treated as a token.
        oov_token: if given, it gets index 1 in `word_index` and stands for
            every unknown (or cut) word in `texts_to_sequences`.
        document_count: the number of texts already counted (as when
            restoring a fitted tokenizer).

    Index 0 is never given to a word (it is left for padding). Words are
    indexed by decreasing count over the fitted texts; words of equal count
    keep the order in which they were first seen.

    # Attributes
        word_counts: OrderedDict, word -> number of occurrences.
        word_docs: word -> number of texts it occurs in.
        word_index: word -> index; index_word: index -> word.
        index_docs: index -> number of texts (or sequences) it occurs in.
        document_count: number of texts and sequences fitted.
    """

    def __init__(self, num_words=None,
                 filters=DEFAULT_FILTERS,
                 lower=True,
                 split=' ',
                 char_level=False,
                 oov_token=None,
                 document_count=0,
                 **kwargs):
        # Legacy name of `num_words`.
        if 'nb_words' in kwargs:
            warnings.warn('The `nb_words` argument in `Tokenizer` '
                          'has been renamed `num_words`.')
            num_words = kwargs.pop('nb_words')
        if kwargs:
            raise TypeError('Unrecognized keyword arguments: ' + str(kwargs))
        if num_words is not None and (isinstance(num_words, bool) or
                                      not isinstance(num_words, numbers.Integral) or
                                      num_words < 0):
            raise ValueError('`num_words` must be None or a non-negative integer; got %r.'
                             % (num_words,))
        if not isinstance(split, str) or not split:
            raise ValueError('`split` must be a non-empty string; got %r.' % (split,))

        self.word_counts = OrderedDict()
        self.word_docs = defaultdict(int)
        self.filters = filters
        self.split = split
        self.lower = lower
        self.num_words = num_words
        self.document_count = document_count
        self.char_level = char_level
        self.oov_token = oov_token
        self.index_docs = defaultdict(int)
        self.word_index = dict()
        self.index_word = dict()

    def _tokens(self, text):
        """The tokens of one text (a string, or a list of tokens)."""
        if isinstance(text, list):
            return [t.lower() for t in text] if self.lower else text
        if not isinstance(text, str):
            raise TypeError('Tokenizer: each text must be a string or a list of '
                            'strings; got %s %r.' % (type(text).__name__, text))
        if self.char_level:
            return text.lower() if self.lower else text
        return text_to_word_sequence(text, self.filters, self.lower, self.split)

    def fit_on_texts(self, texts):
        """Counts the words of `texts` and (re)builds the vocabulary.

        Needed before `texts_to_sequences` or `texts_to_matrix`.

        # Arguments
            texts: an iterable (a generator works) of texts: strings, or
                lists of strings taken as ready-made tokens.

        # Raises
            TypeError: `texts` is one string, or holds something else than
                strings and lists.
        """
        if isinstance(texts, str):
            raise TypeError('fit_on_texts: `texts` must be a list of texts, not one '
                            'string (%r); wrap it in a list.' % (texts[:40],))
        for text in texts:
            self.document_count += 1
            seq = self._tokens(text)
            for w in seq:
                self.word_counts[w] = self.word_counts.get(w, 0) + 1
            for w in set(seq):
                self.word_docs[w] += 1

        # Most frequent first; sorted() is stable, so ties keep first-seen order.
        by_count = sorted(self.word_counts.items(), key=lambda item: item[1], reverse=True)
        vocabulary = [] if self.oov_token is None else [self.oov_token]
        vocabulary.extend(word for word, _ in by_count)
        # Index 0 is never a word. A word listed twice (the oov token also
        # seen in the texts) keeps its later index, as in Keras.
        self.word_index = {}
        for index, word in enumerate(vocabulary, 1):
            self.word_index[word] = index
        self.index_word = {index: word for word, index in self.word_index.items()}
        for w, c in list(self.word_docs.items()):
            self.index_docs[self.word_index[w]] = c

    def fit_on_sequences(self, sequences):
        """Counts the documents each index occurs in, for "tfidf".

        Needed before `sequences_to_matrix(mode='tfidf')` when
        `fit_on_texts` was never called.

        # Arguments
            sequences: A list of sequences (lists of integer word indices).
        """
        self.document_count += len(sequences)
        for seq in sequences:
            for i in set(seq):
                self.index_docs[i] += 1

    def texts_to_sequences(self, texts):
        """The list of `texts_to_sequences_generator(texts)`.

        # Arguments
            texts: A list of texts (strings, or lists of tokens).

        # Returns
            A list of sequences (lists of word indices).
        """
        return list(self.texts_to_sequences_generator(texts))

    def texts_to_sequences_generator(self, texts):
        """Turns each text into the list of its words' indices.

        Words outside the vocabulary, and words of index `num_words` or
        more, are dropped, or become the index of `oov_token` if given.

        # Arguments
            texts: A list of texts (strings, or lists of tokens).

        # Yields
            One sequence (list of integers) per text.
        """
        if isinstance(texts, str):
            raise TypeError('texts_to_sequences: `texts` must be a list of texts, not one '
                            'string (%r); wrap it in a list.' % (texts[:40],))
        num_words = self.num_words
        oov_index = self.word_index.get(self.oov_token)
        for text in texts:
            vect = []
            for w in self._tokens(text):
                i = self.word_index.get(w)
                if i is not None and not (num_words and i >= num_words):
                    vect.append(i)
                elif oov_index is not None:
                    vect.append(oov_index)
            yield vect

    def sequences_to_texts(self, sequences):
        """The list of `sequences_to_texts_generator(sequences)`.

        # Arguments
            sequences: A list of sequences (list of integers).

        # Returns
            A list of texts (strings)
        """
        return list(self.sequences_to_texts_generator(sequences))

    def sequences_to_texts_generator(self, sequences):
        """Turns each sequence of word indices back into a text.

        Unknown indices, and indices of `num_words` or more, are dropped,
        or become `oov_token` if given. Words are joined with single
        spaces (also with `char_level=True`, as in Keras).

        # Arguments
            sequences: A list of sequences.

        # Yields
            Yields individual texts.
        """
        num_words = self.num_words
        oov_word = self.index_word.get(self.word_index.get(self.oov_token))
        for seq in sequences:
            vect = []
            for num in seq:
                word = self.index_word.get(num)
                if word is not None and not (num_words and num >= num_words):
                    vect.append(word)
                elif oov_word is not None:
                    vect.append(oov_word)
            yield ' '.join(vect)

    def texts_to_matrix(self, texts, mode='binary'):
        """`sequences_to_matrix()` of `texts_to_sequences(texts)`.

        # Arguments
            texts: list of strings.
            mode: one of "binary", "count", "tfidf", "freq".

        # Returns
            A Numpy matrix.
        """
        sequences = self.texts_to_sequences(texts)
        return self.sequences_to_matrix(sequences, mode=mode)

    def sequences_to_matrix(self, sequences, mode='binary'):
        """Converts a list of sequences into a Numpy matrix.

        Row `i` describes `sequences[i]`; column `j` the word of index `j`
        (indices at or above the number of columns are ignored):
        "binary" 1 if present, "count" the number of occurrences, "freq"
        that count over the sequence's length, "tfidf"
        `(1 + log(count)) * log(1 + document_count / (1 + docs(j)))`, `docs(j)`
        the number of fitted texts holding the word.

        # Arguments
            sequences: list of sequences
                (a sequence is a list of integer word indices).
            mode: one of "binary", "count", "tfidf", "freq"

        # Returns
            A Numpy matrix (float64) of shape `(len(sequences), num_words)`,
            `num_words` being `len(word_index) + 1` if it was not given.

        # Raises
            ValueError: In case of invalid `mode` argument,
                or if the Tokenizer requires to be fit to sample data.
        """
        modes = ('binary', 'count', 'tfidf', 'freq')
        if mode not in modes:
            raise ValueError('Unknown vectorization mode: %r; `mode` must be one of %s.'
                             % (mode, ', '.join('"%s"' % m for m in modes)))
        if self.num_words:
            num_words = self.num_words
        elif self.word_index:
            num_words = len(self.word_index) + 1
        else:
            raise ValueError('Specify a dimension (`num_words` argument), '
                             'or fit on some text data first.')
        if mode == 'tfidf' and not self.document_count:
            raise ValueError('Fit the Tokenizer on some data '
                             'before using tfidf mode.')

        x = np.zeros((len(sequences), num_words))
        for i, seq in enumerate(sequences):
            if not len(seq):
                continue
            counts = OrderedDict()
            for j in seq:
                if j < num_words:
                    counts[j] = counts.get(j, 0) + 1
            for j, c in counts.items():
                if mode == 'count':
                    x[i, j] = c
                elif mode == 'freq':
                    x[i, j] = c / len(seq)
                elif mode == 'binary':
                    x[i, j] = 1
                else:
                    # tf-idf weighting scheme 2 of
                    # https://en.wikipedia.org/wiki/Tf%E2%80%93idf
                    tf = 1 + np.log(c)
                    idf = np.log(1 + self.document_count /
                                 (1 + self.index_docs.get(j, 0)))
                    x[i, j] = tf * idf
        return x

    def get_config(self):
        """The constructor arguments and the fitted state, as a dictionary.

        # Returns
            A dictionary; the fitted dictionaries (`word_counts`,
            `word_docs`, `index_docs`, `index_word`, `word_index`) are JSON
            strings in it.
        """
        return {
            'num_words': self.num_words,
            'filters': self.filters,
            'lower': self.lower,
            'split': self.split,
            'char_level': self.char_level,
            'oov_token': self.oov_token,
            'document_count': self.document_count,
            'word_counts': json.dumps(self.word_counts),
            'word_docs': json.dumps(self.word_docs),
            'index_docs': json.dumps(self.index_docs),
            'index_word': json.dumps(self.index_word),
            'word_index': json.dumps(self.word_index)
        }

    def to_json(self, **kwargs):
        """The tokenizer as a JSON string; `tokenizer_from_json()` reads it.

        # Arguments
            **kwargs: passed on to `json.dumps()`.

        # Returns
            A JSON string: `{"class_name": "Tokenizer", "config": get_config()}`.
        """
        config = {'class_name': self.__class__.__name__, 'config': self.get_config()}
        return json.dumps(config, **kwargs)


def tokenizer_from_json(json_string):
    """The Tokenizer whose `to_json()` is `json_string`.

    # Arguments
        json_string: a string made by `Tokenizer.to_json()`.

    # Returns
        A Keras Tokenizer instance, ready to transform texts (and to be fit
        on more).
    """
    config = dict(json.loads(json_string).get('config'))
    word_counts = json.loads(config.pop('word_counts'), object_pairs_hook=OrderedDict)
    word_docs = json.loads(config.pop('word_docs'))
    # json turns the integer keys into strings: turn them back.
    index_docs = {int(k): v for k, v in json.loads(config.pop('index_docs')).items()}
    index_word = {int(k): v for k, v in json.loads(config.pop('index_word')).items()}
    word_index = json.loads(config.pop('word_index'))

    tokenizer = Tokenizer(**config)
    tokenizer.word_counts = word_counts
    tokenizer.word_docs = defaultdict(int, word_docs)
    tokenizer.index_docs = defaultdict(int, index_docs)
    tokenizer.word_index = word_index
    tokenizer.index_word = index_word
    return tokenizer
