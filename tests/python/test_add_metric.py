"""Keras 2.3's `add_metric()` on layers and models, and `Model.metrics`, on every
backend: the metrics are reported in training and evaluation, averaged over the
batches, after those of compile()."""
import numpy as np
import pytest

from multikeras import backend as K
from multikeras import metrics
from multikeras.layers import Dense, Input, Layer
from multikeras.models import Model


class SumMetricLayer(Layer):
    """Adds 1 to its inputs and reports their sum as `metric_1`."""

    def call(self, inputs):
        self.add_metric(K.sum(inputs), name='metric_1')
        return inputs + 1


def test_add_metric_on_model_is_reported_in_fit_and_evaluate(backend):
    x = Input(shape=(1,))
    y = Dense(1, kernel_initializer='ones', trainable=False)(x)
    model = Model(x, y)
    model.add_metric(K.sum(y), name='metric_1')
    model.add_metric(metrics.Mean(name='metric_2')(y))
    model.compile('sgd', loss='mse', metrics=['mse'])
    assert model.metrics_names == ['loss', 'mse', 'metric_1', 'metric_2']
    assert [m.name for m in model.metrics] == ['mse', 'metric_1', 'metric_2']
    assert model._compile_metrics == ['mse']
    inputs, targets = np.ones((4, 1)), np.zeros((4, 1))
    history = model.fit(inputs, targets, epochs=2, batch_size=2, verbose=0,
                        validation_data=(inputs, targets))
    # The sum of a batch of 2 ones, averaged over batches; the mean of y.
    assert history.history['metric_1'] == [2., 2.]
    assert history.history['val_metric_1'] == [2., 2.]
    assert history.history['metric_2'][-1] == 1. and history.history['val_metric_2'][-1] == 1.
    results = model.evaluate(inputs, targets, batch_size=2, verbose=0)
    assert results[-2:] == [2., 1.]
    assert model.predict(inputs, batch_size=2).shape == (4, 1)
    assert model.train_on_batch(inputs, targets)[-2:] == [4., 1.]


def test_add_metric_in_layer_call_and_nested_layers(backend):
    inp = Input(shape=(1,))
    model = Model(inp, Dense(2, kernel_initializer='ones')(SumMetricLayer()(inp)))
    model.compile('adam', loss='mse')
    assert model.metrics_names == ['loss', 'metric_1']
    history = model.fit(np.ones((6, 1)), np.ones((6, 2)), epochs=1, batch_size=3, verbose=0,
                        validation_data=(np.ones((6, 1)), np.ones((6, 2))))
    assert history.history['metric_1'] == [3.] and history.history['val_metric_1'] == [3.]

    # A layer holding another layer that adds a metric: Model.metrics lists it.
    class Outer(Layer):
        def __init__(self):
            super(Outer, self).__init__()
            self.inner = SumMetricLayer()

        def call(self, inputs):
            return self.inner(inputs)

    outer_inp = Input(shape=(1,))
    outer = Model(outer_inp, Outer()(outer_inp))
    outer.compile('sgd', 'mse', metrics=[metrics.MeanSquaredError('metric_0')])
    assert [m.name for m in outer.metrics] == ['metric_0', 'metric_1']
    np.testing.assert_allclose(outer.evaluate(np.ones((2, 1)), 2 * np.ones((2, 1)), verbose=0),
                               [0., 0., 2.])


def test_add_metric_names_and_arguments(backend):
    inp = Input(shape=(1,))
    out = Dense(1)(inp)
    model = Model(inp, out)
    model.add_metric(K.sum(out), name='total')
    model.add_metric(K.sum(out), name='total')          # the same name: added once
    assert [m.name for m in model.metrics] == ['total']
    with pytest.raises(ValueError, match='aggregation'):
        model.add_metric(K.sum(out), name='other', aggregation='sum')
    # Two metrics of one name held by the layer: add_metric cannot tell them apart.
    model.first, model.second = metrics.Mean(name='twin'), metrics.Mean(name='twin')
    with pytest.raises(ValueError, match="2 metrics named 'twin'"):
        model.add_metric(model.first(out), name='twin')


def test_add_metric_after_compile_is_reported(backend):
    inp = Input(shape=(1,))
    out = Dense(1, kernel_initializer='zeros')(inp)
    model = Model(inp, out)
    model.compile('sgd', 'mse')
    model.add_metric(K.sum(inp), name='input_sum')
    assert model.evaluate(np.ones((3, 1)), np.zeros((3, 1)), batch_size=3, verbose=0) == [0., 3.]
    assert model.metrics_names == ['loss', 'input_sum']
