"""Keras 1 layers that Keras 2.3 still offers, as functions returning their Keras 2 form."""
import warnings


def _atrous(conv_class, args, kwargs):
    kwargs = dict(kwargs)
    kwargs['dilation_rate'] = kwargs.pop('atrous_rate', 1)
    name = 'AtrousConvolution%dD' % conv_class.rank
    warnings.warn('The `%s` layer has been deprecated. Use instead the `%s` layer with the '
                  '`dilation_rate` argument.' % (name, conv_class.__name__), stacklevel=3)
    return conv_class(*args, **kwargs)


def AtrousConvolution1D(*args, **kwargs):
    """A `Conv1D` whose `atrous_rate` is its `dilation_rate` (Keras 1's dilated convolution)."""
    from ..layers.convolutional import Conv1D
    return _atrous(Conv1D, args, kwargs)


def AtrousConvolution2D(*args, **kwargs):
    """A `Conv2D` whose `atrous_rate` is its `dilation_rate` (Keras 1's dilated convolution)."""
    from ..layers.convolutional import Conv2D
    return _atrous(Conv2D, args, kwargs)
