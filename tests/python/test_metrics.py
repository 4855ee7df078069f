"""Metric functions and stateful metric classes (Keras 2.3), on every symbolic backend.

Each class is checked against numpy code written from the documented
semantics: after one batch, after a second (the state accumulates) and after
a reset. In models: the values shown during an epoch accumulate over its
batches, the epoch and `evaluate()` values cover the whole set (AUC over many
batches equals AUC on all samples at once), and the errors name what is wrong.
"""
import numpy as np
import pytest

from multikeras import backend as K
from multikeras import callbacks, layers, losses, metrics, models, optimizers

EPS = 1e-7
rng = np.random.RandomState(7)
N = 24


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def make_batch(n):
    """Inputs of every kind the metrics take, as numpy arrays."""
    labels = rng.randint(0, 4, size=n)
    return {
        'yb': (rng.rand(n, 3) > 0.5).astype('float32'),          # binary targets
        'pb': rng.uniform(0.02, 0.98, size=(n, 3)).astype('float32'),
        'yc': np.eye(4, dtype='float32')[labels],                  # one-hot targets
        'pc': softmax(rng.randn(n, 4)).astype('float32'),
        'ys': labels.reshape(n, 1).astype('float32'),              # integer labels
        'ls': rng.randint(0, 4, size=(n, 1)).astype('float32'),    # predicted labels
        'yr': rng.uniform(0.1, 2., size=(n, 3)).astype('float32'),  # regression
        'pr': rng.uniform(0.1, 2., size=(n, 3)).astype('float32'),
        'w': rng.uniform(0., 2., size=(n,)).astype('float32'),
    }


BATCH_A, BATCH_B = make_batch(N), make_batch(N - 5)
for _batch in (BATCH_A, BATCH_B):
    _batch['yh'] = 2. * _batch['yb'] - 1.                         # -1/1 targets (hinge)
BOTH = {k: np.concatenate([BATCH_A[k], BATCH_B[k]]) for k in BATCH_A}

# -- numpy references ---------------------------------------------------------------------


def weighted_mean(values, w=None):
    values = values.reshape(values.shape[0], -1)
    w = np.ones(values.shape[0]) if w is None else w
    w = np.broadcast_to(w[:, None], values.shape)
    return (values * w).sum() / w.sum()


def counts(y, p, thresholds, w=None):
    """tp, fp, tn, fn at each threshold: a prediction > t is positive, a target != 0 is."""
    truth = (y != 0).reshape(-1)
    w = np.ones(y.shape) if w is None else np.broadcast_to(
        w.reshape((-1,) + (1,) * (y.ndim - 1)), y.shape)
    w = w.reshape(-1)
    above = p.reshape(1, -1) > np.asarray(thresholds).reshape(-1, 1)
    tp = (above * truth * w).sum(1)
    fp = (above * ~truth * w).sum(1)
    return tp, fp, (~above * ~truth * w).sum(1), (~above * truth * w).sum(1)


def ratio(a, b):
    return np.where(b > 0, a / np.where(b > 0, b, 1), 0.)


def auc_thresholds(n):
    return [-EPS] + [(i + 1) / (n - 1) for i in range(n - 2)] + [1 + EPS]


def roc_auc(y, p, n, w=None, heights='mid'):
    tp, fp, tn, fn = counts(y, p, auc_thresholds(n), w)
    x, h = ratio(fp, fp + tn), ratio(tp, tp + fn)
    step = {'mid': (h[:-1] + h[1:]) / 2, 'min': np.minimum(h[:-1], h[1:]),
            'max': np.maximum(h[:-1], h[1:])}[heights]
    return float(((x[:-1] - x[1:]) * step).sum())


def pr_auc_minoring(y, p, n):
    tp, fp, tn, fn = counts(y, p, auc_thresholds(n))
    recall, precision = ratio(tp, tp + fn), ratio(tp, tp + fp)
    return float(((recall[:-1] - recall[1:]) * np.minimum(precision[:-1], precision[1:])).sum())


def pr_auc_interpolated(y, p, n):
    """Precision integrated over recall numerically, with tp and tp + fp linear
    between neighbouring thresholds (Davis & Goadrich)."""
    tp, fp, tn, fn = counts(y, p, auc_thresholds(n))
    positives = tp[0] + fn[0]
    s = (np.arange(4000) + 0.5) / 4000
    area = 0.
    for i in range(len(tp) - 1):
        dtp = tp[i] - tp[i + 1]
        if dtp <= 0:
            continue
        tps = tp[i + 1] + s * dtp
        ps = (tp[i + 1] + fp[i + 1]) + s * ((tp[i] + fp[i]) - (tp[i + 1] + fp[i + 1]))
        area += np.mean(tps / ps) * dtp / positives
    return area


def evenly(n):
    return [0.0] + [(i + 1) / (n - 1) for i in range(n - 2)] + [1.0]


def sensitivity_at_specificity(y, p, value, n):
    tp, fp, tn, fn = counts(y, p, evenly(n))
    i = int(np.argmin(np.abs(ratio(tn, tn + fp) - value)))
    return ratio(tp[i:i + 1], tp[i:i + 1] + fn[i:i + 1])[0]


def specificity_at_sensitivity(y, p, value, n):
    tp, fp, tn, fn = counts(y, p, evenly(n))
    i = int(np.argmin(np.abs(ratio(tp, tp + fn) - value)))
    return ratio(tn[i:i + 1], tn[i:i + 1] + fp[i:i + 1])[0]


def top_k_mask(p, k):
    # Of equal values, the first rank higher (tf.nn.top_k's order, which Keras uses).
    first = np.arange(p.shape[-1])[None, :] < np.arange(p.shape[-1])[:, None]
    rank = ((p[:, None, :] > p[:, :, None]) | ((p[:, None, :] == p[:, :, None]) & first)).sum(-1)
    return np.where(rank < k, p, -1e10)


def mean_iou(y, p, classes, w=None):
    w = np.ones(len(y.reshape(-1))) if w is None else w
    cm = np.zeros((classes, classes))
    for t, q, wi in zip(y.reshape(-1).astype(int), p.reshape(-1).astype(int), w):
        cm[t, q] += wi
    hits = np.diag(cm)
    union = cm.sum(0) + cm.sum(1) - hits
    return ratio(hits, union).sum() / (union > 0).sum()


def clip(p):
    return np.clip(p, EPS, 1 - EPS)


def in_top_k(p, labels, k):
    rank = (p > p[np.arange(len(p)), labels][:, None]).sum(-1)
    return (rank < k).astype(float)


# (metric factory, (y key, p key), weighted, reference(batch) -> value)
CASES = [
    (lambda: metrics.Mean(), ('yr', None), True,
     lambda d: weighted_mean(d['yr'], d['w'])),
    (lambda: metrics.Sum(), ('yr', None), True,
     lambda d: float((d['yr'] * d['w'][:, None]).sum())),
    (lambda: metrics.Accuracy(), ('ys', 'ls'), False,
     lambda d: weighted_mean(d['ys'] == d['ls'])),
    (lambda: metrics.BinaryAccuracy(threshold=0.3), ('yb', 'pb'), True,
     lambda d: weighted_mean((d['yb'] == (d['pb'] > 0.3)).mean(-1), d['w'])),
    (lambda: metrics.CategoricalAccuracy(), ('yc', 'pc'), False,
     lambda d: weighted_mean(d['yc'].argmax(-1) == d['pc'].argmax(-1))),
    (lambda: metrics.SparseCategoricalAccuracy(), ('ys', 'pc'), False,
     lambda d: weighted_mean(d['ys'][:, 0] == d['pc'].argmax(-1))),
    (lambda: metrics.TopKCategoricalAccuracy(k=2), ('yc', 'pc'), False,
     lambda d: weighted_mean(in_top_k(d['pc'], d['yc'].argmax(-1), 2))),
    (lambda: metrics.SparseTopKCategoricalAccuracy(k=3), ('ys', 'pc'), False,
     lambda d: weighted_mean(in_top_k(d['pc'], d['ys'][:, 0].astype(int), 3))),
    (lambda: metrics.BinaryCrossentropy(label_smoothing=0.2), ('yb', 'pb'), False,
     lambda d: weighted_mean(-np.mean(
         (d['yb'] * 0.8 + 0.1) * np.log(clip(d['pb'])) +
         (1 - (d['yb'] * 0.8 + 0.1)) * np.log(1 - clip(d['pb'])), -1))),
    (lambda: metrics.CategoricalCrossentropy(label_smoothing=0.1), ('yc', 'pc'), False,
     lambda d: weighted_mean(-((d['yc'] * 0.9 + 0.025) * np.log(clip(d['pc']))).sum(-1))),
    (lambda: metrics.SparseCategoricalCrossentropy(), ('ys', 'pc'), True,
     lambda d: weighted_mean(-np.log(clip(d['pc'][np.arange(len(d['ys'])),
                                                   d['ys'][:, 0].astype(int)])), d['w'])),
    (lambda: metrics.Hinge(), ('yh', 'pb'), False,
     lambda d: weighted_mean(np.maximum(1 - d['yh'] * d['pb'], 0).mean(-1))),
    (lambda: metrics.SquaredHinge(), ('yh', 'pb'), False,
     lambda d: weighted_mean((np.maximum(1 - d['yh'] * d['pb'], 0) ** 2).mean(-1))),
    (lambda: metrics.CategoricalHinge(), ('yc', 'pc'), False,
     lambda d: weighted_mean(np.maximum(
         0, ((1 - d['yc']) * d['pc']).max(-1) - (d['yc'] * d['pc']).sum(-1) + 1))),
    (lambda: metrics.KLDivergence(), ('yc', 'pc'), False,
     lambda d: weighted_mean((np.clip(d['yc'], EPS, 1) * np.log(
         np.clip(d['yc'], EPS, 1) / np.clip(d['pc'], EPS, 1))).sum(-1))),
    (lambda: metrics.Poisson(), ('yr', 'pr'), False,
     lambda d: weighted_mean((d['pr'] - d['yr'] * np.log(d['pr'] + EPS)).mean(-1))),
    (lambda: metrics.MeanSquaredError(), ('yr', 'pr'), True,
     lambda d: weighted_mean(((d['yr'] - d['pr']) ** 2).mean(-1), d['w'])),
    (lambda: metrics.MeanAbsoluteError(), ('yr', 'pr'), False,
     lambda d: weighted_mean(np.abs(d['yr'] - d['pr']).mean(-1))),
    (lambda: metrics.MeanAbsolutePercentageError(), ('yr', 'pr'), False,
     lambda d: weighted_mean(100 * (np.abs(d['yr'] - d['pr']) / d['yr']).mean(-1))),
    (lambda: metrics.MeanSquaredLogarithmicError(), ('yr', 'pr'), False,
     lambda d: weighted_mean(((np.log1p(d['pr']) - np.log1p(d['yr'])) ** 2).mean(-1))),
    (lambda: metrics.LogCoshError(), ('yr', 'pr'), False,
     lambda d: weighted_mean(np.log(np.cosh(d['pr'] - d['yr'])).mean(-1))),
    (lambda: metrics.CosineSimilarity(), ('yr', 'pr'), False,
     lambda d: weighted_mean((d['yr'] * d['pr']).sum(-1) / np.linalg.norm(d['yr'], axis=-1) /
                             np.linalg.norm(d['pr'], axis=-1))),
    (lambda: metrics.RootMeanSquaredError(), ('yr', 'pr'), True,
     lambda d: np.sqrt(weighted_mean((d['yr'] - d['pr']) ** 2, d['w']))),
    (lambda: metrics.TruePositives(thresholds=[0.3, 0.6]), ('yb', 'pb'), True,
     lambda d: counts(d['yb'], d['pb'], [0.3, 0.6], d['w'])[0]),
    (lambda: metrics.FalsePositives(), ('yb', 'pb'), False,
     lambda d: counts(d['yb'], d['pb'], [0.5])[1][0]),
    (lambda: metrics.TrueNegatives(thresholds=0.7), ('yb', 'pb'), False,
     lambda d: counts(d['yb'], d['pb'], [0.7])[2][0]),
    (lambda: metrics.FalseNegatives(thresholds=[0.2, 0.5, 0.9]), ('yb', 'pb'), False,
     lambda d: counts(d['yb'], d['pb'], [0.2, 0.5, 0.9])[3]),
    (lambda: metrics.Precision(), ('yb', 'pb'), True,
     lambda d: (lambda c: c[0][0] / (c[0][0] + c[1][0]))(counts(d['yb'], d['pb'], [.5], d['w']))),
    (lambda: metrics.Precision(top_k=1), ('yc', 'pc'), False,
     lambda d: (lambda c: c[0][0] / (c[0][0] + c[1][0]))(
         counts(d['yc'], top_k_mask(d['pc'], 1), [-1e10]))),
    (lambda: metrics.Precision(class_id=1, thresholds=0.4), ('yb', 'pb'), False,
     lambda d: (lambda c: c[0][0] / (c[0][0] + c[1][0]))(
         counts(d['yb'][:, 1], d['pb'][:, 1], [.4]))),
    (lambda: metrics.Recall(thresholds=[0.3, 0.7]), ('yb', 'pb'), False,
     lambda d: (lambda c: c[0] / (c[0] + c[3]))(counts(d['yb'], d['pb'], [.3, .7]))),
    (lambda: metrics.Recall(top_k=2, class_id=3), ('yc', 'pc'), False,
     lambda d: (lambda c: c[0][0] / (c[0][0] + c[3][0]))(
         counts(d['yc'][:, 3], top_k_mask(d['pc'], 2)[:, 3], [-1e10]))),
    (lambda: metrics.AUC(num_thresholds=20), ('yb', 'pb'), False,
     lambda d: roc_auc(d['yb'], d['pb'], 20)),
    (lambda: metrics.AUC(num_thresholds=15, summation_method='majoring'), ('yb', 'pb'), True,
     lambda d: roc_auc(d['yb'], d['pb'], 15, d['w'], heights='max')),
    (lambda: metrics.AUC(num_thresholds=25, curve='PR'), ('yb', 'pb'), False,
     lambda d: pr_auc_interpolated(d['yb'], d['pb'], 25)),
    (lambda: metrics.AUC(num_thresholds=25, curve='PR', summation_method='minoring'),
     ('yb', 'pb'), False, lambda d: pr_auc_minoring(d['yb'], d['pb'], 25)),
    (lambda: metrics.SensitivityAtSpecificity(0.61, num_thresholds=11), ('yb', 'pb'), False,
     lambda d: sensitivity_at_specificity(d['yb'], d['pb'], 0.61, 11)),
    (lambda: metrics.SpecificityAtSensitivity(0.47, num_thresholds=11), ('yb', 'pb'), False,
     lambda d: specificity_at_sensitivity(d['yb'], d['pb'], 0.47, 11)),
    (lambda: metrics.MeanIoU(num_classes=4), ('ys', 'ls'), True,
     lambda d: mean_iou(d['ys'], d['ls'], 4, d['w'])),
]


def test_metric_classes_against_numpy(backend):
    """All classes in one backend function: batch A, then B (accumulated), then reset + B."""
    keys = sorted(BATCH_A)
    # Shaped predictions and ndim-only targets, as in a compiled model.
    holders = {k: K.placeholder(shape=(None,) + BATCH_A[k].shape[1:], name=k)
               if k.startswith('p') else K.placeholder(ndim=BATCH_A[k].ndim, name=k)
               for k in keys}
    objects, results, updates = [], [], []
    for factory, (y_key, p_key), weighted, _ in CASES:
        m = factory()
        args = [holders[y_key]] + ([holders[p_key]] if p_key else [])
        result, ups = m.update_and_result(*args, sample_weight=holders['w'] if weighted else None)
        objects.append(m)
        results.append(result)
        updates += ups
    f = K.function([holders[k] for k in keys], results, updates=updates)

    def check(outs, data, stage):
        for (factory, _, _, reference), out, m in zip(CASES, outs, objects):
            np.testing.assert_allclose(out, reference(data), rtol=2e-4, atol=2e-5,
                                       err_msg='%s after %s' % (m.name, stage))

    check(f([BATCH_A[k] for k in keys]), BATCH_A, 'one batch')
    check(f([BATCH_B[k] for k in keys]), BOTH, 'two batches')
    # result() reads the variables, which now hold the accumulated state.
    np.testing.assert_allclose(K.eval(objects[-7].result()), CASES[-7][3](BOTH), rtol=2e-4)
    for m in objects:
        m.reset_states()
    assert K.eval(objects[0].result()) == 0.
    check(f([BATCH_B[k] for k in keys]), BATCH_B, 'a reset and one batch')


def test_standalone_calls_on_numpy_values(backend):
    m = metrics.AUC(num_thresholds=20)
    m.update_state(BATCH_A['yb'], BATCH_A['pb'])
    np.testing.assert_allclose(K.eval(m.result()), roc_auc(BATCH_A['yb'], BATCH_A['pb'], 20),
                               rtol=1e-5)
    value = m(BATCH_B['yb'], BATCH_B['pb'])   # update, then the result as a value
    np.testing.assert_allclose(value, roc_auc(BOTH['yb'], BOTH['pb'], 20), rtol=1e-5)
    m.reset_states()
    np.testing.assert_allclose(m([[1.], [0.]], [[0.9], [0.2]]), 1.)


def test_calls_on_tensors_update_when_the_result_is_evaluated(backend):
    """`metric(tensors)` returns its result tensor; evaluating it applies the
    metric's update (as Keras's assign ops do), so calls accumulate; the state
    variables are named as in Keras, without the metric's name."""
    p = metrics.Precision(name='my_precision', top_k=2)
    assert [v.name.split(':')[0].split('/')[-1] for v in p.weights] == \
        ['true_positives', 'false_positives']
    if backend == 'tensorflow':
        assert [v.name for v in p.weights] == ['true_positives:0', 'false_positives:0']
    result = p(K.constant([[0, 1, 1, 0, 1]]), K.constant([[0.2, 0.1, 0.4, 0., 0.3]]))
    # top 2: 0.4 (a positive) and 0.3 (a positive)
    assert np.isclose(K.eval(result), 1.)
    assert np.isclose(K.eval(p.true_positives), 2.) and np.isclose(K.eval(p.false_positives), 0.)
    result = p(K.constant([[1, 0, 0, 0, 0]]), K.constant([[0.9, 0.8, 0., 0., 0.]]),
               sample_weight=K.constant(3.))
    # top 2: 0.9 (a positive, weight 3) and 0.8 (a negative, weight 3)
    assert np.isclose(K.eval(result), 5. / 8.)
    assert np.isclose(K.eval(p.true_positives), 5.) and np.isclose(K.eval(p.false_positives), 3.)
    assert np.isclose(K.eval(p.result()), 5. / 8.)   # reading the result alone changes nothing
    assert np.isclose(K.eval(p.true_positives), 5.)
    # Of equal predictions the first ones make the top k (as tf.nn.top_k orders them).
    p.reset_states()
    K.eval(p(K.constant([[0, 1, 1, 0]]), K.constant([[0.5, 0.5, 0.5, 0.]])))
    assert np.isclose(K.eval(p.true_positives), 1.) and np.isclose(K.eval(p.false_positives), 1.)


def test_metric_functions(backend):
    y = K.placeholder(ndim=2)
    p = K.placeholder(shape=(None, 4))
    labels = K.placeholder(ndim=2)
    f = K.function([y, p, labels], [
        metrics.accuracy(y, p), metrics.top_k_categorical_accuracy(y, p, k=2),
        metrics.sparse_top_k_categorical_accuracy(labels, p, k=1),
        metrics.cosine_similarity(y, p)])
    d = BATCH_A
    acc, top2, top1, cos = f([d['yc'], d['pc'], d['ys']])
    np.testing.assert_allclose(acc, (d['yc'] == d['pc']).astype(float))
    np.testing.assert_allclose(top2, in_top_k(d['pc'], d['yc'].argmax(-1), 2))
    np.testing.assert_allclose(top1, d['pc'].argmax(-1) == d['ys'][:, 0])
    np.testing.assert_allclose(cos, (d['yc'] * d['pc']).sum(-1) / np.linalg.norm(d['pc'], axis=-1),
                               rtol=1e-5)


# -- in models ------------------------------------------------------------------------------

X = rng.randn(40, 3).astype('float32')
Y = (X[:, :1] + 0.7 * rng.randn(40, 1) > 0).astype('float32')
XV = rng.randn(15, 3).astype('float32')
YV = (XV[:, :1] > 0).astype('float32')


def frozen_model():
    """A logistic model trained with a zero learning rate: its predictions stay fixed."""
    np.random.seed(3)
    model = models.Sequential([layers.Dense(1, activation='sigmoid', input_shape=(3,))])
    model.compile(optimizers.SGD(lr=0.), 'binary_crossentropy',
                  metrics=['accuracy', metrics.AUC(num_thresholds=30), 'mae'])
    return model


class BatchLogs(callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.logs = []

    def on_batch_end(self, batch, logs=None):
        self.logs.append(dict(logs))


def test_values_accumulate_over_the_epoch_and_evaluate_covers_the_set(backend):
    model = frozen_model()
    p = model.predict(X)
    recorder = BatchLogs()
    history = model.fit(X, Y, batch_size=10, epochs=2, shuffle=False, verbose=0,
                        validation_data=(XV, YV), callbacks=[recorder])
    assert model.metrics_names == ['loss', 'accuracy', 'auc', 'mae']
    # During the epoch: running values over the batches seen so far.
    for i, logs in enumerate(recorder.logs[:4]):
        seen = slice(0, 10 * (i + 1))
        np.testing.assert_allclose(logs['accuracy'], np.mean((p[seen] > .5) == Y[seen]),
                                   rtol=1e-5)
        np.testing.assert_allclose(logs['auc'], roc_auc(Y[seen], p[seen], 30), rtol=1e-4)
    # Each epoch starts afresh and ends with the whole set's values.
    bce = -np.mean(Y * np.log(clip(p)) + (1 - Y) * np.log(1 - clip(p)))
    pv = model.predict(XV)
    for epoch in range(2):
        np.testing.assert_allclose(history.history['accuracy'][epoch], np.mean((p > .5) == Y),
                                   rtol=1e-5)
        np.testing.assert_allclose(history.history['auc'][epoch], roc_auc(Y, p, 30), rtol=1e-4)
        np.testing.assert_allclose(history.history['mae'][epoch], np.mean(np.abs(p - Y)),
                                   rtol=1e-4)
        np.testing.assert_allclose(history.history['loss'][epoch], bce, rtol=1e-4)
        np.testing.assert_allclose(history.history['val_auc'][epoch], roc_auc(YV, pv, 30),
                                   rtol=1e-4)
    # AUC over many small batches equals AUC on the whole set at once.
    small = model.evaluate(X, Y, batch_size=3, verbose=0)
    whole = model.evaluate(X, Y, batch_size=len(X), verbose=0)
    np.testing.assert_allclose(small, whole, rtol=1e-5)
    np.testing.assert_allclose(small[2], roc_auc(Y, p, 30), rtol=1e-4)
    np.testing.assert_allclose(small[2], metrics.AUC(num_thresholds=30)(Y, p), rtol=1e-5)
    # train_on_batch / test_on_batch: one batch each, unless told to accumulate.
    first = model.test_on_batch(X[:10], Y[:10])
    np.testing.assert_allclose(first[1], np.mean((p[:10] > .5) == Y[:10]), rtol=1e-5)
    model.test_on_batch(X[10:20], Y[10:20], reset_metrics=True)
    both = model.test_on_batch(X[:10], Y[:10], reset_metrics=False)
    np.testing.assert_allclose(both[1], np.mean((p[:20] > .5) == np.concatenate(
        [Y[10:20], Y[:10]])), rtol=1e-5)


def test_multiple_outputs_weighted_metrics_and_names(backend):
    inp = layers.Input((3,))
    out1 = layers.Dense(1, activation='sigmoid', name='a')(inp)
    out2 = layers.Dense(1, activation='sigmoid', name='b')(inp)
    model = models.Model(inp, [out1, out2])
    shared = metrics.Precision()
    model.compile(optimizers.SGD(lr=0.), ['binary_crossentropy', losses.BinaryCrossentropy()],
                  metrics=[shared, 'mse', 'mse'], weighted_metrics=['mae'])
    assert model.metrics_names == ['loss', 'a_loss', 'b_loss', 'a_precision', 'a_mse',
                                   'a_mse_1', 'a_mae', 'b_precision', 'b_mse',
                                   'b_mse_1', 'b_mae']
    # The same object on two outputs: the second gets a copy with its own state.
    objects = model.stateful_metric_functions
    assert objects[0] is shared and objects[4] is not shared
    w = np.linspace(0., 1., len(X)).astype('float32')
    out = model.evaluate(X, [Y, Y], sample_weight=[w, w], batch_size=7, verbose=0)
    pa, pb = model.predict(X)
    np.testing.assert_allclose(out[6], np.sum(np.abs(pa - Y)[:, 0] * w) / w.sum(), rtol=1e-4)
    tp, fp = counts(Y, pa, [.5])[:2]
    np.testing.assert_allclose(out[3], tp[0] / (tp[0] + fp[0]), rtol=1e-5)
    np.testing.assert_allclose(out[9], np.mean((pb - Y) ** 2), rtol=1e-4)


def test_errors_name_what_is_wrong(backend):
    model = models.Sequential([layers.Dense(2, activation='softmax', input_shape=(3,))])
    with pytest.raises(ValueError) as e:
        model.compile('sgd', 'categorical_crossentropy', metrics=['acuracy'])
    assert "'acuracy'" in str(e.value) and 'categorical_accuracy' in str(e.value) \
        and 'AUC' in str(e.value)
    with pytest.raises(ValueError) as e:
        model.compile('sgd', 'categorical_crossentropy', metrics=[metrics.Recall(class_id=4)])
    assert '(None, 2)' in str(e.value) and 'class_id=4' in str(e.value)

    class PerClassSum(metrics.Metric):
        def __init__(self, name='per_class_sum', **kwargs):
            super(PerClassSum, self).__init__(name=name, **kwargs)
            self.total = self.add_weight('total', shape=(3,))

        def update_state(self, y_true, y_pred, sample_weight=None):
            return [K.update_add(self.total, K.sum(y_pred, axis=0))]

        def result(self):
            return K.sum(self.total)

    if backend == 'theano':
        # Theano knows the sizes only when data flows: the first batch fails.
        model.compile('sgd', 'categorical_crossentropy', metrics=[PerClassSum()])
        with pytest.raises(ValueError, match='shape'):
            model.evaluate(np.zeros((2, 3)), np.zeros((2, 2)), verbose=0)
        return
    with pytest.raises(ValueError) as e:
        model.compile('sgd', 'categorical_crossentropy', metrics=[PerClassSum()])
    message = str(e.value)
    assert 'per_class_sum' in message and '(None, 2)' in message and '(3,)' in message


def test_custom_metric_subclass_in_fit(backend):
    class Largest(metrics.Metric):
        """The largest prediction seen."""

        def __init__(self, name='largest', **kwargs):
            super(Largest, self).__init__(name=name, **kwargs)
            self.top = self.add_weight('top')

        def update_state(self, y_true, y_pred, sample_weight=None):
            return K.update(self.top, K.maximum(self.top, K.max(y_pred)))

        def result(self):
            return self.top * 1.

    model = frozen_model()
    model.compile(optimizers.SGD(lr=0.), 'binary_crossentropy', metrics=[Largest()])
    history = model.fit(X, Y, batch_size=8, epochs=1, verbose=0)
    np.testing.assert_allclose(history.history['largest'][0], model.predict(X).max(), rtol=1e-6)


def test_serialize_get_and_clone(backend):
    auc = metrics.AUC(num_thresholds=7, curve='pr', summation_method='Minoring', name='prauc')
    config = metrics.serialize(auc)
    assert config['class_name'] == 'AUC' and config['config']['curve'] == 'PR'
    again = metrics.deserialize(config)
    assert isinstance(again, metrics.AUC) and again.thresholds == auc.thresholds
    assert again.name == 'prauc' and again.summation_method == 'minoring'
    assert isinstance(metrics.get('AUC'), metrics.AUC)
    assert isinstance(metrics.get(metrics.Precision), metrics.Precision)
    assert metrics.get(auc) is auc
    assert metrics.get('top_k_categorical_accuracy') is metrics.top_k_categorical_accuracy
    assert metrics.serialize(metrics.binary_accuracy) == 'binary_accuracy'
    assert metrics.serialize(metrics.Recall) == 'Recall'
    wrapper = metrics.MeanMetricWrapper(metrics.top_k_categorical_accuracy, k=2)
    copy = metrics.deserialize(metrics.serialize(wrapper))
    assert copy._fn is metrics.top_k_categorical_accuracy and copy._fn_kwargs == {'k': 2}
    auc.update_state([[1.], [0.]], [[0.8], [0.3]])
    clone = metrics.clone_metric(auc)
    assert clone is not auc and clone.get_config() == auc.get_config()
    assert float(np.sum(K.get_value(clone.true_positives))) == 0.
    assert metrics.clone_metric(metrics.mse) is metrics.mse
    cloned = metrics.clone_metrics({'out': auc, 'other': 'mse'})
    assert isinstance(cloned['out'], metrics.AUC) and cloned['out'] is not auc
    assert cloned['other'] == 'mse' and metrics.clone_metrics(None) is None
    with pytest.raises(ValueError, match='curve'):
        metrics.AUC(curve='XY')
    with pytest.raises(ValueError, match='summation_method'):
        metrics.AUC(summation_method='trapezoid')
