"""multikeras.preprocessing.text against the documented Keras 2.3
(keras-preprocessing 1.1.0) semantics; expected values worked out by hand."""
import hashlib
import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest

from multikeras.preprocessing.text import (Tokenizer, hashing_trick, one_hot,
                                           text_to_word_sequence, tokenizer_from_json)

TEXTS = ['The cat sat on the mat.', 'The dog ate my homework!', 'my CAT; my dog']
# word counts: the 3, my 3, cat 2, dog 2, sat 1, on 1, mat 1, ate 1, homework 1;
# equal counts keep the order of first appearance (the, cat, sat, on, mat, dog,
# ate, my, homework).
INDEX = {'the': 1, 'my': 2, 'cat': 3, 'dog': 4, 'sat': 5, 'on': 6, 'mat': 7,
         'ate': 8, 'homework': 9}


# ---------------------------------------------------------------- text_to_word_sequence

def test_text_to_word_sequence():
    text = "Hello, World! It's a  test.\tTab\nline"
    assert text_to_word_sequence(text) == ['hello', 'world', "it's", 'a', 'test', 'tab',
                                           'line']
    assert text_to_word_sequence(text, lower=False)[:2] == ['Hello', 'World']
    assert text_to_word_sequence('a,b;;c', filters=';', split=',') == ['a', 'b', 'c']
    assert text_to_word_sequence('a-b c', filters='') == ['a-b', 'c']
    assert text_to_word_sequence('') == []
    assert text_to_word_sequence('x--y', filters='-', split='--') == ['x', 'y']


def test_text_to_word_sequence_errors():
    with pytest.raises(TypeError, match='`text` must be a string; got list'):
        text_to_word_sequence(['a'])
    with pytest.raises(ValueError, match="`split` must be a non-empty string; got ''"):
        text_to_word_sequence('a b', split='')


# ---------------------------------------------------------------- hashing

def md5_index(word, n):
    return int(hashlib.md5(word.encode()).hexdigest(), 16) % (n - 1) + 1


def test_hashing_trick_md5_is_the_documented_formula():
    words = ['the', 'cat', 'sat', 'the']
    got = hashing_trick('The cat, sat the', 50, hash_function='md5')
    assert got == [md5_index(w, 50) for w in words]
    assert got[0] == got[3]


def test_hashing_trick_hash_and_callables():
    n = 7
    expected = [hash(w) % (n - 1) + 1 for w in ['a', 'bb', 'a']]
    assert hashing_trick('a bb a', n) == expected
    assert hashing_trick('a bb a', n, hash_function=hash) == expected
    assert hashing_trick('a bb a', n, hash_function='hash') == expected
    assert hashing_trick('a bb ccc', n, hash_function=len) == [2, 3, 4]
    assert hashing_trick('a bb a', 2, hash_function='md5') == [1, 1, 1]


def test_one_hot_uses_python_hash_in_range():
    rng = np.random.RandomState(0)
    words = [''.join(rng.choice(list('abcdef'), 3)) for _ in range(30)]
    got = one_hot(' '.join(words), 10)
    assert got == [hash(w) % 9 + 1 for w in words]
    assert all(1 <= i <= 9 for i in got)


def test_python_hash_is_salted_but_md5_is_not():
    code = ('from multikeras.preprocessing.text import hashing_trick as h;'
            't = "alpha beta gamma delta";'
            'print(h(t, 1000, "md5")); print(h(t, 1000))')
    runs = []
    for seed in ('1', '2'):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        runs.append(subprocess.check_output([sys.executable, '-c', code], env=env,
                                            text=True).splitlines())
    expected = str([md5_index(w, 1000) for w in ['alpha', 'beta', 'gamma', 'delta']])
    assert runs[0][0] == runs[1][0] == expected
    assert runs[0][1] != runs[1][1]


def test_hashing_errors():
    with pytest.raises(ValueError, match='`n`.*>= 2; got 1'):
        hashing_trick('a', 1)
    with pytest.raises(ValueError, match="hash_function.*'sha1'"):
        hashing_trick('a', 5, hash_function='sha1')


# ---------------------------------------------------------------- Tokenizer: fitting

def test_fit_on_texts_vocabulary():
    t = Tokenizer()
    t.fit_on_texts(TEXTS)
    assert t.document_count == 3
    assert t.word_index == INDEX
    assert t.index_word == {i: w for w, i in INDEX.items()}
    assert list(t.word_counts.items())[:4] == [('the', 3), ('cat', 2), ('sat', 1), ('on', 1)]
    assert t.word_docs['the'] == 2 and t.word_docs['my'] == 2 and t.word_docs['ate'] == 1
    assert t.index_docs[INDEX['cat']] == 2 and t.index_docs[INDEX['mat']] == 1


def test_fit_on_texts_accumulates_and_accepts_generators():
    t = Tokenizer()
    t.fit_on_texts(text for text in TEXTS[:1])
    assert t.word_index == {'the': 1, 'cat': 2, 'sat': 3, 'on': 4, 'mat': 5}
    t.fit_on_texts(TEXTS[1:])
    assert t.word_index == INDEX and t.document_count == 3


def test_fit_on_lists_of_tokens_and_char_level():
    t = Tokenizer()
    t.fit_on_texts([['Hello', 'World'], ['hello', 'there!']])
    assert t.word_index == {'hello': 1, 'world': 2, 'there!': 3}
    assert t.texts_to_sequences([['HELLO', 'there!']]) == [[1, 3]]
    c = Tokenizer(char_level=True)
    c.fit_on_texts(['abcA', 'b'])
    assert c.word_index == {'a': 1, 'b': 2, 'c': 3}
    assert c.texts_to_sequences(['cab', 'zz']) == [[3, 1, 2], []]
    assert c.sequences_to_texts([[3, 1, 2]]) == ['c a b']
    assert Tokenizer(char_level=True, lower=False).texts_to_sequences(['A']) == [[]]


def test_fit_on_sequences_feeds_tfidf():
    t = Tokenizer(num_words=4)
    t.fit_on_sequences([[1, 2, 2], [2, 3]])
    assert t.document_count == 2 and dict(t.index_docs) == {1: 1, 2: 2, 3: 1}
    m = t.sequences_to_matrix([[1, 1, 3]], mode='tfidf')
    np.testing.assert_allclose(m[0], [0, (1 + math.log(2)) * math.log(1 + 2 / 2.), 0,
                                      math.log(1 + 2 / 2.)])


# ---------------------------------------------------------------- Tokenizer: conversions

def test_texts_to_sequences_and_back():
    t = Tokenizer()
    t.fit_on_texts(TEXTS)
    seqs = t.texts_to_sequences(['the dog sat on my unknown cat'])
    assert seqs == [[1, 4, 5, 6, 2, 3]]
    assert list(t.texts_to_sequences_generator(['mat ate'])) == [[7, 8]]
    assert t.sequences_to_texts(seqs) == ['the dog sat on my cat']
    assert t.sequences_to_texts([[9, 0, 42, 1]]) == ['homework the']
    assert list(t.sequences_to_texts_generator([[2]])) == ['my']


def test_num_words_keeps_indices_below_it():
    t = Tokenizer(num_words=3)
    t.fit_on_texts(TEXTS)
    assert t.word_index == INDEX        # the whole vocabulary is still indexed
    assert t.texts_to_sequences(['the cat my dog the']) == [[1, 2, 1]]
    assert t.sequences_to_texts([[1, 2, 3, 4]]) == ['the my']


def test_oov_token():
    t = Tokenizer(num_words=4, oov_token='<unk>')
    t.fit_on_texts(TEXTS)
    assert t.word_index['<unk>'] == 1 and t.word_index['the'] == 2
    assert t.word_index['cat'] == 4
    # unknown words and words of index >= num_words both become index 1
    assert t.texts_to_sequences(['the zebra cat my']) == [[2, 1, 1, 3]]
    assert t.sequences_to_texts([[2, 1, 7, 99, 3]]) == ['the <unk> <unk> <unk> my']


def test_oov_token_also_present_in_the_texts():
    # the token is listed first and again by its count: its later index wins
    t = Tokenizer(oov_token='oov')
    t.fit_on_texts(['oov a a'])
    assert t.word_index == {'oov': 3, 'a': 2}
    assert t.index_word == {3: 'oov', 2: 'a'}
    assert t.texts_to_sequences(['a b']) == [[2, 3]]


def test_texts_to_matrix_modes():
    t = Tokenizer()
    t.fit_on_texts(TEXTS)
    docs = ['the the cat', 'dog']
    n = len(INDEX) + 1
    binary = np.zeros((2, n))
    binary[0, [1, 3]] = 1
    binary[1, 4] = 1
    np.testing.assert_array_equal(t.texts_to_matrix(docs), binary)
    count = binary.copy()
    count[0, 1] = 2
    np.testing.assert_array_equal(t.texts_to_matrix(docs, mode='count'), count)
    freq = np.zeros((2, n))
    freq[0, 1], freq[0, 3], freq[1, 4] = 2 / 3., 1 / 3., 1.
    np.testing.assert_allclose(t.texts_to_matrix(docs, mode='freq'), freq)
    tfidf = np.zeros((2, n))
    # 3 fitted texts: 'the' in 2 of them, 'cat' in 2, 'dog' in 2
    tfidf[0, 1] = (1 + math.log(2)) * math.log(1 + 3 / 3.)
    tfidf[0, 3] = math.log(1 + 3 / 3.)
    tfidf[1, 4] = math.log(1 + 3 / 3.)
    m = t.texts_to_matrix(docs, mode='tfidf')
    assert m.dtype == np.float64
    np.testing.assert_allclose(m, tfidf)


def test_sequences_to_matrix_ignores_indices_past_num_words():
    t = Tokenizer(num_words=3)
    m = t.sequences_to_matrix([[1, 2, 5, 5], [], [0]], mode='freq')
    # the frequency divides by the whole sequence's length
    np.testing.assert_allclose(m, [[0, .25, .25], [0, 0, 0], [1, 0, 0]])


def test_matrix_errors():
    with pytest.raises(ValueError, match='Specify a dimension'):
        Tokenizer().sequences_to_matrix([[1]])
    with pytest.raises(ValueError, match='Fit the Tokenizer'):
        Tokenizer(num_words=3).sequences_to_matrix([[1]], mode='tfidf')
    with pytest.raises(ValueError, match="Unknown vectorization mode: 'onehot'.*\"binary\""):
        Tokenizer(num_words=3).sequences_to_matrix([[1]], mode='onehot')


def test_tokenizer_argument_errors():
    with pytest.raises(TypeError, match='Unrecognized keyword arguments'):
        Tokenizer(num_word=3)
    with pytest.raises(ValueError, match='num_words.*-3'):
        Tokenizer(num_words=-3)
    with pytest.warns(UserWarning, match='nb_words'):
        assert Tokenizer(nb_words=5).num_words == 5
    t = Tokenizer()
    with pytest.raises(TypeError, match='not one string'):
        t.fit_on_texts('the cat')
    with pytest.raises(TypeError, match='string or a list of strings; got int 3'):
        t.fit_on_texts([3])


# ---------------------------------------------------------------- serialization

def test_get_config_and_json_round_trip():
    t = Tokenizer(num_words=6, oov_token='<unk>', filters='!', lower=False, split=' ')
    t.fit_on_texts(TEXTS)
    config = t.get_config()
    assert set(config) == {'num_words', 'filters', 'lower', 'split', 'char_level',
                           'oov_token', 'document_count', 'word_counts', 'word_docs',
                           'index_docs', 'index_word', 'word_index'}
    assert json.loads(config['word_index']) == t.word_index
    text = t.to_json(indent=1)
    assert json.loads(text)['class_name'] == 'Tokenizer'
    again = tokenizer_from_json(text)
    assert again.word_index == t.word_index and again.index_word == t.index_word
    assert again.document_count == 3 and again.num_words == 6 and not again.lower
    probe = ['The cat sat, my zebra!', 'dog']
    assert again.texts_to_sequences(probe) == t.texts_to_sequences(probe)
    np.testing.assert_allclose(again.texts_to_matrix(probe, mode='tfidf'),
                               t.texts_to_matrix(probe, mode='tfidf'))
    # the restored tokenizer can be fit further
    again.fit_on_texts(['cat cat cat cat'])
    t.fit_on_texts(['cat cat cat cat'])
    assert again.word_index == t.word_index


# ---------------------------------------------------------------- randomized

def test_randomized_texts_follow_the_documented_semantics():
    rng = np.random.RandomState(3)
    vocab = ['w%d' % i for i in range(15)]
    texts = [' '.join(rng.choice(vocab, rng.randint(1, 12))) for _ in range(25)]
    num_words = 8
    t = Tokenizer(num_words=num_words)
    t.fit_on_texts(texts)
    words = [w for text in texts for w in text.split()]
    counts = {w: words.count(w) for w in set(words)}
    first_seen = {w: words.index(w) for w in set(words)}
    ranked = sorted(counts, key=lambda w: (-counts[w], first_seen[w]))
    assert t.word_index == {w: i + 1 for i, w in enumerate(ranked)}
    for text, seq in zip(texts, t.texts_to_sequences(texts)):
        assert seq == [t.word_index[w] for w in text.split() if t.word_index[w] < num_words]
    counts_matrix = t.texts_to_matrix(texts, mode='count')
    for row, text in zip(counts_matrix, texts):
        for j in range(1, num_words):
            assert row[j] == text.split().count(t.index_word[j])
    binary = t.texts_to_matrix(texts)
    np.testing.assert_array_equal(binary, (counts_matrix > 0).astype(float))
    docs = {w: sum(w in text.split() for text in texts) for w in counts}
    tfidf = t.texts_to_matrix(texts, mode='tfidf')
    for i, text in enumerate(texts):
        for j in range(1, num_words):
            c = text.split().count(t.index_word[j])
            want = 0. if not c else \
                (1 + math.log(c)) * math.log(1 + 25 / (1 + docs[t.index_word[j]]))
            assert tfidf[i, j] == pytest.approx(want, rel=1e-12)
