"""Weights read from a file, brought to the layout of the layer that receives them.

Three conversions, as Keras 2.3 applies them when it loads weights
(`preprocess_weights_for_loading`):

- Keras 1 layouts (`original_keras_version='1'`): channels-first convolution
  kernels, Keras 1's Conv1D kernels, and the per-gate weight lists of GRU (9
  arrays), LSTM and ConvLSTM2D (12 arrays, gates i, c, f, o) joined into
  Keras 2's three arrays (gates i, f, c, o);
- kernels of a backend whose convolution is a true convolution (Theano):
  their spatial axes are reversed, since our layers always hold correlation
  kernels (the Theano backend flips them inside);
- recurrent biases between the CuDNN layers and the plain ones: a
  `CuDNNLSTM` holds an input and a recurrent bias that an `LSTM` adds into
  one; a `CuDNNGRU` holds the (2 * 3 * units,) bias of a
  `GRU(reset_after=True)` flattened.

Our CuDNN layers keep their kernels in the plain layers' layout (see
`layers/cudnn_recurrent.py`), so kernels pass between them unchanged.
"""
import numpy as np

from .. import backend as K
from ..utils.conv_utils import convert_kernel

# Backends whose convolution is a correlation: their kernels are stored as ours
# (from Keras 2.3.1's `_need_convert_kernel`; a backend not listed is taken
# as one that needs no conversion, as Keras does).
USES_CORRELATION = {'tensorflow': True, 'cntk': True, 'mxnet': True, 'theano': False}
# The layers whose kernels Keras flips between backends (Keras 2.3.1's list).
CONV_LAYERS = ('Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'ConvLSTM2D')


def preprocess_weights_for_loading(layer, weights, original_keras_version=None,
                                   original_backend=None, reshape=False):
    """`weights` (numpy arrays from a file) converted for `layer`.

    # Arguments
        layer: the layer (or model) that will receive the weights.
        weights: its weights as the file holds them (trainable, then the others).
        original_keras_version: the Keras version that wrote them; `'1'`
            converts Keras 1 layouts.
        original_backend: the backend that wrote them; kernels of a
            true-convolution backend (`'theano'`) are flipped.
        reshape: reshape a convolution kernel that has the layer's number of
            values but another shape (instead of transposing it from Keras 1's
            channels-first layout).

    # Returns
        The list of converted arrays.

    # Raises
        ValueError: for a reshape between different sizes, or recurrent biases
            of no known layout.
    """
    name = layer.__class__.__name__
    weights = list(weights)
    if name == 'Bidirectional':
        half = len(weights) // 2
        weights = (preprocess_weights_for_loading(layer.forward_layer, weights[:half],
                                                  original_keras_version, original_backend) +
                   preprocess_weights_for_loading(layer.backward_layer, weights[half:],
                                                  original_keras_version, original_backend))
    elif name == 'TimeDistributed':
        weights = preprocess_weights_for_loading(layer.layer, weights, original_keras_version,
                                                 original_backend)
    elif hasattr(layer, 'layers') and hasattr(layer, 'inputs'):
        weights = _nested_model(layer, weights, original_keras_version, original_backend)
    if original_keras_version == '1':
        weights = _from_keras1(layer, weights)
    if name in CONV_LAYERS and weights:
        weights = _conv_kernels(layer, weights, original_backend, reshape)
    return _recurrent_biases(layer, weights)


def _nested_model(model, weights, original_keras_version, original_backend):
    """A nested model's file weights (every layer's trainable ones, then the others), converted."""
    out, rest = [], list(weights)
    for kind in ('trainable_weights', 'non_trainable_weights'):
        for sub in model.layers:
            n = len(getattr(sub, kind))
            if n:
                out.extend(preprocess_weights_for_loading(sub, rest[:n], original_keras_version,
                                                          original_backend))
                rest = rest[n:]
    return out + rest


def _joined_gates(weights, order):
    """Keras 1's per-gate [kernel, recurrent kernel, bias] triples, joined gate by gate."""
    return [np.concatenate([weights[3 * gate + part] for gate in order], axis=-1)
            for part in range(3)]


# Keras 1 LSTM and ConvLSTM2D gates come as i, c, f, o; Keras 2 joins them as i, f, c, o.
_LSTM_ORDER = (0, 2, 1, 3)
# Channels-first kernels, (filters, channels, spatial...), to (spatial..., channels, filters).
_FROM_CHANNELS_FIRST = {2: (2, 3, 1, 0), 3: (2, 3, 4, 1, 0)}


def _from_keras1(layer, weights):
    name = layer.__class__.__name__
    weights = list(weights)
    channels_first = getattr(layer, 'data_format', None) == 'channels_first'
    if name == 'Conv1D':
        kernel = weights[0]
        if kernel.shape[:2] != (layer.kernel_size[0], 1) or kernel.shape[3] != layer.filters:
            # Keras 1.0's layout: (filters, input_dim, filter_length, 1).
            kernel = np.transpose(kernel, (2, 3, 1, 0))
        weights[0] = kernel[:, 0, :, :]
    elif name in ('Conv2D', 'Conv3D') and channels_first:
        weights[0] = np.transpose(weights[0], _FROM_CHANNELS_FIRST[weights[0].ndim - 2])
    elif name == 'Conv2DTranspose':
        weights[0] = np.transpose(weights[0], (2, 3, 0, 1) if channels_first else (0, 1, 3, 2))
    elif name == 'GRU' and len(weights) == 9:
        weights = _joined_gates(weights, (0, 1, 2))
    elif name in ('LSTM', 'ConvLSTM2D') and len(weights) == 12:
        weights = _joined_gates(weights, _LSTM_ORDER)
        if name == 'ConvLSTM2D' and channels_first:
            weights[:2] = [np.transpose(w, (2, 3, 1, 0)) for w in weights[:2]]
    return weights


def _conv_kernels(layer, weights, original_backend, reshape):
    weights = list(weights)
    name = layer.__class__.__name__
    n_kernels = 2 if name == 'ConvLSTM2D' else 1
    if original_backend is not None and not USES_CORRELATION.get(original_backend, True):
        weights[:n_kernels] = [convert_kernel(w) for w in weights[:n_kernels]]
    shape = tuple(K.int_shape(layer.weights[0]))
    if weights[0].shape == shape:
        return weights
    if reshape:
        if weights[0].size != int(np.prod(shape)):
            raise ValueError('Cannot reshape the kernel of layer %r: it has shape %s (%d values) '
                             'in the model but %s (%d values) in the file.'
                             % (layer.name, shape, int(np.prod(shape)), weights[0].shape,
                                weights[0].size))
        weights[0] = np.reshape(weights[0], shape)
    elif weights[0].ndim == 4:
        # Keras 1's Theano ordering: (filters, channels, rows, cols).
        weights[:n_kernels] = [np.transpose(w, (3, 2, 0, 1)) for w in weights[:n_kernels]]
    return weights


def _recurrent_biases(layer, weights):
    """Biases moved between a CuDNN layer and its plain counterpart (3 arrays with a bias)."""
    name = layer.__class__.__name__
    if name not in ('LSTM', 'CuDNNLSTM', 'GRU', 'CuDNNGRU') or len(weights) != 3:
        return weights
    units = weights[1].shape[0]
    bias = np.asarray(weights[2])
    gates = 4 if name.endswith('LSTM') else 3
    layouts = {(2 * gates * units,): 'cudnn', (gates * units,): 'single'}
    if gates == 3:
        layouts[(2, gates * units)] = 'split'
    source = layouts.get(bias.shape)
    if source is None:
        raise ValueError('Layer %r (%s): a bias of shape %s fits no recurrent layer with %d units.'
                         % (layer.name, name, bias.shape, units))
    if gates == 4:
        target = 'cudnn' if name == 'CuDNNLSTM' else 'single'
        if source == target:
            return weights
        # The plain LSTM's bias is the sum of CuDNN's two; any split that keeps the sum works.
        bias = bias.reshape(2, -1).sum(axis=0) if source == 'cudnn' else np.tile(0.5 * bias, 2)
        return weights[:2] + [bias]
    target = 'cudnn' if name == 'CuDNNGRU' else ('split' if _reset_after(layer) else 'single')
    if source == target:
        return weights
    if 'single' in (source, target):
        raise ValueError('Layer %r: the weights of a %s cannot be loaded into a %s (only '
                         'GRU(reset_after=True) and CuDNNGRU share a layout).'
                         % (layer.name, _GRU_KIND[source], _GRU_KIND[target]))
    return weights[:2] + [bias.reshape((2, -1) if target == 'split' else (-1,))]


_GRU_KIND = {'cudnn': 'CuDNNGRU', 'split': 'GRU(reset_after=True)',
             'single': 'GRU(reset_after=False)'}


def _reset_after(gru):
    return getattr(gru, 'reset_after', getattr(getattr(gru, 'cell', None), 'reset_after', False))
