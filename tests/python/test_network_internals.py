"""Layer and Network internals that Keras 2.3 code relies on: sub-layer and
variable tracking, node masks, mask validation, graph depths, feed inputs,
learning-phase flags and the deferred build of models that do not know their
inputs yet (a Sequential without input shape, a subclassed Model)."""
import numpy as np
import pytest

from multikeras import backend as K
from multikeras import layers
from multikeras.engine.base_layer import Layer
from multikeras.models import Model, Sequential, clone_model


def tiny(n=4, d=3, seed=0):
    rng = np.random.RandomState(seed)
    return rng.rand(n, d).astype('float32')


# -- tracking of sub-layers and variables ---------------------------------------------------

class Block(Layer):
    """A layer built from other layers and variables set as its attributes."""

    def __init__(self, **kwargs):
        super(Block, self).__init__(**kwargs)
        self.dense = layers.Dense(2, kernel_regularizer='l2', activity_regularizer='l2')
        self.scale = K.variable(1., name='scale')

    def build(self, input_shape):
        self.offset = self.add_weight('offset', (), initializer='zeros', trainable=False)

    def call(self, inputs):
        return self.dense(inputs) * self.scale + self.offset


def test_sub_layers_and_variables_set_as_attributes_are_tracked(backend):
    block = Block()
    assert block._layers == [block.dense]
    x = layers.Input((3,))
    model = Model(x, block(x))
    # dense kernel + bias, the variable, then the non-trainable weight
    assert len(block.trainable_weights) == 3 and len(block.non_trainable_weights) == 1
    assert block._trainable_weights[0] is block.scale
    assert len(model.weights) == 4
    # the kernel penalty (unconditional) and the activity penalty of this call
    assert len(model.losses) == 2
    assert len(model.get_losses_for(None)) == 1 and len(model.get_losses_for(x)) == 1
    block.trainable = False
    assert block.trainable_weights == [] and len(block.non_trainable_weights) == 4


def test_a_weight_made_by_add_weight_and_kept_as_an_attribute_counts_once(backend):
    """Metrics keep their state variables as attributes (self.true_positives =
    self.add_weight(...)): each is one weight, not two."""
    from multikeras import metrics
    assert [len(m.weights) for m in (metrics.TruePositives(), metrics.Precision(),
                                     metrics.AUC())] == [1, 2, 4]


def test_add_weight_takes_the_layer_dtype(backend):
    class IntLayer(Layer):
        def __init__(self):
            super(IntLayer, self).__init__(dtype='int32')
            self.w = self.add_weight('w', (), initializer='ones')

    assert K.dtype(IntLayer().w) == 'int32'
    # an Embedding's dtype is that of its indices: its vectors stay floats
    embedding = layers.Embedding(5, 2)
    embedding(layers.Input((3,), dtype='int32'))
    assert K.dtype(embedding.embeddings) == K.floatx()


# -- nodes, masks, shapes, depths -----------------------------------------------------------

def test_nodes_record_masks_and_layers_refuse_masks_they_cannot_use(backend):
    x = layers.Input((3,))
    assert x._keras_history[0]._inbound_nodes[0].input_masks == [None]
    masked = layers.Masking()(x)
    node = masked._keras_history[0]._inbound_nodes[0]
    assert node.output_masks[0] is masked._keras_mask is not None
    conv = layers.Dense(2)
    conv.supports_masking = False
    assert conv.compute_mask([x], [None]) is None
    with pytest.raises(TypeError, match='does not support masking'):
        conv.compute_mask([x], [np.ones((1, 3))])


def test_one_output_takes_the_first_shape_of_a_list(backend):
    class AddPair(Layer):
        def call(self, inputs):
            return inputs[0] + inputs[1]

    x = layers.Input((4, 2))
    y = AddPair()([x, x])
    assert K.int_shape(y) == (None, 4, 2)


def test_model_keeps_its_layers_by_depth_and_refuses_repeated_inputs(backend):
    a, b = layers.Input((2,), name='a'), layers.Input((2,), name='b')
    shared = layers.Dense(2, name='shared')
    deep = layers.Dense(2)(layers.Dense(2)(shared(b)))
    model = Model([a, b], layers.concatenate([shared(a), deep]))
    depth = {l.name: d for d, ls in model._layers_by_depth.items() for l in ls}
    assert depth['a'] == depth['b']
    assert model._input_layers == [a._keras_history[0], b._keras_history[0]]
    with pytest.raises(ValueError, match='redundant'):
        Model([a, b, a], deep)


def test_calls_of_a_model_using_the_learning_phase_are_marked(backend):
    a = layers.Input((2,))
    model = Model(a, [layers.Dense(2)(a), layers.Dropout(0.5)(a)])
    assert model.uses_learning_phase
    # as Keras: every output of a call of the model, the Dense one too
    assert all(y._uses_learning_phase for y in model(layers.Input((2,))))


# -- inputs that take no data ---------------------------------------------------------------

def test_inputs_made_on_variables_take_no_data(backend):
    x, y = tiny(), tiny(seed=1)[:, :2]
    source = Sequential([layers.Dense(2, input_shape=(3,))])
    clone = clone_model(source, input_tensors=K.variable(x))
    assert clone._feed_inputs == []
    clone.compile('sgd', 'mse')
    before = clone.test_on_batch(None, y)
    clone.train_on_batch(None, y)
    assert clone.test_on_batch(None, y) < before
    inp = layers.Input(tensor=K.variable(x))
    assert K.int_shape(inp) == (4, 3) and not inp._keras_history[0].is_placeholder


# -- deferred build -------------------------------------------------------------------------

def test_sequential_without_input_shape_builds_and_compiles_at_first_data(backend):
    x, y = tiny(), tiny(seed=1)[:, :2]
    model = Sequential([layers.Dense(3), layers.Dense(2)])
    model.compile('sgd', 'mse')
    assert not model.built and model.weights == []
    with pytest.raises(ValueError, match='input_shape'):
        model.summary()
    model.train_on_batch(x, y)
    assert model.built and len(model.weights) == 4
    config = model.get_config()
    assert config['build_input_shape'] == (None, 3)
    again = Sequential.from_config(config)
    assert again.built and len(again.weights) == 4


def test_nested_deferred_sequential_and_generators(backend):
    x, y = tiny(), tiny(seed=1)[:, :2]
    inner = Sequential([layers.Dense(3)])
    model = Sequential([inner, layers.Dense(2)])
    model.compile('sgd', 'mse')

    def batches():
        while True:
            yield x, y

    model.fit_generator(batches(), steps_per_epoch=2, epochs=1, verbose=0)
    assert inner.built and len(model.weights) == 4
    assert model.predict(x).shape == (4, 2)


class TwoDense(Model):
    """A subclassed model: its graph is its own call()."""

    def __init__(self):
        super(TwoDense, self).__init__(name='two_dense')
        self.hidden = layers.Dense(3, activation='relu')
        self.out = layers.Dense(2)

    def call(self, inputs):
        return self.out(self.hidden(inputs))


def test_subclassed_model_builds_at_first_fit_and_predicts(backend):
    x, y = tiny(), tiny(seed=1)[:, :2]
    model = TwoDense()
    assert model.layers == [model.hidden, model.out]
    model.compile('sgd', 'mse')
    model.fit(x, y, epochs=2, batch_size=2, verbose=0)
    assert model.input_names == ['input_1'] and model.output_names == ['output_1']
    assert len(model.trainable_weights) == 4
    assert model.predict(x).shape == (4, 2)
    assert np.isfinite(model.evaluate(x, y, verbose=0))
    with pytest.raises(NotImplementedError, match='subclassed'):
        model.get_config()


def test_unbuilt_model_says_what_to_do(backend):
    model = Sequential([layers.Dense(2)])
    with pytest.raises(ValueError, match='input_shape'):
        model.count_params()
    with pytest.raises(ValueError, match='input_shape'):
        model.set_weights([np.zeros((3, 2))])
    model.compile('sgd', 'mse')
    with pytest.raises(ValueError, match='input_shape'):
        model.fit(None, np.zeros((2, 2)), verbose=0)


def test_a_graph_model_given_its_inputs_again(backend):
    x = layers.Input((3,))
    model = Model(x, layers.Dense(2)(x))
    with pytest.raises(ValueError, match='already set'):
        model._set_inputs(model.inputs)
    for _ in range(2):      # the second time, its outputs are those of the first
        model.inputs = None
        model._set_inputs([x])
        assert model.predict(tiny()).shape == (4, 2)
