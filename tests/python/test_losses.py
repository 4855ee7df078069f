"""Loss classes (Keras 2.3) against numpy on every symbolic backend: reductions,
sample weights, from_logits and label smoothing; use in compile(), saving and
loading a model compiled with a loss object, and errors for unknown names."""
import os

import numpy as np
import pytest

from multikeras import backend as K
from multikeras import layers, losses, models, optimizers

EPS = 1e-7
rng = np.random.RandomState(3)
N = 6
YB = (rng.rand(N, 3) > 0.5).astype('float32')
PB = rng.uniform(0.05, 0.95, size=(N, 3)).astype('float32')
LOGITS = rng.randn(N, 3).astype('float32')
LABELS = rng.randint(0, 3, size=N)
YC = np.eye(3, dtype='float32')[LABELS]
PC = np.exp(LOGITS) / np.exp(LOGITS).sum(-1, keepdims=True)
YR = rng.uniform(0.1, 2., size=(N, 3)).astype('float32')
PR = rng.uniform(0.1, 2., size=(N, 3)).astype('float32')
W = rng.uniform(0., 2., size=(N,)).astype('float32')


def sigmoid(z):
    return 1. / (1. + np.exp(-z))


def clip(p):
    return np.clip(p, EPS, 1 - EPS)


def bce(y, p, smoothing=0.):
    y = y * (1 - smoothing) + 0.5 * smoothing
    return -np.mean(y * np.log(clip(p)) + (1 - y) * np.log(1 - clip(p)), -1)


def huber(y, p, delta):
    e = np.abs(p - y)
    return np.mean(np.where(e <= delta, 0.5 * e ** 2, delta * (e - 0.5 * delta)), -1)


# (loss object, y_true, y_pred, per-sample numpy values)
CASES = [
    (losses.MeanSquaredError(), YR, PR, ((YR - PR) ** 2).mean(-1)),
    (losses.MeanAbsoluteError(), YR, PR, np.abs(YR - PR).mean(-1)),
    (losses.MeanAbsolutePercentageError(), YR, PR, 100 * (np.abs(YR - PR) / YR).mean(-1)),
    (losses.MeanSquaredLogarithmicError(), YR, PR,
     ((np.log1p(PR) - np.log1p(YR)) ** 2).mean(-1)),
    (losses.Hinge(), 2 * YB - 1, PB, np.maximum(1 - (2 * YB - 1) * PB, 0).mean(-1)),
    (losses.SquaredHinge(), 2 * YB - 1, PB, (np.maximum(1 - (2 * YB - 1) * PB, 0) ** 2).mean(-1)),
    (losses.CategoricalHinge(), YC, PC,
     np.maximum(0, ((1 - YC) * PC).max(-1) - (YC * PC).sum(-1) + 1)),
    (losses.Poisson(), YR, PR, (PR - YR * np.log(PR + EPS)).mean(-1)),
    (losses.LogCosh(), YR, PR, np.log(np.cosh(PR - YR)).mean(-1)),
    (losses.KLDivergence(), YC, PC,
     (np.clip(YC, EPS, 1) * np.log(np.clip(YC, EPS, 1) / np.clip(PC, EPS, 1))).sum(-1)),
    (losses.BinaryCrossentropy(), YB, PB, bce(YB, PB)),
    (losses.BinaryCrossentropy(label_smoothing=0.2), YB, PB, bce(YB, PB, 0.2)),
    (losses.BinaryCrossentropy(from_logits=True), YB, LOGITS, bce(YB, sigmoid(LOGITS))),
    (losses.CategoricalCrossentropy(), YC, PC, -(YC * np.log(PC)).sum(-1)),
    (losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.3), YC, LOGITS,
     -((YC * 0.7 + 0.1) * np.log(PC)).sum(-1)),
    (losses.SparseCategoricalCrossentropy(), LABELS.reshape(N, 1).astype('float32'), PC,
     -np.log(PC[np.arange(N), LABELS])),
    (losses.SparseCategoricalCrossentropy(from_logits=True),
     LABELS.reshape(N, 1).astype('float32'), LOGITS, -np.log(PC[np.arange(N), LABELS])),
    (losses.CosineSimilarity(), YR, PR,
     -(YR * PR).sum(-1) / np.linalg.norm(YR, axis=-1) / np.linalg.norm(PR, axis=-1)),
    (losses.CosineSimilarity(axis=0), YR, PR,
     -(YR * PR).sum(0) / np.linalg.norm(YR, axis=0) / np.linalg.norm(PR, axis=0)),
    (losses.Huber(), YR, PR, huber(YR, PR, 1.)),
    (losses.Huber(delta=0.3), YR, PR, huber(YR, PR, 0.3)),
]


def test_loss_classes_against_numpy(backend):
    """Every class, with each reduction and with sample weights, in one backend function."""
    outputs, expected = [], []
    for loss, y, p, values in CASES:
        yt, yp = K.constant(y), K.constant(p)
        for reduction in ('sum_over_batch_size', 'sum', 'none'):
            loss.reduction = reduction
            outputs.append(loss(yt, yp))
            expected.append({'sum_over_batch_size': values.mean(), 'sum': values.sum(),
                             'none': values}[reduction])
        loss.reduction = 'sum_over_batch_size'
        if values.shape == (N,):
            outputs.append(loss(yt, yp, sample_weight=K.constant(W)))
            expected.append((values * W).mean())
    results = K.function([], outputs)([])
    for result, value, i in zip(results, expected, range(len(expected))):
        np.testing.assert_allclose(result, value, rtol=1e-4, atol=1e-5, err_msg='output %d' % i)


def test_loss_functions_and_numpy_calls(backend):
    np.testing.assert_allclose(losses.Huber(delta=0.5)(YR, PR, sample_weight=W),
                               (huber(YR, PR, 0.5) * W).mean(), rtol=1e-5)
    f = K.function([], [losses.huber_loss(K.constant(YR), K.constant(PR), delta=2.),
                        losses.cosine_similarity(K.constant(YR), K.constant(PR))])
    h, c = f([])
    np.testing.assert_allclose(h, huber(YR, PR, 2.), rtol=1e-5)
    np.testing.assert_allclose(c, -(YR * PR).sum(-1) / np.linalg.norm(YR, axis=-1) /
                               np.linalg.norm(PR, axis=-1), rtol=1e-5)


def test_config_round_trip_and_get():
    loss = losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1,
                                          reduction='sum', name='cce')
    config = losses.serialize(loss)
    assert config == {'class_name': 'CategoricalCrossentropy',
                      'config': {'reduction': 'sum', 'name': 'cce', 'from_logits': True,
                                 'label_smoothing': 0.1}}
    again = losses.deserialize(config)
    assert isinstance(again, losses.CategoricalCrossentropy) and again.get_config() == \
        loss.get_config()
    assert isinstance(losses.get('Huber'), losses.Huber)
    assert isinstance(losses.get(losses.Huber), losses.Huber)
    assert losses.get('huber_loss') is losses.huber_loss
    wrapped = losses.LossFunctionWrapper(losses.huber_loss, delta=0.5)
    copy = losses.deserialize(losses.serialize(wrapped))
    assert copy.fn is losses.huber_loss and copy._fn_kwargs == {'delta': 0.5}
    with pytest.raises(ValueError, match="reduction.*'sum'"):
        losses.MeanSquaredError(reduction='mean')
    with pytest.raises(ValueError) as e:
        losses.get('mean_squared_eror')
    assert 'mean_squared_eror' in str(e.value) and 'mean_squared_error' in str(e.value) \
        and 'Huber' in str(e.value)


def test_loss_objects_in_compile_save_and_load(backend, tmp_path):
    x = rng.randn(30, 4).astype('float32')
    labels = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0).astype(int)

    def model_with(loss, activation=None):
        np.random.seed(1)
        model = models.Sequential([layers.Dense(3, activation=activation, input_shape=(4,))])
        model.compile(optimizers.SGD(lr=0.1), loss, metrics=['accuracy'])
        return model

    # A loss object trains exactly as its function does, and 'sum' scales the loss.
    by_name = model_with('sparse_categorical_crossentropy', 'softmax')
    by_object = model_with(losses.SparseCategoricalCrossentropy(from_logits=False), 'softmax')
    logits = model_with(losses.SparseCategoricalCrossentropy(from_logits=True))
    summed = model_with(losses.SparseCategoricalCrossentropy(from_logits=True, reduction='sum'))
    y = labels.reshape(-1, 1)
    h1 = by_name.evaluate(x, y, batch_size=30, verbose=0)
    h2 = by_object.evaluate(x, y, batch_size=30, verbose=0)
    np.testing.assert_allclose(h1, h2, rtol=1e-6)
    z = logits.predict(x)
    ce = -np.log(np.exp(z[np.arange(30), labels]) / np.exp(z).sum(-1))
    np.testing.assert_allclose(logits.evaluate(x, y, batch_size=30, verbose=0)[0], ce.mean(),
                               rtol=1e-5)
    np.testing.assert_allclose(summed.evaluate(x, y, batch_size=30, verbose=0)[0], ce.sum(),
                               rtol=1e-5)
    history = logits.fit(x, y, batch_size=10, epochs=2, verbose=0)
    assert history.history['loss'][1] < history.history['loss'][0]
    # Saved with its config, loaded as the same loss object.
    path = os.path.join(str(tmp_path), 'model.h5')
    logits.save(path)
    loaded = models.load_model(path)
    assert isinstance(loaded.loss_functions[0], losses.SparseCategoricalCrossentropy)
    assert loaded.loss_functions[0].get_config() == logits.loss_functions[0].get_config()
    np.testing.assert_allclose(loaded.evaluate(x, y, batch_size=30, verbose=0),
                               logits.evaluate(x, y, batch_size=30, verbose=0), rtol=1e-5)
    with pytest.raises(ValueError) as e:
        model_with('binary_crosentropy')
    assert 'binary_crosentropy' in str(e.value) and 'binary_crossentropy' in str(e.value)


def test_hinge_losses_read_0_1_labels_as_minus_1_1(backend):
    # Keras 2.3 converts labels that are all 0 or 1 to -1/1 (metrics_test figures).
    y01 = np.array([[0, 1, 0, 1], [0, 0, 1, 1]], dtype='float32')
    pred = K.constant([[-0.3, 0.2, -0.1, 1.6], [-0.25, -1., 0.5, 0.6]])
    hinge = K.eval(K.mean(losses.hinge(K.constant(y01), pred)))
    np.testing.assert_allclose(hinge, 0.506, atol=1e-3)
    np.testing.assert_allclose(K.eval(K.mean(losses.hinge(K.constant(2 * y01 - 1), pred))), hinge,
                               rtol=1e-6)
    np.testing.assert_allclose(K.eval(K.mean(losses.squared_hinge(K.constant(y01), pred))), 0.364,
                               atol=1e-3)
    # Labels that are not all 0/1 are used as they are: 1 - 0.5 * 2 = 0.
    np.testing.assert_allclose(K.eval(losses.hinge(K.constant([[0.5]]), K.constant([[2.]]))), [0.])


def test_binary_crossentropy_takes_integer_targets(backend):
    # Keras 2.3 casts the targets to the predictions' dtype (losses_test figure).
    loss = losses.BinaryCrossentropy()(np.array([[1, 0], [1, 0]]),
                                       np.array([[1., 1.], [1., 0.]], dtype='float32'))
    np.testing.assert_allclose(K.eval(loss), 3.833, atol=1e-3)


def test_optimizer_config_round_trip_lowercases_builtin_names():
    # Keras 2.3: deserialize() lowercases a built-in class name in the config
    # it is given (Keras's optimizers_test compares the configs after it).
    config = optimizers.serialize(optimizers.SGD(lr=0.1, nesterov=True))
    assert config['class_name'] == 'SGD'
    sgd = optimizers.deserialize(config)
    assert isinstance(sgd, optimizers.SGD) and sgd.get_config()['nesterov'] is True
    assert config['class_name'] == 'sgd'
