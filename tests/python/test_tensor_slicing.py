"""K.index_axes (the R interface's `x[i, j]` on tensors) against numpy indexing, on every backend."""
import numpy as np
import pytest

from multikeras import backend as K

# (key for index_axes, the same selection in numpy)
CASES = [
    ([None, slice(0, 2)], np.s_[:, 0:2]),
    ([None, None, 1], np.s_[:, :, 1]),
    ([1], np.s_[1]),
    ([slice(1, 3), 2, slice(0, 4)], np.s_[1:3, 2, 0:4]),
    ([[2, 0], None, [3, 1, 1]], (np.array([2, 0])[:, None, None], np.arange(3)[None, :, None],
                                 np.array([3, 1, 1])[None, None, :])),
    ([None, [0, 1, 2]], np.s_[:, 0:3]),
    ([None, [2]], np.s_[:, 2:3]),
    ([0, 0, 0], np.s_[0, 0, 0]),
    ([], np.s_[:]),
]


@pytest.mark.parametrize('key, np_key', CASES)
def test_index_axes_matches_numpy(backend, key, np_key):
    value = np.arange(4 * 3 * 4, dtype='float32').reshape((4, 3, 4))
    sliced = K.index_axes(K.variable(value), key)
    np.testing.assert_allclose(K.eval(sliced), value[np_key], atol=1e-5)
    assert K.int_shape(sliced) == value[np_key].shape


def test_index_axes_on_a_batch_of_unknown_size(backend):
    x = K.placeholder(shape=(None, 6))
    f = K.function([x], [K.index_axes(x, [None, slice(2, 5)]), K.index_axes(x, [None, [5, 0]]),
                         K.index_axes(x, [None, 3])])
    value = np.arange(18, dtype='float32').reshape((3, 6))
    ranged, picked, column = f([value])
    np.testing.assert_allclose(ranged, value[:, 2:5])
    np.testing.assert_allclose(picked, value[:, [5, 0]])
    np.testing.assert_allclose(column, value[:, 3])
    assert K.int_shape(K.index_axes(x, [None, slice(2, 5)])) == (None, 3)
    assert K.int_shape(K.index_axes(x, [None, [5, 0, 1]])) == (None, 3)
    assert K.int_shape(K.index_axes(x, [0])) == (6,)


def test_index_axes_gradients_flow(backend):
    value = np.arange(6, dtype='float32').reshape((2, 3))
    v = K.variable(value)
    loss = K.sum(K.index_axes(v, [None, [2, 0]]) * 2.)
    grad = K.eval(K.gradients(loss, [v])[0])
    np.testing.assert_allclose(grad, [[2., 0., 2.], [2., 0., 2.]])


@pytest.mark.parametrize('key, message', [
    ([None, None, None], 'indices given'),
    ([5], 'out of range'),
    ([-1], 'out of range'),
    ([None, slice(1, 5)], 'out of range'),
    ([None, []], 'empty selection'),
    ([None, slice(0, 3, 2)], 'step 1'),
    ([1.5], 'whole numbers'),
])
def test_index_axes_refuses_bad_keys(backend, key, message):
    v = K.variable(np.zeros((4, 3), dtype='float32'))
    with pytest.raises(ValueError, match=message):
        K.index_axes(v, key)
