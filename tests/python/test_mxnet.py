"""The mxnet backend: training through the normal API, what it does around MXNet
(executors, gradient stand-ins, host-side results) and its errors.

Skipped, with the reason printed (`pytest -rs`), when MXNet is not installed
(`pip install --no-deps mxnet==1.9.1`).
"""
import os
import subprocess
import sys

import numpy as np
import pytest

from multikeras import backend as K
from multikeras import layers, models, optimizers
from multikeras.backend import numpy_backend as NP

from conftest import activate

HERE = os.path.dirname(os.path.abspath(__file__))
CORE = os.path.join(HERE, '..', '..', 'inst', 'python')
ATOL = 1e-5


@pytest.fixture
def mxnet():
    activate('mxnet')
    K.set_floatx('float32')
    K.set_image_data_format('channels_last')
    yield K
    K.set_image_data_format('channels_last')


def digits():
    from sklearn.datasets import load_digits
    d = load_digits()
    x = (d.data / 16.).astype('float32')
    y = np.eye(10, dtype='float32')[d.target]
    return x, y


# -- training through the normal API -----------------------------------------------------

def test_mlp_learns_digits(mxnet):
    x, y = digits()
    np.random.seed(1)
    model = models.Sequential([layers.Dense(32, activation='relu', input_shape=(64,)),
                               layers.Dropout(0.1),
                               layers.Dense(10, activation='softmax')])
    model.compile(optimizer=optimizers.SGD(lr=0.1, momentum=0.9),
                  loss='categorical_crossentropy', metrics=['accuracy'])
    history = model.fit(x, y, epochs=10, batch_size=32, verbose=0)
    assert history.history['loss'][-1] < history.history['loss'][0]
    loss, acc = model.evaluate(x, y, verbose=0)
    assert acc >= 0.95, acc
    # prediction is deterministic (dropout is off outside training)
    p1, p2 = model.predict(x[:50]), model.predict(x[:50])
    np.testing.assert_array_equal(p1, p2)
    assert np.mean(np.argmax(model.predict(x), 1) == np.argmax(y, 1)) >= 0.95


def test_cnn_learns_digits(mxnet):
    x, y = digits()
    x = x.reshape(-1, 8, 8, 1)
    np.random.seed(2)
    model = models.Sequential([layers.Conv2D(16, (3, 3), activation='relu', input_shape=(8, 8, 1)),
                               layers.MaxPooling2D((2, 2)),
                               layers.Flatten(),
                               layers.Dense(10, activation='softmax')])
    model.compile(optimizer=optimizers.Adam(lr=0.01), loss='categorical_crossentropy',
                  metrics=['accuracy'])
    model.fit(x, y, epochs=8, batch_size=32, verbose=0)
    loss, acc = model.evaluate(x, y, verbose=0)
    assert acc >= 0.95, acc
