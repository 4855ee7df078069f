"""Layers and networks on each symbolic backend: shapes, configs, weights, errors, summaries."""
import numpy as np
import pytest

from multikeras import backend as K
from multikeras import layers, models
from multikeras.layers import (Dense, Activation, Dropout, Flatten, Conv2D, MaxPooling2D, Input)
from multikeras.models import Model, Sequential
from multikeras.utils import to_categorical

SYMBOLIC_BACKENDS = ['tensorflow', 'theano', 'mxnet']


@pytest.fixture(scope='module', params=SYMBOLIC_BACKENDS)
def backend(request):
    """Each symbolic backend in turn, activated once per module (models are reused)."""
    try:
        K.use_backend(request.param)
    except ImportError as e:
        pytest.skip('backend %s not installed: %s' % (request.param, e))
    K.set_floatx('float32')
    K.set_image_data_format('channels_last')
    yield request.param
    K.set_floatx('float32')
    K.set_image_data_format('channels_last')


def with_batch(shape, n):
    return (n,) + tuple(shape[1:])


@pytest.fixture(scope='module')
def stack(backend):
    """One model exposing every layer's output: Conv2D, MaxPooling2D, Flatten, Dense,
    Activation, Dropout."""
    inp = Input(shape=(6, 6, 2), name='image')
    conv = Conv2D(3, (3, 3), padding='valid', activation='relu', name='conv')
    pool = MaxPooling2D((2, 2), name='pool')
    flat = Flatten(name='flat')
    dense = Dense(4, name='dense')
    act = Activation('tanh', name='act')
    drop = Dropout(0.5, name='drop')
    c = conv(inp)
    p = pool(c)
    f = flat(p)
    d = dense(f)
    a = act(d)
    r = drop(a)
    model = Model(inp, [c, p, f, d, a, r])
    x = np.random.RandomState(0).randn(5, 6, 6, 2).astype('float32')
    outputs = model.predict(x)
    return {'model': model, 'x': x, 'outputs': outputs,
            'layers': [conv, pool, flat, dense, act, drop]}


# -- shapes, configs, weights ---------------------------------------------------------------

def test_compute_output_shape_matches_real_output(stack):
    for layer, out in zip(stack['layers'], stack['outputs']):
        predicted = layer.compute_output_shape(layer.input_shape)
        assert with_batch(predicted, out.shape[0]) == out.shape, layer.name
        assert predicted[0] is None
        assert tuple(layer.output_shape) == tuple(predicted)


def test_layer_outputs_match_numpy(stack):
    c, p, f, d, a, r = stack['outputs']
    conv, pool, flat, dense, act, drop = stack['layers']
    kernel, bias = conv.get_weights()
    x = stack['x']
    expected = np.zeros((5, 4, 4, 3), 'float32')
    for i in range(4):
        for j in range(4):
            patch = x[:, i:i + 3, j:j + 3, :]
            expected[:, i, j, :] = np.tensordot(patch, kernel, axes=([1, 2, 3], [0, 1, 2]))
    expected = np.maximum(expected + bias, 0)
    np.testing.assert_allclose(c, expected, atol=1e-5)
    np.testing.assert_allclose(p, expected.reshape(5, 2, 2, 2, 2, 3).max(axis=(2, 4)), atol=1e-6)
    np.testing.assert_allclose(f, p.reshape(5, -1), atol=1e-6)
    w, b = dense.get_weights()
    np.testing.assert_allclose(d, f.dot(w) + b, atol=1e-5)
    np.testing.assert_allclose(a, np.tanh(d), atol=1e-5)
    np.testing.assert_allclose(r, a, atol=1e-6)  # dropout is off in predict


def test_get_config_from_config_round_trip(stack):
    for layer in stack['layers']:
        config = layer.get_config()
        clone = layer.__class__.from_config(config)
        assert clone.get_config() == config, layer.name
        assert clone.name == layer.name
    conv = stack['layers'][0]
    assert conv.get_config()['kernel_size'] == (3, 3)
    assert conv.get_config()['filters'] == 3
    assert stack['layers'][3].get_config()['units'] == 4
    assert stack['layers'][5].get_config()['rate'] == 0.5


def test_serialize_deserialize_layer(backend):
    layer = Dense(3, activation='softmax', name='d_ser')
    again = layers.deserialize(layers.serialize(layer))
    assert isinstance(again, Dense)
    assert again.get_config() == layer.get_config()
    with pytest.raises(ValueError, match='NoSuchLayer'):
        layers.deserialize({'class_name': 'NoSuchLayer', 'config': {}})


def test_model_from_config_predicts_the_same(stack):
    model = stack['model']
    clone = Model.from_config(model.get_config())
    assert [l.name for l in clone.layers] == [l.name for l in model.layers]
    clone.set_weights(model.get_weights())
    for a, b in zip(clone.predict(stack['x']), stack['outputs']):
        np.testing.assert_allclose(a, b, atol=1e-6)


def test_get_weights_set_weights(stack):
    dense = stack['layers'][3]
    w, b = dense.get_weights()
    assert w.shape == (12, 4) and b.shape == (4,)
    new_w = np.arange(48, dtype="float32").reshape(12, 4) / 10.
    new_b = np.array([1, -1, 2, -2], 'float32')
    dense.set_weights([new_w, new_b])
    try:
        got_w, got_b = dense.get_weights()
        np.testing.assert_array_equal(got_w, new_w)
        np.testing.assert_array_equal(got_b, new_b)
        out = stack['model'].predict(stack['x'])
        np.testing.assert_allclose(out[3], out[2].dot(new_w) + new_b, rtol=1e-5, atol=1e-4)
        with pytest.raises(ValueError) as info:
            dense.set_weights([new_w.T, new_b])
        assert "(12, 4)" in str(info.value) and "(4, 12)" in str(info.value)
        with pytest.raises(ValueError, match='2'):
            dense.set_weights([new_w])
    finally:
        dense.set_weights([w, b])
    np.testing.assert_array_equal(dense.get_weights()[0], w)


def test_model_weights_round_trip(stack):
    model = stack['model']
    weights = model.get_weights()
    assert [w.shape for w in weights] == [(3, 3, 2, 3), (3,), (12, 4), (4,)]
    model.set_weights([np.zeros_like(w) for w in weights])
    try:
        out = model.predict(stack['x'])
        assert np.all(out[0] == 0) and np.all(out[3] == 0)
    finally:
        model.set_weights(weights)
    for a, b in zip(model.predict(stack['x']), stack['outputs']):
        np.testing.assert_allclose(a, b, atol=1e-6)
    with pytest.raises(ValueError):
        model.set_weights(weights[:-1])


def test_count_params(stack):
    model = stack['model']
    assert model.count_params() == 3 * 3 * 2 * 3 + 3 + 12 * 4 + 4
    conv, pool, flat, dense, act, drop = stack['layers']
    assert conv.count_params() == 57
    assert dense.count_params() == 52
    assert pool.count_params() == 0
    with pytest.raises(RuntimeError, match='built'):
        Dense(2).count_params()


# -- image data formats -------------------------------------------------------------------------

def test_conv2d_channels_first_is_transpose_of_channels_last(backend):
    rng = np.random.RandomState(1)
    x_last = rng.randn(3, 6, 5, 2).astype('float32')
    x_first = x_last.transpose(0, 3, 1, 2)

    def build(data_format, shape):
        inp = Input(shape=shape)
        conv = Conv2D(4, (3, 2), padding='same', data_format=data_format)
        c = conv(inp)
        p = MaxPooling2D((2, 2), data_format=data_format)(c)
        f = Flatten(data_format=data_format)(p)
        dense = Dense(2)
        return Model(inp, [c, p, dense(f)]), conv, dense

    m_last, conv_last, dense_last = build('channels_last', (6, 5, 2))
    K.set_image_data_format('channels_first')
    try:
        # data_format=None: the layers take the default, now channels_first.
        m_first, conv_first, dense_first = build(None, (2, 6, 5))
        assert conv_first.data_format == 'channels_first'
    finally:
        K.set_image_data_format('channels_last')
    assert conv_first.get_weights()[0].shape == conv_last.get_weights()[0].shape == (3, 2, 2, 4)
    conv_first.set_weights(conv_last.get_weights())
    dense_first.set_weights(dense_last.get_weights())
    assert conv_first.compute_output_shape((None, 2, 6, 5)) == (None, 4, 6, 5)

    c_last, p_last, d_last = m_last.predict(x_last)
    c_first, p_first, d_first = m_first.predict(x_first)
    assert c_first.shape == (3, 4, 6, 5) and c_last.shape == (3, 6, 5, 4)
    np.testing.assert_allclose(c_first, c_last.transpose(0, 3, 1, 2), atol=1e-5)
    np.testing.assert_allclose(p_first, p_last.transpose(0, 3, 1, 2), atol=1e-5)
    # Flatten(channels_first) orders features as channels_last would.
    np.testing.assert_allclose(d_first, d_last, atol=1e-5)


# -- bad arguments ------------------------------------------------------------------------------

def test_bad_layer_arguments_give_clear_errors(backend):
    with pytest.raises(ValueError) as info:
        Dense(units=-1)
    assert 'units' in str(info.value) and '-1' in str(info.value)
    with pytest.raises(ValueError) as info:
        Dense(units=2.5)
    assert 'units' in str(info.value)
    with pytest.raises(ValueError) as info:
        Conv2D(2, kernel_size=(3, 3, 3))
    message = str(info.value)
    assert 'kernel_size' in message and '(3, 3, 3)' in message and '2' in message
    with pytest.raises(ValueError) as info:
        Conv2D(2, kernel_size=3, padding='reflect')
    assert 'padding' in str(info.value) and 'reflect' in str(info.value)
    with pytest.raises(ValueError) as info:
        Dense(2, activation='relux')
    message = str(info.value)
    assert 'relux' in message
    for valid in ('relu', 'softmax', 'sigmoid', 'tanh'):
        assert valid in message
    with pytest.raises(ValueError) as info:
        Dropout(1.5)
    assert 'rate' in str(info.value) and '1.5' in str(info.value)
    with pytest.raises(ValueError) as info:
        Conv2D(2, 3, data_format='nhwc')
    assert 'data_format' in str(info.value) and 'nhwc' in str(info.value)
    with pytest.raises(TypeError) as info:
        Dense(2, input_shpe=(3,))
    assert 'input_shpe' in str(info.value)


def test_layer_rejects_input_of_wrong_rank(backend):
    inp = Input(shape=(4,))
    with pytest.raises(ValueError) as info:
        Conv2D(2, 3)(inp)
    assert 'ndim=4' in str(info.value) and 'ndim=2' in str(info.value)
    with pytest.raises(ValueError, match='Keras tensor'):
        Dense(2)(np.zeros((2, 4)))


# -- functional models ------------------------------------------------------------------------

@pytest.fixture(scope='module')
def shared(backend):
    a = Input(shape=(3,), name='left')
    b = Input(shape=(3,), name='right')
    dense = Dense(2, name='shared_dense')
    head = Dense(1, name='head')
    out_a = dense(a)
    out_b = dense(b)
    model = Model(inputs=[a, b], outputs=[head(out_a), out_b])
    return model, dense, head


def test_functional_two_inputs_share_a_layer(shared):
    model, dense, head = shared
    assert len(dense._inbound_nodes) == 2
    assert model.input_names == ['left', 'right']
    # Keras's order (see test_layers_come_in_keras_order): shared_dense's call on `left`
    # is 1 from the output, so the layer is at depth 1 and, met first, precedes `right`.
    assert [l.name for l in model.layers] == ['left', 'shared_dense', 'right', 'head']
    rng = np.random.RandomState(2)
    xa = rng.randn(4, 3).astype('float32')
    xb = rng.randn(4, 3).astype('float32')
    w, b = dense.get_weights()
    hw, hb = head.get_weights()
    ya, yb = model.predict([xa, xb])
    assert ya.shape == (4, 1) and yb.shape == (4, 2)
    np.testing.assert_allclose(yb, xb.dot(w) + b, atol=1e-5)
    np.testing.assert_allclose(ya, (xa.dot(w) + b).dot(hw) + hb, atol=1e-5)
    # Inputs by name give the same answer.
    ya2, yb2 = model.predict({'left': xa, 'right': xb})
    np.testing.assert_allclose(ya2, ya, atol=1e-6)
    np.testing.assert_allclose(yb2, yb, atol=1e-6)
    # The shared weights are counted once.
    assert model.count_params() == 3 * 2 + 2 + 2 + 1
    assert len(model.get_weights()) == 4
    with pytest.raises(ValueError) as info:
        model.predict([xa])
    assert '2' in str(info.value)


def test_functional_shared_layer_config_round_trip(shared):
    model, dense, head = shared
    clone = Model.from_config(model.get_config())
    clone.set_weights(model.get_weights())
    assert len(clone.get_layer('shared_dense')._inbound_nodes) == 2
    xa = np.ones((2, 3), 'float32')
    xb = -np.ones((2, 3), 'float32')
    for a, b in zip(clone.predict([xa, xb]), model.predict([xa, xb])):
        np.testing.assert_allclose(a, b, atol=1e-6)


def test_layers_come_in_keras_order(backend):
    """`model.layers` is Keras 2.3's order, the order of saved files: by decreasing
    distance to an output (a layer's largest over its calls), ties in the order a
    depth-first walk from the outputs (first output first, inputs of a call left to
    right) meets the layers; an input no output needs is at distance 0, before the others.

    The graph:  i1 -> d1 -> d2 -> d3 --+
                      |     i2 -> e1 --+-> m -> o1
                      +-> o2
    Distances: o1 0, o2 0, m 1, d3 2, e1 2, d2 3, i2 3, d1 4 (via d2; 1 via o2), i1 5.
    Walk from o1: o1, m, e1, i2, d3, d2, d1, i1; then from o2: o2.
    """
    i1, i2 = Input((4,), name='i1'), Input((4,), name='i2')
    spare = Input((4,), name='spare')
    h1 = Dense(4, name='d1')(i1)
    d3 = Dense(4, name='d3')(Dense(4, name='d2')(h1))
    m = layers.concatenate([Dense(4, name='e1')(i2), d3], name='m')
    model = Model([i1, i2, spare], [Dense(2, name='o1')(m), Dense(1, name='o2')(h1)])
    assert [l.name for l in model.layers] == \
        ['i1', 'd1', 'i2', 'd2', 'e1', 'd3', 'm', 'spare', 'o1', 'o2']
    clone = Model.from_config(model.get_config())
    assert [l.name for l in clone.layers] == [l.name for l in model.layers]


def test_input_and_output_of_a_model_are_its_graph_ends(backend):
    """As in Keras, `model.input` / `model.output` exist before the model is called (a
    base model's output is where a new head goes in transfer learning)."""
    i1, i2 = Input((4,), name='x1'), Input((4,), name='x2')
    hidden = Dense(3, name='hidden')(layers.concatenate([i1, i2]))
    out = Dense(1, name='out')(hidden)
    model = Model([i1, i2], [out, hidden])
    assert [t is e for t, e in zip(model.input + model.output, [i1, i2, out, hidden])] == [True] * 4
    single = Model(i1, Dense(2)(i1))
    assert single.input is i1 and single.output is single.outputs[0]
    head = Dense(1)(single.output)
    assert K.int_shape(Model(single.input, head).output) == (None, 1)
    with pytest.raises(AttributeError, match='no output yet'):
        Sequential().output


def test_graph_disconnected_error(backend):
    a = Input(shape=(3,), name='used')
    b = Input(shape=(3,), name='unused_input')
    out = Dense(1)(b)
    with pytest.raises(ValueError) as info:
        Model(a, out)
    assert 'unused_input' in str(info.value)


# -- summary, Sequential ------------------------------------------------------------------------

def test_summary_prints_layers_and_totals(stack):
    lines = []
    stack['model'].summary(print_fn=lines.append)
    text = '\n'.join(lines)
    for layer in stack['layers']:
        assert layer.name in text
        assert layer.__class__.__name__ in text
    assert 'Total params: 109' in text
    assert 'Trainable params: 109' in text
    assert 'Non-trainable params: 0' in text
    assert '(None, 4, 4, 3)' in text


def test_summary_to_stdout(shared, capsys):
    model = shared[0]
    model.summary()
    out = capsys.readouterr().out
    assert 'shared_dense' in out and 'Total params: 11' in out


def test_sequential_pop(backend):
    model = Sequential([Dense(4, input_shape=(3,), name='s1'), Dense(2, name='s2')])
    assert model.output_shape == (None, 2)
    model.pop()
    assert [l.name for l in model.layers] == ['s1']
    assert model.output_shape == (None, 4)
    assert model.count_params() == 16
    x = np.ones((5, 3), 'float32')
    out = model.predict(x)
    w, b = model.layers[0].get_weights()
    assert out.shape == (5, 4)
    np.testing.assert_allclose(out, x.dot(w) + b, atol=1e-5)
    model.add(Dense(1, name='s3'))
    assert model.output_shape == (None, 1)
    assert model.predict(x).shape == (5, 1)
    model.pop()
    model.pop()
    assert model.layers == []
    with pytest.raises(TypeError, match='no layers'):
        model.pop()


def test_sequential_summary_and_config(backend):
    model = Sequential([Dense(3, input_shape=(2,), activation='relu', name='q1'),
                        Dense(1, name='q2')])
    lines = []
    model.summary(print_fn=lines.append)
    text = '\n'.join(lines)
    assert 'q1 (Dense)' in text and 'q2 (Dense)' in text
    assert 'Total params: %d' % model.count_params() in text
    assert model.count_params() == 2 * 3 + 3 + 3 + 1
    clone = Sequential.from_config(model.get_config())
    assert [l.name for l in clone.layers] == ['q1', 'q2']
    assert clone.count_params() == model.count_params()


def test_sequential_duplicate_layer_name_is_an_error(backend):
    model = Sequential([Dense(3, input_shape=(2,), name='dup')])
    with pytest.raises(ValueError, match='dup'):
        model.add(Dense(1, name='dup'))


# -- to_categorical -----------------------------------------------------------------------------

def test_to_categorical_values():
    y = to_categorical([0, 2, 1])
    np.testing.assert_array_equal(y, [[1, 0, 0], [0, 0, 1], [0, 1, 0]])
    assert y.dtype == np.float32
    y = to_categorical(np.array([[1], [0]]), num_classes=4)
    assert y.shape == (2, 4)
    np.testing.assert_array_equal(y, [[0, 1, 0, 0], [1, 0, 0, 0]])
    y = to_categorical(np.array([[0, 1], [2, 0]]), num_classes=3)
    assert y.shape == (2, 2, 3)
    assert y[1, 0, 2] == 1 and y.sum() == 4
    assert to_categorical([1.0, 0.0]).tolist() == [[0, 1], [1, 0]]
    assert to_categorical([0, 1], dtype='int32').dtype == np.int32


@pytest.mark.parametrize('y,kwargs,words', [
    ([0, -1, 2], {}, ['-1', '>= 0']),
    ([0, 1.5], {}, ['1.5', 'whole']),
    ([0, 3], {'num_classes': 3}, ['3', 'num_classes']),
])
def test_to_categorical_errors(y, kwargs, words):
    with pytest.raises(ValueError) as info:
        to_categorical(y, **kwargs)
    for word in words:
        assert word in str(info.value)
