"""The TensorBoard callback on every backend: the event files are read back with
TensorBoard's own reader and their tags, steps and values checked."""
import glob
import os
import subprocess
import sys

import numpy as np
import pytest

from multikeras import callbacks, layers, models, optimizers

rng = np.random.RandomState(5)
X = rng.randn(20, 3).astype('float32')
Y = (X[:, :1] > 0).astype('float32')


def read_events(log_dir):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    files = glob.glob(os.path.join(log_dir, 'events.out.tfevents.*'))
    assert len(files) == 1, files
    accumulator = EventAccumulator(log_dir, size_guidance={'scalars': 0, 'histograms': 0,
                                                           'images': 0})
    accumulator.Reload()
    return accumulator


def model():
    np.random.seed(2)
    m = models.Sequential([layers.Dense(2, activation='relu', input_shape=(3,), name='hidden'),
                           layers.Dense(1, activation='sigmoid', name='out')])
    m.compile(optimizers.SGD(lr=0.1), 'binary_crossentropy', metrics=['accuracy'])
    return m


def test_epoch_and_batch_scalars_histograms_images_graph(backend, tmp_path):
    log_dir = str(tmp_path / 'logs')
    m = model()
    board = callbacks.TensorBoard(log_dir=log_dir, histogram_freq=2, update_freq='batch',
                                  write_images=True)
    history = m.fit(X, Y, batch_size=8, epochs=3, verbose=0, validation_data=(X[:6], Y[:6]),
                    callbacks=[board])
    events = read_events(log_dir)
    tags = events.Tags()
    for name in ('loss', 'accuracy', 'val_loss', 'val_accuracy'):
        scalars = events.Scalars(name)
        assert [s.step for s in scalars] == [0, 1, 2]
        np.testing.assert_allclose([s.value for s in scalars], history.history[name], rtol=1e-6)
    # 3 batches an epoch (8, 8, 4 samples): steps count the batches of the whole fit.
    batch_loss = events.Scalars('batch_loss')
    assert [s.step for s in batch_loss] == list(range(1, 10))
    assert set(tags['scalars']) == {'loss', 'accuracy', 'val_loss', 'val_accuracy',
                                    'batch_loss', 'batch_accuracy'}
    # Histograms at epochs 0 and 2, of every weight, matching the final weights at 2.
    kernel_tag = [t for t in tags['histograms'] if t.startswith('out/') and 'kernel' in t]
    assert len(tags['histograms']) == 4 and len(kernel_tag) == 1
    histograms = events.Histograms(kernel_tag[0])
    assert [h.step for h in histograms] == [0, 2]
    kernel = m.layers[1].get_weights()[0]
    last = histograms[-1].histogram_value
    assert last.num == kernel.size
    np.testing.assert_allclose([last.min, last.max, last.sum],
                               [kernel.min(), kernel.max(), kernel.sum()], rtol=1e-5)
    assert any(t.startswith('hidden/') and t.endswith('/image') for t in tags['images'])
    # The graph: TensorFlow's own graph on TensorFlow, none elsewhere.
    assert tags['graph'] == (backend == 'tensorflow')
    if backend == 'tensorflow':
        ops = [node.op for node in events.Graph().node]
        assert 'MatMul' in ops


def test_update_freq_in_samples_and_bad_arguments(backend, tmp_path):
    log_dir = str(tmp_path / 'logs')
    m = model()
    recorder = []
    board = callbacks.TensorBoard(log_dir=log_dir, update_freq=12, write_graph=False)
    m.fit(X, Y, batch_size=5, epochs=1, verbose=0, callbacks=[
        board, callbacks.LambdaCallback(on_batch_end=lambda b, logs: recorder.append(
            logs['loss']))])
    events = read_events(log_dir)
    # Batches of 5 samples: a write every 3 batches (15 >= 12 samples).
    scalars = events.Scalars('batch_loss')
    assert [s.step for s in scalars] == [3]
    np.testing.assert_allclose(scalars[0].value, recorder[2], rtol=1e-6)
    assert events.Tags()['graph'] is False
    with pytest.raises(ValueError, match='update_freq'):
        callbacks.TensorBoard(update_freq='sometimes')
    with pytest.raises(ValueError, match='histogram_freq'):
        callbacks.TensorBoard(histogram_freq=-1)
    with pytest.warns(UserWarning, match='write_grads'):
        callbacks.TensorBoard(write_grads=True)


def test_importing_the_callback_imports_no_engine():
    code = ('import sys, multikeras.callbacks as c; c.TensorBoard(log_dir="x"); '
            'print(any(m in sys.modules for m in ("tensorflow", "theano", "tensorboard")))')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == 'False'
