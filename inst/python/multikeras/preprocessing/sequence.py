"""Utilities for preprocessing sequence data (Keras 2.3 /
keras-preprocessing 1.1.0 `keras.preprocessing.sequence`)."""
import json
import numbers
import random

import numpy as np

from ..utils.data_utils import Sequence


def _check_int(name, value, minimum, allow_none=False):
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError('`%s` must be an integer >= %d%s; got %r.'
                         % (name, minimum, ' or None' if allow_none else '', value))


def _check_choice(name, value, choices):
    if value not in choices:
        raise ValueError('%s type "%s" not understood: `%s` must be one of %s.'
                         % (name.capitalize(), value, name,
                            ', '.join('"%s"' % c for c in choices)))


def pad_sequences(sequences, maxlen=None, dtype='int32',
                  padding='pre', truncating='pre', value=0.):
    """Pads sequences to the same length.

    Turns `num_samples` sequences of unequal lengths into one array of
    shape `(num_samples, num_timesteps)`, where `num_timesteps` is `maxlen`
    when given, else the length of the longest sequence. A shorter sequence
    is filled up with `value`, a longer one is cut down; `padding` and
    `truncating` choose at which end.

    # Arguments
        sequences: List of lists, where each element is a sequence
            (its items may themselves be arrays of one common shape,
            which becomes the trailing shape of the result).
        maxlen: Int, maximum length of all sequences.
        dtype: Type of the output sequences (`object` for strings of
            any length).
        padding: String, 'pre' or 'post': fill in before (default) or
            after each sequence.
        truncating: String, 'pre' or 'post': drop the values in excess of
            `maxlen` at the start (default) or at the end of a sequence.
        value: Float or String, padding value.

    # Returns
        x: Numpy array with shape `(len(sequences), maxlen)`

    # Raises
        ValueError: `padding` or `truncating` is neither 'pre' nor 'post',
            an element of `sequences` is not a sequence or its items do not
            have the shape of the first non-empty one's, or `value` is a
            string and `dtype` cannot hold it.
    """
    if not hasattr(sequences, '__len__'):
        raise ValueError('`sequences` must be iterable (a list of sequences); got %r.'
                         % (sequences,))
    _check_int('maxlen', maxlen, 0, allow_none=True)
    _check_choice('padding', padding, ('pre', 'post'))
    _check_choice('truncating', truncating, ('pre', 'post'))
    lengths = []
    for s in sequences:
        if not hasattr(s, '__len__'):
            raise ValueError('`sequences` must be a list of iterables. '
                             'Found non-iterable: ' + str(s))
        lengths.append(len(s))
    if maxlen is None:
        maxlen = max(lengths) if lengths else 0

    # The shape of each timestep comes from the first non-empty sequence.
    sample_shape = ()
    for s in sequences:
        if len(s):
            sample_shape = np.asarray(s).shape[1:]
            break

    is_dtype_str = np.issubdtype(dtype, np.str_)
    if isinstance(value, str) and dtype != object and not is_dtype_str:
        raise ValueError("`dtype` {} is not compatible with `value`'s type: {}\n"
                         "You should set `dtype=object` for variable length strings."
                         .format(dtype, type(value)))

    x = np.full((len(lengths), maxlen) + sample_shape, value, dtype=dtype)
    if maxlen == 0:
        return x
    for idx, s in enumerate(sequences):
        if not len(s):
            continue
        kept = s[-maxlen:] if truncating == 'pre' else s[:maxlen]
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != sample_shape:
            raise ValueError('Shape of sample %s of sequence at position %s '
                             'is different from expected shape %s'
                             % (kept.shape[1:], idx, sample_shape))
        if padding == 'post':
            x[idx, :len(kept)] = kept
        else:
            x[idx, -len(kept):] = kept
    return x


def make_sampling_table(size, sampling_factor=1e-5):
    """Generates a word rank-based probabilistic sampling table.

    The result is meant for the `sampling_table` argument of `skipgrams`:
    entry `i` is the probability of keeping the word of frequency rank `i`,
    so that frequent words are sampled less often than rare ones.

    word2vec keeps a word of frequency `f` with probability
    `min(1, sqrt(f / sampling_factor) / (f / sampling_factor))`. Word
    frequencies are taken to follow Zipf's law (s=1), approximated by
    `1 / f(rank) ~ rank * (log(rank) + gamma) + 1/2 - 1/(12 * rank)`
    with `gamma` the Euler-Mascheroni constant (0.577). Entry 0 (by
    convention not a word) gets the value of rank 1.

    # Arguments
        size: Int, number of possible words to sample.
        sampling_factor: The sampling factor in the word2vec formula.

    # Returns
        A 1D Numpy array of length `size` where the ith entry
        is the probability that a word of rank i should be sampled.

    # Raises
        ValueError: `size` is not a non-negative integer, or
            `sampling_factor` not a positive number.
    """
    _check_int('size', size, 0)
    if isinstance(sampling_factor, bool) or not isinstance(sampling_factor, numbers.Real) \
            or not sampling_factor > 0:
        raise ValueError('`sampling_factor` must be a positive number; got %r.'
                         % (sampling_factor,))
    gamma = 0.577
    rank = np.maximum(np.arange(size), 1)
    inverse_frequency = rank * (np.log(rank) + gamma) + 0.5 - 1. / (12. * rank)
    scaled = sampling_factor * inverse_frequency
    # sqrt(f / s) / (f / s) with f / s = 1 / scaled, written as Keras evaluates it
    return np.minimum(1., scaled / np.sqrt(scaled))


def skipgrams(sequence, vocabulary_size,
              window_size=4, negative_samples=1., shuffle=True,
              categorical=False, sampling_table=None, seed=None):
    """Generates skipgram word pairs.

    Turns a sequence of word indices into pairs of words with a label:
    `(word, a word of its window)` labelled 1 (positive samples) and
    `(word, a word drawn at random from the vocabulary)` labelled 0
    (negative samples), as in Mikolov et al., [Efficient Estimation of
    Word Representations in Vector Space](http://arxiv.org/pdf/1301.3781v3.pdf).

    # Arguments
        sequence: A word sequence (sentence), encoded as a list
            of word indices (integers). With a `sampling_table`, an index
            must be the frequency rank of its word (10 for the tenth most
            frequent word). Index 0 is not a word: it is skipped.
        vocabulary_size: Int, maximum possible word index + 1
        window_size: Int, size of sampling windows (technically half-window):
            the window of `sequence[i]` spans `sequence[i - window_size]`
            to `sequence[i + window_size]`.
        negative_samples: Float >= 0: the number of negative samples as a
            fraction of the number of positive ones (0 for none).
        shuffle: Whether to shuffle the word couples before returning them.
        categorical: bool. if False, labels will be
            integers (eg. `[0, 1, 1 .. ]`),
            if `True`, labels will be categorical, e.g.
            `[[1,0],[0,1],[0,1] .. ]`.
        sampling_table: 1D array of size `vocabulary_size` where the entry i
            encodes the probability to sample a word of rank i.
        seed: Random seed of the shuffle. The negative samples and the
            sampling table draw from Python's global `random` (seed it
            with `random.seed()` to repeat them), as in Keras.

    # Returns
        couples, labels: where `couples` are int pairs and
            `labels` are either 0 or 1.

    # Raises
        ValueError: `window_size` or `negative_samples` is negative, or
            `vocabulary_size` is below 2 while negative samples are asked.

    # Note
        By convention, index 0 in the vocabulary is
        a non-word and will be skipped.
    """
    _check_int('window_size', window_size, 0)
    if isinstance(negative_samples, bool) or not isinstance(negative_samples, numbers.Real) \
            or negative_samples < 0:
        raise ValueError('`negative_samples` must be a number >= 0; got %r.'
                         % (negative_samples,))
    _check_int('vocabulary_size', vocabulary_size, 2 if negative_samples > 0 else 0)

    couples, labels = [], []
    positive, negative = ([0, 1], [1, 0]) if categorical else (1, 0)
    for i, wi in enumerate(sequence):
        if not wi:
            continue
        if sampling_table is not None and sampling_table[wi] < random.random():
            continue
        for j in range(max(0, i - window_size), min(len(sequence), i + window_size + 1)):
            if j == i or not sequence[j]:
                continue
            couples.append([wi, sequence[j]])
            labels.append(list(positive) if categorical else positive)

    if negative_samples > 0:
        count = int(len(labels) * negative_samples)
        words = [c[0] for c in couples]
        random.shuffle(words)
        couples += [[words[k % len(words)], random.randint(1, vocabulary_size - 1)]
                    for k in range(count)]
        labels += [list(negative) if categorical else negative for _ in range(count)]

    if shuffle:
        if seed is None:
            seed = random.randint(0, 10000000)
        # The same permutation for both lists: one seeded shuffle each.
        random.Random(seed).shuffle(couples)
        random.Random(seed).shuffle(labels)
    return couples, labels


def _remove_long_seq(maxlen, seq, label):
    """Removes sequences that exceed the maximum length.

    # Arguments
        maxlen: Int, maximum length of the output sequences.
        seq: List of lists, where each sublist is a sequence.
        label: List where each element is an integer.

    # Returns
        new_seq, new_label: the sequences strictly shorter than `maxlen`,
            and their labels.
    """
    kept = [(x, y) for x, y in zip(seq, label) if len(x) < maxlen]
    return [x for x, _ in kept], [y for _, y in kept]


class TimeseriesGenerator(Sequence):
    """Utility class for generating batches of temporal data.

    From a series of data points taken at equal intervals and the target
    of each point, makes batches of `(history window, target)` samples for
    training or validation, as a `Sequence`.

    # Arguments
        data: Indexable generator (such as list or Numpy array)
            containing consecutive data points (timesteps).
            Axis 0 is the time axis.
        targets: Targets corresponding to timesteps in `data`.
            It should have same length as `data`.
        length: Length of the output sequences (in number of timesteps).
        sampling_rate: Period between successive individual timesteps
            within sequences: the sample ending before step `j` holds
            `data[j - length]`, `data[j - length + sampling_rate]`, ...
            up to `data[j - 1]`.
        stride: Period between successive output sequences: consecutive
            samples end before steps `j`, `j + stride`, `j + 2 * stride`...
        start_index: Data points earlier than `start_index` will not be used
            in the output sequences. This is useful to reserve part of the
            data for test or validation.
        end_index: Data points later than `end_index` will not be used
            in the output sequences. This is useful to reserve part of the
            data for test or validation.
        shuffle: Whether to shuffle output samples, or instead draw them in
            chronological order. A shuffled batch is `batch_size` steps
            drawn at random, with replacement, from `np.random`.
        reverse: Boolean: if `true`, timesteps in each output sample will be
            in reverse chronological order.
        batch_size: Number of timeseries samples in each batch
            (except maybe the last one).

    # Returns
        A [Sequence](/utils/#sequence) instance: batch `i` is `(x, y)` where
        sample `x[k]` is `data[j - length:j:sampling_rate]` and `y[k]` is
        `targets[j]`, `j` running over `start_index + length`,
        `start_index + length + stride`, ... up to `end_index`.

    # Raises
        ValueError: inconsistent arguments (lengths of `data` and
            `targets`, or no timestep left between `start_index + length`
            and `end_index`).

    # Examples

    ```python
    import numpy as np
    from multikeras.preprocessing.sequence import TimeseriesGenerator

    series = np.arange(20).reshape(20, 1)
    batches = TimeseriesGenerator(series, series[:, 0], length=4,
                                  sampling_rate=2, batch_size=3)
    x, y = batches[0]
    # x: [[[0], [2]], [[1], [3]], [[2], [4]]]   y: [4, 5, 6]
    assert len(batches) == 6
    ```
    """

    def __init__(self, data, targets, length,
                 sampling_rate=1,
                 stride=1,
                 start_index=0,
                 end_index=None,
                 shuffle=False,
                 reverse=False,
                 batch_size=128):
        if len(data) != len(targets):
            raise ValueError('Data and targets have to be of same length. '
                             'Data length is {} while target length is {}'
                             .format(len(data), len(targets)))
        _check_int('length', length, 1)
        _check_int('sampling_rate', sampling_rate, 1)
        _check_int('stride', stride, 1)
        _check_int('start_index', start_index, 0)
        _check_int('end_index', end_index, 0, allow_none=True)
        _check_int('batch_size', batch_size, 1)
        self.data = data
        self.targets = targets
        self.length = length
        self.sampling_rate = sampling_rate
        self.stride = stride
        self.start_index = start_index + length
        if end_index is None:
            end_index = len(data) - 1
        self.end_index = end_index
        self.shuffle = shuffle
        self.reverse = reverse
        self.batch_size = batch_size

        if self.start_index > self.end_index:
            raise ValueError('`start_index+length=%i > end_index=%i` '
                             'is disallowed, as no part of the sequence '
                             'would be left to be used as current step.'
                             % (self.start_index, self.end_index))

    def __len__(self):
        step = self.batch_size * self.stride
        return (self.end_index - self.start_index + step) // step

    def __getitem__(self, index):
        count = len(self)
        if isinstance(index, bool) or not isinstance(index, numbers.Integral) \
                or not -count <= index < count:
            raise IndexError('TimeseriesGenerator index %r out of range: it has %d batches.'
                             % (index, count))
        if index < 0:
            index += count
        if self.shuffle:
            rows = np.random.randint(self.start_index, self.end_index + 1,
                                     size=self.batch_size)
        else:
            first = self.start_index + self.batch_size * self.stride * index
            rows = np.arange(first,
                             min(first + self.batch_size * self.stride, self.end_index + 1),
                             self.stride)
        samples = np.array([self.data[row - self.length:row:self.sampling_rate]
                            for row in rows])
        targets = np.array([self.targets[row] for row in rows])
        if self.reverse:
            return samples[:, ::-1, ...], targets
        return samples, targets

    def get_config(self):
        """The arguments that make this generator again, as a dictionary.

        # Returns
            A Python dictionary with the TimeseriesGenerator configuration;
            `data` and `targets` are JSON strings.

        # Raises
            TypeError: `data` or `targets` cannot be written as JSON.
        """
        def to_json(values, name):
            if isinstance(values, np.ndarray):
                values = values.tolist()
            try:
                return json.dumps(values)
            except TypeError as e:
                raise TypeError('TimeseriesGenerator.get_config: `%s` is not JSON '
                                'serializable (%s).' % (name, e)) from e

        return {
            'data': to_json(self.data, 'data'),
            'targets': to_json(self.targets, 'targets'),
            'length': self.length,
            'sampling_rate': self.sampling_rate,
            'stride': self.stride,
            'start_index': self.start_index - self.length,
            'end_index': self.end_index,
            'shuffle': self.shuffle,
            'reverse': self.reverse,
            'batch_size': self.batch_size
        }

    def to_json(self, **kwargs):
        """The configuration as a JSON string.

        `timeseries_generator_from_json()` makes the generator again.

        # Arguments
            **kwargs: passed on to `json.dumps()`.

        # Returns
            A JSON string: `{"class_name": ..., "config": get_config()}`.
        """
        config = {'class_name': self.__class__.__name__, 'config': self.get_config()}
        return json.dumps(config, **kwargs)


def timeseries_generator_from_json(json_string):
    """The TimeseriesGenerator whose `to_json()` is `json_string`.

    # Arguments
        json_string: a string made by `TimeseriesGenerator.to_json()`.

    # Returns
        A Keras TimeseriesGenerator instance (`data` and `targets` as
        Numpy arrays).
    """
    config = dict(json.loads(json_string).get('config'))
    data = np.array(json.loads(config.pop('data')))
    targets = np.array(json.loads(config.pop('targets')))
    return TimeseriesGenerator(data, targets, **config)
