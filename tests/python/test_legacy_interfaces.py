"""Keras 1 argument names, converted as Keras 2.3's legacy interfaces convert them.

Each case builds a layer with Keras 1 arguments and the same layer with Keras
2 arguments: the first warns "Update your `X` call to the Keras 2 API" and
both have the same config (the cases follow Keras 2.3.1's
tests/keras/legacy/interface_test.py).
"""
import json
import warnings

import numpy as np
import pytest

import multikeras as keras
from conftest import activate

L = keras.layers

CASES = {
    'dense': (lambda: L.Dense(input_dim=3, output_dim=2, name='d'),
              lambda: L.Dense(2, input_shape=(3,), name='d')),
    'dense_weights': (
        lambda: L.Dense(2, bias=False, init='normal', W_regularizer='l1', W_constraint='maxnorm',
                        b_regularizer='l2', b_constraint='unitnorm', name='d'),
        lambda: L.Dense(2, use_bias=False, kernel_initializer='normal', kernel_regularizer='l1',
                        kernel_constraint='max_norm', bias_regularizer='l2',
                        bias_constraint='unit_norm', name='d')),
    'dropout': (lambda: L.Dropout(p=0.3, name='x'), lambda: L.Dropout(0.3, name='x')),
    'embedding': (
        lambda: L.Embedding(4, 2, init='normal', W_regularizer='l1', W_constraint='maxnorm',
                            name='e'),
        lambda: L.Embedding(4, 2, embeddings_initializer='normal', embeddings_regularizer='l1',
                            embeddings_constraint='max_norm', name='e')),
    'maxpooling1d': (lambda: L.MaxPooling1D(pool_length=2, stride=2, border_mode='valid',
                                            name='p'),
                     lambda: L.MaxPooling1D(pool_size=2, strides=2, padding='valid', name='p')),
    'avgpooling1d': (lambda: L.AveragePooling1D(pool_length=3, border_mode='same', name='p'),
                     lambda: L.AveragePooling1D(3, padding='same', name='p')),
    'maxpooling2d': (lambda: L.MaxPooling2D((2, 2), (2, 2), 'valid', dim_ordering='tf', name='p'),
                     lambda: L.MaxPooling2D((2, 2), (2, 2), 'valid',
                                            data_format='channels_last', name='p')),
    'avgpooling2d': (lambda: L.AveragePooling2D(border_mode='same', dim_ordering='th', name='p'),
                     lambda: L.AveragePooling2D(padding='same', data_format='channels_first',
                                                name='p')),
    'maxpooling3d': (lambda: L.MaxPooling3D(border_mode='same', dim_ordering='th', name='p'),
                     lambda: L.MaxPooling3D(padding='same', data_format='channels_first',
                                            name='p')),
    'avgpooling3d': (lambda: L.AveragePooling3D((2, 2, 2), border_mode='valid',
                                                dim_ordering='tf', name='p'),
                     lambda: L.AveragePooling3D((2, 2, 2), padding='valid',
                                                data_format='channels_last', name='p')),
    'global_maxpooling2d': (lambda: L.GlobalMaxPooling2D(dim_ordering='th', name='g'),
                            lambda: L.GlobalMaxPooling2D(data_format='channels_first', name='g')),
    'global_avgpooling3d': (lambda: L.GlobalAveragePooling3D(dim_ordering='tf', name='g'),
                            lambda: L.GlobalAveragePooling3D(data_format='channels_last',
                                                             name='g')),
    'prelu': (lambda: L.PReLU(init='zero', name='p'),
              lambda: L.PReLU(alpha_initializer='zero', name='p')),
    'gaussiannoise': (lambda: L.GaussianNoise(sigma=0.1, name='n'),
                      lambda: L.GaussianNoise(stddev=0.1, name='n')),
    'gaussiandropout': (lambda: L.GaussianDropout(p=0.6, name='n'),
                        lambda: L.GaussianDropout(0.6, name='n')),
    'lstm_input_dim': (lambda: L.LSTM(input_dim=5, input_length=3, output_dim=2,
                                      consume_less='mem', name='r'),
                       lambda: L.LSTM(2, input_shape=(3, 5), implementation=1, name='r')),
    'lstm_no_input_length': (lambda: L.LSTM(input_dim=5, output_dim=2, consume_less='gpu',
                                            name='r'),
                             lambda: L.LSTM(2, input_shape=(None, 5), implementation=2,
                                            name='r')),
    'lstm_weights': (
        lambda: L.LSTM(2, init='normal', inner_init='glorot_uniform', forget_bias_init='one',
                       inner_activation='hard_sigmoid', W_regularizer='l1', U_regularizer='l1',
                       b_regularizer='l1', dropout_W=0.1, dropout_U=0.1, name='r'),
        lambda: L.LSTM(2, kernel_initializer='normal', recurrent_initializer='glorot_uniform',
                       unit_forget_bias=True, recurrent_activation='hard_sigmoid',
                       kernel_regularizer='l1', recurrent_regularizer='l1',
                       bias_regularizer='l1', dropout=0.1, recurrent_dropout=0.1, name='r')),
    'gru': (lambda: L.GRU(input_shape=[3, 5], output_dim=2, inner_activation='sigmoid',
                          name='r'),
            lambda: L.GRU(2, input_shape=[3, 5], recurrent_activation='sigmoid', name='r')),
    'simplernn': (lambda: L.SimpleRNN(2, init='normal', inner_init='orthogonal', dropout_W=0.1,
                                      dropout_U=0.2, name='r'),
                  lambda: L.SimpleRNN(2, kernel_initializer='normal',
                                      recurrent_initializer='orthogonal', dropout=0.1,
                                      recurrent_dropout=0.2, name='r')),
    'conv1d': (lambda: L.Conv1D(nb_filter=5, filter_length=3, subsample_length=2,
                                border_mode='same', init='normal', bias=False, input_dim=4,
                                input_length=7, name='c'),
               lambda: L.Conv1D(5, 3, strides=2, padding='same', kernel_initializer='normal',
                                use_bias=False, input_shape=(7, 4), name='c')),
    'conv2d_positional_rows_cols': (
        lambda: L.Conv2D(5, 3, 3, init='normal', subsample=(2, 2), border_mode='valid',
                         dim_ordering='th', W_regularizer='l1', b_regularizer='l2',
                         W_constraint='maxnorm', b_constraint='unitnorm', name='c'),
        lambda: L.Conv2D(5, (3, 3), kernel_initializer='normal', strides=(2, 2),
                         padding='valid', data_format='channels_first', kernel_regularizer='l1',
                         bias_regularizer='l2', kernel_constraint='max_norm',
                         bias_constraint='unit_norm', name='c')),
    'conv2d_nb_row_nb_col': (lambda: L.Conv2D(nb_filter=4, nb_row=2, nb_col=3, name='c'),
                             lambda: L.Conv2D(4, (2, 3), name='c')),
    'conv2d_nb_col': (lambda: L.Conv2D(4, 2, nb_col=3, name='c'),
                      lambda: L.Conv2D(4, (2, 3), name='c')),
    'conv3d': (lambda: L.Conv3D(5, 3, 3, 3, subsample=(2, 2, 2), dim_ordering='tf', name='c'),
               lambda: L.Conv3D(5, (3, 3, 3), strides=(2, 2, 2), data_format='channels_last',
                                name='c')),
    'conv3d_kernel_dims': (lambda: L.Conv3D(5, kernel_dim1=2, kernel_dim2=3, kernel_dim3=4,
                                            name='c'),
                           lambda: L.Conv3D(5, (2, 3, 4), name='c')),
    'conv2d_transpose': (
        lambda: L.Conv2DTranspose(5, 3, 3, output_shape=(None, 9, 9, 5), subsample=(2, 2),
                                  border_mode='same', init='normal', name='c'),
        lambda: L.Conv2DTranspose(5, (3, 3), strides=(2, 2), padding='same',
                                  kernel_initializer='normal', name='c')),
    'separable_conv2d': (
        lambda: L.SeparableConv2D(5, 3, 3, init='normal', subsample=(2, 2), bias=False,
                                  dim_ordering='th', name='c'),
        lambda: L.SeparableConv2D(5, (3, 3), depthwise_initializer='normal',
                                  pointwise_initializer='normal', strides=(2, 2),
                                  use_bias=False, data_format='channels_first', name='c')),
    'atrous_conv1d': (lambda: L.AtrousConvolution1D(5, 3, atrous_rate=2, border_mode='valid',
                                                    init='normal', name='c'),
                      lambda: L.Conv1D(5, 3, dilation_rate=2, padding='valid',
                                       kernel_initializer='normal', name='c')),
    'atrous_conv2d': (lambda: L.AtrousConvolution2D(5, 3, 3, atrous_rate=(2, 2),
                                                    dim_ordering='th', name='c'),
                      lambda: L.Conv2D(5, (3, 3), dilation_rate=(2, 2),
                                       data_format='channels_first', name='c')),
    'locally_connected1d': (lambda: L.LocallyConnected1D(nb_filter=3, filter_length=2,
                                                         init='normal', name='c'),
                            lambda: L.LocallyConnected1D(3, 2, kernel_initializer='normal',
                                                         name='c')),
    'locally_connected2d': (lambda: L.LocallyConnected2D(3, 2, 2, subsample=(2, 2), name='c'),
                            lambda: L.LocallyConnected2D(3, (2, 2), strides=(2, 2), name='c')),
    'convlstm2d': (
        lambda: L.ConvLSTM2D(5, 3, 3, init='normal', inner_init='glorot_uniform',
                             forget_bias_init='one', inner_activation='hard_sigmoid',
                             dim_ordering='th', border_mode='same', subsample=(2, 2),
                             W_regularizer='l1', U_regularizer='l2', b_regularizer='l2',
                             dropout_W=0.2, dropout_U=0.1, name='c'),
        lambda: L.ConvLSTM2D(5, (3, 3), kernel_initializer='normal',
                             recurrent_initializer='glorot_uniform', unit_forget_bias=True,
                             recurrent_activation='hard_sigmoid', data_format='channels_first',
                             padding='same', strides=(2, 2), kernel_regularizer='l1',
                             recurrent_regularizer='l2', bias_regularizer='l2', dropout=0.2,
                             recurrent_dropout=0.1, name='c')),
    'batchnorm': (lambda: L.BatchNormalization(mode=0, beta_init='normal', gamma_init='uniform',
                                               name='bn'),
                  lambda: L.BatchNormalization(beta_initializer='normal',
                                               gamma_initializer='uniform', name='bn')),
    'zeropadding2d_dict': (
        lambda: L.ZeroPadding2D(padding={'right_pad': 4, 'bottom_pad': 2, 'top_pad': 1,
                                         'left_pad': 3}, dim_ordering='tf', name='z'),
        lambda: L.ZeroPadding2D(((1, 2), (3, 4)), data_format='channels_last', name='z')),
    'zeropadding2d_positional_dict': (
        lambda: L.ZeroPadding2D({'top_pad': 1}, dim_ordering='tf', name='z'),
        lambda: L.ZeroPadding2D(((1, 0), (0, 0)), data_format='channels_last', name='z')),
    'zeropadding3d': (lambda: L.ZeroPadding3D((2, 2, 2), dim_ordering='th', name='z'),
                      lambda: L.ZeroPadding3D((2, 2, 2), data_format='channels_first',
                                              name='z')),
    'cropping2d': (lambda: L.Cropping2D(dim_ordering='tf', name='c'),
                   lambda: L.Cropping2D(data_format='channels_last', name='c')),
    'cropping3d': (lambda: L.Cropping3D(dim_ordering='th', name='c'),
                   lambda: L.Cropping3D(data_format='channels_first', name='c')),
    'upsampling1d': (lambda: L.UpSampling1D(length=3, name='u'),
                     lambda: L.UpSampling1D(size=3, name='u')),
    'upsampling2d': (lambda: L.UpSampling2D((2, 3), dim_ordering='th', name='u'),
                     lambda: L.UpSampling2D((2, 3), data_format='channels_first', name='u')),
    'upsampling3d': (lambda: L.UpSampling3D(dim_ordering='tf', name='u'),
                     lambda: L.UpSampling3D(data_format='channels_last', name='u')),
    'spatialdropout1d': (lambda: L.SpatialDropout1D(p=0.6, name='s'),
                         lambda: L.SpatialDropout1D(0.6, name='s')),
    'spatialdropout2d': (lambda: L.SpatialDropout2D(p=0.5, dim_ordering='th', name='s'),
                         lambda: L.SpatialDropout2D(0.5, data_format='channels_first',
                                                    name='s')),
    'spatialdropout3d': (lambda: L.SpatialDropout3D(p=0.5, dim_ordering='tf', name='s'),
                         lambda: L.SpatialDropout3D(rate=0.5, data_format='channels_last',
                                                    name='s')),
    'input_layer': (lambda: L.InputLayer(input_shape=(3,), input_dtype='int32', name='i'),
                    lambda: L.InputLayer(input_shape=(3,), dtype='int32', name='i')),
}


def _config(layer):
    return json.dumps(layer.get_config(), sort_keys=True, default=str)


@pytest.mark.parametrize('case', sorted(CASES))
def test_keras1_arguments_are_converted_with_a_warning(case):
    old, new = CASES[case]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        old_layer = old()
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        new_layer = new()
    assert _config(old_layer) == _config(new_layer)
    name = type(old_layer).__name__
    messages = [str(w.message) for w in caught]
    assert any(m.startswith('Update your `%s` call to the Keras 2 API: `%s(' % (name, name))
               for m in messages), messages


def test_the_warning_shows_the_keras2_call():
    with pytest.warns(UserWarning) as caught:
        L.Dense(10, init='he_normal', W_regularizer=keras.regularizers.l2(0.01), name='dense')
    message = str(caught[0].message)
    assert message.startswith('Update your `Dense` call to the Keras 2 API: `Dense(10, name='
                              '"dense", kernel_initializer="he_normal", kernel_regularizer=')
    assert message.endswith('...)`')     # a long value is cut at 10 characters
    assert caught[0].filename == __file__   # points at the user's line


def test_keras1_value_conversions_and_dropped_arguments():
    with pytest.warns(UserWarning, match='no longer support in `Embedding`'):
        layer = L.Embedding(1, 1, dropout=0.0, name='e')
    assert _config(layer) == _config(L.Embedding(1, 1, name='e'))
    with pytest.warns(UserWarning, match='forget_bias_init` argument has been ignored'):
        lstm = L.LSTM(2, forget_bias_init='zero')
    assert lstm.get_config()['unit_forget_bias'] is True   # the Keras 2 default stays
    assert L.MaxPooling2D(dim_ordering='default').data_format == \
        L.MaxPooling2D().data_format


def test_keras1_arguments_that_cannot_be_converted_are_refused():
    with pytest.raises(TypeError, match='both the legacy keyword argument `output_dim` and the '
                                        'Keras 2 keyword argument `units`'):
        L.Dense(units=2, output_dim=3)
    with pytest.raises(TypeError, match=r'`Dense` can accept only 1 positional arguments'):
        L.Dense(2, 'relu')
    with pytest.raises(TypeError, match='mode=1'):
        L.BatchNormalization(mode=1)
    with pytest.raises(TypeError, match='does not accept positional arguments'):
        L.BatchNormalization(-1)
    with pytest.raises(ValueError, match='Pass `strides` as a keyword argument'):
        L.Conv2D(5, 3, 3, strides=(2, 2))
    with pytest.raises(TypeError, match='at most 3 positional arguments'):
        L.Conv2D(5, 3, 3, 3)


def test_model_constructor_and_get_updates_keras1_forms():
    activate('tensorflow')
    x = L.Input((3,))
    y = L.Dense(2)(x)
    with pytest.warns(UserWarning, match=r'Update your `Model` call'):
        model = keras.Model(input=x, output=y)
    assert model.inputs[0] is x and model.outputs[0] is y
    optimizer = keras.optimizers.SGD()
    loss = keras.backend.sum(model.outputs[0])
    updates = optimizer.get_updates(model.trainable_weights, {}, loss)   # Keras 1 order
    assert len(updates) == 1 + len(model.trainable_weights)


def _training_data():
    rng = np.random.RandomState(0)
    return rng.rand(8, 3).astype('float32'), rng.rand(8, 1).astype('float32')


def _compiled():
    model = keras.Sequential([L.Dense(1, input_shape=(3,))])
    model.compile('sgd', 'mse')
    return model


def test_fit_nb_epoch():
    activate('tensorflow')
    x, y = _training_data()
    with pytest.warns(UserWarning, match='The `nb_epoch` argument in `fit` has been renamed '
                                         '`epochs`.'):
        history = _compiled().fit(x, y, nb_epoch=3, verbose=0)
    assert history.epoch == [0, 1, 2]


class _Batches(keras.utils.Sequence):
    batch_size = 2

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __len__(self):
        return len(self.x) // self.batch_size

    def __getitem__(self, i):
        rows = slice(i * self.batch_size, (i + 1) * self.batch_size)
        return self.x[rows], self.y[rows]


def test_generator_methods_keras1_arguments():
    activate('tensorflow')
    x, y = _training_data()
    model = _compiled()
    data = _Batches(x, y)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        history = model.fit_generator(data, samples_per_epoch=6, nb_epoch=2,
                                      validation_data=data, nb_val_samples=1, nb_worker=1,
                                      pickle_safe=False, max_q_size=3, verbose=0)
    messages = [str(w.message) for w in caught]
    assert any('`steps_per_epoch` is the number of batches' in m for m in messages)
    assert any(m.startswith('Update your `fit_generator` call to the Keras 2 API') and
               'steps_per_epoch=3' in m and 'validation_steps=1' in m for m in messages)
    assert history.epoch == [0, 1] and history.params['steps'] == 3
    with pytest.warns(UserWarning, match='Update your `evaluate_generator` call'):
        model.evaluate_generator(data, val_samples=2, max_q_size=2)
    with pytest.warns(UserWarning, match='Update your `predict_generator` call'):
        out = model.predict_generator(data, val_samples=2, nb_worker=1)
    assert out.shape == (4, 1)
