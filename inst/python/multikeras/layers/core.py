"""Core layers: Dense, Activation, Dropout, Flatten, Reshape."""
import types

import numpy as np

from .. import backend as K
from .. import activations, initializers, regularizers, constraints
from ..engine.base_layer import Layer, InputSpec, _check_positive_int, serialize_weight_settings
from ..legacy import interfaces


class Dense(Layer):
    """A densely connected layer: `activation(dot(input, kernel) + bias)`.

    # Arguments
        units: Positive integer, the output size.
        activation: Activation name or function (default: linear).
        use_bias: Whether to add a bias vector.
        kernel_initializer: Initializer of the `kernel` weights matrix.
        bias_initializer: Initializer of the bias vector.
        kernel_regularizer: Regularizer applied to the `kernel`.
        bias_regularizer: Regularizer applied to the bias vector.
        activity_regularizer: Regularizer applied to the output.
        kernel_constraint: Constraint applied to the `kernel`.
        bias_constraint: Constraint applied to the bias vector.
    """

    @interfaces.legacy_dense_support
    def __init__(self, units, activation=None, use_bias=True,
                 kernel_initializer='glorot_uniform', bias_initializer='zeros',
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        if 'input_shape' not in kwargs and 'input_dim' in kwargs:
            kwargs['input_shape'] = (kwargs.pop('input_dim'),)
        super(Dense, self).__init__(**kwargs)
        self.units = _check_positive_int(units, 'units', 'Dense')
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError('Dense layer %s needs a known last input dimension; got input shape %s.'
                             % (self.name, input_shape))
        self.kernel = self.add_weight('kernel', (input_dim, self.units), initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = self.add_weight('bias', (self.units,), initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True

    def call(self, inputs):
        output = K.dot(inputs, self.kernel)
        if self.use_bias:
            output = K.bias_add(output, self.bias, data_format='channels_last')
        return self.activation(output)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        config = super(Dense, self).get_config()
        config.update({'units': self.units, 'activation': activations.serialize(self.activation),
                       'use_bias': self.use_bias})
        config.update(serialize_weight_settings(self, ('kernel', 'bias', 'activity')))
        return config


class Activation(Layer):
    """Applies an activation function to its input.

    # Arguments
        activation: Name of an activation function (e.g. `"relu"`) or the
            function itself.
    """

    def __init__(self, activation, **kwargs):
        super(Activation, self).__init__(**kwargs)
        self.activation = activations.get(activation)
        self.supports_masking = True

    def call(self, inputs):
        return self.activation(inputs)

    def get_config(self):
        config = super(Activation, self).get_config()
        config['activation'] = activations.serialize(self.activation)
        return config


class Dropout(Layer):
    """Set a fraction `rate` of inputs to 0 in training (scaling the rest); identity otherwise.

    # Arguments
        rate: float in [0, 1), the fraction of units to drop.
        noise_shape: shape of the binary mask (1 where the mask is shared).
        seed: random seed.
    """

    @interfaces.legacy_dropout_support
    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super(Dropout, self).__init__(**kwargs)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0. <= rate < 1.:
            raise ValueError('Dropout: `rate` must be a number in [0, 1); got %r.' % (rate,))
        self.rate = float(rate)
        self.noise_shape = noise_shape
        self.seed = seed
        self.supports_masking = True

    def _noise_shape(self, inputs):
        if self.noise_shape is None:
            return None
        symbolic = K.shape(inputs)
        return tuple(symbolic[i] if d is None else d for i, d in enumerate(self.noise_shape))

    def call(self, inputs, training=None):
        if self.rate <= 0.:
            return inputs
        noise_shape = self._noise_shape(inputs)
        return K.in_train_phase(lambda: K.dropout(inputs, self.rate, noise_shape, seed=self.seed),
                                inputs, training=training)

    def get_config(self):
        config = super(Dropout, self).get_config()
        config.update({'rate': self.rate, 'noise_shape': self.noise_shape, 'seed': self.seed})
        return config


class Flatten(Layer):
    """Flattens every axis but the batch axis.

    # Arguments
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`). A `channels_first` input is made
            `channels_last` before flattening, so the order of the values is the
            same in both formats.
    """

    def __init__(self, data_format=None, **kwargs):
        super(Flatten, self).__init__(**kwargs)
        self.data_format = K.normalize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=2)

    def call(self, inputs):
        if self.data_format == 'channels_first' and K.ndim(inputs) > 2:
            ndim = K.ndim(inputs)
            inputs = K.permute_dimensions(inputs, (0,) + tuple(range(2, ndim)) + (1,))
        return K.batch_flatten(inputs)

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        if any(d is None for d in rest):
            raise ValueError('Flatten layer %s: the input shape %s must be fully known except the '
                             'batch axis. Give the first layer an input_shape.'
                             % (self.name, input_shape))
        return (input_shape[0], int(np.prod(rest)))

    def get_config(self):
        config = super(Flatten, self).get_config()
        config['data_format'] = self.data_format
        return config


class Reshape(Layer):
    """Reshapes its input (the batch axis is kept).

    # Arguments
        target_shape: Tuple of integers, the output shape without the batch
            axis; one entry may be -1, inferred from the others.
    """

    def __init__(self, target_shape, **kwargs):
        super(Reshape, self).__init__(**kwargs)
        self.target_shape = tuple(int(d) for d in target_shape)

    def _resolve(self, input_shape):
        target = list(self.target_shape)
        known = int(np.prod([d for d in target if d != -1]))
        total = int(np.prod(input_shape[1:])) if None not in input_shape[1:] else None
        if -1 in target:
            if total is not None:
                target[target.index(-1)] = total // known
            else:
                target[target.index(-1)] = None
        elif total is not None and total != known:
            raise ValueError('Reshape layer %s: cannot reshape input of shape %s (%d values) to %s.'
                             % (self.name, input_shape[1:], total, self.target_shape))
        return tuple(target)

    def call(self, inputs):
        return K.reshape(inputs, (K.shape(inputs)[0],) + self.target_shape)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + self._resolve(input_shape)

    def get_config(self):
        config = super(Reshape, self).get_config()
        config['target_shape'] = self.target_shape
        return config


class Masking(Layer):
    """Masks the timesteps whose features all equal `mask_value`.

    Layers after it that support masking skip those timesteps.

    # Arguments
        mask_value: The value that marks a timestep as missing.
    """

    def __init__(self, mask_value=0., **kwargs):
        super(Masking, self).__init__(**kwargs)
        self.mask_value = mask_value
        self.supports_masking = True

    def compute_mask(self, inputs, mask=None):
        return K.any(K.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = K.any(K.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        return inputs * K.cast(keep, K.dtype(inputs))

    def get_config(self):
        config = super(Masking, self).get_config()
        config['mask_value'] = self.mask_value
        return config


class _SpatialDropout(Dropout):
    """Drop whole feature maps: the mask is shared over the spatial axes."""
    rank = None

    @interfaces.legacy_spatialdropoutNd_support
    def __init__(self, rate, data_format=None, **kwargs):
        super(_SpatialDropout, self).__init__(rate, **kwargs)
        self.data_format = K.normalize_data_format(data_format) if self.rank > 1 else 'channels_last'
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _noise_shape(self, inputs):
        shape = K.shape(inputs)
        if self.data_format == 'channels_first':
            return (shape[0], shape[1]) + (1,) * self.rank
        return (shape[0],) + (1,) * self.rank + (shape[self.rank + 1],)

    def get_config(self):
        config = super(_SpatialDropout, self).get_config()
        config.pop('noise_shape', None)
        if self.rank > 1:
            config['data_format'] = self.data_format
        return config


class SpatialDropout1D(_SpatialDropout):
    """Drops whole 1D feature maps (the mask is shared along the steps).

    # Arguments
        rate: Float in [0, 1), the fraction of channels to drop.
    """
    rank = 1

    @interfaces.legacy_spatialdropout1d_support
    def __init__(self, rate, **kwargs):
        super(SpatialDropout1D, self).__init__(rate, **kwargs)


class SpatialDropout2D(_SpatialDropout):
    """Drops whole 2D feature maps (the mask is shared over rows and columns).

    # Arguments
        rate: Float in [0, 1), the fraction of channels to drop.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    rank = 2


class SpatialDropout3D(_SpatialDropout):
    """Drops whole 3D feature maps (the mask is shared over the spatial axes).

    # Arguments
        rate: Float in [0, 1), the fraction of channels to drop.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
    """
    rank = 3


class Permute(Layer):
    """Permutes the axes of its input (the batch axis stays first).

    # Arguments
        dims: Tuple of integers, the permutation of the non-batch axes,
            numbered from 1: `(2, 1)` swaps the two axes of a 3D input.
    """

    def __init__(self, dims, **kwargs):
        super(Permute, self).__init__(**kwargs)
        self.dims = tuple(int(d) for d in dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError('Permute: `dims` must be a permutation of 1..%d; got %r.'
                             % (len(self.dims), dims))
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def call(self, inputs):
        return K.permute_dimensions(inputs, (0,) + self.dims)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def get_config(self):
        config = super(Permute, self).get_config()
        config['dims'] = self.dims
        return config


class RepeatVector(Layer):
    """Repeats a `(batch, features)` input `n` times: `(batch, n, features)`.

    # Arguments
        n: Positive integer, the number of repetitions.
    """

    def __init__(self, n, **kwargs):
        super(RepeatVector, self).__init__(**kwargs)
        self.n = _check_positive_int(n, 'n', 'RepeatVector')
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        return K.repeat(inputs, self.n)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self):
        config = super(RepeatVector, self).get_config()
        config['n'] = self.n
        return config


class Lambda(Layer):
    """Wraps an expression `function(inputs)` (written with `K`) as a layer.

    # Arguments
        function: The function of the input tensor (or list of tensors).
        output_shape: The output shape (without batch axis) or a function of the
            input shape; default: the shape of `function` applied to
            placeholders of the input's shape.
        mask: The output mask: a tensor, or a function `(inputs, mask)` giving it
            (default: no mask).
        arguments: Dict of extra keyword arguments passed to `function`.


    As in Keras 2.3, `get_config()` keeps a Python function as its bytecode
    (`func_dump`): it loads back in the same Python version only, with the
    names its code uses found in this module (`K`, `np`) or in
    `custom_objects`. Other callables (builtins, R functions) are kept by
    name and must be given again in `custom_objects`.
    """

    @interfaces.legacy_lambda_support
    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super(Lambda, self).__init__(**kwargs)
        if not callable(function):
            raise TypeError('Lambda: `function` must be callable; got %r.' % (function,))
        self.function = function
        self.arguments = arguments or {}
        self._output_shape = output_shape
        self.supports_masking = mask is not None
        self._mask = mask

    def __call__(self, inputs, **kwargs):
        # The dtypes of the inputs (Keras's `_input_dtypes`): the output shape is
        # inferred on placeholders of these dtypes, before the call.
        if isinstance(inputs, list):
            self._input_dtypes = [K.dtype(x) for x in inputs]
        else:
            self._input_dtypes = K.dtype(inputs)
        return super(Lambda, self).__call__(inputs, **kwargs)

    def call(self, inputs, mask=None):
        return self.function(inputs, **self.arguments)

    def compute_mask(self, inputs, mask=None):
        if callable(self._mask):
            return self._mask(inputs, mask)
        return self._mask

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return self._inferred_output_shape(input_shape)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        batch = input_shape[0][0] if isinstance(input_shape, list) else input_shape[0]
        return (batch,) + tuple(self._output_shape)

    def _inferred_output_shape(self, input_shape):
        """The shape of `function` applied to placeholders of `input_shape`.

        Where the backend's static shapes leave an axis unknown (Theano), the
        function runs once on zeros with batches of 2 and 3 rows: axes whose
        length follows the batch stay None. Input shapes with unknown axes
        other than the batch give the input shape, as in Keras.
        """
        several = isinstance(input_shape, list)
        shapes = [tuple(s) for s in (input_shape if several else [input_shape])]
        if any(None in s[1:] for s in shapes):
            return input_shape
        dtypes = getattr(self, '_input_dtypes', None) or K.floatx()
        dtypes = dtypes if isinstance(dtypes, list) else [dtypes] * len(shapes)
        placeholders = [K.placeholder(shape=s, dtype=d) for s, d in zip(shapes, dtypes)]
        outputs = self.call(placeholders if several else placeholders[0])
        listed = isinstance(outputs, (list, tuple))
        outputs = list(outputs) if listed else [outputs]
        static = [K.int_shape(x) for x in outputs]
        if any(shape is None or None in shape[1:] for shape in static):
            run = K.function(placeholders, [K.shape(x) for x in outputs])
            batches = (2, 3) if shapes[0][0] is None else (shapes[0][0],) * 2
            found = [run([np.zeros((rows,) + s[1:], d) for s, d in zip(shapes, dtypes)])
                     for rows in batches]
            static = [tuple(int(a) if a == b else None for a, b in zip(two, three))
                      for two, three in zip(*found)]
        return static if listed else static[0]

    def get_config(self):
        """The config, with the function as Keras 2.3 keeps it: a Python function
        as its bytecode (`func_dump`: code, defaults, closure values), anything
        else (a builtin, a numpy function, an R function) by name."""
        config = super(Lambda, self).get_config()
        function, function_type = _dump_function(self.function)
        if self._output_shape is None or not callable(self._output_shape):
            output_shape, output_shape_type = self._output_shape, 'raw'
        else:
            output_shape, output_shape_type = _dump_function(self._output_shape)
        arguments = {key: {'type': 'ndarray', 'value': value.tolist()}
                     if isinstance(value, np.ndarray) else value
                     for key, value in self.arguments.items()}
        config.update({'function': function, 'function_type': function_type,
                       'output_shape': output_shape, 'output_shape_type': output_shape_type,
                       'arguments': arguments})
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        name = config.get('name')
        function = _load_function(config.pop('function'),
                                  config.pop('function_type', 'function'),
                                  custom_objects, name, 'function')
        output_shape_type = config.pop('output_shape_type', 'raw')
        if output_shape_type != 'raw':
            config['output_shape'] = _load_function(config['output_shape'], output_shape_type,
                                                    custom_objects, name, 'output_shape')
        arguments = config.get('arguments') or {}
        config['arguments'] = {
            key: np.array(value['value'])
            if isinstance(value, dict) and value.get('type') == 'ndarray' else value
            for key, value in arguments.items()}
        return cls(function, **config)


def _dump_function(fn):
    """`(function, type)` of a Lambda config: 'lambda' with `func_dump`'s triple
    for a Python function, 'function' with its name for anything else (and for
    R functions, whose code only calls into R)."""
    from ..utils.generic_utils import func_dump
    if isinstance(fn, types.FunctionType) and \
            not (getattr(fn, '__module__', None) or '').startswith('rpytools'):
        return func_dump(fn), 'lambda'
    return getattr(fn, '__name__', 'lambda'), 'function'


def _load_function(value, function_type, custom_objects, layer_name, argument):
    """The function a Lambda config holds (see `_dump_function`)."""
    from ..utils.generic_utils import func_load, get_custom_objects
    known = dict(get_custom_objects())
    known.update(custom_objects or {})
    if function_type == 'lambda':
        # Names the code uses resolve as in this module (K, np), then the custom objects.
        return func_load(value, globs=dict(globals(), **known))
    if function_type != 'function':
        raise ValueError('Lambda layer %s: unknown %s_type %r in its config; expected '
                         '"function", "lambda" or "raw".' % (layer_name, argument, function_type))
    if value not in known:
        raise ValueError('Lambda layer %s wraps the function %r, which cannot be restored from a '
                         'file: pass it in custom_objects={%r: fn}.' % (layer_name, value, value))
    return known[value]


class ActivityRegularization(Layer):
    """Adds an L1/L2 penalty on its input to the loss; passes the input on.

    # Arguments
        l1: L1 factor (a positive float).
        l2: L2 factor (a positive float).
    """

    def __init__(self, l1=0., l2=0., **kwargs):
        super(ActivityRegularization, self).__init__(**kwargs)
        from .. import regularizers as regs
        self.l1, self.l2 = float(l1), float(l2)
        self.activity_regularizer = regs.L1L2(l1=self.l1, l2=self.l2)
        self.supports_masking = True

    def get_config(self):
        config = super(ActivityRegularization, self).get_config()
        config.update({'l1': self.l1, 'l2': self.l2})
        return config
