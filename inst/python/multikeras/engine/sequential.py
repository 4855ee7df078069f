"""`Sequential`: a linear stack of layers."""
import warnings

import numpy as np

from .. import backend as K
from .base_layer import Layer
from .input_layer import Input, InputLayer
from .training import Model


class Sequential(Model):
    """A model that is a plain stack of layers, each feeding the next.

    # Arguments
        layers: list of layers to add.
        name: model name.

    The first layer needs `input_shape` (or an `InputLayer`); otherwise the
    model is built from the shape of the first data it sees.
    """

    def __init__(self, layers=None, name=None):
        super(Sequential, self).__init__(name=name)
        self._stack = []
        for layer in layers or []:
            self.add(layer)

    @property
    def layers(self):
        return [l for l in self._stack if not isinstance(l, InputLayer)]

    def add(self, layer):
        """Append `layer` to the stack (building it when the input shape is known)."""
        if not isinstance(layer, Layer):
            raise TypeError('Sequential.add() takes a layer instance; got %r.' % (layer,))
        self._ensure_backend()
        if any(layer is l for l in self._stack) or any(layer.name == l.name for l in self._stack):
            raise ValueError('The model already has a layer named %r; every layer name must be '
                             'unique.' % layer.name)
        self._stack.append(layer)
        if self.outputs:
            output = layer(self.outputs[0])
            if isinstance(output, list):
                raise TypeError('Sequential models take layers with one output; %s has %d.'
                                % (layer.name, len(output)))
            self._rebuild_graph(self.inputs[0], output)
        elif isinstance(layer, InputLayer):
            x = layer._inbound_nodes[0].output_tensors[0]
            self._rebuild_graph(x, x)
        elif getattr(layer, 'batch_input_shape', None) is not None:
            x = Input(batch_shape=layer.batch_input_shape, dtype=layer.dtype,
                      name=layer.name + '_input')
            self._stack.insert(len(self._stack) - 1, x._keras_history[0])
            self._rebuild_graph(x, layer(x))
        elif isinstance(layer, Model) and layer.inputs:
            x = Input(batch_shape=K.int_shape(layer.inputs[0]), name=layer.name + '_input')
            self._stack.insert(len(self._stack) - 1, x._keras_history[0])
            self._rebuild_graph(x, layer(x))

    def _rebuild_graph(self, x, y):
        self._init_graph_network(x, y)
        self._functions = {}
        self.optimizer = None if self.optimizer is None else self.optimizer
        if self._compile_args is not None:
            self._compile_args_stale = True

    def pop(self):
        """Remove the last layer; a failure leaves the model as it was."""
        if not self.layers:
            raise TypeError('There are no layers in the model to pop.')
        before = dict(self.__dict__)
        try:
            self._pop()
        except BaseException:
            self.__dict__.clear()
            self.__dict__.update(before)
            raise

    def _pop(self):
        self._stack = list(self._stack)
        self._stack.pop()
        layers = list(self._stack)
        if not any(not isinstance(l, InputLayer) for l in layers):
            self._stack = [l for l in layers if not isinstance(l, InputLayer)]
            self.inputs, self.outputs, self._layers, self.built = [], [], [], False
            return
        x = self.inputs[0]
        y = x
        for layer in layers:
            if not isinstance(layer, InputLayer):
                y = layer(y)
        self._rebuild_graph(x, y)

    def build(self, input_shape=None):
        """Build a model whose first layer had no input shape, from `input_shape`
        (with the batch axis, e.g. `(None, 784)`); `get_config()` then keeps it
        as `build_input_shape`, as in Keras 2.3."""
        if self.outputs:
            return
        if input_shape is None:
            raise ValueError('build(): give the input shape including the batch axis, '
                             'e.g. (None, 784).')
        if not self._stack:
            raise TypeError('build(): the Sequential model %r has no layers to build; add '
                            'some first.' % self.name)
        input_shape = tuple(None if d is None else int(d) for d in input_shape)
        x = Input(batch_shape=input_shape, name=self.name + '_input')
        pending = list(self._stack)
        self._stack = [x._keras_history[0]]
        y = x
        try:
            for layer in pending:
                self._stack.append(layer)
                y = layer(y)
        except BaseException:
            self._stack = pending
            raise
        self._build_input_shape = input_shape
        self._rebuild_graph(x, y)

    def _set_inputs(self, inputs, outputs=None, training=None):
        """Build the model from the shape of its first data (Keras 2.3's deferred build)."""
        first = inputs[0] if isinstance(inputs, (list, tuple)) and len(inputs) == 1 else inputs
        if isinstance(first, (list, tuple, dict)):
            raise ValueError('A Sequential model takes one input; got %d arrays for model %r.'
                             % (len(first), self.name))
        shape = K.int_shape(first) if K.is_tensor(first) else np.shape(first)
        self.build((None,) + tuple(shape[1:]))

    def compile(self, *args, **kwargs):
        self._compile_args_stale = False
        super(Sequential, self).compile(*args, **kwargs)

    def _function(self, mode):
        if mode != 'predict' and getattr(self, '_compile_args_stale', False):
            raise RuntimeError('Layers were added to the model %r after compile(); call compile() '
                               'again before training.' % self.name)
        return super(Sequential, self)._function(mode)

    def predict_proba(self, x, batch_size=32, verbose=0, steps=None):
        """The model's outputs for `x`, read as class probabilities.

        Warns when an output lies outside [0, 1] (the last layer is then
        not a softmax or sigmoid).
        """
        probabilities = self.predict(x, batch_size=batch_size, verbose=verbose, steps=steps)
        if probabilities.size and (probabilities.min() < 0. or probabilities.max() > 1.):
            warnings.warn('predict_proba(): the model %r gives outputs outside [0, 1], which '
                          'are not probabilities; end it with a softmax or sigmoid layer.'
                          % self.name)
        return probabilities

    def predict_classes(self, x, batch_size=32, verbose=0, steps=None):
        """The predicted class of each sample of `x` (int32).

        The index of the largest output (0-based), or for one output unit 1
        where it is above 0.5 and 0 elsewhere.
        """
        outputs = self.predict(x, batch_size=batch_size, verbose=verbose, steps=steps)
        if outputs.shape[-1] > 1:
            return outputs.argmax(axis=-1).astype('int32')
        return (outputs > 0.5).astype('int32')

    def get_config(self):
        """`{'name', 'layers'}`, and `build_input_shape` for a model built by `build()`
        (or by its first data), as in Keras 2.3."""
        built_here = getattr(self, '_build_input_shape', None)
        layers = []
        for layer in self._stack:
            if isinstance(layer, InputLayer) and self._stack.index(layer) == 0 and \
                    len(self._stack) > 1 and (built_here or
                                              getattr(self._stack[1], 'batch_input_shape', None)):
                continue
            layers.append({'class_name': layer.__class__.__name__, 'config': layer.get_config()})
        config = {'name': self.name, 'layers': layers}
        if built_here:
            config['build_input_shape'] = built_here
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ..layers import deserialize as deserialize_layer
        if isinstance(config, list):
            config = {'name': None, 'layers': config}
        model = cls(name=config.get('name'))
        for layer_config in config['layers']:
            model.add(deserialize_layer(layer_config, custom_objects=custom_objects))
        if config.get('build_input_shape') and not model.built:
            model.build(config['build_input_shape'])
        return model
