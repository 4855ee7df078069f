"""Core pieces the R package relies on: LambdaCallback's Keras 2.3 hooks,
FunctionBatches (batches from an R function) and the Keras API version."""
import numpy as np
import pytest

import multikeras
from multikeras.callbacks import CallbackList, LambdaCallback
from multikeras.utils import data_utils


def test_keras_api_version_is_2_3_1():
    assert multikeras.__keras_version__ == '2.3.1'


def test_lambda_callback_has_every_keras_2_3_hook():
    seen = []
    hooks = {name: (lambda name: lambda *args: seen.append(name))(name) for name in (
        'on_test_begin', 'on_test_end', 'on_predict_begin', 'on_predict_end',
        'on_test_batch_begin', 'on_test_batch_end', 'on_predict_batch_begin',
        'on_predict_batch_end', 'on_train_batch_begin', 'on_train_batch_end')}
    cb = LambdaCallback(**hooks)
    cb.on_test_begin({})
    cb.on_test_batch_begin(0, {})
    cb.on_test_batch_end(0, {})
    cb.on_test_end({})
    cb.on_predict_begin({})
    cb.on_predict_batch_begin(0, {})
    cb.on_predict_batch_end(0, {})
    cb.on_predict_end({})
    # the train batch hooks are the batch hooks of fit()
    CallbackList([cb]).on_batch_begin(0, {})
    CallbackList([cb]).on_batch_end(0, {})
    assert seen == ['on_test_begin', 'on_test_batch_begin', 'on_test_batch_end', 'on_test_end',
                    'on_predict_begin', 'on_predict_batch_begin', 'on_predict_batch_end',
                    'on_predict_end', 'on_train_batch_begin', 'on_train_batch_end']


def test_lambda_callback_defaults_do_nothing_and_keep_batch_hooks_off():
    cb = LambdaCallback()
    for name in ('on_test_begin', 'on_predict_end', 'on_train_begin'):
        assert getattr(cb, name)({}) is None
    assert cb.on_predict_batch_end(0, {}) is None
    assert CallbackList([cb])._with_batch_hooks('train') == []


def test_lambda_callback_refuses_a_batch_hook_under_both_names():
    with pytest.raises(ValueError, match='not both'):
        LambdaCallback(on_batch_end=lambda b, l: None, on_train_batch_end=lambda b, l: None)


def test_function_batches_convert_and_are_main_thread_only():
    calls = []

    def next_batch():
        calls.append(1)
        x = np.asfortranarray(np.arange(6, dtype='float64').reshape((3, 2)))
        return x, [np.ones(3, dtype='int32')]

    batches = data_utils.FunctionBatches(next_batch, 'float32')
    assert data_utils.is_main_thread_only(batches)
    x, (y,) = next(batches)
    assert x.dtype == np.float32 and x.flags['C_CONTIGUOUS']
    np.testing.assert_array_equal(x, np.arange(6).reshape((3, 2)))
    assert y.dtype == np.float32
    assert iter(batches) is batches
    inputs = data_utils.FunctionBatches(lambda: [np.zeros((2, 1))], 'float64', inputs_only=True)
    (only,) = next(inputs)
    assert only.dtype == np.float64
    assert len(calls) == 1
