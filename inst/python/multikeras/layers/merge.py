"""Layers that merge a list of tensors: Add, Subtract, Multiply, Average, Maximum,
Minimum, Concatenate, Dot, and their functional forms (`add([a, b])`, ...)."""
from .. import backend as K
from ..engine.base_layer import Layer


def _broadcast_shape(a, b, layer):
    """The shape (without the batch axis) of an element-wise op on shapes `a`
    and `b`, aligned on their last axes as NumPy broadcasts."""
    if len(a) < len(b):
        a, b = b, a
    shape = list(a[:len(a) - len(b)])
    for i, j in zip(a[len(a) - len(b):], b):
        if i is None or j is None:
            shape.append(None)
        elif 1 in (i, j):
            shape.append(j if i == 1 else i)
        elif i != j:
            raise ValueError('%s: the inputs cannot be broadcast together: shapes %s and %s.'
                             % (layer, a, b))
        else:
            shape.append(i)
    return tuple(shape)


def _check_masks(inputs, mask, layer):
    """Keras's checks of `compute_mask(inputs, mask)` for merge layers."""
    if not isinstance(mask, list):
        raise ValueError('%s.compute_mask: `mask` must be a list (one mask or None per input); '
                         'got %r.' % (layer, mask))
    if not isinstance(inputs, list):
        raise ValueError('%s.compute_mask: `inputs` must be a list of tensors; got %r.'
                         % (layer, inputs))
    if len(mask) != len(inputs):
        raise ValueError('%s.compute_mask: got %d masks for %d inputs; give one per input.'
                         % (layer, len(mask), len(inputs)))


class _Merge(Layer):
    """Element-wise merge of a list of tensors. Shapes broadcast as in NumPy; an
    input of lower rank gets axes inserted after the batch axis first, as Keras does."""

    def __init__(self, **kwargs):
        super(_Merge, self).__init__(**kwargs)
        self.supports_masking = True

    def _check_inputs(self, input_shape):
        if not isinstance(input_shape, list) or len(input_shape) < 2:
            raise ValueError('%s must be called on a list of at least 2 tensors; got %s.'
                             % (self.__class__.__name__, input_shape))

    def build(self, input_shape):
        self._check_inputs(input_shape)
        self.compute_output_shape(input_shape)
        self.built = True

    def _merge(self, inputs):
        raise NotImplementedError

    def call(self, inputs, mask=None):
        self._check_inputs(inputs)
        ranks = [K.ndim(x) for x in inputs]
        if None in ranks:
            return self._merge_batch_last(inputs)
        rank = max(ranks)
        expanded = []
        for x, x_rank in zip(inputs, ranks):
            for _ in range(rank - x_rank):
                x = K.expand_dims(x, 1)
            expanded.append(x)
        return self._merge(expanded)

    def _merge_batch_last(self, inputs):
        """The merge for inputs of unknown rank: with the batch axis moved last,
        NumPy broadcasting (which aligns trailing axes) lines the inputs up as
        inserting axes after the batch axis would; the batch axis then goes back."""
        moved = []
        for x in inputs:
            shape = K.shape(x)
            batch = shape[0]
            flat = K.transpose(K.reshape(x, K.stack([batch, K.prod(shape[1:])])))
            moved.append(K.reshape(flat, K.concatenate([shape[1:], K.expand_dims(batch)])))
        y = self._merge(moved)
        shape = K.shape(y)
        rank = K.shape(shape)[0]
        batch = shape[rank - 1]
        flat = K.transpose(K.reshape(y, K.stack([-1, batch])))
        return K.reshape(flat, K.concatenate([K.expand_dims(batch), shape[:rank - 1]]))

    def compute_output_shape(self, input_shape):
        self._check_inputs(input_shape)
        batches = {s[0] for s in input_shape} - {None}
        if len(batches) > 1:
            raise ValueError('%s: the inputs have different batch sizes: %s.'
                             % (self.__class__.__name__, input_shape))
        shape = tuple(input_shape[0][1:])
        for other in input_shape[1:]:
            shape = _broadcast_shape(shape, tuple(other[1:]), self.__class__.__name__)
        return (batches.pop() if batches else None,) + shape

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        _check_masks(inputs, mask, self.name)
        if all(m is None for m in mask):
            return None
        masks = [K.expand_dims(m, 0) for m in mask if m is not None]
        return K.all(K.concatenate(masks, axis=0), axis=0)


class Add(_Merge):
    """The element-wise sum of a list of inputs of the same shape.

    Called on a list of at least 2 tensors (lower ranks broadcast).
    """

    def _merge(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = out + x
        return out


class Subtract(_Merge):
    """The difference `inputs[0] - inputs[1]` of two inputs of the same shape.

    Called on a list of exactly 2 tensors (a lower rank broadcasts).
    """

    def build(self, input_shape):
        super(Subtract, self).build(input_shape)
        if len(input_shape) != 2:
            raise ValueError('Subtract takes exactly 2 inputs; got %d.' % len(input_shape))

    def _merge(self, inputs):
        if len(inputs) != 2:
            raise ValueError('Subtract takes exactly 2 inputs; got %d.' % len(inputs))
        return inputs[0] - inputs[1]


class Multiply(_Merge):
    """The element-wise product of a list of inputs of the same shape.

    Called on a list of at least 2 tensors (lower ranks broadcast).
    """

    def _merge(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = out * x
        return out


class Average(_Merge):
    """The element-wise average of a list of inputs of the same shape.

    Called on a list of at least 2 tensors (lower ranks broadcast).
    """

    def _merge(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = out + x
        return out / len(inputs)


class Maximum(_Merge):
    """The element-wise maximum of a list of inputs of the same shape.

    Called on a list of at least 2 tensors (lower ranks broadcast).
    """

    def _merge(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = K.maximum(out, x)
        return out


class Minimum(_Merge):
    """The element-wise minimum of a list of inputs of the same shape.

    Called on a list of at least 2 tensors (lower ranks broadcast).
    """

    def _merge(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = K.minimum(out, x)
        return out


class Concatenate(_Merge):
    """Concatenates a list of inputs along one axis.

    # Arguments
        axis: The concatenation axis (default: the last); the inputs must
            match on every other axis but the batch axis.
    """

    def __init__(self, axis=-1, **kwargs):
        super(Concatenate, self).__init__(**kwargs)
        self.axis = axis

    def build(self, input_shape):
        self._check_inputs(input_shape)
        rank = len(input_shape[0])
        axis = self.axis % rank
        for s in input_shape[1:]:
            if len(s) != rank or any(a is not None and b is not None and a != b
                                     for i, (a, b) in enumerate(zip(s, input_shape[0]))
                                     if i not in (0, axis)):
                raise ValueError('Concatenate: the inputs must match in every axis except the '
                                 'concatenation axis %d; got %s.' % (self.axis, input_shape))
        self.built = True

    def _merge(self, inputs):
        return K.concatenate(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        self._check_inputs(input_shape)
        shape = list(input_shape[0])
        axis = self.axis % len(shape)
        for other in input_shape[1:]:
            shape[axis] = None if shape[axis] is None or other[axis] is None \
                else shape[axis] + other[axis]
        return tuple(shape)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        _check_masks(inputs, mask, self.name)
        if all(m is None for m in mask):
            return None
        full = [K.cast(K.ones_like(K.sum(x, axis=-1)), 'bool') if m is None else m
                for x, m in zip(inputs, mask)]
        if self.axis % len(K.int_shape(inputs[0])) == len(K.int_shape(inputs[0])) - 1:
            masks = [K.expand_dims(m, 0) for m in full]
            return K.all(K.concatenate(masks, axis=0), axis=0)
        return K.concatenate(full, axis=self.axis)

    def get_config(self):
        config = super(Concatenate, self).get_config()
        config['axis'] = self.axis
        return config


class Dot(_Merge):
    """The dot product of two inputs, per sample, along the given axes.

    # Arguments
        axes: Integer or pair of integers, the axis (or the axis of each input)
            to contract.
        normalize: Whether to L2-normalize both inputs along `axes` first, so
            the result is their cosine proximity.
    """

    def __init__(self, axes, normalize=False, **kwargs):
        super(Dot, self).__init__(**kwargs)
        self.axes = tuple(axes) if isinstance(axes, (list, tuple)) else (axes, axes)
        self.normalize = normalize
        self.supports_masking = False

    def build(self, input_shape):
        self._check_inputs(input_shape)
        if len(input_shape) != 2:
            raise ValueError('Dot takes exactly 2 inputs; got %d.' % len(input_shape))
        a, b = input_shape
        ax, bx = self.axes[0] % len(a), self.axes[1] % len(b)
        if a[ax] is not None and b[bx] is not None and a[ax] != b[bx]:
            raise ValueError('Dot: the contracted axes differ in size: %s (axis %d) vs %s (axis %d).'
                             % (a, ax, b, bx))
        self.built = True

    def call(self, inputs, mask=None):
        # Unlike the element-wise merges, no axes are inserted into an input of
        # lower rank: `axes` name each input's own axes (as Keras's Dot).
        return self._merge(inputs)

    def _merge(self, inputs):
        x, y = inputs
        axes = (self.axes[0] % K.ndim(x), self.axes[1] % K.ndim(y))
        if self.normalize:
            x = K.l2_normalize(x, axis=axes[0])
            y = K.l2_normalize(y, axis=axes[1])
        return K.batch_dot(x, y, axes)

    def compute_output_shape(self, input_shape):
        a, b = list(input_shape[0]), list(input_shape[1])
        ax, bx = self.axes[0] % len(a), self.axes[1] % len(b)
        a.pop(ax)
        b.pop(bx)
        b.pop(0)
        shape = a + b
        return tuple(shape) if len(shape) > 1 else tuple(shape) + (1,)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self):
        config = super(Dot, self).get_config()
        config.update({'axes': self.axes, 'normalize': self.normalize})
        return config


def add(inputs, **kwargs):
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes, normalize=False, **kwargs):
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)
