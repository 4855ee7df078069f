"""Every optimizer trains, gives the same weights on TF and Theano, and round-trips its config."""
import numpy as np
import pytest

from multikeras import layers as L, models, optimizers
from conftest import activate

NAMES = ['sgd', 'adam', 'rmsprop', 'adagrad', 'adadelta', 'adamax', 'nadam']
RNG = np.random.RandomState(7)
X = RNG.randn(64, 4).astype('float32')
Y = (X @ np.array([[1.], [-2.], [0.5], [0.]], 'float32') + 0.3).astype('float32')


def train(name, backend, epochs=5):
    activate(backend)
    np.random.seed(0)
    model = models.Sequential([L.Dense(1, input_shape=(4,))])
    model.compile(optimizers.get(name), 'mse')
    before = model.evaluate(X, Y, verbose=0)
    model.fit(X, Y, batch_size=16, epochs=epochs, shuffle=False, verbose=0)
    return before, model.evaluate(X, Y, verbose=0), model.get_weights(), model


@pytest.mark.parametrize('name', NAMES)
def test_optimizer_trains_the_same_on_tensorflow_and_theano(name):
    before, after, tf_weights, _ = train(name, 'tensorflow')
    assert after < before
    _, _, theano_weights, _ = train(name, 'theano')
    for a, b in zip(tf_weights, theano_weights):
        np.testing.assert_allclose(a, b, atol=1e-5)


@pytest.mark.parametrize('name', NAMES)
def test_optimizer_config_round_trip(name):
    opt = optimizers.get(name)
    clone = optimizers.deserialize(optimizers.serialize(opt))
    assert type(clone) is type(opt) and clone.get_config() == opt.get_config()


def test_optimizer_state_is_saved_and_restored(tmp_path):
    _, _, _, model = train('nadam', 'tensorflow', epochs=2)
    path = str(tmp_path / 'm.h5')
    model.save(path)
    state = model.optimizer.get_weights()
    loaded = models.load_model(path)
    for a, b in zip(state, loaded.optimizer.get_weights()):
        np.testing.assert_allclose(a, b)


def test_unknown_optimizer_lists_the_valid_names():
    with pytest.raises(ValueError, match='adagrad'):
        optimizers.get('adagradd')


def test_adam_same_on_tensorflow_and_theano_with_sparse_gradients_constraints_and_decay():
    """On TensorFlow Adam runs in the engine's fused kernel (not for constrained
    weights); an Embedding's sparse gradient, a max-norm constraint, decay and
    the saved moments must give what the element-wise Adam gives on Theano."""
    from multikeras import constraints
    ids = RNG.randint(0, 10, size=(16, 4)).astype('int32')
    target = RNG.randn(16, 1).astype('float32')

    def run(backend):
        activate(backend)
        np.random.seed(1)
        model = models.Sequential([
            L.Embedding(10, 3, input_length=4), L.Flatten(),
            L.Dense(1, kernel_constraint=constraints.max_norm(0.5))])
        model.compile(optimizers.Adam(lr=0.05, decay=0.1), 'mse')
        model.fit(ids, target, batch_size=4, epochs=3, shuffle=False, verbose=0)
        fused = [type(u).__name__ == '_FusedStep' for u in model.optimizer.updates]
        assert sum(fused) == (2 if backend == 'tensorflow' else 0)  # embedding and bias
        return model.get_weights() + model.optimizer.get_weights()

    for a, b in zip(run('tensorflow'), run('theano')):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_sgd_same_on_mxnet_fused_kernel_and_tensorflow():
    """On MXNet plain SGD runs in the engine's sgd_update kernel (not for
    constrained weights, clipped gradients or momentum); the learning rate is
    read at each step, so a change between epochs is seen."""
    from multikeras import backend as K, constraints
    pytest.importorskip('mxnet', reason='mxnet not installed: the fused SGD step is its own')

    def run(backend, **sgd_args):
        activate(backend)
        np.random.seed(2)
        model = models.Sequential([L.Dense(3, input_shape=(4,), activation='tanh'),
                                   L.Dense(1, kernel_constraint=constraints.max_norm(0.5))])
        model.compile(optimizers.SGD(lr=0.1, **sgd_args), 'mse')
        model.fit(X, Y, batch_size=16, epochs=1, shuffle=False, verbose=0)
        K.set_value(model.optimizer.lr, 0.02)
        model.fit(X, Y, batch_size=16, epochs=1, shuffle=False, verbose=0)
        fused = sum(type(u).__name__ == '_FusedSGDStep' for u in model.optimizer.updates)
        return fused, model.get_weights() + model.optimizer.get_weights()

    for sgd_args, expected_fused in (({}, 3), ({'clipnorm': 1.}, 0), ({'momentum': 0.5}, 0)):
        fused, on_mxnet = run('mxnet', **sgd_args)
        assert fused == expected_fused, sgd_args    # all but the constrained kernel
        _, on_tensorflow = run('tensorflow', **sgd_args)
        for a, b in zip(on_mxnet, on_tensorflow):
            np.testing.assert_allclose(a, b, atol=1e-5, err_msg=str(sgd_args))
