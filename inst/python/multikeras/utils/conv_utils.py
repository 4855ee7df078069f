"""Argument checks and shape arithmetic for convolution and pooling layers, kernel flips."""
import numpy as np

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


def convert_kernel(kernel):
    """A convolution kernel with its spatial axes reversed (all but the last two).

    Turns a kernel for a correlation (TensorFlow, CNTK) into the kernel of the
    same true convolution (Theano), and back.

    # Arguments
        kernel: a numpy array, `spatial axes + (input channels, output channels)`.

    # Returns
        The flipped kernel (a new array).
    """
    kernel = np.asarray(kernel)
    if kernel.ndim < 3:
        raise ValueError('convert_kernel(): a convolution kernel has at least 3 axes; got shape '
                         '%s.' % (kernel.shape,))
    spatial = tuple(slice(None, None, -1) for _ in range(kernel.ndim - 2))
    return np.copy(kernel[spatial])


class PaddingError(ValueError, AssertionError):
    """An unknown `padding`: a ValueError, and an AssertionError where Keras 2.3 asserts."""


def normalize_padding(value, allowed=('valid', 'same')):
    padding = str(value).lower()
    if padding not in allowed:
        raise PaddingError('`padding` must be one of %s; got %r.'
                           % (', '.join(repr(a) for a in allowed), value))
    return padding


def normalize_data_format(value):
    return K.normalize_data_format(value)


def conv_output_length(input_length, filter_size, padding, stride, dilation=1):
    """The length of a convolution's (or pooling's) output along one axis.

    # Raises
        PaddingError: `padding` is not 'same', 'valid', 'causal' or 'full' (a
            ValueError, and the AssertionError Keras 2.3 raises).
    """
    padding = normalize_padding(padding, ('same', 'valid', 'causal', 'full'))
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


def conv_input_length(output_length, filter_size, padding, stride):
    """The input length of a convolution whose output along one axis has `output_length`.

    # Arguments
        output_length: the output length (None: unknown).
        filter_size: the kernel size.
        padding: `'same'`, `'valid'` or `'full'`.
        stride: the stride.

    # Returns
        The input length (None when `output_length` is None).
    """
    if output_length is None:
        return None
    pad = {'same': filter_size // 2, 'valid': 0, 'full': filter_size - 1}[
        normalize_padding(padding, ('same', 'valid', 'full'))]
    return (output_length - 1) * stride - 2 * pad + filter_size


def deconv_length(dim_size, stride_size, kernel_size, padding, output_padding, dilation=1):
    """The output length of a transposed convolution along one axis.

    # Arguments
        dim_size: the input length (None: unknown).
        stride_size: the stride.
        kernel_size: the kernel size.
        padding: `'same'`, `'valid'` or `'full'`.
        output_padding: the extra length on the output side; None infers the
            length (the largest output that the stride allows).
        dilation: the dilation rate.

    # Returns
        The output length (None when `dim_size` is None).
    """
    padding = normalize_padding(padding, ('same', 'valid', 'full'))
    if dim_size is None:
        return None
    kernel = (kernel_size - 1) * dilation + 1
    if output_padding is None:
        if padding == 'valid':
            return dim_size * stride_size + max(kernel - stride_size, 0)
        if padding == 'full':
            return dim_size * stride_size - (stride_size + kernel - 2)
        return dim_size * stride_size
    pad = {'same': kernel // 2, 'valid': 0, 'full': kernel - 1}[padding]
    return (dim_size - 1) * stride_size + kernel - 2 * pad + output_padding
