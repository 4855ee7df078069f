"""multikeras.activations: lookup and argument checks, as in Keras 2.3."""
import numpy as np
import pytest

from multikeras import activations, layers
from multikeras import backend as K


def test_get_warns_for_a_layer_instance():
    layer = layers.Dense(2)
    with pytest.warns(UserWarning, match='Do not pass a layer instance'):
        assert activations.get(layer) is layer
    assert activations.get(None) is activations.linear
    with pytest.raises(ValueError):
        activations.get(1)


def test_softmax_refuses_1d_and_works_on_higher_ranks(backend):
    with pytest.raises(ValueError, match='2 or more dimensions'):
        activations.softmax(K.placeholder(ndim=1))
    x = np.random.RandomState(0).rand(2, 3, 4).astype('float32')
    for axis in (-1, 1):
        e = np.exp(x - x.max(axis=axis, keepdims=True))
        np.testing.assert_allclose(K.eval(activations.softmax(K.constant(x), axis=axis)),
                                   e / e.sum(axis=axis, keepdims=True), rtol=1e-5)
