"""What a model trains on (Keras 2.3), on every backend: outputs without a loss,
losses added with add_loss() only, targets and inputs given as tensors, data
given as tensors, timestep-wise sample weights, and the checks around them."""
import warnings

import numpy as np
import pytest

from multikeras import backend as K
from multikeras import callbacks
from multikeras.layers import Conv2D, Dense, Dropout, GRU, Input, Lambda, TimeDistributed
from multikeras.models import Model, Sequential
from multikeras.utils import Sequence


def _data(rows=6, cols=3, seed=0):
    return np.random.RandomState(seed).rand(rows, cols).astype('float32')


def test_partial_loss_trains_the_outputs_that_have_one(backend):
    inp = Input(shape=(3,), name='input_a')
    first = Dense(4, name='dense_1')(inp)
    model = Model(inp, [first, Dense(2, name='dense_2')(first)])
    with pytest.warns(UserWarning, match="'dense_1'.*missing from the loss dictionary"):
        model.compile('sgd', {'dense_2': 'mse'}, metrics={'dense_1': 'mae', 'dense_2': 'mae'})
    assert model.metrics_names == ['loss', 'dense_2_loss', 'dense_2_mae']
    x, y = _data(), _data(cols=2)
    before = model.get_weights()
    loss = model.train_on_batch(x, y)
    assert len(loss) == 3 and loss[0] == pytest.approx(loss[1])
    assert not np.allclose(before[0], model.get_weights()[0])
    history = model.fit(x, [y], epochs=1, verbose=0)
    assert sorted(history.history) == ['dense_2_loss', 'dense_2_mae', 'loss']
    with pytest.raises(ValueError, match='expected dense_2 to have 2 dimensions'):
        model.train_on_batch(x, [y, y])


def test_add_loss_only_and_no_loss_at_all(backend):
    inp = Input(shape=(3,))
    out = Dense(2, kernel_regularizer='l2')(inp)
    model = Model(inp, out)
    model.compile('sgd', loss=None, metrics=['mae'])
    assert model.metrics_names == ['loss']
    x = _data()
    penalty = model.test_on_batch(x, None)
    assert penalty > 0 and model.train_on_batch(x, None) == pytest.approx(penalty)
    model.fit(x, None, epochs=1, batch_size=3, verbose=0)
    assert model.evaluate(x, None, verbose=0) < penalty
    with pytest.raises(ValueError, match='`y`.*takes no target data'):
        model.train_on_batch(x, np.zeros((6, 2)))
    plain = Model(inp, Dense(2)(inp))
    with pytest.raises(ValueError, match='no loss to optimize'):
        plain.compile('sgd', loss=None)
    assert plain.optimizer is None


def test_target_tensors(backend):
    target_value = np.ones((4, 2), dtype='float32')
    target = K.variable(target_value)
    model = Sequential([Dense(2, input_shape=(3,), kernel_initializer='zeros', name='dense')])
    x = _data(4)
    for given in ([target], {'dense': target}, target):
        model.compile('sgd', 'mse', target_tensors=given)
        assert model.test_on_batch(x, None) == pytest.approx(1.)
    with pytest.raises(ValueError, match='takes no target data'):
        model.train_on_batch(x, target_value)
    with pytest.raises(TypeError, match='`target_tensors`'):
        model.compile('sgd', 'mse', target_tensors=set())
    with pytest.raises(ValueError, match='one entry per model output'):
        model.compile('sgd', 'mse', target_tensors=[target, target])
    with pytest.raises(ValueError, match='Unknown entry'):
        model.compile('sgd', 'mse', target_tensors={'dense2': None})
    # A placeholder given as target is still fed from `y`.
    model.compile('sgd', 'mse', target_tensors=K.placeholder(shape=(None, 2)))
    assert model.test_on_batch(x, 3 * target_value) == pytest.approx(9.)

    inp = Input(shape=(3,))
    two = Model(inp, [Dense(2, name='a')(inp), Dense(2, name='b')(inp)])
    with pytest.raises(ValueError, match='single tensor as `target_tensors`'):
        two.compile('sgd', 'mse', target_tensors=target)
    two.compile('sgd', 'mse', target_tensors=[target, None])
    # Only output b is fed; weights given for output a are ignored, with a warning.
    with pytest.warns(UserWarning, match=r"\['a'\] is ignored"):
        two.train_on_batch(x, target_value, sample_weight={'a': np.ones(4)})


def test_inputs_made_from_tensors_take_no_data(backend):
    values = _data(5)
    inp = Input(tensor=K.variable(values))
    assert K.int_shape(inp) == (5, 3)
    out = Dense(2, kernel_initializer='ones', bias_initializer='zeros')(Dropout(0.5)(inp))
    model = Model(inp, out)
    model.compile('sgd', 'mse')
    y = np.zeros((5, 2), dtype='float32')
    model.train_on_batch(None, y)
    model.fit(None, y, batch_size=5, epochs=1, verbose=0)
    model.evaluate([], y, verbose=0)
    assert model.predict(None, steps=2).shape == (10, 2)
    with pytest.raises(ValueError, match='`steps`'):
        model.predict(None, batch_size=5)
    with pytest.raises(ValueError, match='`x`: the model takes no input data'):
        model.predict(values, steps=1)

    # An input fed with data beside an input made from a tensor.
    fed = Input(shape=(3,), name='fed')
    both = Model([inp, fed], [Dense(2)(inp), Dense(1)(fed)])
    both.compile('sgd', 'mse')
    both.fit({'fed': values}, [y, np.zeros((5, 1))], batch_size=5, epochs=1, verbose=0)
    assert [p.shape for p in both.predict(values, batch_size=5)] == [(5, 2), (5, 1)]


def test_add_loss_on_data_tensors_trains_in_steps(backend):
    inp = Input(tensor=K.variable(_data(4)))
    out = Dense(2)(inp)
    model = Model(inp, out)
    model.add_loss(K.mean(K.square(out)))
    model.compile('sgd', loss=None)
    with pytest.raises(ValueError, match='`steps_per_epoch`'):
        model.fit(None, None, epochs=1, batch_size=2, verbose=0)
    first = model.evaluate(None, None, steps=1, verbose=0)
    history = model.fit(None, None, epochs=2, steps_per_epoch=3, validation_steps=1, verbose=0)
    assert len(history.history['loss']) == 2 and 'val_loss' in history.history
    assert model.evaluate(None, None, steps=2, verbose=0) < first
    model.fit_generator(iter([(None, None)] * 2), steps_per_epoch=2, verbose=0)


def test_data_given_as_tensors(backend):
    inp = Input(shape=(3,), name='input')
    model = Model(inp, Dense(2, name='dense')(inp))
    model.compile('sgd', 'mse', metrics=['mae'])
    x, y = K.variable(_data(4)), K.zeros((4, 2))
    history = model.fit(x, y, epochs=2, steps_per_epoch=2, verbose=0,
                        validation_data=(x, y), validation_steps=1)
    assert len(history.history['val_loss']) == 2
    assert len(model.evaluate(x, y, steps=2, verbose=0)) == 2
    assert model.predict(x, steps=2).shape == (8, 2)
    model.train_on_batch({'input': x}, {'dense': y})
    model.test_on_batch(x, y)
    assert model.predict_on_batch(x).shape == (4, 2)
    with pytest.raises(ValueError, match='`steps_per_epoch`'):
        model.fit(x, y, batch_size=2, verbose=0)
    with pytest.raises(ValueError, match='cannot use `validation_split`'):
        model.fit(x, y, steps_per_epoch=1, validation_split=0.5, verbose=0)
    with pytest.raises(ValueError, match='mix Numpy arrays and symbolic tensors'):
        model.fit(x, np.zeros((4, 2)), steps_per_epoch=1, verbose=0)


def test_temporal_sample_weights(backend):
    model = Sequential([TimeDistributed(Dense(1, kernel_initializer='zeros'),
                                        input_shape=(2, 3))])
    model.compile('sgd', 'mse', sample_weight_mode='temporal')
    x = np.ones((2, 2, 3), dtype='float32')
    y = np.array([[[1.], [2.]], [[3.], [4.]]], dtype='float32')     # squared errors 1, 4, 9, 16
    weights = np.array([[1., 0.], [0., 1.]])
    # Keras 2.2's reduction: the mean of weighted errors over the share of non-zero weights.
    assert model.test_on_batch(x, y, sample_weight=weights) == pytest.approx((1 + 16) / 4 / 0.5)
    assert model.test_on_batch(x, y) == pytest.approx(30 / 4)
    model.fit(x, y, sample_weight=weights, epochs=1, batch_size=1, verbose=0,
              validation_split=0.5)
    with pytest.raises(ValueError, match='one weight per sample and timestep'):
        model.train_on_batch(x, y, sample_weight=np.ones(2))
    flat = Sequential([Dense(1, input_shape=(3,))])
    flat.compile('sgd', 'mse', sample_weight_mode='temporal')
    with pytest.raises(ValueError, match='time axis'):
        flat.train_on_batch(np.ones((2, 3)), np.ones((2, 1)))
    inp = Input(shape=(2, 3))
    two = Model(inp, [TimeDistributed(Dense(1), name='a')(inp), Dense(1, name='b')(inp)])
    two.compile('sgd', 'mse', sample_weight_mode={'a': 'temporal', 'b': None})
    for bad in ({'a': 'temporal'}, ['temporal'], {'a': 'temporal', 'b': None, 'c': None},
                'sometimes'):
        with pytest.raises(ValueError, match='sample_weight_mode'):
            two.compile('sgd', 'mse', sample_weight_mode=bad)
    with pytest.raises(TypeError, match='loss_weights'):
        two.compile('sgd', 'mse', loss_weights=(0.5, 0.5))


def _sparse_model(channels_first):
    """A 1x1 convolution to 3 classes, its loss a sparse crossentropy over the channel axis."""
    K.set_image_data_format('channels_first' if channels_first else 'channels_last')
    axis = 1 if channels_first else -1
    inp = Input(shape=(1, 2, 2) if channels_first else (2, 2, 1))
    model = Model(inp, Conv2D(3, 1, name='conv')(inp))
    model.compile('sgd', lambda t, p: K.sparse_categorical_crossentropy(
        t, K.softmax(p, axis=axis), axis=axis))
    model.get_layer('conv').set_weights([np.array([1., 2., 3.]).reshape((1, 1, 1, 3)),
                                         np.zeros(3)])
    return model


def test_sparse_targets_of_channels_first_images_with_own_loss(backend):
    # A loss of the user's own: its targets are checked for the number of axes only
    # (here integer labels, one channel), as in Keras.
    x = np.array([[[[0.5, 1.], [2., -1.]]]], dtype='float32')       # (1, 1, 2, 2)
    labels = np.array([[[[0, 1], [2, 1]]]], dtype='float32')
    first = _sparse_model(True).evaluate(x, labels, verbose=0)
    last = _sparse_model(False).evaluate(np.moveaxis(x, 1, -1), np.moveaxis(labels, 1, -1),
                                         verbose=0)
    np.testing.assert_allclose(first, last, rtol=1e-5)
    with pytest.raises(ValueError, match='4 dimensions'):
        _sparse_model(False).evaluate(np.moveaxis(x, 1, -1), labels[0], verbose=0)


def test_trainable_change_after_compile_warns(backend):
    a = Input(shape=(3,))
    inner = Model(a, Dense(1)(a))
    inner.trainable = False
    b = Input(shape=(3,))
    outer = Model(b, Dense(1)(inner(b)))
    outer.compile('sgd', 'mse')
    inner.trainable = True
    with pytest.warns(UserWarning, match='Discrepancy'):
        outer.summary(print_fn=lambda line: None)
    with pytest.warns(UserWarning, match='Discrepancy'):
        outer.fit(np.zeros((2, 3)), np.zeros((2, 1)), verbose=0)
    outer.compile('sgd', 'mse')
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        outer.summary(print_fn=lambda line: None)


def test_set_inputs_of_a_model_without_inputs(backend):
    first = Sequential([Dense(4, input_shape=(3,))])
    model = Model(first.inputs, first.outputs)
    with pytest.raises(ValueError, match='already set'):
        model._set_inputs(first.inputs)
    model.inputs = None
    model._set_inputs(first.input)
    assert model.predict(np.ones((2, 3))).shape == (2, 4)
    deferred = Sequential([Dense(2)])
    deferred._set_inputs(np.ones((5, 3)))
    assert deferred.predict(np.ones((1, 3))).shape == (1, 2)


def test_loss_reaching_no_weight_is_refused(backend):
    # Through an argmax (integers) no gradient reaches the weights, on any backend.
    inp = Input(shape=(3,))
    out = Lambda(lambda t: K.reshape(K.cast(K.argmax(t), 'float32'), (-1, 1)),
                 output_shape=(1,))(Dense(4)(inp))
    model = Model(inp, out)
    model.compile('sgd', 'mse')
    with pytest.raises(ValueError, match='`None` for gradient'):
        model.fit(np.zeros((4, 3)), np.zeros((4, 1)), verbose=0)


class CountingCallback(callbacks.Callback):
    def __init__(self):
        super(CountingCallback, self).__init__()
        self.counts = {}
        self.steps = []
        for hook in ('on_test_begin', 'on_test_batch_begin', 'on_test_batch_end',
                     'on_predict_batch_begin', 'on_train_batch_begin'):
            setattr(self, hook, self._counter(hook))

    def _counter(self, hook):
        def count(*args):
            self.counts[hook] = self.counts.get(hook, 0) + 1
        return count

    def set_params(self, params):
        super(CountingCallback, self).set_params(params)
        self.steps.append(params.get('steps'))


def test_validation_runs_the_test_hooks_of_fit_callbacks(backend):
    model = Sequential([Dense(1, input_shape=(2,))])
    model.compile('sgd', 'mse')
    x, y = np.ones((4, 2)), np.zeros((4, 1))
    counter = CountingCallback()
    model.fit(x, y, batch_size=2, epochs=3, validation_data=(x, y), validation_freq=2,
              callbacks=[counter], verbose=0)
    assert counter.counts == {'on_train_batch_begin': 6, 'on_test_begin': 1,
                              'on_test_batch_begin': 2, 'on_test_batch_end': 2}
    hooks = callbacks.CallbackList([CountingCallback()])
    for hook in ('on_test_batch_begin', 'on_test_batch_end', 'on_predict_batch_begin',
                 'on_predict_batch_end', 'on_test_begin', 'on_predict_end'):
        getattr(hooks, hook)(0) if 'batch' in hook else getattr(hooks, hook)()
    assert hooks.callbacks[0].counts == {'on_test_batch_begin': 1, 'on_test_batch_end': 1,
                                         'on_predict_batch_begin': 1, 'on_test_begin': 1}


class Growing(Sequence):
    """A Sequence of 12 samples whose batches grow after each epoch."""

    def __init__(self):
        self.batch_size, self.read = 3, []

    def __len__(self):
        return int(np.ceil(12 / float(self.batch_size)))

    def __getitem__(self, index):
        self.read.append(index)
        return np.ones((self.batch_size, 2)), np.zeros((self.batch_size, 1))

    def on_epoch_end(self):
        self.batch_size *= 2


@pytest.mark.parametrize('workers', [0, 1])
def test_sequence_of_changing_length_sets_the_steps_of_each_epoch(backend, workers):
    model = Sequential([Dense(1, input_shape=(2,))])
    model.compile('sgd', 'mse')
    counter, data = CountingCallback(), Growing()
    model.fit_generator(data, epochs=3, workers=workers, callbacks=[counter], verbose=0)
    assert counter.counts['on_train_batch_begin'] == 4 + 2 + 1
    assert counter.steps[:3] == [4, 2, 1]


def test_terminate_on_nan_lets_non_finite_data_through(backend):
    model = Sequential([Dense(1, input_shape=(2,))])
    model.compile('sgd', 'mse')
    x, y = np.ones((4, 2)), np.zeros((4, 1))
    bad = x.copy()
    bad[1, 0] = np.nan
    with pytest.raises(ValueError, match='contains nan'):
        model.fit(bad, y, verbose=0)
    batches = iter([(x, y), (bad, y)] + [(x, y)] * 4)
    history = model.fit_generator(batches, steps_per_epoch=2, epochs=3, verbose=0,
                                  callbacks=[callbacks.TerminateOnNaN()])
    assert len(history.history['loss']) == 1 and np.isnan(history.history['loss'][0])


def test_scipy_sparse_data_is_made_dense_batch_by_batch(backend):
    from scipy import sparse
    inp = Input(shape=(3,))
    model = Model(inp, Dense(2, kernel_initializer='ones', bias_initializer='zeros')(inp))
    model.compile('sgd', 'mse')
    x = sparse.random(6, 3, density=0.5, format='csr', random_state=0)
    y = sparse.random(6, 2, density=0.5, format='csr', random_state=1)
    np.testing.assert_allclose(model.predict(x, batch_size=4), x.toarray().dot(np.ones((3, 2))),
                               rtol=1e-6)
    dense_loss = model.evaluate(x.toarray(), y.toarray(), batch_size=4, verbose=0)
    assert model.evaluate(x, y, batch_size=4, verbose=0) == pytest.approx(dense_loss)
    model.fit(x, y, batch_size=2, epochs=1, validation_split=0.5, verbose=0)
    assert np.isfinite(model.train_on_batch(x, y))
