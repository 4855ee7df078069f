"""Keras 1 argument names, accepted as Keras 2.3 accepts them: converted to their
Keras 2 names with a warning that shows the Keras 2 call.

Each decorator comes from a table: the Keras 1 names and their Keras 2
names (`conversions`), Keras 1 values and their Keras 2 values
(`value_conversions`, e.g. `dim_ordering='th'` -> `data_format=
'channels_first'`), and, where a table is not enough, a function that
rewrites the arguments (`preprocessor`: Keras 1's separate `nb_row` and
`nb_col`, `input_dim` of recurrent layers, ...). `generate_legacy_interface`
turns the tables into a decorator of `__init__` (or of a method); the layers,
the model constructor and the generator methods of `Model` wear the ones
Keras 2.3 gives them. `Model.fit` takes `nb_epoch` itself.
"""
import functools
import warnings

import numpy as np

__all__ = ['generate_legacy_interface', 'generate_legacy_method_interface',
           'raise_duplicate_arg_error']


def _shown(value):
    """A value as the warning shows it: strings quoted, long values cut at 10 characters."""
    if isinstance(value, str):
        return '"%s"' % value
    text = 'array' if isinstance(value, np.ndarray) else str(value)
    return text[:10] + '...' if len(text) > 10 else text


def _keras2_call(name, args, kwargs):
    parts = [_shown(a) for a in args] + ['%s=%s' % (k, _shown(v)) for k, v in kwargs.items()]
    return '`%s(%s)`' % (name, ', '.join(parts))


def raise_duplicate_arg_error(old_arg, new_arg):
    raise TypeError('For the `%s` argument, the layer received both the legacy keyword argument '
                    '`%s` and the Keras 2 keyword argument `%s`. Stick to the latter!'
                    % (new_arg, old_arg, new_arg))


def _convert_values(kwargs, value_conversions):
    for key, mapping in value_conversions.items():
        value = kwargs.get(key)
        if isinstance(value, str) and value in mapping:
            kwargs[key] = mapping[value]


def _rename(kwargs, conversions, converted):
    for old, new in conversions:
        if old in kwargs:
            if new in kwargs:
                raise_duplicate_arg_error(old, new)
            kwargs[new] = kwargs.pop(old)
            converted.append((new, old))


def generate_legacy_interface(allowed_positional_args=None, conversions=None,
                              preprocessor=None, value_conversions=None, object_type='class'):
    """A decorator that converts Keras 1 arguments of `__init__` (or of a method).

    # Arguments
        allowed_positional_args: the names of the positional arguments the
            function takes (None: any number); more positional arguments raise
            a TypeError, as in Keras 2.3.
        conversions: `(keras1_name, keras2_name)` pairs.
        preprocessor: `f(args, kwargs) -> (args, kwargs, converted)` for what
            the tables cannot say; `converted` lists `(new, old)` names.
        value_conversions: `{keras1_name: {keras1_value: keras2_value}}`,
            applied before the renaming.
        object_type: `'class'` (the warning names the class of `self`) or
            `'method'` (it names the method).

    # Returns
        The decorator. A call with Keras 1 arguments warns `Update your `X`
        call to the Keras 2 API: `X(...)`` and runs with the converted ones.
    """
    conversions = list(conversions or [])
    value_conversions = dict(value_conversions or {})

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            name = type(args[0]).__name__ if object_type == 'class' else func.__name__
            converted = []
            if preprocessor is not None:
                args, kwargs, converted = preprocessor(args, kwargs)
            if allowed_positional_args is not None and \
                    len(args) > len(allowed_positional_args) + 1:
                raise TypeError('`%s` can accept only %d positional arguments %s, but you passed '
                                'the following positional arguments: %s'
                                % (name, len(allowed_positional_args),
                                   tuple(allowed_positional_args), list(args[1:])))
            _convert_values(kwargs, value_conversions)
            _rename(kwargs, conversions, converted)
            if converted:
                warnings.warn('Update your `%s` call to the Keras 2 API: %s'
                              % (name, _keras2_call(name, args[1:], kwargs)), stacklevel=2)
            return func(*args, **kwargs)
        wrapper._original_function = func
        return wrapper
    return decorator


generate_legacy_method_interface = functools.partial(generate_legacy_interface,
                                                     object_type='method')

# -- the tables ------------------------------------------------------------------------------

_DIM_ORDERING = {'dim_ordering': {'tf': 'channels_last', 'th': 'channels_first',
                                  'default': None}}
_TO_DATA_FORMAT = [('dim_ordering', 'data_format')]
_WEIGHT_SETTINGS = [('init', 'kernel_initializer'), ('W_regularizer', 'kernel_regularizer'),
                    ('b_regularizer', 'bias_regularizer'), ('W_constraint', 'kernel_constraint'),
                    ('b_constraint', 'bias_constraint'), ('bias', 'use_bias')]
_CONV = [('nb_filter', 'filters'), ('subsample', 'strides'), ('border_mode', 'padding'),
         ('dim_ordering', 'data_format')] + _WEIGHT_SETTINGS
_POOL_ARGS = ['pool_size', 'strides', 'padding']
_RECURRENT = [('output_dim', 'units'), ('init', 'kernel_initializer'),
              ('inner_init', 'recurrent_initializer'),
              ('inner_activation', 'recurrent_activation'),
              ('W_regularizer', 'kernel_regularizer'), ('b_regularizer', 'bias_regularizer'),
              ('U_regularizer', 'recurrent_regularizer'), ('dropout_W', 'dropout'),
              ('dropout_U', 'recurrent_dropout')]


def _layer(positional, conversions=(), values=None, preprocessor=None):
    return generate_legacy_interface(allowed_positional_args=positional,
                                     conversions=list(conversions), value_conversions=values,
                                     preprocessor=preprocessor)


def _with_data_format(positional, conversions=(), preprocessor=None):
    return _layer(positional, list(conversions) + _TO_DATA_FORMAT, _DIM_ORDERING, preprocessor)


# -- the preprocessors ----------------------------------------------------------------------

def _forget_bias(kwargs, converted):
    """Keras 1's `forget_bias_init='one'` is `unit_forget_bias=True`; other values are dropped."""
    if 'forget_bias_init' not in kwargs:
        return
    if kwargs.pop('forget_bias_init') == 'one':
        kwargs['unit_forget_bias'] = True
        converted.append(('unit_forget_bias', 'forget_bias_init'))
    else:
        warnings.warn('The `forget_bias_init` argument has been ignored. Use '
                      '`unit_forget_bias=True` instead to initialize with ones.', stacklevel=3)


def _input_dim_to_shape(kwargs, converted):
    """Keras 1's `input_dim` (and `input_length`) of sequence layers as `input_shape`."""
    if 'input_dim' in kwargs:
        kwargs['input_shape'] = (kwargs.pop('input_length', None), kwargs.pop('input_dim'))
        converted.append(('input_shape', 'input_dim'))


def _recurrent_preprocessor(args, kwargs):
    converted = []
    _forget_bias(kwargs, converted)
    if 'input_dim' in kwargs:
        _input_dim_to_shape(kwargs, converted)
        warnings.warn('The `input_dim` and `input_length` arguments in recurrent layers are '
                      'deprecated. Use `input_shape` instead.', stacklevel=3)
    return args, kwargs, converted


def _conv1d_preprocessor(args, kwargs):
    converted = []
    _input_dim_to_shape(kwargs, converted)
    return args, kwargs, converted


def _is_int(x):
    return isinstance(x, int) and not isinstance(x, bool)


def _kernel_from_dims(args, kwargs, names, converted):
    """Keras 1's separate kernel sizes (positional ints after `nb_filter`, then the
    keywords `names`) joined into Keras 2's `kernel_size`."""
    rank = len(names)
    given = list(args[2:])
    if len(given) > rank:
        raise TypeError('Layer can receive at most %d positional arguments.' % (rank + 1))
    if len(given) == rank and all(_is_int(x) for x in given):
        if any(keyword in kwargs for keyword in ('padding', 'strides', 'data_format')):
            raise ValueError('It seems that you are using the Keras 2 and you are passing both '
                             '`kernel_size` and `strides` as integer positional arguments. For '
                             'safety reasons, this is disallowed. Pass `strides` as a keyword '
                             'argument instead.')
        sizes = given
    elif given and _is_int(given[0]) and all(_is_int(x) for x in given) and \
            all(n in kwargs for n in names[len(given):]):
        sizes = given + [kwargs.pop(n) for n in names[len(given):]]
    elif not given and all(n in kwargs for n in names):
        sizes = [kwargs.pop(n) for n in names]
    else:
        return args
    converted.append(('kernel_size', '/'.join(names)))
    if len(args) < 2:
        kwargs['kernel_size'] = tuple(sizes)
        return args
    return tuple(args[:2]) + (tuple(sizes),)


def _conv2d_preprocessor(args, kwargs):
    converted = []
    args = _kernel_from_dims(args, kwargs, ('nb_row', 'nb_col'), converted)
    return args, kwargs, converted


def _conv3d_preprocessor(args, kwargs):
    converted = []
    args = _kernel_from_dims(args, kwargs, ('kernel_dim1', 'kernel_dim2', 'kernel_dim3'),
                             converted)
    return args, kwargs, converted


def _separable_conv2d_preprocessor(args, kwargs):
    converted = []
    if 'init' in kwargs:
        init = kwargs.pop('init')
        kwargs['depthwise_initializer'] = kwargs['pointwise_initializer'] = init
        converted.append(('depthwise_initializer/pointwise_initializer', 'init'))
    args, kwargs, more = _conv2d_preprocessor(args, kwargs)
    return args, kwargs, converted + more


def _deconv2d_preprocessor(args, kwargs):
    """Keras 1's `output_shape` of `Deconvolution2D` is inferred in Keras 2: dropped."""
    converted = []
    if len(args) == 5 and isinstance(args[4], tuple):
        args = args[:4]
        converted.append((None, 'output_shape'))
    if 'output_shape' in kwargs:
        kwargs.pop('output_shape')
        converted.append((None, 'output_shape'))
    args, kwargs, more = _conv2d_preprocessor(args, kwargs)
    return args, kwargs, converted + more


def _convlstm2d_preprocessor(args, kwargs):
    converted = []
    _forget_bias(kwargs, converted)
    args, kwargs, more = _conv2d_preprocessor(args, kwargs)
    return args, kwargs, converted + more


def _batchnorm_preprocessor(args, kwargs):
    converted = []
    if len(args) > 1:
        raise TypeError('The `BatchNormalization` layer does not accept positional arguments. '
                        'Use keyword arguments instead.')
    if 'mode' in kwargs:
        if kwargs.pop('mode') != 0:
            raise TypeError('The `mode` argument of `BatchNormalization` no longer exists. '
                            '`mode=1` and `mode=2` are no longer supported.')
        converted.append((None, 'mode'))
    return args, kwargs, converted


_PAD_KEYS = ('top_pad', 'bottom_pad', 'left_pad', 'right_pad')


def _pads_from_dict(pads):
    top, bottom, left, right = (pads.get(k, 0) for k in _PAD_KEYS)
    return (top, bottom), (left, right)


def _zeropadding2d_preprocessor(args, kwargs):
    """Keras 1's padding dict `{'top_pad': ..., ...}` as Keras 2's pairs."""
    def is_pad_dict(value):
        return isinstance(value, dict) and set(value) <= set(_PAD_KEYS)
    if is_pad_dict(kwargs.get('padding')):
        kwargs['padding'] = _pads_from_dict(kwargs['padding'])
    elif len(args) == 2 and is_pad_dict(args[1]):
        args = (args[0], _pads_from_dict(args[1]))
    else:
        return args, kwargs, []
    warnings.warn('The `padding` argument in the Keras 2 API no longer accepts dict types. You '
                  'can now input argument as: `padding=((top_pad, bottom_pad), (left_pad, '
                  'right_pad))`.', stacklevel=3)
    return args, kwargs, []


def _embedding_preprocessor(args, kwargs):
    if 'dropout' in kwargs:
        kwargs.pop('dropout')
        warnings.warn('The `dropout` argument is no longer support in `Embedding`. You can apply '
                      'a `keras.layers.SpatialDropout1D` layer right after the `Embedding` layer '
                      'to get the same behavior.', stacklevel=3)
    return args, kwargs, []


def _generator_methods_preprocessor(args, kwargs):
    """Keras 1's `samples_per_epoch` counted samples; Keras 2's `steps_per_epoch` counts
    batches: divided by the generator's `batch_size` when it has one."""
    converted = []
    if len(args) < 3 and 'samples_per_epoch' in kwargs:
        samples = kwargs.pop('samples_per_epoch')
        generator = args[1] if len(args) > 1 else kwargs.get('generator')
        batch_size = getattr(generator, 'batch_size', None)
        kwargs['steps_per_epoch'] = samples // batch_size if batch_size else samples
        converted.append(('steps_per_epoch', 'samples_per_epoch'))
    if {'samples_per_epoch', 'val_samples', 'nb_epoch', 'nb_val_samples',
            'nb_worker'} & set(kwargs) or converted:
        warnings.warn('The semantics of the Keras 2 argument `steps_per_epoch` is not the same '
                      'as the Keras 1 argument `samples_per_epoch`. `steps_per_epoch` is the '
                      'number of batches to draw from the generator at each epoch. Basically '
                      'steps_per_epoch = samples_per_epoch/batch_size. Similarly '
                      '`nb_val_samples`->`validation_steps` and `val_samples`->`steps` '
                      'arguments have changed. Update your method calls accordingly.',
                      stacklevel=3)
    return args, kwargs, converted


def _add_weight_preprocessor(args, kwargs):
    """Keras 1's `add_weight(shape, name)` order as Keras 2's keywords."""
    if len(args) > 1 and isinstance(args[1], (tuple, list)):
        kwargs['shape'] = args[1]
        args = (args[0],) + tuple(args[2:])
        if len(args) > 1 and isinstance(args[1], str):
            kwargs['name'] = args[1]
            args = (args[0],) + tuple(args[2:])
    return args, kwargs, []


def _get_updates_preprocessor(args, kwargs):
    """Keras 1's `get_updates(params, constraints, loss)` as Keras 2's `(loss, params)`."""
    if len(args) > 4:
        raise TypeError('`get_update` call received more arguments than expected.')
    if len(args) == 4:
        optimizer, params, _, loss = args
        kwargs.update(loss=loss, params=params)
        return (optimizer,), kwargs, []
    if len(args) == 3 and isinstance(args[1], (list, tuple)) and 'loss' in kwargs:
        kwargs['params'] = args[1]
        return (args[0],), kwargs, []
    return args, kwargs, []


# -- the decorators, under Keras 2.3's names ------------------------------------------------------

legacy_dense_support = _layer(['units'], [('output_dim', 'units')] + _WEIGHT_SETTINGS)
legacy_dropout_support = _layer(['rate', 'noise_shape', 'seed'], [('p', 'rate')])
legacy_embedding_support = _layer(
    ['input_dim', 'output_dim'],
    [('init', 'embeddings_initializer'), ('W_regularizer', 'embeddings_regularizer'),
     ('W_constraint', 'embeddings_constraint')], preprocessor=_embedding_preprocessor)
legacy_pooling1d_support = _layer(_POOL_ARGS, [('pool_length', 'pool_size'),
                                               ('stride', 'strides'),
                                               ('border_mode', 'padding')])
legacy_pooling2d_support = _with_data_format(_POOL_ARGS, [('border_mode', 'padding')])
legacy_pooling3d_support = legacy_pooling2d_support
legacy_global_pooling_support = _with_data_format(None)
legacy_prelu_support = _layer(['alpha_initializer'], [('init', 'alpha_initializer')])
legacy_gaussiannoise_support = _layer(['stddev'], [('sigma', 'stddev')])
legacy_gaussiandropout_support = _layer(['rate'], [('p', 'rate')])
legacy_recurrent_support = _layer(
    ['units'], _RECURRENT + [('consume_less', 'implementation')],
    {'consume_less': {'cpu': 0, 'mem': 1, 'gpu': 2}}, _recurrent_preprocessor)
legacy_upsampling1d_support = _layer(['size'], [('length', 'size')])
legacy_upsampling2d_support = _with_data_format(['size'])
legacy_upsampling3d_support = legacy_upsampling2d_support
legacy_conv1d_support = _layer(
    ['filters', 'kernel_size'],
    [('nb_filter', 'filters'), ('filter_length', 'kernel_size'),
     ('subsample_length', 'strides'), ('border_mode', 'padding')] + _WEIGHT_SETTINGS,
    preprocessor=_conv1d_preprocessor)
legacy_conv2d_support = _layer(['filters', 'kernel_size'], _CONV, _DIM_ORDERING,
                               _conv2d_preprocessor)
legacy_conv3d_support = _layer(['filters', 'kernel_size'], _CONV, _DIM_ORDERING,
                               _conv3d_preprocessor)
legacy_deconv2d_support = _layer(['filters', 'kernel_size'], _CONV, _DIM_ORDERING,
                                 _deconv2d_preprocessor)
legacy_separable_conv2d_support = _layer(
    ['filters', 'kernel_size'],
    [c for c in _CONV if c[0] not in ('init', 'W_regularizer', 'W_constraint')],
    _DIM_ORDERING, _separable_conv2d_preprocessor)
legacy_convlstm2d_support = _layer(
    ['filters', 'kernel_size'],
    [c for c in _CONV if c[0] not in ('W_constraint', 'b_constraint')] +
    [c for c in _RECURRENT if c[0] in ('inner_init', 'U_regularizer', 'inner_activation',
                                       'dropout_W', 'dropout_U')],
    _DIM_ORDERING, _convlstm2d_preprocessor)
legacy_batchnorm_support = _layer([], [('beta_init', 'beta_initializer'),
                                       ('gamma_init', 'gamma_initializer')],
                                  preprocessor=_batchnorm_preprocessor)
legacy_zeropadding2d_support = _with_data_format(['padding'],
                                                 preprocessor=_zeropadding2d_preprocessor)
legacy_zeropadding3d_support = _with_data_format(['padding'])
legacy_cropping2d_support = _with_data_format(['cropping'])
legacy_cropping3d_support = legacy_cropping2d_support
legacy_spatialdropout1d_support = _layer(['rate'], [('p', 'rate')])
legacy_spatialdropoutNd_support = _with_data_format(['rate'], [('p', 'rate')])
legacy_lambda_support = _layer(['function', 'output_shape'])
legacy_generator_methods_support = generate_legacy_method_interface(
    allowed_positional_args=['generator', 'steps_per_epoch', 'epochs'],
    conversions=[('samples_per_epoch', 'steps_per_epoch'), ('val_samples', 'steps'),
                 ('nb_epoch', 'epochs'), ('nb_val_samples', 'validation_steps'),
                 ('nb_worker', 'workers'), ('pickle_safe', 'use_multiprocessing'),
                 ('max_q_size', 'max_queue_size')],
    preprocessor=_generator_methods_preprocessor)


def _fit_preprocessor(args, kwargs):
    """Keras 1's `nb_epoch` of `fit`, with the warning Keras 2.3's `fit` gives."""
    if 'nb_epoch' in kwargs:
        warnings.warn('The `nb_epoch` argument in `fit` has been renamed `epochs`.', stacklevel=3)
        kwargs['epochs'] = kwargs.pop('nb_epoch')
    return args, kwargs, []


legacy_fit_support = generate_legacy_method_interface(preprocessor=_fit_preprocessor)
legacy_model_constructor_support = generate_legacy_interface(
    conversions=[('input', 'inputs'), ('output', 'outputs')])
legacy_input_support = generate_legacy_interface(conversions=[('input_dtype', 'dtype')])
legacy_add_weight_support = generate_legacy_interface(
    allowed_positional_args=['name', 'shape'], preprocessor=_add_weight_preprocessor)
legacy_get_updates_support = generate_legacy_interface(preprocessor=_get_updates_preprocessor)
