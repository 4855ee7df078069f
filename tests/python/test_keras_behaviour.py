"""Behaviours that Keras 2.3.1's own test suite checks and that the core got wrong
(issue 17, item 3): each test here failed before its fix. The Keras test each
one stands for is named in its docstring."""
import numpy as np
import pytest

from multikeras import backend as K
from multikeras import initializers, layers
from multikeras.layers import Input
from multikeras.models import Model


@pytest.mark.parametrize('name', ['RandomNormal', 'RandomUniform', 'TruncatedNormal',
                                  'VarianceScaling', 'Orthogonal'])
def test_seeded_initializer_draws_new_values_on_each_call(name):
    """initializers_test::test_statefulness; a fresh one repeats the same draws."""
    init = getattr(initializers, name)(seed=1337)
    first, second = init((3, 3)), init((3, 3))
    assert np.abs(first - second).mean() > 0
    again = getattr(initializers, name)(seed=1337)
    np.testing.assert_array_equal(again((3, 3)), first)
    assert init.get_config()['seed'] == 1337


def test_layers_sharing_a_seeded_initializer_start_apart(backend):
    init = initializers.glorot_uniform(seed=3)
    a = layers.Dense(3, kernel_initializer=init)
    b = layers.Dense(3, kernel_initializer=init)
    x = Input((3,))
    a(x), b(x)
    assert not np.array_equal(a.get_weights()[0], b.get_weights()[0])


@pytest.mark.parametrize('layer_class,gates', [('SimpleRNN', 1), ('GRU', 3), ('LSTM', 4)])
def test_identity_recurrent_initializer_is_one_eye_per_gate(backend, layer_class, gates):
    """recurrent_test::test_rnn_cell_identity_initializer."""
    layer = getattr(layers, layer_class)(2, recurrent_initializer='identity')
    layer(Input((3, 4)))
    np.testing.assert_array_equal(layer.get_weights()[1], np.tile(np.eye(2), (1, gates)))
    assert layer.get_config()['recurrent_initializer']['class_name'] == 'Identity'


def test_identity_initializer_on_a_rectangle_is_a_padded_eye():
    """initializers_test::test_identity (kept: only recurrent cells tile it)."""
    np.testing.assert_array_equal(initializers.Identity(gain=2.)((2, 3)), 2 * np.eye(2, 3))


def test_eval_of_an_update_runs_it(backend):
    """backend_test::test_update, test_update_add, test_update_sub: Keras returns
    the assign op; evaluating it assigns and gives the new value."""
    x = K.variable(np.ones((2, 3)))
    new = np.arange(6.).reshape(2, 3)
    np.testing.assert_allclose(K.eval(K.update(x, new)), new)
    np.testing.assert_allclose(K.eval(x), new)
    np.testing.assert_allclose(K.eval(K.update_add(x, 1.)), new + 1)
    np.testing.assert_allclose(K.eval(K.update_sub(x, 3.)), new - 2)
    np.testing.assert_allclose(K.eval(x), new - 2)
    np.testing.assert_allclose(K.eval(K.moving_average_update(x, K.zeros((2, 3)), 0.5)),
                               (new - 2) / 2)
    # Still the (variable, value) pair that function(updates=) takes.
    variable, value = K.update_add(x, 1.)
    assert variable is x


def test_update_on_tensorflow_is_its_assign_op():
    """As Keras's tf.assign ops: usable in control_dependencies and as an output."""
    from conftest import activate
    activate('tensorflow')
    x = K.variable(0.)
    step = K.update_add(x, 1.)
    with K.control_dependencies([step]):
        after = K.identity(K.constant(5.))
    K.eval(after)
    assert K.eval(x) == 1.
    assert K.function([], [step])([])[0] == 2.
