"""multikeras.preprocessing.sequence against the documented Keras 2.3
(keras-preprocessing 1.1.0) semantics; expected values worked out by hand."""
import json
import math
import random

import numpy as np
import pytest

from multikeras.preprocessing import sequence
from multikeras.preprocessing.sequence import (TimeseriesGenerator, make_sampling_table,
                                               pad_sequences, skipgrams,
                                               timeseries_generator_from_json)
from multikeras.utils import Sequence


# ---------------------------------------------------------------- pad_sequences

def test_pad_sequences_documented_cases():
    a = [[1], [2, 3], [4, 5, 6]]
    b = pad_sequences(a)
    assert b.dtype == np.int32
    np.testing.assert_array_equal(b, [[0, 0, 1], [0, 2, 3], [4, 5, 6]])
    np.testing.assert_array_equal(pad_sequences(a, padding='post'),
                                  [[1, 0, 0], [2, 3, 0], [4, 5, 6]])
    np.testing.assert_array_equal(pad_sequences(a, maxlen=2),
                                  [[0, 1], [2, 3], [5, 6]])
    np.testing.assert_array_equal(pad_sequences(a, maxlen=2, truncating='post'),
                                  [[0, 1], [2, 3], [4, 5]])
    np.testing.assert_array_equal(pad_sequences(a, maxlen=4, value=-1, padding='post'),
                                  [[1, -1, -1, -1], [2, 3, -1, -1], [4, 5, 6, -1]])


def test_pad_sequences_dtype_and_float_value():
    b = pad_sequences([[0.25], [1.5, 2.5]], dtype='float32', value=0.5)
    assert b.dtype == np.float32
    np.testing.assert_array_equal(b, [[0.5, 0.25], [1.5, 2.5]])
    # the default int32 dtype truncates floats, as numpy casting does
    np.testing.assert_array_equal(pad_sequences([[1.7, 2.2]]), [[1, 2]])


def test_pad_sequences_strings():
    b = pad_sequences([['a', 'bb'], ['c']], dtype=object, value='<pad>')
    assert b.dtype == object
    assert b.tolist() == [['a', 'bb'], ['<pad>', 'c']]
    u = pad_sequences([['a'], []], dtype='<U3', value='-', padding='post', maxlen=2)
    assert u.tolist() == [['a', '-'], ['-', '-']]
    with pytest.raises(ValueError, match='(?s)dtype.*int32.*dtype=object'):
        pad_sequences([['a']], value='x')


def test_pad_sequences_keeps_the_timestep_shape():
    a = [np.ones((2, 3)), np.zeros((0, 3)), 2 * np.ones((4, 3))]
    b = pad_sequences(a, maxlen=3, dtype='float64')
    assert b.shape == (3, 3, 3)
    np.testing.assert_array_equal(b[0], [[0] * 3, [1] * 3, [1] * 3])
    np.testing.assert_array_equal(b[1], np.zeros((3, 3)))
    np.testing.assert_array_equal(b[2], 2 * np.ones((3, 3)))
    with pytest.raises(ValueError, match='Shape of sample \\(2,\\) of sequence at position 1'):
        pad_sequences([np.ones((2, 3)), np.ones((2, 2))])


def test_pad_sequences_empty_cases():
    np.testing.assert_array_equal(pad_sequences([[], [1, 2]]), [[0, 0], [1, 2]])
    assert pad_sequences([]).shape == (0, 0)
    assert pad_sequences([[1, 2], [3]], maxlen=0).shape == (2, 0)
    assert pad_sequences([[], []]).shape == (2, 0)


def test_pad_sequences_accepts_arrays_and_tuples():
    b = pad_sequences((np.array([5, 6, 7]), (8,)), maxlen=2)
    np.testing.assert_array_equal(b, [[6, 7], [0, 8]])


@pytest.mark.parametrize('kwargs, pattern', [
    (dict(padding='middle'), 'Padding type "middle" not understood.*"pre", "post"'),
    (dict(truncating='both'), 'Truncating type "both" not understood.*"pre", "post"'),
    (dict(maxlen=-1), 'maxlen.*-1'),
    (dict(maxlen=2.5), 'maxlen.*2.5'),
])
def test_pad_sequences_bad_arguments(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        pad_sequences([[1, 2]], **kwargs)


def test_pad_sequences_bad_sequences():
    with pytest.raises(ValueError, match='Found non-iterable: 3'):
        pad_sequences([[1], 3])
    with pytest.raises(ValueError, match='`sequences` must be iterable'):
        pad_sequences(5)


def reference_pad(seqs, maxlen, padding, truncating, value):
    """The documented semantics, one row at a time in plain Python."""
    if maxlen is None:
        maxlen = max(len(s) for s in seqs)
    rows = []
    for s in seqs:
        s = list(s)
        if len(s) > maxlen:
            s = s[len(s) - maxlen:] if truncating == 'pre' else s[:maxlen]
        fill = [value] * (maxlen - len(s))
        rows.append(fill + s if padding == 'pre' else s + fill)
    return rows


def test_pad_sequences_randomized():
    rng = np.random.RandomState(7)
    for _ in range(40):
        seqs = [list(rng.randint(1, 100, rng.randint(0, 8))) for _ in range(rng.randint(1, 6))]
        if not any(seqs):
            seqs.append([1])
        maxlen = [None, 0, 1, 3, 10][rng.randint(5)]
        padding, truncating = rng.choice(['pre', 'post'], 2)
        value = int(rng.randint(-5, 0))
        got = pad_sequences(seqs, maxlen=maxlen, padding=padding,
                            truncating=truncating, value=value)
        assert got.tolist() == reference_pad(seqs, maxlen, padding, truncating, value)


# ---------------------------------------------------------------- sampling table

def test_make_sampling_table_follows_the_word2vec_formula():
    size, factor = 50, 1e-3
    table = make_sampling_table(size, sampling_factor=factor)
    assert table.shape == (size,)
    for rank in range(size):
        r = max(rank, 1)
        frequency = 1. / (r * (math.log(r) + 0.577) + 0.5 - 1. / (12 * r))
        x = frequency / factor
        assert table[rank] == pytest.approx(min(1., math.sqrt(x) / x), rel=1e-12)
    assert table[0] == table[1]
    assert np.all(np.diff(table[1:]) >= 0)     # rarer words are kept more often


def test_make_sampling_table_default_factor_and_errors():
    table = make_sampling_table(5)
    assert table[1] == pytest.approx(math.sqrt(1e-5 * (0.577 + 0.5 - 1 / 12.)), rel=1e-12)
    assert make_sampling_table(0).shape == (0,)
    assert np.all(make_sampling_table(10 ** 6)[-3:] == 1.)
    with pytest.raises(ValueError, match='sampling_factor.*0'):
        make_sampling_table(5, sampling_factor=0)
    with pytest.raises(ValueError, match='size.*-2'):
        make_sampling_table(-2)


# ---------------------------------------------------------------- skipgrams

def test_skipgrams_positive_pairs_in_order():
    couples, labels = skipgrams([1, 2, 3], 4, window_size=1,
                                negative_samples=0., shuffle=False)
    assert couples == [[1, 2], [2, 1], [2, 3], [3, 2]]
    assert labels == [1, 1, 1, 1]
    couples, labels = skipgrams([1, 2, 3, 4], 5, window_size=2,
                                negative_samples=0, shuffle=False, categorical=True)
    assert couples == [[1, 2], [1, 3], [2, 1], [2, 3], [2, 4],
                       [3, 1], [3, 2], [3, 4], [4, 2], [4, 3]]
    assert labels == [[0, 1]] * 10


def test_skipgrams_skips_index_zero():
    couples, _ = skipgrams([0, 1, 0, 2], 3, window_size=2,
                           negative_samples=0, shuffle=False)
    assert couples == [[1, 2], [2, 1]]


def test_skipgrams_negative_samples():
    random.seed(11)
    couples, labels = skipgrams([1, 2, 3, 4], 10, window_size=1,
                                negative_samples=1.5, shuffle=False)
    positives = [[1, 2], [2, 1], [2, 3], [3, 2], [3, 4], [4, 3]]
    assert couples[:6] == positives and labels[:6] == [1] * 6
    negatives = couples[6:]
    assert len(negatives) == int(6 * 1.5) and labels[6:] == [0] * 9
    firsts = sorted(c[0] for c in positives)
    # the first words cycle over a shuffle of the positives' first words
    assert sorted(c[0] for c in negatives[:6]) == firsts
    assert all(1 <= c[1] <= 9 for c in negatives)
    _, labels = skipgrams([1, 2], 3, window_size=1, shuffle=False, categorical=True)
    assert labels == [[0, 1], [0, 1], [1, 0], [1, 0]]


def test_skipgrams_shuffle_with_seed_keeps_pairs_and_labels_together():
    random.seed(3)
    plain, plain_labels = skipgrams([1, 2, 3, 4, 5], 6, window_size=2, shuffle=False)
    random.seed(3)
    couples, labels = skipgrams([1, 2, 3, 4, 5], 6, window_size=2, seed=42)
    order = list(range(len(plain)))
    random.Random(42).shuffle(order)
    assert couples == [plain[k] for k in order]
    assert labels == [plain_labels[k] for k in order]
    random.seed(3)
    assert skipgrams([1, 2, 3, 4, 5], 6, window_size=2, seed=42) == (couples, labels)


def test_skipgrams_sampling_table():
    seq = [1, 2, 3]
    assert skipgrams(seq, 4, negative_samples=0, sampling_table=np.zeros(4)) == ([], [])
    couples, _ = skipgrams(seq, 4, window_size=1, negative_samples=0, shuffle=False,
                           sampling_table=np.ones(4))
    assert couples == [[1, 2], [2, 1], [2, 3], [3, 2]]
    couples, _ = skipgrams(seq, 4, window_size=1, negative_samples=0, shuffle=False,
                           sampling_table=np.array([0., 0., 1., 0.]))
    assert couples == [[2, 1], [2, 3]]


def test_skipgrams_errors():
    with pytest.raises(ValueError, match='vocabulary_size.*1'):
        skipgrams([1], 1)
    with pytest.raises(ValueError, match='window_size.*-1'):
        skipgrams([1, 2], 3, window_size=-1)
    with pytest.raises(ValueError, match='negative_samples.*-0.5'):
        skipgrams([1, 2], 3, negative_samples=-0.5)


def test_remove_long_seq():
    seqs, labels = sequence._remove_long_seq(3, [[1], [1, 2, 3], [4, 5]], [7, 8, 9])
    assert seqs == [[1], [4, 5]] and labels == [7, 9]


# ---------------------------------------------------------------- TimeseriesGenerator

def test_timeseries_generator_documented_example():
    data = np.array([[i] for i in range(50)])
    targets = np.array([[i] for i in range(50)])
    gen = TimeseriesGenerator(data, targets, length=10, sampling_rate=2, batch_size=2)
    assert isinstance(gen, Sequence)
    assert len(gen) == 20
    x, y = gen[0]
    np.testing.assert_array_equal(x, [[[0], [2], [4], [6], [8]], [[1], [3], [5], [7], [9]]])
    np.testing.assert_array_equal(y, [[10], [11]])
    x, y = gen[19]
    np.testing.assert_array_equal(y, [[48], [49]])
    np.testing.assert_array_equal(x[1, :, 0], [39, 41, 43, 45, 47])


def test_timeseries_generator_stride_start_end_reverse():
    data = np.arange(20)
    targets = 100 + np.arange(20)
    gen = TimeseriesGenerator(data, targets, length=3, stride=2, start_index=2,
                              end_index=15, batch_size=2)
    # targets at steps 5, 7, 9, 11, 13, 15, two per batch
    assert len(gen) == 3
    x, y = gen[0]
    np.testing.assert_array_equal(x, [[2, 3, 4], [4, 5, 6]])
    np.testing.assert_array_equal(y, [105, 107])
    x, y = gen[-1]
    np.testing.assert_array_equal(y, [113, 115])
    np.testing.assert_array_equal(x, [[10, 11, 12], [12, 13, 14]])
    gen = TimeseriesGenerator(data, targets, length=3, reverse=True, batch_size=4)
    x, y = gen[0]
    np.testing.assert_array_equal(x[0], [2, 1, 0])
    assert len(gen) == 5 and len(gen[4][1]) == 1     # steps 3..19, last batch short
    assert [len(b) for b, _ in gen] == [4, 4, 4, 4, 1]


def test_timeseries_generator_lists_and_uneven_length():
    data = [[i, -i] for i in range(8)]
    gen = TimeseriesGenerator(data, list(range(8)), length=5, sampling_rate=2)
    x, y = gen[0]
    # length 5 is not a multiple of the rate: samples are data[j-5:j:2]
    assert x.shape == (3, 3, 2)
    np.testing.assert_array_equal(x[0, :, 0], [0, 2, 4])
    np.testing.assert_array_equal(y, [5, 6, 7])


def test_timeseries_generator_shuffle():
    data = np.arange(30)
    np.random.seed(0)
    gen = TimeseriesGenerator(data, data, length=4, start_index=3, end_index=25,
                              shuffle=True, batch_size=8)
    x, y = gen[0]
    assert x.shape == (8, 4) and len(set(y.tolist())) > 1
    assert all(7 <= t <= 25 for t in y)
    for sample, t in zip(x, y):
        np.testing.assert_array_equal(sample, np.arange(t - 4, t))


def test_timeseries_generator_errors():
    with pytest.raises(ValueError, match='Data length is 3 while target length is 2'):
        TimeseriesGenerator([1, 2, 3], [1, 2], length=1)
    with pytest.raises(ValueError, match='start_index\\+length=5 > end_index=4'):
        TimeseriesGenerator(np.arange(5), np.arange(5), length=5)
    with pytest.raises(ValueError, match='length.*0'):
        TimeseriesGenerator(np.arange(5), np.arange(5), length=0)
    with pytest.raises(ValueError, match='batch_size.*0'):
        TimeseriesGenerator(np.arange(5), np.arange(5), length=1, batch_size=0)
    gen = TimeseriesGenerator(np.arange(5), np.arange(5), length=1, batch_size=2)
    with pytest.raises(IndexError, match='2 batches'):
        gen[2]


def test_timeseries_generator_json_round_trip():
    data = np.arange(12).reshape(6, 2)
    gen = TimeseriesGenerator(data, np.arange(6), length=2, stride=1, start_index=1,
                              batch_size=2, reverse=True)
    config = gen.get_config()
    assert config['start_index'] == 1 and config['length'] == 2
    assert json.loads(config['data']) == data.tolist()
    text = gen.to_json()
    assert json.loads(text)['class_name'] == 'TimeseriesGenerator'
    again = timeseries_generator_from_json(text)
    assert len(again) == len(gen)
    for (x1, y1), (x2, y2) in zip(gen, again):
        np.testing.assert_array_equal(x1, x2)
        np.testing.assert_array_equal(y1, y2)
    with pytest.raises(TypeError, match='`data` is not JSON serializable'):
        TimeseriesGenerator([object(), object()], [1, 2], length=1).get_config()
