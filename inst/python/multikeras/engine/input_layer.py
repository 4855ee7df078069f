"""`InputLayer` and `Input()`: where a network's data enters."""
from .. import backend as K
from ..legacy import interfaces
from .base_layer import Layer, Node


class InputLayer(Layer):
    """The layer that owns a network input placeholder.

    # Arguments
        input_shape: Shape without the batch axis.
        batch_size: Optional fixed batch size.
        batch_input_shape: Shape with the batch axis (instead of the two above).
        dtype: The input dtype (default: floatx).
        input_tensor: An existing tensor to use as the input, instead of a new
            placeholder.
        sparse: Whether the input is sparse (not supported: the backends
            refuse sparse placeholders).
        name: The layer name.
    """

    @interfaces.legacy_input_support
    def __init__(self, input_shape=None, batch_size=None, batch_input_shape=None,
                 dtype=None, input_tensor=None, sparse=False, name=None):
        if not name:
            name = 'input_%d' % K.get_uid('input')
        if input_tensor is not None and not K.is_tensor(input_tensor):
            raise ValueError('InputLayer %s: `input_tensor` must be a backend tensor or variable; '
                             'got %r.' % (name, input_tensor))
        if batch_input_shape is None and input_shape is None and input_tensor is not None:
            batch_input_shape = K.int_shape(input_tensor)
        if batch_input_shape is None:
            if input_shape is None and input_tensor is not None:
                input_shape = K.int_shape(input_tensor)[1:]
                batch_size = K.int_shape(input_tensor)[0]
            if input_shape is None:
                raise ValueError('InputLayer %s: give `input_shape` or `batch_input_shape`.' % name)
            batch_input_shape = (batch_size,) + tuple(input_shape)
        if dtype is None and input_tensor is not None:
            dtype = K.dtype(input_tensor)
        batch_input_shape = tuple(None if d is None else _positive_dim(d, name)
                                  for d in batch_input_shape)
        if dtype is None and input_tensor is not None:
            dtype = K.dtype(input_tensor)
        super(InputLayer, self).__init__(dtype=dtype, name=name)
        self.batch_input_shape = batch_input_shape
        self.sparse = sparse
        self.trainable = False
        self.built = True
        # Data is fed to a placeholder; an input made on a variable or another
        # tensor is computed from it (as Keras's `is_placeholder`).
        self.is_placeholder = input_tensor is None or K.is_placeholder(input_tensor)
        if input_tensor is None:
            input_tensor = K.placeholder(shape=batch_input_shape, dtype=self.dtype, name=self.name)
        input_tensor._keras_shape = batch_input_shape
        input_tensor._uses_learning_phase = False
        input_tensor._keras_history = (self, 0, 0)
        Node(self, [], [], [], [input_tensor], [input_tensor], [batch_input_shape],
             [batch_input_shape])

    def get_config(self):
        return {'batch_input_shape': self.batch_input_shape, 'dtype': self.dtype,
                'sparse': self.sparse, 'name': self.name}


def _positive_dim(d, name):
    if isinstance(d, bool) or int(d) != d or d < 1:
        raise ValueError('Input %s: every dimension of the input shape must be a positive '
                         'integer or None; got %r.' % (name, d))
    return int(d)


def Input(shape=None, batch_shape=None, name=None, dtype=None, sparse=False, tensor=None):
    """A symbolic input tensor, the start of a functional model.

    # Arguments
        shape: Shape without the batch axis, e.g. `(32,)`.
        batch_shape: Shape with the batch axis, e.g. `(10, 32)`.
        name: The input name.
        dtype: The input dtype (default: floatx, or the dtype of `tensor`).
        sparse: Whether the input is sparse (not supported: the backends
            refuse sparse placeholders).
        tensor: A backend tensor to use as the input (its shape is the
            default shape). A placeholder is fed; a variable or a computed
            tensor is not: `fit()`, `evaluate()` and `predict()` then take
            data for the other inputs only.

    # Returns
        A Keras tensor.

    # Raises
        ValueError: when neither `shape` nor `batch_shape` is given, or for a
            dimension that is not a positive integer or None.
    """
    if shape is None and batch_shape is None:
        if tensor is None:
            raise ValueError('Input(): give `shape` (without the batch axis), e.g. '
                             'Input(shape=(32,)).')
        batch_shape = K.int_shape(tensor)
    if batch_shape is None:
        if isinstance(shape, int):
            shape = (shape,)
        batch_shape = (None,) + tuple(shape)
    layer = InputLayer(batch_input_shape=batch_shape, name=name, dtype=dtype, sparse=sparse,
                       input_tensor=tensor)
    return layer._inbound_nodes[0].output_tensors[0]
