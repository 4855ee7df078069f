"""Embedding."""
import numpy as np

from .. import backend as K
from .. import initializers, regularizers, constraints
from ..engine.base_layer import Layer, _check_positive_int
from ..legacy import interfaces


class Embedding(Layer):
    """Maps integer indices in [0, input_dim) to dense vectors of size `output_dim`.

    # Arguments
        input_dim: Positive integer, the vocabulary size.
        output_dim: Positive integer, the size of each vector.
        embeddings_initializer: Initializer of the `embeddings` matrix.
        embeddings_regularizer: Regularizer applied to the `embeddings` matrix.
        activity_regularizer: Regularizer applied to the output.
        embeddings_constraint: Constraint applied to the `embeddings` matrix.
        mask_zero: Whether index 0 is padding, masked for the later layers
            (index 0 then cannot stand for a word).
        input_length: Length of the input sequences, when constant (needed
            to connect `Flatten` then `Dense` layers after it).
    """

    @interfaces.legacy_embedding_support
    def __init__(self, input_dim, output_dim, embeddings_initializer='uniform',
                 embeddings_regularizer=None, activity_regularizer=None,
                 embeddings_constraint=None, mask_zero=False, input_length=None, **kwargs):
        if 'input_shape' not in kwargs and 'batch_input_shape' not in kwargs:
            kwargs['input_shape'] = (input_length,) if not isinstance(input_length, (list, tuple)) \
                else tuple(input_length)
        kwargs.setdefault('dtype', 'int32')
        super(Embedding, self).__init__(**kwargs)
        self.input_dim = _check_positive_int(input_dim, 'input_dim', 'Embedding')
        self.output_dim = _check_positive_int(output_dim, 'output_dim', 'Embedding')
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero
        self.input_length = input_length

    def build(self, input_shape):
        # `dtype` is the dtype of the indices here (int32 by default); the vectors
        # are floats.
        dtype = self.dtype if np.dtype(self.dtype).kind == 'f' else K.floatx()
        self.embeddings = self.add_weight('embeddings', (self.input_dim, self.output_dim),
                                          dtype=dtype,
                                          initializer=self.embeddings_initializer,
                                          regularizer=self.embeddings_regularizer,
                                          constraint=self.embeddings_constraint)
        self.built = True

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return K.not_equal(inputs, 0)

    def call(self, inputs):
        if K.dtype(inputs) != 'int32':
            inputs = K.cast(inputs, 'int32')
        return K.gather(self.embeddings, inputs)

    def compute_output_shape(self, input_shape):
        if self.input_length is None:
            return tuple(input_shape) + (self.output_dim,)
        lengths = list(self.input_length) if isinstance(self.input_length, (list, tuple)) \
            else [self.input_length]
        if len(lengths) != len(input_shape) - 1:
            raise ValueError('Embedding: `input_length` %r gives %d input axes, but the input has '
                             'shape %s (%d axes after the batch axis).'
                             % (self.input_length, len(lengths), tuple(input_shape),
                                len(input_shape) - 1))
        for i, (given, actual) in enumerate(zip(lengths, input_shape[1:])):
            if given is not None and actual is not None and given != actual:
                raise ValueError('Embedding: `input_length` %r does not match the input shape %s '
                                 '(axis %d).' % (self.input_length, tuple(input_shape), i + 1))
            if given is None:
                lengths[i] = actual
        return (input_shape[0],) + tuple(lengths) + (self.output_dim,)

    def get_config(self):
        config = super(Embedding, self).get_config()
        config.update({
            'input_dim': self.input_dim, 'output_dim': self.output_dim,
            'embeddings_initializer': initializers.serialize(self.embeddings_initializer),
            'embeddings_regularizer': regularizers.serialize(self.embeddings_regularizer),
            'activity_regularizer': regularizers.serialize(self.activity_regularizer),
            'embeddings_constraint': constraints.serialize(self.embeddings_constraint),
            'mask_zero': self.mask_zero, 'input_length': self.input_length})
        return config
