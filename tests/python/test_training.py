"""compile / fit / evaluate / predict on each symbolic backend: learning, history, errors,
callbacks."""
import os

import numpy as np
import pytest

from multikeras import backend as K
from multikeras import callbacks, optimizers
from multikeras.layers import Dense, Dropout, Flatten, Conv2D, MaxPooling2D, Input
from multikeras.models import Model, Sequential
from multikeras.utils import to_categorical

SYMBOLIC_BACKENDS = ['tensorflow', 'theano', 'mxnet']


@pytest.fixture(scope='module', params=SYMBOLIC_BACKENDS)
def backend(request):
    """Each symbolic backend in turn, activated once per module (models are reused)."""
    try:
        K.use_backend(request.param)
    except ImportError as e:
        pytest.skip('backend %s not installed: %s' % (request.param, e))
    K.set_floatx('float32')
    K.set_image_data_format('channels_last')
    yield request.param
    K.set_floatx('float32')
    K.set_image_data_format('channels_last')


def blobs(n, seed):
    """Two well separated gaussian blobs in 2D: labels, one-hot targets."""
    rng = np.random.RandomState(seed)
    labels = rng.randint(0, 2, size=n)
    centres = np.array([[-2., -2.], [2., 2.]])
    x = (centres[labels] + rng.randn(n, 2)).astype('float32')
    return x, labels, to_categorical(labels, 2)


X, LABELS, Y = blobs(200, seed=0)
XV, LABELS_V, YV = blobs(100, seed=1)


def mlp(seed=0, hidden=8):
    np.random.seed(seed)
    return Sequential([Dense(hidden, activation='relu', input_shape=(2,)),
                       Dense(2, activation='softmax')])


def accuracy(model, x, labels):
    return float(np.mean(np.argmax(model.predict(x), axis=-1) == labels))


@pytest.fixture(scope='module')
def sgd_run(backend):
    """An MLP trained with SGD, with validation_data; later tests reuse the model."""
    np.random.seed(0)
    model = mlp(0)
    model.compile(optimizers.SGD(lr=0.1), 'categorical_crossentropy', metrics=['accuracy'])
    history = model.fit(X, Y, batch_size=16, epochs=15, verbose=0,
                        validation_data=(XV, YV), shuffle=True)
    evaluation = model.evaluate(XV, YV, verbose=0)
    predictions = model.predict(XV)
    return {'model': model, 'history': history.history, 'evaluation': evaluation,
            'predictions': predictions, 'epoch': list(history.epoch)}


# -- learning ---------------------------------------------------------------------------------

def test_sgd_mlp_learns_separable_problem(sgd_run):
    loss, acc = sgd_run['evaluation']
    assert acc >= 0.95
    assert float(np.mean(np.argmax(sgd_run['predictions'], -1) == LABELS_V)) >= 0.95
    assert sgd_run['history']['loss'][-1] < sgd_run['history']['loss'][0]


def test_history_with_validation_data(sgd_run):
    history = sgd_run['history']
    assert set(history) == {'loss', 'accuracy', 'val_loss', 'val_accuracy'}
    for values in history.values():
        assert len(values) == 15
        assert all(np.isfinite(values))
    assert sgd_run['epoch'] == list(range(15))
    assert history['accuracy'][-1] >= 0.95
    assert history['val_accuracy'][-1] >= 0.95


def test_evaluate_matches_metrics_names_and_predict(sgd_run):
    model = sgd_run['model']
    assert model.metrics_names == ['loss', 'accuracy']
    loss, acc = sgd_run['evaluation']
    p = np.clip(sgd_run['predictions'], 1e-7, 1 - 1e-7)
    expected_loss = float(np.mean(-np.sum(YV * np.log(p), axis=-1)))
    assert loss == pytest.approx(expected_loss, rel=1e-3, abs=1e-4)
    assert acc == pytest.approx(np.mean(np.argmax(p, -1) == LABELS_V), abs=1e-6)
    # The last epoch's val_* numbers are those of evaluate() on the same data.
    assert sgd_run['history']['val_loss'][-1] == pytest.approx(loss, rel=1e-4, abs=1e-5)
    assert sgd_run['history']['val_accuracy'][-1] == pytest.approx(acc, abs=1e-6)


def test_predict_shape_and_batching(sgd_run):
    model = sgd_run['model']
    predictions = sgd_run['predictions']
    assert predictions.shape == (100, 2)
    np.testing.assert_allclose(predictions.sum(axis=1), 1., atol=1e-5)
    np.testing.assert_allclose(model.predict(XV, batch_size=7), predictions, atol=1e-6)
    assert model.predict(XV[:1]).shape == (1, 2)
    assert model.predict(XV[:0]).shape == (0, 2)


def test_train_on_batch_and_test_on_batch(sgd_run):
    model = sgd_run['model']
    xb, yb = X[:16], Y[:16]
    first = model.test_on_batch(xb, yb)
    assert len(first) == 2
    result = model.train_on_batch(xb, yb)
    assert isinstance(result, list) and len(result) == 2
    assert result[0] == pytest.approx(first[0], rel=1e-4, abs=1e-5)  # loss before the step
    for _ in range(5):
        model.train_on_batch(xb, yb)
    assert model.test_on_batch(xb, yb)[0] < first[0]


@pytest.mark.parametrize('make_optimizer', [lambda: 'adam', lambda: optimizers.Adam(lr=0.01)],
                         ids=['adam-name', 'adam-object'])
def test_adam_mlp_learns_with_validation_split(backend, make_optimizer):
    model = mlp(1)
    model.compile(make_optimizer(), 'categorical_crossentropy', metrics=['acc'])
    history = model.fit(X, Y, batch_size=16, epochs=25, verbose=0, validation_split=0.25,
                        shuffle=False).history
    assert set(history) == {'loss', 'acc', 'val_loss', 'val_acc'}
    assert len(history['val_loss']) == 25
    assert history['loss'][-1] < history['loss'][0]
    assert accuracy(model, XV, LABELS_V) >= 0.95
    # validation_split holds out the last 25%: the val numbers are evaluate() on it.
    val_loss, val_acc = model.evaluate(X[150:], Y[150:], verbose=0)
    assert history['val_loss'][-1] == pytest.approx(val_loss, rel=1e-4, abs=1e-5)
    assert history['val_acc'][-1] == pytest.approx(val_acc, abs=1e-6)


@pytest.mark.parametrize('loss', ['categorical_crossentropy', 'sparse_categorical_crossentropy',
                                  'mse'])
def test_losses_decrease(backend, loss):
    model = mlp(2)
    model.compile(optimizers.SGD(lr=0.05), loss, metrics=['accuracy'])
    y = LABELS if loss.startswith('sparse') else Y
    history = model.fit(X, y, batch_size=20, epochs=6, verbose=0, shuffle=True).history
    losses = history['loss']
    assert len(losses) == 6
    assert losses[-1] < losses[0]
    assert sum(b < a for a, b in zip(losses, losses[1:])) >= 4
    # evaluate agrees with the loss computed in numpy from predict().
    p = model.predict(X)
    if loss == 'mse':
        expected = np.mean((p - Y) ** 2)
    else:
        expected = np.mean(-np.log(np.clip(p[np.arange(len(X)), LABELS], 1e-7, 1)))
    got = model.evaluate(X, y, verbose=0)[0]
    assert got == pytest.approx(expected, rel=1e-3, abs=1e-4)


# -- dropout ------------------------------------------------------------------------------------

@pytest.fixture(scope='module')
def dropout_model(backend):
    inp = Input(shape=(10,))
    hidden = Dropout(0.5, name='drop')(inp)
    out = Dense(1, use_bias=False, kernel_initializer='ones', name='sum')(hidden)
    model = Model(inp, out)
    model.compile(optimizers.SGD(lr=0.0), 'mse')   # lr=0: weights never change
    return model


def test_dropout_active_in_training_not_in_predict(dropout_model):
    model = dropout_model
    x = np.random.RandomState(3).rand(32, 10).astype('float32') + 1.
    y = np.zeros((32, 1), 'float32')
    p1 = model.predict(x)
    p2 = model.predict(x)
    np.testing.assert_array_equal(p1, p2)                        # deterministic
    np.testing.assert_allclose(p1[:, 0], x.sum(axis=1), rtol=1e-5)  # no units dropped
    test_loss = model.evaluate(x, y, verbose=0)
    assert test_loss == pytest.approx(np.mean(x.sum(axis=1) ** 2), rel=1e-4)
    train_losses = [model.train_on_batch(x, y) for _ in range(3)]
    assert all(abs(l - test_loss) > 1e-3 * test_loss for l in train_losses)
    assert len(set(train_losses)) > 1                            # a new mask each step
    fit_loss = model.fit(x, y, batch_size=32, epochs=1, verbose=0).history['loss'][0]
    assert abs(fit_loss - test_loss) > 1e-3 * test_loss
    np.testing.assert_array_equal(model.predict(x), p1)          # weights untouched (lr=0)


# -- errors -------------------------------------------------------------------------------------

def test_error_x_y_row_counts_differ(sgd_run):
    with pytest.raises(ValueError) as info:
        sgd_run['model'].fit(X[:10], Y[:9], verbose=0)
    message = str(info.value)
    assert '10' in message and '9' in message
    with pytest.raises(ValueError) as info:
        sgd_run['model'].evaluate(X[:7], Y[:5], verbose=0)
    assert '7' in str(info.value) and '5' in str(info.value)


def test_error_input_of_wrong_shape(sgd_run):
    model = sgd_run['model']
    with pytest.raises(ValueError) as info:
        model.fit(np.zeros((10, 3), 'float32'), Y[:10], verbose=0)
    message = str(info.value)
    assert '(2,)' in message and '(3,)' in message
    with pytest.raises(ValueError) as info:
        model.predict(np.zeros((4, 2, 2), 'float32'))
    message = str(info.value)
    assert '(None, 2)' in message and '(4, 2, 2)' in message
    with pytest.raises(ValueError) as info:
        model.fit(X[:10], np.zeros((10, 3), 'float32'), verbose=0)
    assert '(2,)' in str(info.value) and '(3,)' in str(info.value)


def test_error_non_numeric_x(sgd_run):
    x = np.array([['a', 'b']] * 10)
    with pytest.raises(ValueError) as info:
        sgd_run['model'].fit(x, Y[:10], verbose=0)
    assert 'numeric' in str(info.value) and '`x`' in str(info.value)
    with pytest.raises(ValueError, match='numeric'):
        sgd_run['model'].predict([[None, 'x']])


def test_error_categorical_crossentropy_with_integer_label_column(sgd_run):
    with pytest.raises(ValueError) as info:
        sgd_run['model'].fit(X[:10], LABELS[:10].reshape(-1, 1), verbose=0)
    message = str(info.value)
    assert 'to_categorical' in message
    assert 'sparse_categorical_crossentropy' in message


def test_error_categorical_crossentropy_with_integer_label_vector(sgd_run):
    """Integer labels as a plain vector (what R's `y <- c(0, 1, ...)` gives) must get the same
    advice as a column of labels, not only a generic shape error."""
    with pytest.raises(ValueError) as info:
        sgd_run['model'].fit(X[:10], LABELS[:10], verbose=0)
    message = str(info.value)
    assert 'to_categorical' in message
    assert 'sparse_categorical_crossentropy' in message


def test_error_fit_before_compile(backend):
    model = mlp(3)
    with pytest.raises(RuntimeError, match='compile'):
        model.fit(X, Y, verbose=0)
    with pytest.raises(RuntimeError, match='compile'):
        model.evaluate(X, Y, verbose=0)
    with pytest.raises(RuntimeError, match='compile'):
        model.train_on_batch(X, Y)


def test_error_bad_fit_arguments(sgd_run):
    model = sgd_run['model']
    with pytest.raises(ValueError, match='batch_size'):
        model.fit(X, Y, batch_size=0, verbose=0)
    with pytest.raises(ValueError, match='validation_split'):
        model.fit(X, Y, validation_split=1.5, verbose=0)
    # Keras 1's nb_epoch is converted with a warning (test_legacy_interfaces.py);
    # an argument fit() does not know is refused, naming it.
    with pytest.raises(TypeError, match='epoch_count'):
        model.fit(X, Y, epoch_count=3, verbose=0)
    with pytest.raises(ValueError, match='Unknown loss'):
        mlp(4).compile('sgd', 'categorical_crossentropyy')


# -- a small CNN --------------------------------------------------------------------------------

def test_small_cnn_trains(backend):
    rng = np.random.RandomState(5)
    n = 120
    labels = rng.randint(0, 2, size=n)
    x = rng.rand(n, 8, 8, 1).astype('float32') * 0.3
    for i, label in enumerate(labels):   # class 0: bright left half; class 1: right half
        if label == 0:
            x[i, :, :4, 0] += 1.
        else:
            x[i, :, 4:, 0] += 1.
    y = to_categorical(labels, 2)
    np.random.seed(5)
    model = Sequential([Conv2D(4, (3, 3), activation='relu', input_shape=(8, 8, 1)),
                        MaxPooling2D((2, 2)), Flatten(), Dense(2, activation='softmax')])
    assert model.output_shape == (None, 2)
    model.compile('adam', 'categorical_crossentropy', metrics=['accuracy'])
    history = model.fit(x, y, batch_size=16, epochs=10, verbose=0).history
    assert history['loss'][-1] < history['loss'][0]
    loss, acc = model.evaluate(x, y, verbose=0)
    assert acc >= 0.9
    assert model.predict(x[:3]).shape == (3, 2)


# -- callbacks ----------------------------------------------------------------------------------

def test_early_stopping_stops_early(sgd_run):
    stopper = callbacks.EarlyStopping(monitor='val_loss', min_delta=1e6, patience=1)
    history = sgd_run['model'].fit(X, Y, batch_size=50, epochs=20, verbose=0,
                                   validation_data=(XV, YV), callbacks=[stopper])
    # Epoch 0 improves on +inf; epoch 1 does not improve by min_delta: stop after 2 epochs.
    assert len(history.history['loss']) == 2
    assert stopper.stopped_epoch == 1
    assert sgd_run['model'].stop_training is True


def test_early_stopping_patience(sgd_run):
    stopper = callbacks.EarlyStopping(monitor='loss', min_delta=1e6, patience=3)
    history = sgd_run['model'].fit(X, Y, batch_size=50, epochs=20, verbose=0,
                                   callbacks=[stopper])
    assert len(history.history['loss']) == 4


def test_model_checkpoint_writes_file(sgd_run, tmp_path):
    h5py = pytest.importorskip('h5py')
    pattern = str(tmp_path / 'ckpt-{epoch:02d}.h5')
    checkpoint = callbacks.ModelCheckpoint(pattern, monitor='loss')
    sgd_run['model'].fit(X, Y, batch_size=50, epochs=2, verbose=0, callbacks=[checkpoint])
    assert sorted(os.listdir(tmp_path)) == ['ckpt-01.h5', 'ckpt-02.h5']
    with h5py.File(str(tmp_path / 'ckpt-02.h5'), 'r') as f:
        assert 'model_config' in f.attrs
        assert 'model_weights' in f


def test_model_checkpoint_save_best_only(sgd_run, tmp_path):
    path = str(tmp_path / 'best.h5')
    checkpoint = callbacks.ModelCheckpoint(path, monitor='val_loss', save_best_only=True)
    checkpoint.best = -np.inf  # nothing can beat it: no file is written
    checkpoint.better = lambda a, b: a < b
    sgd_run['model'].fit(X, Y, batch_size=50, epochs=1, verbose=0, validation_data=(XV, YV),
                         callbacks=[checkpoint])
    assert not os.path.exists(path)
    checkpoint = callbacks.ModelCheckpoint(path, monitor='val_loss', save_best_only=True)
    sgd_run['model'].fit(X, Y, batch_size=50, epochs=1, verbose=0, validation_data=(XV, YV),
                         callbacks=[checkpoint])
    assert os.path.exists(path)


def test_lambda_callback_called_per_epoch(sgd_run):
    seen = []
    begun = []
    batches = []
    cb = callbacks.LambdaCallback(on_epoch_begin=lambda epoch, logs: begun.append(epoch),
                                  on_epoch_end=lambda epoch, logs: seen.append((epoch, dict(logs))),
                                  on_batch_end=lambda batch, logs: batches.append(batch))
    sgd_run['model'].fit(X, Y, batch_size=50, epochs=3, verbose=0, callbacks=[cb])
    assert begun == [0, 1, 2]
    assert [e for e, _ in seen] == [0, 1, 2]
    assert all('loss' in logs and 'accuracy' in logs for _, logs in seen)
    assert batches == [0, 1, 2, 3] * 3


def test_verbose_fit_prints_progress(sgd_run, capsys):
    sgd_run['model'].fit(X, Y, batch_size=100, epochs=1, verbose=1)
    out = capsys.readouterr().out
    assert 'Epoch 1/1' in out and 'loss' in out


def test_evaluate_and_predict_run_their_callback_hooks(backend):
    """Keras 2.3's on_test_* and on_predict_* hooks, from arrays and from generators."""
    from multikeras import callbacks, layers, models
    from multikeras.utils import Sequence

    class Recorder(callbacks.Callback):
        def __init__(self):
            super(Recorder, self).__init__()
            self.calls = []

        def __getattribute__(self, name):
            if name.startswith('on_test') or name.startswith('on_predict'):
                return lambda *args: self.calls.append((name,) + args[:1])
            return object.__getattribute__(self, name)

    model = models.Sequential([layers.Dense(1, input_shape=(2,))])
    model.compile('sgd', 'mse')
    x, y = np.ones((5, 2), 'float32'), np.zeros((5, 1), 'float32')
    recorder = Recorder()
    model.evaluate(x, y, batch_size=3, verbose=0, callbacks=[recorder])
    model.predict(x, batch_size=3, callbacks=[recorder])
    assert [c[0] for c in recorder.calls] == [
        'on_test_begin', 'on_test_batch_begin', 'on_test_batch_end', 'on_test_batch_begin',
        'on_test_batch_end', 'on_test_end', 'on_predict_begin', 'on_predict_batch_begin',
        'on_predict_batch_end', 'on_predict_batch_begin', 'on_predict_batch_end',
        'on_predict_end']
    assert recorder.calls[2][1] == 0 and recorder.calls[4][1] == 1

    class Batches(Sequence):
        def __len__(self):
            return 2

        def __getitem__(self, i):
            return x[:2], y[:2]

    recorder.calls = []
    model.evaluate_generator(Batches(), callbacks=[recorder])
    model.predict_generator(Batches(), callbacks=[recorder])
    assert [c[0] for c in recorder.calls].count('on_test_batch_end') == 2
    assert [c[0] for c in recorder.calls].count('on_predict_batch_end') == 2


def test_train_batch_hooks_of_either_name_run_once_per_batch(backend):
    from multikeras import callbacks, layers, models

    class NewName(callbacks.Callback):
        seen = []

        def on_train_batch_end(self, batch, logs=None):
            self.seen.append(('new', batch))

    class OldName(callbacks.Callback):
        seen = []

        def on_batch_end(self, batch, logs=None):
            self.seen.append(('old', batch))

    model = models.Sequential([layers.Dense(1, input_shape=(2,))])
    model.compile('sgd', 'mse')
    new, old = NewName(), OldName()
    model.fit(np.ones((4, 2)), np.zeros((4, 1)), batch_size=2, epochs=1, verbose=0,
              callbacks=[new, old])
    assert new.seen == [('new', 0), ('new', 1)] and old.seen == [('old', 0), ('old', 1)]


def test_per_output_sample_and_class_weights_by_output_name(backend):
    # As in Keras 2.3: a dict keyed by output names weights the outputs it
    # names and leaves the others unweighted; class weights go per output;
    # weighted metrics are named like the others (no "weighted_" prefix).
    a, b = Input((1,), name='in_a'), Input((1,), name='in_b')
    ones = dict(kernel_initializer='ones', trainable=False)
    model = Model([a, b], [Dense(1, name='output_1', **ones)(a),
                           Dense(1, name='output_2', **ones)(b)])
    model.compile('sgd', 'mse', weighted_metrics=['mae'])
    assert model.metrics_names == ['loss', 'output_1_loss', 'output_2_loss',
                                   'output_1_mae', 'output_2_mae']
    x = np.array([[1.], [2.]], dtype='float32')
    x_pair, y_pair = [x, x + 1], [2 * x, x]          # errors: output_1 1, 2; output_2 1, 1
    w = np.array([3., 1.])
    plain = model.test_on_batch(x_pair, y_pair)
    np.testing.assert_allclose(plain, [2.5 + 1., 2.5, 1., 1.5, 1.], rtol=1e-5)
    weighted = model.test_on_batch(x_pair, y_pair, sample_weight={'output_1': w})
    np.testing.assert_allclose(weighted[1:], [(3 * 1 + 1 * 4) / 2, 1., (3 + 2) / 4, 1.],
                               rtol=1e-5)
    # output_2's classes are its targets 1 and 2; class 2 weighs nothing.
    loss = model.train_on_batch(x_pair, y_pair, class_weight={'output_2': {1: 2., 2: 0.}})
    np.testing.assert_allclose(loss[1:3], [2.5, (2 * 1 + 0 * 1) / 2 / 0.5], rtol=1e-5)
    with pytest.raises(ValueError, match='unknown output names'):
        model.test_on_batch(x_pair, y_pair, sample_weight={'output_1': w, 'output_3': w})
    with pytest.raises(ValueError, match='dict keyed by output names'):
        model.test_on_batch(x_pair, y_pair, sample_weight={'output_3': w})


def test_callbacks_see_validation_arrays_and_reduce_lr_takes_epsilon(backend):
    # As in Keras 2.3: callbacks get `validation_data` = [x, y, sample weights]
    # in fit() and fit_generator(); ReduceLROnPlateau(epsilon=) is min_delta.
    model = Sequential([Dense(2, activation='softmax', input_shape=(3,))])
    model.compile('sgd', 'categorical_crossentropy')
    x = np.random.rand(8, 3).astype('float32')
    y = to_categorical(np.arange(8) % 2, 2)
    probe = callbacks.LambdaCallback(on_train_end=lambda logs: None)
    probe2 = callbacks.LambdaCallback(on_train_end=lambda logs: None)
    model.fit(x, y, validation_data=(x, y), callbacks=[probe], verbose=0)
    model.fit_generator(iter([(x, y)] * 2), steps_per_epoch=2, validation_data=(x, y),
                        callbacks=[probe2], verbose=0)
    for cb in (probe, probe2):
        assert len(cb.validation_data) == 3 and cb.validation_data[0] is x
        assert cb.validation_data[2].shape == (8,)
    with pytest.warns(UserWarning, match='`epsilon` argument is deprecated'):
        reduce = callbacks.ReduceLROnPlateau(epsilon=1e-13)
    assert reduce.min_delta == 1e-13 and not hasattr(reduce, 'epsilon')


@pytest.mark.parametrize('backend_name', ['tensorflow', 'theano', 'cntk'])
def test_predict_runs_the_inference_graph_and_leaves_the_model_alone(backend_name):
    """predict() runs the network rebuilt with the learning phase fixed to 0 (no
    switch on a fed phase): the same values as the outputs with the phase fed 0,
    and no node, update or loss added to the model or its layers."""
    from multikeras.layers import BatchNormalization, ReLU, GlobalAveragePooling2D
    from multikeras import regularizers
    try:
        K.use_backend(backend_name)
    except ImportError as e:
        pytest.skip('backend %s not installed: %s' % (backend_name, e))
    rng = np.random.RandomState(0)
    inp = Input((6, 6, 3))
    x = Conv2D(4, 3, padding='same', activity_regularizer=regularizers.l2(0.01))(inp)
    x = BatchNormalization(axis=-1)(x)
    x = ReLU(6.)(x)
    x = Dropout(0.5)(x)
    out = Dense(2, activation='softmax')(GlobalAveragePooling2D()(x))
    model = Model(inp, out)
    model.compile('sgd', 'categorical_crossentropy')
    xs = rng.rand(4, 6, 6, 3).astype('float32')
    model.fit(xs, np.eye(2)[[0, 1, 0, 1]], epochs=1, verbose=0)
    before = ([len(l._inbound_nodes) for l in model.layers], len(model.updates),
              len(model.losses), [len(l.updates) + len(l.losses) for l in model.layers])
    predicted = model.predict(xs)
    with_phase_fed = K.function([inp, K.learning_phase()], [out])([xs, 0])[0]
    np.testing.assert_allclose(predicted, with_phase_fed, atol=1e-5)
    after = ([len(l._inbound_nodes) for l in model.layers], len(model.updates),
             len(model.losses), [len(l.updates) + len(l.losses) for l in model.layers])
    assert after == before
