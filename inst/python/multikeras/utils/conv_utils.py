"""Argument checks and shape arithmetic for convolution and pooling layers."""
from .. import backend as K


def normalize_tuple(value, n, name, allow_zero=False):
    """`value` (an int or n ints) as a tuple of n positive ints (or >= 0 with allow_zero)."""
    if isinstance(value, int) and not isinstance(value, bool):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise ValueError('The `%s` argument must be an int or a tuple of %d ints; got %r.'
                             % (name, n, value))
        if len(values) != n:
            raise ValueError('The `%s` argument must be a tuple of %d ints; got %r (length %d).'
                             % (name, n, value, len(values)))
    smallest = 0 if allow_zero else 1
    for v in values:
        if isinstance(v, bool) or int(v) != v or v < smallest:
            raise ValueError('The `%s` argument must hold %s ints; got %r.'
                             % (name, 'non-negative' if allow_zero else 'positive', value))
    return tuple(int(v) for v in values)


def normalize_padding(value, allowed=('valid', 'same')):
    padding = str(value).lower()
    if padding not in allowed:
        raise ValueError('The `padding` argument must be one of %s; got %r.'
                         % (', '.join(repr(a) for a in allowed), value))
    return padding


def normalize_data_format(value):
    return K.normalize_data_format(value)


def conv_output_length(input_length, filter_size, padding, stride, dilation=1):
    """The length of a convolution's (or pooling's) output along one axis.

    # Raises
        AssertionError: `padding` is not 'same', 'valid', 'causal' or 'full'
            (the error Keras 2.3 raises).
    """
    if padding not in ('same', 'valid', 'causal', 'full'):
        raise AssertionError("conv_output_length: `padding` must be 'same', 'valid', 'causal' "
                             "or 'full'; got %r." % (padding,))
    if input_length is None:
        return None
    dilated = (filter_size - 1) * dilation + 1
    if padding in ('same', 'causal'):
        length = input_length
    elif padding == 'valid':
        length = input_length - dilated + 1
    else:
        length = input_length + dilated - 1
    return (length + stride - 1) // stride
