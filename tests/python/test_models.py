"""Models the product promises, trained end to end on each symbolic backend (tiny sizes, a
few epochs, the loss must go down): a CNN, an LSTM text classifier on an Embedding, a
TimeDistributed CNN feeding an LSTM, a two-input/two-output functional model with shared
layers and per-output losses, a nested model used as a layer, a GAN step with a frozen
discriminator, and a custom layer that trains and survives a backend switch."""
import json

import numpy as np
import pytest

from multikeras import backend as K
from multikeras import layers, optimizers
from multikeras.layers import (Input, Dense, Conv2D, MaxPooling2D, Flatten, LSTM, Embedding,
                               TimeDistributed, Layer)
from multikeras.models import Model, Sequential


def assert_learns(history, factor=0.8):
    losses = history.history['loss']
    assert all(np.isfinite(losses)), losses
    assert losses[-1] < losses[0] * factor, losses


def images(n, seed, frames=None):
    """8x8 (or frames x 6x6) images; label 1 when the bright blob is on the right."""
    rng = np.random.RandomState(seed)
    labels = rng.randint(0, 2, size=n)
    size = 6 if frames else 8
    shape = (n, frames, size, size, 1) if frames else (n, size, size, 1)
    x = rng.rand(*shape).astype('float32') * 0.2
    half = size // 2
    for i, label in enumerate(labels):
        cols = slice(half, size) if label else slice(0, half)
        if frames:
            x[i, :, 1:-1, cols, 0] += 1.
        else:
            x[i, 2:-2, cols, 0] += 1.
    return x, labels.astype('float32').reshape(-1, 1)


def test_cnn_learns(backend):
    np.random.seed(0)
    x, y = images(64, 0)
    model = Sequential([Conv2D(4, (3, 3), activation='relu', input_shape=(8, 8, 1)),
                        MaxPooling2D((2, 2)), Flatten(), Dense(1, activation='sigmoid')])
    model.compile(optimizers.Adam(lr=0.02), 'binary_crossentropy', metrics=['accuracy'])
    history = model.fit(x, y, batch_size=16, epochs=6, verbose=0)
    assert_learns(history)
    assert history.history['accuracy'][-1] >= 0.8
    assert model.predict(x).shape == (64, 1)


def test_lstm_text_classifier_on_embedding_learns(backend):
    """Label 1 when the token 3 occurs; sequences zero-padded at the front (mask_zero)."""
    np.random.seed(1)
    rng = np.random.RandomState(1)
    x = rng.randint(4, 12, size=(64, 6)).astype('int32')
    y = rng.randint(0, 2, size=64)
    x[y == 1, rng.randint(2, 6, size=int(y.sum()))] = 3
    lengths = rng.randint(3, 7, size=64)
    for i, n in enumerate(lengths):
        x[i, :6 - n] = 0
        if y[i] and not (x[i] == 3).any():
            x[i, -1] = 3
    model = Sequential([Embedding(12, 8, mask_zero=True, input_length=6), LSTM(8),
                        Dense(1, activation='sigmoid')])
    model.compile(optimizers.Adam(lr=0.03), 'binary_crossentropy', metrics=['accuracy'])
    history = model.fit(x, y.astype('float32'), batch_size=16, epochs=8, verbose=0)
    assert_learns(history, 0.7)
    assert history.history['accuracy'][-1] >= 0.8


@pytest.mark.parametrize('middle', ['lstm', 'global_max_pooling'])
def test_embedding_gradient_reaches_only_the_rows_read(backend, middle):
    """An Embedding feeding a recurrent layer or a reduction trains (CNTK's Gather
    failed in backprop behind those), and one SGD step moves only the rows read."""
    rng = np.random.RandomState(2)
    x = rng.randint(0, 5, size=(8, 6)).astype('int32')   # rows 5..9 are never read
    y = rng.randint(0, 2, size=(8, 1)).astype('float32')
    between = LSTM(4) if middle == 'lstm' else layers.GlobalMaxPooling1D()
    model = Sequential([Embedding(10, 8, input_length=6), between,
                        Dense(1, activation='sigmoid')])
    model.compile(optimizers.SGD(lr=0.5), 'binary_crossentropy')
    before = model.layers[0].get_weights()[0]
    model.train_on_batch(x, y)
    after = model.layers[0].get_weights()[0]
    np.testing.assert_array_equal(after[5:], before[5:])
    assert not np.allclose(after[:5], before[:5])


def test_time_distributed_cnn_then_lstm_learns(backend):
    np.random.seed(2)
    x, y = images(32, 2, frames=3)
    inp = Input(shape=(3, 6, 6, 1))
    h = TimeDistributed(Conv2D(2, (3, 3), activation='relu'))(inp)
    h = TimeDistributed(Flatten())(h)
    assert K.int_shape(h) == (None, 3, 32)
    h = LSTM(4)(h)
    out = Dense(1, activation='sigmoid')(h)
    model = Model(inp, out)
    model.compile(optimizers.Adam(lr=0.03), 'binary_crossentropy')
    history = model.fit(x, y, batch_size=8, epochs=6, verbose=0)
    assert_learns(history)


def test_two_inputs_two_outputs_shared_layers_and_loss_weights(backend):
    np.random.seed(3)
    rng = np.random.RandomState(3)
    xa = rng.randn(64, 3).astype('float32')
    xb = rng.randn(64, 3).astype('float32')
    ya = (xa.sum(axis=1, keepdims=True) - xb.sum(axis=1, keepdims=True)).astype('float32')
    yb = (xa[:, :1] > xb[:, :1]).astype('float32')
    a, b = Input(shape=(3,), name='a'), Input(shape=(3,), name='b')
    shared = Dense(8, activation='tanh', name='shared')
    merged = layers.concatenate([shared(a), shared(b)])
    out_a = Dense(1, name='out_a')(merged)
    out_b = Dense(1, activation='sigmoid', name='out_b')(merged)
    model = Model([a, b], [out_a, out_b])
    assert len(shared._inbound_nodes) == 2
    model.compile(optimizers.Adam(lr=0.02),
                  loss={'out_a': 'mse', 'out_b': 'binary_crossentropy'},
                  loss_weights={'out_a': 1., 'out_b': 0.5})
    assert model.metrics_names == ['loss', 'out_a_loss', 'out_b_loss']
    history = model.fit({'a': xa, 'b': xb}, {'out_a': ya, 'out_b': yb}, batch_size=16,
                        epochs=8, verbose=0)
    assert_learns(history, 0.6)
    for key in ('out_a_loss', 'out_b_loss'):
        assert history.history[key][-1] < history.history[key][0]
    total, loss_a, loss_b = model.evaluate([xa, xb], [ya, yb], batch_size=64, verbose=0)
    assert total == pytest.approx(loss_a + 0.5 * loss_b, rel=1e-4)
    pa, pb = model.predict([xa, xb])
    assert loss_a == pytest.approx(float(np.mean((pa - ya) ** 2)), rel=1e-3)
    p = np.clip(pb, 1e-7, 1 - 1e-7)
    bce = float(np.mean(-(yb * np.log(p) + (1 - yb) * np.log(1 - p))))
    assert loss_b == pytest.approx(bce, rel=1e-3, abs=1e-4)


def test_nested_model_used_as_a_layer(backend):
    np.random.seed(4)
    rng = np.random.RandomState(4)
    x = rng.randn(64, 4).astype('float32')
    y = (x[:, :1] * 2. - x[:, 1:2]).astype('float32')
    inner_in = Input(shape=(4,))
    inner = Model(inner_in, Dense(6, activation='tanh', name='inner_dense')(inner_in),
                  name='inner')
    outer_in = Input(shape=(4,))
    outer = Model(outer_in, Dense(1, name='head')(inner(outer_in)), name='outer')
    assert [l.name for l in outer.layers][1:] == ['inner', 'head']
    assert len(outer.trainable_weights) == 4
    before = inner.get_weights()
    outer.compile(optimizers.Adam(lr=0.02), 'mse')
    history = outer.fit(x, y, batch_size=16, epochs=8, verbose=0)
    assert_learns(history, 0.7)
    assert not np.allclose(inner.get_weights()[0], before[0])   # the nested model trained
    w, b = outer.get_layer('head').get_weights()
    np.testing.assert_allclose(outer.predict(x), inner.predict(x).dot(w) + b, atol=1e-5)
    # Frozen nested model: only the head trains.
    inner.trainable = False
    assert len(outer.trainable_weights) == 2
    outer.compile(optimizers.SGD(lr=0.1), 'mse')
    frozen = inner.get_weights()
    outer.fit(x, y, batch_size=16, epochs=1, verbose=0)
    for got, want in zip(inner.get_weights(), frozen):
        np.testing.assert_array_equal(got, want)


def test_gan_step_with_frozen_discriminator(backend):
    """The Keras GAN recipe: compile the discriminator, freeze it, compile the combined
    model; the discriminator step changes the discriminator, the combined step only the
    generator."""
    np.random.seed(5)
    rng = np.random.RandomState(5)
    z_in = Input(shape=(2,))
    generator = Model(z_in, Dense(2)(Dense(4, activation='tanh')(z_in)), name='generator')
    x_in = Input(shape=(2,))
    discriminator = Model(x_in, Dense(1, activation='sigmoid')(
        Dense(4, activation='relu')(x_in)), name='discriminator')
    discriminator.compile(optimizers.Adam(lr=0.01), 'binary_crossentropy')
    discriminator.trainable = False
    z = Input(shape=(2,))
    combined = Model(z, discriminator(generator(z)), name='combined')
    combined.compile(optimizers.Adam(lr=0.01), 'binary_crossentropy')
    assert len(combined.trainable_weights) == 4      # the generator's only

    real = (rng.randn(16, 2) * 0.2 + 2.).astype('float32')
    ones, zeros = np.ones((16, 1), 'float32'), np.zeros((16, 1), 'float32')
    g_losses = []
    for step in range(3):
        noise = rng.randn(16, 2).astype('float32')
        fake = generator.predict(noise)
        d_before = discriminator.get_weights()
        discriminator.train_on_batch(np.concatenate([real, fake]), np.concatenate([ones, zeros]))
        d_after = discriminator.get_weights()
        assert any(not np.allclose(a, b) for a, b in zip(d_before, d_after)), \
            'the discriminator step did not change the discriminator'
        g_before = generator.get_weights()
        g_losses.append(combined.train_on_batch(noise, ones))
        for got, want in zip(discriminator.get_weights(), d_after):
            np.testing.assert_array_equal(got, want)  # frozen inside the combined model
        assert any(not np.allclose(a, b) for a, b in zip(g_before, generator.get_weights()))
    assert all(np.isfinite(g_losses))


class ScaledDense(Layer):
    """A custom layer: `scale * dot(x, kernel) + bias`."""

    def __init__(self, units, scale=1., **kwargs):
        super(ScaledDense, self).__init__(**kwargs)
        self.units = units
        self.scale = scale

    def build(self, input_shape):
        self.kernel = self.add_weight('kernel', (input_shape[-1], self.units),
                                      initializer='glorot_uniform')
        self.bias = self.add_weight('bias', (self.units,), initializer='zeros')
        self.counter = self.add_weight('counter', (1,), initializer='zeros', trainable=False)
        super(ScaledDense, self).build(input_shape)

    def call(self, inputs):
        return self.scale * K.dot(inputs, self.kernel) + self.bias

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        config = super(ScaledDense, self).get_config()
        config.update({'units': self.units, 'scale': self.scale})
        return config


def custom_model():
    np.random.seed(6)
    model = Sequential([ScaledDense(4, scale=2., input_shape=(3,), name='custom'),
                        layers.Activation('tanh'), Dense(1, name='out')])
    model.compile(optimizers.Adam(lr=0.02), 'mse')
    return model


CX = np.random.RandomState(6).randn(64, 3).astype('float32')
CY = (CX[:, :1] - CX[:, 1:2] * CX[:, 2:]).astype('float32')


def test_custom_layer_trains(backend):
    model = custom_model()
    layer = model.get_layer('custom')
    assert len(layer.trainable_weights) == 2 and len(layer.non_trainable_weights) == 1
    history = model.fit(CX, CY, batch_size=16, epochs=8, verbose=0)
    assert_learns(history)
    kernel, bias, counter = layer.get_weights()
    hidden = np.tanh(2. * CX.dot(kernel) + bias)
    w, b = model.get_layer('out').get_weights()
    np.testing.assert_allclose(model.predict(CX), hidden.dot(w) + b, atol=1e-5)
    np.testing.assert_array_equal(counter, 0.)
    config = layer.get_config()
    clone = ScaledDense.from_config(config)
    assert clone.get_config() == config and clone.scale == 2.


def test_custom_layer_survives_a_backend_switch():
    from conftest import activate
    activate('theano')
    activate('tensorflow')
    try:
        model = custom_model()
        model.fit(CX, CY, batch_size=16, epochs=2, verbose=0)
        p_tf = model.predict(CX)
        w_tf = model.get_weights()
        K.use_backend('theano')
        np.testing.assert_allclose(model.predict(CX), p_tf, atol=1e-5)
        assert isinstance(model.get_layer('custom'), ScaledDense)
        for got, want in zip(model.get_weights(), w_tf):
            np.testing.assert_array_equal(got, want)
        history = model.fit(CX, CY, batch_size=16, epochs=3, verbose=0)
        assert all(np.isfinite(history.history['loss']))
        assert not np.allclose(model.get_weights()[0], w_tf[0])    # it trained on theano
        p_th = model.predict(CX)
        K.use_backend('tensorflow')
        np.testing.assert_allclose(model.predict(CX), p_th, atol=1e-5)
    finally:
        activate('tensorflow')


# -- configs, clones, introspection (issue 11) --------------------------------------------------

def small_functional():
    """Two inputs through a shared Dense, concatenated: shared layers and several inputs."""
    a, b = Input(shape=(3,), name='a'), Input(shape=(3,), name='b')
    shared = Dense(4, activation='tanh', name='shared')
    merged = layers.concatenate([shared(a), shared(b)], name='merged')
    return Model([a, b], Dense(2, name='out')(merged), name='two_in')


XA = np.random.RandomState(7).randn(5, 3).astype('float32')
XB = np.random.RandomState(8).randn(5, 3).astype('float32')


def test_json_yaml_and_config_round_trips(backend):
    from multikeras.models import model_from_config, model_from_json, model_from_yaml
    model = small_functional()
    config = json.loads(model.to_json())
    assert config['class_name'] == 'Model' and config['keras_version'] == '2.3.1'
    text = model.to_yaml()
    assert 'class_name: Model' in text
    for rebuilt in (model_from_json(model.to_json()), model_from_yaml(text),
                    model_from_config({'class_name': 'Model', 'config': model.get_config()})):
        assert [l.name for l in rebuilt.layers] == [l.name for l in model.layers]
        assert len(rebuilt.get_layer('shared')._inbound_nodes) == 2
        rebuilt.set_weights(model.get_weights())
        np.testing.assert_allclose(rebuilt.predict([XA, XB]), model.predict([XA, XB]),
                                   atol=1e-6)
    with pytest.raises(TypeError, match='dict'):
        model_from_config([{'class_name': 'Dense'}])


def test_nested_model_config_counts_calls_from_one_as_keras(backend):
    inner_in = Input(shape=(3,))
    inner = Model(inner_in, Dense(2, name='inner_dense')(inner_in), name='inner')
    outer_in = Input(shape=(3,))
    outer = Model(outer_in, Dense(1, name='head')(inner(outer_in)))
    head = [l for l in outer.get_config()['layers'] if l['name'] == 'head'][0]
    assert head['inbound_nodes'] == [[['inner', 1, 0, {}]]]
    from multikeras.models import model_from_json
    rebuilt = model_from_json(outer.to_json())
    rebuilt.set_weights(outer.get_weights())
    np.testing.assert_allclose(rebuilt.predict(XA), outer.predict(XA), atol=1e-6)


def test_clone_model_functional_and_sequential(backend):
    from multikeras.models import clone_model
    np.random.seed(9)
    model = small_functional()
    clone = clone_model(model)
    assert clone is not model and clone.get_config() == model.get_config()
    assert all(a is not b for a, b in zip(clone.layers, model.layers))
    assert len(clone.get_layer('shared')._inbound_nodes) == 2    # still shared
    assert not np.allclose(clone.get_weights()[0], model.get_weights()[0])   # new weights
    clone.set_weights(model.get_weights())
    np.testing.assert_allclose(clone.predict([XA, XB]), model.predict([XA, XB]), atol=1e-6)
    # On given input tensors.
    a, b = Input(shape=(3,)), Input(shape=(3,))
    on_inputs = clone_model(model, input_tensors=[a, b])
    assert on_inputs.inputs[0] is a and on_inputs.inputs[1] is b
    seq = Sequential([Dense(3, input_shape=(3,), name='d1'), Dense(1, name='d2')], name='seq')
    seq_clone = clone_model(seq)
    assert isinstance(seq_clone, Sequential) and seq_clone.get_config() == seq.get_config()
    seq_clone.set_weights(seq.get_weights())
    np.testing.assert_allclose(seq_clone.predict(XA), seq.predict(XA), atol=1e-6)
    x = Input(shape=(3,))
    assert clone_model(seq, input_tensors=x).inputs[0] is x


def test_input_and_input_layer_are_exported_from_models(backend):
    from multikeras import models
    x = models.Input(shape=(2,))
    assert isinstance(x._keras_history[0], models.InputLayer)
    seq = Sequential([models.InputLayer(input_shape=(2,)), Dense(1)])
    assert seq.output_shape == (None, 1)


def test_node_accessors(backend):
    model = small_functional()
    shared = model.get_layer('shared')
    a, b = model.inputs
    assert shared.get_input_at(0) is a and shared.get_input_at(1) is b
    assert shared.get_output_at(1) is shared._inbound_nodes[1].output_tensors[0]
    assert shared.get_input_shape_at(1) == (None, 3)
    assert shared.get_output_shape_at(0) == (None, 4)
    assert shared.get_input_mask_at(0) is None and shared.get_output_mask_at(1) is None
    merged = model.get_layer('merged')
    assert merged.get_input_shape_at(0) == [(None, 4), (None, 4)]
    with pytest.raises(ValueError, match='node 2.*2 inbound node'):
        shared.get_input_at(2)
    tokens = Input(shape=(4,))
    embedded = Embedding(5, 2, mask_zero=True)(tokens)
    lstm = LSTM(2)
    lstm(embedded)
    assert lstm.get_input_mask_at(0) is not None and lstm.get_output_mask_at(0) is None


def test_source_inputs_summary_and_kernel_conversion(backend):
    from multikeras.utils import (get_source_inputs, print_summary,
                                  convert_all_kernels_in_model)
    model = small_functional()
    sources = get_source_inputs(model.outputs[0])
    assert len(sources) == 2 and sources[0] is model.inputs[0] and sources[1] is model.inputs[1]
    lines = []
    print_summary(model, print_fn=lines.append)
    assert any('shared (Dense)' in l for l in lines) and any('Total params' in l for l in lines)
    conv = Sequential([Conv2D(1, (2, 3), input_shape=(4, 4, 1), name='c')])
    kernel = conv.get_weights()[0]
    convert_all_kernels_in_model(conv)
    np.testing.assert_array_equal(conv.get_weights()[0], kernel[::-1, ::-1])


def test_custom_object_scope_in_deserialization(backend):
    from multikeras.models import model_from_json
    from multikeras.utils import custom_object_scope, CustomObjectScope
    model = Sequential([ScaledDense(2, scale=3., input_shape=(3,), name='custom')])
    text = model.to_json()
    with pytest.raises(ValueError, match='ScaledDense'):
        model_from_json(text)
    with custom_object_scope({'ScaledDense': ScaledDense}):
        assert isinstance(model_from_json(text).get_layer('custom'), ScaledDense)
    with CustomObjectScope({'ScaledDense': ScaledDense}):
        assert model_from_json(text).get_layer('custom').scale == 3.
    with pytest.raises(ValueError, match='ScaledDense'):    # the scope ended
        model_from_json(text)


def test_plot_model_and_model_to_dot(backend, tmp_path):
    pytest.importorskip('pydot')
    from multikeras.utils import plot_model, model_to_dot
    model = small_functional()
    dot = model_to_dot(model, show_shapes=True)
    labels = [n.get_label() for n in dot.get_nodes() if n.get_label()]
    assert any('shared: Dense' in l for l in labels)
    assert any('(None, 4)' in l.replace('?', 'None') for l in labels)
    assert len(dot.get_edges()) == 5
    path = str(tmp_path / 'model.png')
    plot_model(model, to_file=path, show_shapes=True)
    with open(path, 'rb') as f:
        assert f.read(8) == b'\x89PNG\r\n\x1a\n'
    with pytest.raises(ValueError, match='rankdir'):
        model_to_dot(model, rankdir='XY')


def test_sequential_predict_classes_and_proba(backend):
    from multikeras import layers, models
    x = np.array([[3., 0.], [0., 3.], [-3., -3.]], 'float32')
    softmax = models.Sequential([layers.Dense(3, activation='softmax', input_shape=(2,),
                                              kernel_initializer='identity')])
    np.testing.assert_array_equal(softmax.predict_classes(x), [0, 1, 2])
    np.testing.assert_allclose(softmax.predict_proba(x).sum(axis=1), 1., rtol=1e-6)
    sigmoid = models.Sequential([layers.Dense(1, activation='sigmoid', input_shape=(2,),
                                              kernel_initializer='ones')])
    np.testing.assert_array_equal(sigmoid.predict_classes(x), [[1], [1], [0]])
    linear = models.Sequential([layers.Dense(1, input_shape=(2,), kernel_initializer='ones')])
    with pytest.warns(UserWarning, match='outside'):
        linear.predict_proba(x)
