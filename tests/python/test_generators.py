"""Generators and Sequences: the enqueuers, HDF5Matrix, and fit/evaluate/predict from them
on each symbolic backend (the same numbers as with arrays, threads, errors)."""
import threading
import time

import numpy as np
import pytest

from multikeras import callbacks, optimizers
from multikeras.layers import Dense
from multikeras.models import Sequential
from multikeras.utils import (Sequence, OrderedEnqueuer, GeneratorEnqueuer, SequenceEnqueuer,
                              HDF5Matrix, main_thread_only, to_categorical)

N, BATCH = 40, 12           # batches of 12, 12, 12 and 4 samples
_rs = np.random.RandomState(7)
X = _rs.rand(N, 4).astype('float32')
LABELS = (X[:, 0] + X[:, 1] > 1.).astype(int)
Y = to_categorical(LABELS, 2)
W0 = [_rs.uniform(-.5, .5, size=(4, 2)).astype('float32'), np.zeros(2, 'float32')]


class Batches(Sequence):
    """The rows of x, y in batches of `batch_size`; counts its calls."""

    def __init__(self, x, y=None, batch_size=BATCH, weights=None):
        self.x, self.y, self.batch_size, self.weights = x, y, batch_size, weights
        self.epoch_ends = 0
        self.threads = []

    def __len__(self):
        return int(np.ceil(len(self.x) / float(self.batch_size)))

    def __getitem__(self, index):
        self.threads.append(threading.current_thread())
        part = slice(index * self.batch_size, (index + 1) * self.batch_size)
        if self.y is None:
            return self.x[part]
        if self.weights is not None:
            return self.x[part], self.y[part], self.weights[part]
        return self.x[part], self.y[part]

    def on_epoch_end(self):
        self.epoch_ends += 1


def endless(x, y, batch_size=BATCH, pulls=None):
    """A plain generator over the batches of x, y, forever; records the pulling threads."""
    while True:
        for start in range(0, len(x), batch_size):
            if pulls is not None:
                pulls.append(threading.current_thread())
            yield x[start:start + batch_size], y[start:start + batch_size]


def model(metrics=('accuracy',)):
    m = Sequential([Dense(2, activation='softmax', input_shape=(4,))])
    m.compile(optimizers.SGD(lr=0.5), 'categorical_crossentropy', metrics=list(metrics))
    m.set_weights(W0)
    return m


def enqueuer_threads():
    return [t for t in threading.enumerate() if t.name.startswith('keras-')]


def assert_stopped():
    """The enqueuer threads are gone (stop() joins them)."""
    deadline = time.time() + 5
    while enqueuer_threads() and time.time() < deadline:
        time.sleep(0.05)
    assert enqueuer_threads() == []


# -- Sequence, enqueuers, HDF5Matrix (no backend) -----------------------------------------------


def test_sequence_iterates_once_and_base_methods_are_abstract():
    seq = Batches(X, Y)
    assert [len(b[0]) for b in seq] == [12, 12, 12, 4]
    with pytest.raises(NotImplementedError):
        len(Sequence())
    with pytest.raises(NotImplementedError):
        Sequence()[0]
    assert issubclass(OrderedEnqueuer, SequenceEnqueuer)
    assert issubclass(GeneratorEnqueuer, SequenceEnqueuer)


@pytest.mark.parametrize('workers,use_multiprocessing', [(0, False), (3, False), (2, True)])
def test_ordered_enqueuer_keeps_order_and_calls_on_epoch_end_per_pass(workers,
                                                                      use_multiprocessing):
    class Indices(Sequence):
        def __init__(self):
            self.ends = 0

        def __len__(self):
            return 5

        def __getitem__(self, index):
            time.sleep(0.01 * (5 - index))    # later indices finish first
            return index

        def on_epoch_end(self):
            self.ends += 1

    seq = Indices()
    enqueuer = OrderedEnqueuer(seq, use_multiprocessing=use_multiprocessing)
    enqueuer.start(workers=workers, max_queue_size=3)
    batches = enqueuer.get()
    got = [next(batches) for _ in range(10)]
    assert got == list(range(5)) * 2
    assert seq.ends == 2          # called on the consumer, so visible in this process
    enqueuer.stop()
    assert not enqueuer.is_running()
    assert_stopped()


def test_ordered_enqueuer_reads_a_stuck_batch_itself_and_joins_end_of_epoch(monkeypatch):
    # As in Keras: a batch not ready in time is read by the consumer, with a
    # warning naming its index; join_end_of_epoch() waits for on_epoch_end().
    from multikeras.utils import data_utils
    monkeypatch.setattr(data_utils, '_SLOT_TIMEOUT', 0.2)

    class Stuck(Sequence):
        def __init__(self):
            self.first, self.ends = True, 0

        def __len__(self):
            return 3

        def __getitem__(self, index):
            if self.first:
                self.first = False
                time.sleep(1.)
            return index

        def on_epoch_end(self):
            self.ends += 1

    seq = Stuck()
    enqueuer = OrderedEnqueuer(seq)
    enqueuer.start(workers=2)
    batches = enqueuer.get()
    with pytest.warns(UserWarning, match='The input 0 could not be retrieved'):
        assert [next(batches) for _ in range(3)] == [0, 1, 2]
    enqueuer.join_end_of_epoch()
    assert seq.ends == 1
    enqueuer.stop()


def test_ordered_enqueuer_shuffles_each_pass():
    seq = Batches(np.arange(200).reshape(100, 2), batch_size=1)
    enqueuer = OrderedEnqueuer(seq, shuffle=True)
    enqueuer.start(workers=2)
    batches = enqueuer.get()
    first = [int(next(batches)[0, 0]) // 2 for _ in range(100)]
    second = [int(next(batches)[0, 0]) // 2 for _ in range(100)]
    enqueuer.stop()
    assert sorted(first) == sorted(second) == list(range(100))
    assert first != list(range(100)) and first != second


def test_generator_enqueuer_reads_a_non_thread_safe_generator_in_order():
    enqueuer = GeneratorEnqueuer((i for i in range(1000)))
    enqueuer.start(workers=4, max_queue_size=5)
    assert list(enqueuer.get()) == list(range(1000))   # ends when the generator does
    enqueuer.stop()
    assert_stopped()


def test_generator_enqueuer_reads_at_most_the_queue_ahead():
    pulls = []

    def counted():
        while True:
            pulls.append(1)
            yield len(pulls)

    enqueuer = GeneratorEnqueuer(counted())
    enqueuer.start(workers=2, max_queue_size=3)
    batches = enqueuer.get()
    assert next(batches) == 1
    time.sleep(0.3)
    # 1 taken + 3 queued + one held by a worker waiting for room in the queue
    assert 4 <= len(pulls) <= 5
    enqueuer.stop()
    assert_stopped()


def test_enqueuer_arguments_are_checked():
    enqueuer = GeneratorEnqueuer(iter([]))
    with pytest.raises(ValueError, match='workers'):
        enqueuer.start(workers=-1)
    with pytest.raises(ValueError, match='max_queue_size'):
        enqueuer.start(workers=1, max_queue_size=0)
    with pytest.raises(ValueError, match='workers'):
        enqueuer.start(workers=1.5)
    floats = GeneratorEnqueuer(iter([1, 2]))
    floats.start(workers=2.0, max_queue_size=4.0)        # R numbers are doubles
    assert list(floats.get()) == [1, 2]
    floats.stop()
    with pytest.raises(RuntimeError, match='start'):
        next(GeneratorEnqueuer(iter([1])).get())
    for workers in (0, 1):
        empty = OrderedEnqueuer(Batches(X[:0]))
        empty.start(workers=workers)
        with pytest.raises(ValueError, match='no batches'):
            next(empty.get())
        assert not empty.is_running()


def test_generator_with_multiprocessing_warns_and_uses_threads():
    enqueuer = GeneratorEnqueuer((i for i in range(5)), use_multiprocessing=True)
    with pytest.warns(UserWarning, match='threads'):
        enqueuer.start(workers=2)
    assert list(enqueuer.get()) == list(range(5))
    enqueuer.stop()


@pytest.mark.parametrize('kind', ['attribute', 'helper', 'sequence'])
def test_main_thread_only_data_is_read_on_the_calling_thread(kind):
    pulls = []
    if kind == 'attribute':
        class RIterator(object):     # how an R function wrapped as an iterator looks
            _keras_main_thread_only = True

            def __iter__(self):
                return self

            def __next__(self):
                pulls.append(threading.current_thread())
                return len(pulls)
        data = RIterator()
    elif kind == 'helper':
        data = main_thread_only(endless(X, Y, pulls=pulls))   # a native generator: wrapped
    else:
        data = main_thread_only(Batches(X, Y))
        pulls = data.threads
    enqueuer = OrderedEnqueuer(data) if kind == 'sequence' else GeneratorEnqueuer(data)
    enqueuer.start(workers=2, max_queue_size=4)
    assert enqueuer_threads() == []
    batches = enqueuer.get()
    for _ in range(6):
        next(batches)
    enqueuer.stop()
    assert len(pulls) == 6
    assert all(t is threading.main_thread() for t in pulls)


def test_unmarked_generator_is_read_in_worker_threads():
    pulls = []
    enqueuer = GeneratorEnqueuer(endless(X, Y, pulls=pulls))
    enqueuer.start(workers=2)
    batches = enqueuer.get()
    next(batches)
    enqueuer.stop()
    assert pulls and all(t is not threading.main_thread() for t in pulls)


def test_hdf5_matrix(tmp_path):
    import h5py
    path = str(tmp_path / 'data.h5')
    data = np.arange(60, dtype='float32').reshape(20, 3)
    with h5py.File(path, 'w') as f:
        f.create_dataset('x', data=data)
    m = HDF5Matrix(path, 'x', start=5, end=15)
    assert len(m) == 10 and m.shape == (10, 3) and m.ndim == 2 and m.size == 30
    assert m.dtype == np.float32
    np.testing.assert_array_equal(m[0], data[5])
    np.testing.assert_array_equal(m[-1], data[14])
    np.testing.assert_array_equal(m[2:4], data[7:9])
    np.testing.assert_array_equal(m[[3, 1, 3]], data[[8, 6, 8]])
    np.testing.assert_array_equal(np.asarray(m), data[5:15])
    with pytest.raises(IndexError, match='out of range'):
        m[10]
    # As in Keras: a slice starting past the end and a range out of range are
    # IndexErrors, a key of another type a TypeError; a stop past the end is cut.
    with pytest.raises(IndexError, match='out of range'):
        m[10:11]
    with pytest.raises(IndexError, match='out of range'):
        m[range(9, 11)]
    np.testing.assert_array_equal(m[range(1, 3)], data[6:8])
    with pytest.raises(TypeError, match='index with an int'):
        m[None]
    with pytest.raises(ValueError, match='outside'):
        HDF5Matrix(path, 'x', start=5, end=25)
    doubled = HDF5Matrix(path, 'x', normalizer=lambda a: a * 2)
    np.testing.assert_array_equal(doubled[:2], data[:2] * 2)
    # batches of an HDF5Matrix through a Sequence
    assert [b.shape for b in Batches(m, batch_size=4)] == [(4, 3), (4, 3), (2, 3)]


# -- training from generators, on every backend -------------------------------------------------


@pytest.mark.parametrize('workers', [0, 2])
def test_fit_on_a_sequence_gives_the_weights_of_fit_on_the_arrays(backend, workers):
    reference = model()
    expected = reference.fit(X, Y, batch_size=BATCH, epochs=3, shuffle=False, verbose=0)
    seq = Batches(X, Y)
    m = model()
    history = m.fit_generator(seq, epochs=3, shuffle=False, verbose=0, workers=workers)
    for got, want in zip(m.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    for key in ('loss', 'accuracy'):
        np.testing.assert_allclose(history.history[key], expected.history[key], rtol=1e-5)
    assert seq.epoch_ends == 3
    # fit() given the Sequence goes the same way
    m2 = model()
    m2.fit(Batches(X, Y), epochs=3, shuffle=False, verbose=0, workers=workers)
    for got, want in zip(m2.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert_stopped()


def test_fit_on_a_generator_with_class_weight_and_sample_weight(backend):
    class_weight = {0: 1., 1: 3.}
    sw = np.linspace(0.5, 2., N).astype('float32')
    reference = model()
    reference.fit(X, Y, batch_size=BATCH, epochs=2, shuffle=False, verbose=0,
                  class_weight=class_weight, sample_weight=sw)
    m = model()
    m.fit(Batches(X, Y, weights=sw), epochs=2, shuffle=False, verbose=0,
          class_weight=class_weight)
    for got, want in zip(m.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    # a plain generator needs steps_per_epoch; 4 steps are one pass over the data
    m = model()
    m.fit_generator(((x, y, w) for (x, y), w in zip(endless(X, Y), [sw[i:i + BATCH] for i in
                                                                     range(0, N, BATCH)] * 2)),
                    steps_per_epoch=4, epochs=2, verbose=0, class_weight=class_weight)
    for got, want in zip(m.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_batches_to_convert_train_as_the_ready_ones(backend):
    """float32 row-major batches are fed as they are; float64, column-major, integer and
    list batches go through the full checks, which convert them: same weights."""
    reference = model()
    reference.fit(Batches(X, Y), epochs=2, shuffle=False, verbose=0)

    def converted():
        kinds = [lambda a: a.astype('float64'), np.asfortranarray, lambda a: a.tolist(),
                 lambda a: a]
        for step, (x, y) in enumerate(endless(X, Y)):
            convert = kinds[step % 4]
            yield convert(x), (y.astype(int) if step % 2 else convert(y))

    m = model()
    m.fit(converted(), steps_per_epoch=4, epochs=2, verbose=0)
    for got, want in zip(m.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(m.predict(iter([X[:12].astype('float64'), X[12:]]), steps=2),
                               m.predict(X), rtol=1e-5)
    # ready dtypes and shapes, but x and y of different lengths: still refused
    with pytest.raises(ValueError, match=r'step 1 of epoch 1.*same number of samples'):
        m.fit(iter([(X[:12], Y[:11])]), steps_per_epoch=1, verbose=0)


def test_evaluate_and_predict_generators_equal_the_array_results(backend):
    m = model(metrics=('accuracy', 'mae'))
    m.fit(X, Y, batch_size=8, epochs=2, verbose=0)
    expected = m.evaluate(X, Y, batch_size=N, verbose=0)
    for data, steps in ((Batches(X, Y), None), (endless(X, Y), 4)):
        got = m.evaluate_generator(data, steps=steps, workers=2)
        np.testing.assert_allclose(got, expected, rtol=1e-5)    # weighted by 12, 12, 12, 4
    np.testing.assert_allclose(m.evaluate(Batches(X, Y), verbose=0), expected, rtol=1e-5)
    predicted = m.predict(X)
    np.testing.assert_allclose(m.predict_generator(Batches(X), workers=0), predicted, rtol=1e-5)
    np.testing.assert_allclose(m.predict_generator(endless(X, Y), steps=4), predicted, rtol=1e-5)
    np.testing.assert_allclose(m.predict(Batches(X, Y)), predicted, rtol=1e-5)
    assert_stopped()


def test_callbacks_get_the_logs_of_fit(backend):
    batch_logs, epoch_logs = [], []
    logger = callbacks.LambdaCallback(
        on_batch_end=lambda batch, logs: batch_logs.append(dict(logs)),
        on_epoch_end=lambda epoch, logs: epoch_logs.append((epoch, dict(logs))))
    m = model()
    history = m.fit_generator(endless(X, Y), steps_per_epoch=4, epochs=4, initial_epoch=1,
                              verbose=0, callbacks=[logger], validation_freq=2,
                              validation_data=endless(X[:20], Y[:20], batch_size=5),
                              validation_steps=4)
    assert [b['size'] for b in batch_logs[:4]] == [12, 12, 12, 4]
    assert [b['batch'] for b in batch_logs[:4]] == [0, 1, 2, 3]
    assert all('loss' in b and 'accuracy' in b for b in batch_logs)
    assert history.epoch == [1, 2, 3]
    # validation at epochs 2 and 4 (counted from 1), so on epochs 1 and 3 here
    assert [sorted(logs) for _, logs in epoch_logs] == [
        ['accuracy', 'loss', 'val_accuracy', 'val_loss'], ['accuracy', 'loss'],
        ['accuracy', 'loss', 'val_accuracy', 'val_loss']]
    # epoch metrics are the batch metrics averaged weighted by batch size
    first = batch_logs[:4]
    sizes = np.array([b['size'] for b in first], float)
    np.testing.assert_allclose(epoch_logs[0][1]['loss'],
                               np.dot([b['loss'] for b in first], sizes) / sizes.sum(),
                               rtol=1e-6)
    assert history.history['val_loss'] == [epoch_logs[0][1]['val_loss'],
                                           epoch_logs[2][1]['val_loss']]
    np.testing.assert_allclose(history.history['val_loss'][-1],
                               m.evaluate(X[:20], Y[:20], verbose=0)[0], rtol=1e-5)
    assert_stopped()


@pytest.mark.parametrize('validation', ['sequence', 'tuple'])
def test_validation_data_as_sequence_or_tuple(backend, validation):
    data = Batches(X[:20], Y[:20], batch_size=6) if validation == 'sequence' else (X[:20],
                                                                                  Y[:20])
    m = model()
    history = m.fit(Batches(X, Y), epochs=2, verbose=0, validation_data=data)
    assert len(history.history['val_loss']) == 2
    np.testing.assert_allclose(history.history['val_loss'][-1],
                               m.evaluate(X[:20], Y[:20], verbose=0)[0], rtol=1e-5)
    if validation == 'sequence':
        assert data.epoch_ends == 2
    # fit() on arrays takes a validation Sequence too
    history = m.fit(X, Y, epochs=1, verbose=0, validation_data=Batches(X[:20], Y[:20]))
    np.testing.assert_allclose(history.history['val_loss'],
                               [m.evaluate(X[:20], Y[:20], verbose=0)[0]], rtol=1e-5)


def test_progress_bar_counts_steps(backend, capsys):
    model().fit(Batches(X, Y), epochs=1, verbose=1)
    out = capsys.readouterr().out
    assert 'Epoch 1/1' in out and '4/4' in out


def bar_counts(out):
    """The `current/target` counts of the progress bar updates printed in `out`."""
    return [line.split(' [')[0].strip() for line in out.replace('\r', '\n').splitlines()
            if ' [' in line]


def test_generator_fit_with_verbose_1_prints_a_bar_counting_steps(backend, capsys):
    def slow(batches):
        for batch in batches:
            time.sleep(0.06)        # longer than the bar's refresh interval: every step shows
            yield batch

    model().fit(slow(endless(X, Y)), steps_per_epoch=4, epochs=2, verbose=1, workers=0)
    out = capsys.readouterr().out
    assert out.count('Epoch 1/2') == out.count('Epoch 2/2') == 1
    assert bar_counts(out) == ['1/4', '2/4', '3/4', '4/4'] * 2
    assert 'loss:' in out and '/40' not in out
    # fit() on the arrays still counts samples
    model().fit(X, Y, batch_size=BATCH, epochs=1, verbose=1)
    assert bar_counts(capsys.readouterr().out)[-1] == '40/40'


def test_progbar_logger_count_mode(capsys):
    for count_mode, expected in (('samples', ['10/30', '30/30']), ('steps', ['1/3', '3/3'])):
        logger = callbacks.ProgbarLogger(count_mode=count_mode)
        logger.set_params({'verbose': 1, 'epochs': 1, 'steps': 3, 'samples': 30,
                           'metrics': ['loss']})
        logger.on_train_begin()
        logger.on_epoch_begin(0)
        for batch in range(3):
            logger.on_batch_end(batch, {'batch': batch, 'size': 10, 'loss': 1.})
        logger.on_epoch_end(0, {'loss': 1.})
        assert bar_counts(capsys.readouterr().out) == expected
    with pytest.raises(ValueError, match='count_mode'):
        callbacks.ProgbarLogger(count_mode='batches')


def test_main_thread_only_generator_with_workers(backend):
    pulls = []
    m = model()
    m.fit(main_thread_only(endless(X, Y, pulls=pulls)), steps_per_epoch=4, epochs=2,
          verbose=0, workers=2, validation_data=main_thread_only(endless(X, Y, pulls=pulls)),
          validation_steps=2)
    m.predict(main_thread_only(endless(X, Y, pulls=pulls)), steps=2, workers=2)
    assert len(pulls) == 8 + 4 + 2
    assert all(t is threading.main_thread() for t in pulls)


def test_main_thread_only_sequence_with_workers(backend):
    class RSequence(Batches):
        _keras_main_thread_only = True

    seq = RSequence(X, Y)
    model().fit(seq, epochs=2, verbose=0, workers=2, use_multiprocessing=True)
    assert len(seq.threads) == 8 and seq.epoch_ends == 2
    assert all(t is threading.main_thread() for t in seq.threads)


def test_wrong_shape_names_the_step_and_both_shapes(backend):
    def bad():
        yield X[:4], Y[:4]
        yield X[:4], Y[:4]
        yield np.zeros((4, 5), 'float32'), Y[:4]

    m = model()
    with pytest.raises(ValueError) as info:
        m.fit_generator(bad(), steps_per_epoch=3, verbose=0)
    message = str(info.value)
    assert 'step 3 of epoch 1' in message and '(4,)' in message and '(5,)' in message
    with pytest.raises(ValueError, match=r'step 1.*\(4,\).*\(5,\)'):
        m.predict_generator(iter([np.zeros((4, 5), 'float32')]), steps=1)
    assert_stopped()


def test_wrong_structure_names_the_step(backend):
    m = model()
    with pytest.raises(ValueError,
                       match=r'step 2 of epoch 1.*tuple `\(x, y, sample_weight\)`.*ndarray'):
        m.fit(iter([(X[:4], Y[:4]), X[:4]]), steps_per_epoch=2, verbose=0)
    with pytest.raises(ValueError, match=r'step 1.*tuple of length 4'):
        m.evaluate(iter([(X[:4], Y[:4], None, None)]), steps=1)
    with pytest.raises(ValueError, match=r'stopped at step 3 of epoch 1'):
        m.fit(iter([(X[:4], Y[:4])] * 2), steps_per_epoch=3, verbose=0)


def test_generator_error_stops_training_and_the_model_stays_usable(backend):
    class Broken(Exception):
        pass

    def failing():
        for step in range(100):
            if step == 5:
                raise Broken('the data source failed at row 60')
            yield X[:12], Y[:12]

    m = model()
    for workers in (0, 2):
        with pytest.raises(Broken, match='the data source failed at row 60'):
            m.fit(failing(), steps_per_epoch=4, epochs=3, verbose=0, workers=workers,
                  max_queue_size=2)
        assert_stopped()

    class BrokenSequence(Batches):
        def __getitem__(self, index):
            if index == 2:
                raise Broken('batch 2 is unreadable')
            return Batches.__getitem__(self, index)

    with pytest.raises(Broken, match='batch 2 is unreadable'):
        m.fit(BrokenSequence(X, Y), epochs=1, verbose=0, workers=2)
    assert_stopped()
    history = m.fit(X, Y, epochs=1, verbose=0)
    assert np.isfinite(history.history['loss'][0])
    assert m.predict(X).shape == (N, 2)
    assert m.fit(Batches(X, Y), epochs=1, verbose=0).history['loss']


def test_missing_steps_and_misplaced_arguments_are_clear_errors(backend):
    m = model()
    with pytest.raises(ValueError, match='`steps_per_epoch=None` is only valid for a generator '
                                         'based on the `keras.utils.Sequence` class'):
        m.fit_generator(endless(X, Y))
    with pytest.raises(ValueError, match='`steps_per_epoch=None`'):
        m.fit(endless(X, Y))
    with pytest.raises(ValueError, match='`validation_steps=None`'):
        m.fit(Batches(X, Y), validation_data=endless(X, Y))
    with pytest.raises(ValueError, match='`steps=None`'):
        m.evaluate_generator(endless(X, Y))
    with pytest.raises(ValueError, match='`steps=None`'):
        m.predict(endless(X, Y))
    with pytest.raises(ValueError, match='`y` is not supported'):
        m.fit(Batches(X, Y), Y)
    with pytest.raises(ValueError, match='validation_split'):
        m.fit(Batches(X, Y), validation_split=0.2)
    with pytest.raises(ValueError, match='validation_freq'):
        m.fit(Batches(X, Y), validation_data=(X, Y), validation_freq=0, verbose=0)
    assert_stopped()
