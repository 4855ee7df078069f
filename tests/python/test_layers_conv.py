"""Convolution, pooling and locally connected layers on every symbolic backend, in both
image data formats: shapes, configs, weights, TensorFlow/Theano parity (one model per
backend for all cases, see test_layers_core.py) and the NumPy reference backend."""
import numpy as np
import pytest

from multikeras import layers
from multikeras.backend import numpy_backend as NB
from multikeras.layers import Input

from test_layers_core import LayerCase, make_run_fixture, case_tests, SYMBOLIC_BACKENDS

CL, CF = 'channels_last', 'channels_first'


def both_formats(name, make, shape_last, weights=(0, 0)):
    """Two cases: channels_last on `shape_last`, channels_first on its transpose."""
    shape_first = (shape_last[-1],) + tuple(shape_last[:-1])
    return [LayerCase(name + '_cl', lambda: make(CL), shape_last, weights),
            LayerCase(name + '_cf', lambda: make(CF), shape_first, weights)]


CASES = [
    LayerCase('Conv1D', lambda: layers.Conv1D(2, 2, activation='relu'), (5, 3), (2, 0)),
    LayerCase('Conv1D_causal_dilated', lambda: layers.Conv1D(2, 2, padding='causal',
                                                             dilation_rate=2), (5, 3), (2, 0)),
    LayerCase('Conv1D_same_strided', lambda: layers.Conv1D(2, 3, strides=2, padding='same',
                                                           use_bias=False), (5, 2), (1, 0)),
] + both_formats('Conv2D', lambda f: layers.Conv2D(2, (2, 3), strides=(1, 2), padding='same',
                                                   data_format=f), (4, 5, 3), (2, 0)) \
  + both_formats('Conv2D_dilated', lambda f: layers.Conv2D(2, 2, dilation_rate=2, data_format=f,
                                                           activation='tanh'), (5, 5, 2), (2, 0)) \
  + both_formats('Conv3D', lambda f: layers.Conv3D(2, 2, data_format=f), (3, 3, 3, 2), (2, 0)) \
  + both_formats('Conv2DTranspose', lambda f: layers.Conv2DTranspose(
      2, (3, 3), strides=(2, 2), data_format=f), (3, 3, 2), (2, 0)) \
  + both_formats('Conv2DTranspose_same', lambda f: layers.Conv2DTranspose(
      3, (2, 2), strides=(2, 2), padding='same', data_format=f), (2, 3, 2), (2, 0)) \
  + both_formats('Conv3DTranspose', lambda f: layers.Conv3DTranspose(
      2, 2, strides=2, data_format=f), (2, 2, 2, 2), (2, 0)) \
  + both_formats('SeparableConv1D', lambda f: layers.SeparableConv1D(
      3, 2, depth_multiplier=2, data_format=f), (5, 2), (3, 0)) \
  + both_formats('SeparableConv2D', lambda f: layers.SeparableConv2D(
      3, (2, 2), depth_multiplier=2, data_format=f), (4, 4, 2), (3, 0)) \
  + both_formats('DepthwiseConv2D', lambda f: layers.DepthwiseConv2D(
      (2, 2), depth_multiplier=2, data_format=f), (4, 4, 2), (2, 0)) \
  + [LayerCase('UpSampling1D', lambda: layers.UpSampling1D(2), (3, 2))] \
  + both_formats('UpSampling2D', lambda f: layers.UpSampling2D((2, 3), data_format=f), (2, 2, 2)) \
  + both_formats('UpSampling2D_bilinear', lambda f: layers.UpSampling2D(
      (2, 2), data_format=f, interpolation='bilinear'), (2, 3, 2)) \
  + both_formats('UpSampling3D', lambda f: layers.UpSampling3D((1, 2, 2), data_format=f),
                 (2, 2, 2, 2)) \
  + [LayerCase('ZeroPadding1D', lambda: layers.ZeroPadding1D((1, 2)), (3, 2))] \
  + both_formats('ZeroPadding2D', lambda f: layers.ZeroPadding2D(((1, 0), (2, 1)), data_format=f),
                 (2, 2, 2)) \
  + both_formats('ZeroPadding3D', lambda f: layers.ZeroPadding3D(1, data_format=f), (1, 2, 2, 2)) \
  + [LayerCase('Cropping1D', lambda: layers.Cropping1D((1, 2)), (5, 2))] \
  + both_formats('Cropping2D', lambda f: layers.Cropping2D(((1, 0), (0, 2)), data_format=f),
                 (3, 4, 2)) \
  + both_formats('Cropping3D', lambda f: layers.Cropping3D(((1, 0), (0, 1), (1, 1)), data_format=f),
                 (3, 3, 4, 2)) \
  + both_formats('MaxPooling1D', lambda f: layers.MaxPooling1D(2, data_format=f), (5, 2)) \
  + [LayerCase('AveragePooling1D_same', lambda: layers.AveragePooling1D(
      2, strides=1, padding='same'), (5, 2))] \
  + both_formats('MaxPooling2D', lambda f: layers.MaxPooling2D((2, 2), data_format=f), (4, 5, 2)) \
  + both_formats('AveragePooling2D_same', lambda f: layers.AveragePooling2D(
      (2, 2), padding='same', data_format=f), (3, 5, 2)) \
  + [LayerCase('MaxPooling2D_strided_same', lambda: layers.MaxPooling2D(
      (3, 3), strides=(2, 1), padding='same'), (5, 4, 2))] \
  + both_formats('MaxPooling3D', lambda f: layers.MaxPooling3D(2, data_format=f), (2, 4, 3, 2)) \
  + both_formats('AveragePooling3D', lambda f: layers.AveragePooling3D(
      (2, 2, 1), data_format=f), (2, 4, 3, 2)) \
  + [LayerCase('GlobalMaxPooling1D', lambda: layers.GlobalMaxPooling1D(), (4, 3)),
     LayerCase('GlobalAveragePooling1D', lambda: layers.GlobalAveragePooling1D(), (4, 3))] \
  + both_formats('GlobalMaxPooling2D', lambda f: layers.GlobalMaxPooling2D(data_format=f),
                 (3, 2, 4)) \
  + both_formats('GlobalAveragePooling2D', lambda f: layers.GlobalAveragePooling2D(
      data_format=f), (3, 2, 4)) \
  + both_formats('GlobalMaxPooling3D', lambda f: layers.GlobalMaxPooling3D(data_format=f),
                 (2, 3, 2, 3)) \
  + both_formats('GlobalAveragePooling3D', lambda f: layers.GlobalAveragePooling3D(
      data_format=f), (2, 3, 2, 3)) \
  + both_formats('LocallyConnected1D', lambda f: layers.LocallyConnected1D(
      2, 2, data_format=f), (5, 3), (2, 0)) \
  + both_formats('LocallyConnected2D', lambda f: layers.LocallyConnected2D(
      2, (2, 2), strides=(1, 2), data_format=f, activation='sigmoid'), (3, 5, 2), (2, 0))


# == NumPy references =======================================================================

def last(x, fmt):
    return np.moveaxis(x, 1, -1) if fmt == CF else x


def back(x, fmt):
    return np.moveaxis(x, -1, 1) if fmt == CF else x


def bias(y, b, fmt):
    """Add a bias of shape (filters,) or, for local layers, (positions..., filters)."""
    if fmt == CF:
        b = np.moveaxis(b, -1, 0)[None] if b.ndim > 1 else b.reshape((1, -1) + (1,) * (y.ndim - 2))
    return y + b


def conv2d_by_hand(x, kernel, strides, padding):
    """Channels-last cross-correlation with TensorFlow's 'same' padding, written out."""
    kr, kc = kernel.shape[:2]
    if padding == 'same':
        def pads(n, k, s):
            out = -(-n // s)
            total = max((out - 1) * s + k - n, 0)
            return total // 2, total - total // 2
        x = np.pad(x, [(0, 0), pads(x.shape[1], kr, strides[0]), pads(x.shape[2], kc, strides[1]),
                       (0, 0)])
    rows = (x.shape[1] - kr) // strides[0] + 1
    cols = (x.shape[2] - kc) // strides[1] + 1
    out = np.zeros((x.shape[0], rows, cols, kernel.shape[-1]))
    for i in range(rows):
        for j in range(cols):
            patch = x[:, i * strides[0]:i * strides[0] + kr, j * strides[1]:j * strides[1] + kc]
            out[:, i, j] = np.tensordot(patch, kernel, axes=([1, 2, 3], [0, 1, 2]))
    return out


def conv_transpose_by_hand(x, kernel, strides):
    """'valid' transposed convolution (channels last): every input pixel scatters its kernel."""
    n, rows, cols, _ = x.shape
    kr, kc, filters, _ = kernel.shape
    out = np.zeros((n, (rows - 1) * strides[0] + kr, (cols - 1) * strides[1] + kc, filters))
    for i in range(rows):
        for j in range(cols):
            out[:, i * strides[0]:i * strides[0] + kr, j * strides[1]:j * strides[1] + kc] += \
                np.einsum('bc,rsfc->brsf', x[:, i, j], kernel)
    return out


def pool(x, size, strides, padding, fmt, mode):
    xs = last(x, CF if fmt == CF else CL)
    if xs.ndim == 3:
        y = NB.pool2d(xs[:, :, None, :], size + (1,), strides + (1,), padding, CL, mode)[:, :, 0]
    elif xs.ndim == 4:
        y = NB.pool2d(xs, size, strides, padding, CL, mode)
    else:
        y = NB.pool3d(xs, size, strides, padding, CL, mode)
    return back(y, fmt)


def with_formats(name, fn):
    return {name + '_cl': lambda d, w: fn(d, w, CL), name + '_cf': lambda d, w: fn(d, w, CF)}


def upsample(x, sizes):
    for axis, s in enumerate(sizes, start=1):
        x = np.repeat(x, s, axis=axis)
    return x


def crop(x, pairs):
    index = [slice(None)] + [slice(a, n - b) for (a, b), n in zip(pairs, x.shape[1:])] + \
        [slice(None)]
    return x[tuple(index)]


NUMPY = {
    'Conv1D': lambda d, w: np.maximum(NB.conv1d(d[0], w[0]) + w[1], 0),
    'Conv1D_causal_dilated': lambda d, w: NB.conv1d(
        np.pad(d[0], [(0, 0), (2, 0), (0, 0)]), w[0], dilation_rate=2) + w[1],
    'Conv1D_same_strided': lambda d, w: NB.conv1d(d[0], w[0], strides=2, padding='same'),
    'UpSampling1D': lambda d, w: np.repeat(d[0], 2, axis=1),
    'ZeroPadding1D': lambda d, w: np.pad(d[0], [(0, 0), (1, 2), (0, 0)]),
    'Cropping1D': lambda d, w: d[0][:, 1:3],
    'AveragePooling1D_same': lambda d, w: pool(d[0], (2,), (1,), 'same', CL, 'avg'),
    'MaxPooling2D_strided_same': lambda d, w: pool(d[0], (3, 3), (2, 1), 'same', CL, 'max'),
    'GlobalMaxPooling1D': lambda d, w: d[0].max(axis=1),
    'GlobalAveragePooling1D': lambda d, w: d[0].mean(axis=1),
}
NUMPY.update(with_formats('Conv2D', lambda d, w, f: back(bias(
    conv2d_by_hand(last(d[0], f), w[0], (1, 2), 'same'), w[1], CL), f)))
NUMPY.update(with_formats('Conv2D_dilated', lambda d, w, f: np.tanh(bias(
    NB.conv2d(d[0], w[0], data_format=f, dilation_rate=(2, 2)), w[1], f))))
NUMPY.update(with_formats('Conv3D', lambda d, w, f: bias(
    NB.conv3d(d[0], w[0], data_format=f), w[1], f)))
NUMPY.update(with_formats('Conv2DTranspose', lambda d, w, f: back(bias(
    conv_transpose_by_hand(last(d[0], f), w[0], (2, 2)), w[1], CL), f)))
NUMPY.update(with_formats('Conv2DTranspose_same', lambda d, w, f: bias(NB.conv2d_transpose(
    d[0], w[0], back(np.zeros((2, 4, 6, 3)), f).shape, (2, 2), 'same', f), w[1], f)))
NUMPY.update(with_formats('Conv3DTranspose', lambda d, w, f: bias(NB.conv3d_transpose(
    d[0], w[0], back(np.zeros((2, 4, 4, 4, 2)), f).shape, (2, 2, 2), 'valid', f), w[1], f)))
NUMPY.update(with_formats('SeparableConv1D', lambda d, w, f: bias(
    NB.separable_conv1d(d[0], w[0], w[1], data_format=f), w[2], f)))
NUMPY.update(with_formats('SeparableConv2D', lambda d, w, f: bias(
    NB.separable_conv2d(d[0], w[0], w[1], data_format=f), w[2], f)))
NUMPY.update(with_formats('DepthwiseConv2D', lambda d, w, f: bias(
    NB.depthwise_conv2d(d[0], w[0], data_format=f), w[1], f)))
NUMPY.update(with_formats('UpSampling2D', lambda d, w, f: back(
    upsample(last(d[0], f), (2, 3)), f)))
NUMPY.update(with_formats('UpSampling3D', lambda d, w, f: back(
    upsample(last(d[0], f), (1, 2, 2)), f)))
NUMPY.update(with_formats('ZeroPadding2D', lambda d, w, f: back(
    np.pad(last(d[0], f), [(0, 0), (1, 0), (2, 1), (0, 0)]), f)))
NUMPY.update(with_formats('ZeroPadding3D', lambda d, w, f: back(
    np.pad(last(d[0], f), [(0, 0), (1, 1), (1, 1), (1, 1), (0, 0)]), f)))
NUMPY.update(with_formats('Cropping2D', lambda d, w, f: back(
    crop(last(d[0], f), [(1, 0), (0, 2)]), f)))
NUMPY.update(with_formats('Cropping3D', lambda d, w, f: back(
    crop(last(d[0], f), [(1, 0), (0, 1), (1, 1)]), f)))
NUMPY.update(with_formats('MaxPooling1D', lambda d, w, f: pool(d[0], (2,), (2,), 'valid', f,
                                                               'max')))
NUMPY.update(with_formats('MaxPooling2D', lambda d, w, f: pool(d[0], (2, 2), (2, 2), 'valid', f,
                                                               'max')))
NUMPY.update(with_formats('AveragePooling2D_same', lambda d, w, f: pool(
    d[0], (2, 2), (2, 2), 'same', f, 'avg')))
NUMPY.update(with_formats('MaxPooling3D', lambda d, w, f: pool(d[0], (2, 2, 2), (2, 2, 2),
                                                               'valid', f, 'max')))
NUMPY.update(with_formats('AveragePooling3D', lambda d, w, f: pool(d[0], (2, 2, 1), (2, 2, 1),
                                                                   'valid', f, 'avg')))
NUMPY.update(with_formats('GlobalMaxPooling2D', lambda d, w, f: last(d[0], f).max(axis=(1, 2))))
NUMPY.update(with_formats('GlobalAveragePooling2D',
                          lambda d, w, f: last(d[0], f).mean(axis=(1, 2))))
NUMPY.update(with_formats('GlobalMaxPooling3D',
                          lambda d, w, f: last(d[0], f).max(axis=(1, 2, 3))))
NUMPY.update(with_formats('GlobalAveragePooling3D',
                          lambda d, w, f: last(d[0], f).mean(axis=(1, 2, 3))))
NUMPY.update(with_formats('LocallyConnected1D', lambda d, w, f: bias(
    NB.local_conv1d(d[0], w[0], (2,), (1,), f), w[1], f)))
NUMPY.update(with_formats('LocallyConnected2D', lambda d, w, f: 1. / (1. + np.exp(-bias(
    NB.local_conv2d(d[0], w[0], (2, 2), (1, 2), (2, 2), f), w[1], f)))))

run = make_run_fixture(CASES)
(test_output_shape, test_config_round_trip, test_weights, test_matches_tensorflow,
 test_matches_numpy) = case_tests(CASES, NUMPY)


def test_every_layer_in_these_modules_has_a_case():
    tested = {c.make().__class__ for c in CASES}
    for module_name in ('convolutional', 'pooling', 'local'):
        module = getattr(layers, module_name)
        for name in dir(module):
            cls = getattr(module, name)
            if isinstance(cls, type) and issubclass(cls, layers.Layer) and \
                    cls.__module__ == module.__name__ and not name.startswith('_'):
                assert cls in tested, name


def test_channels_first_equals_transposed_channels_last(run):
    """Where both formats were run with the same layer, the cf output is the cl output's
    transpose when the cf layer gets the cl weights (checked on the NumPy side)."""
    for case in ('Conv2D', 'Conv3D', 'MaxPooling2D', 'DepthwiseConv2D', 'SeparableConv2D',
                 'Conv2DTranspose', 'UpSampling2D', 'Cropping3D', 'GlobalAveragePooling3D'):
        cl = NUMPY[case + '_cl']
        cf = NUMPY[case + '_cf']
        data = run.cases[case + '_cl'].data
        weights = run.weights.get(case + '_cl')
        if weights is None:
            pytest.fail('%s_cl did not build on tensorflow' % case)
        x_first = [np.moveaxis(d, -1, 1) for d in data]
        got = cf(x_first, weights)
        want = cl(data, weights)
        if got.ndim > 2:
            got = np.moveaxis(got, 1, -1)
        np.testing.assert_allclose(got, want, atol=1e-5, err_msg=case)


@pytest.mark.parametrize('backend', SYMBOLIC_BACKENDS)
def test_conv_kernel_layout_is_the_same_on_every_backend(run, backend):
    """Kernels are stored (spatial..., in, out) everywhere (Theano flips inside its backend);
    the weights taken from TensorFlow gave the same numbers on Theano (parity tests)."""
    shapes = {'Conv2D_cl': [(2, 3, 3, 2), (2,)], 'Conv2D_cf': [(2, 3, 3, 2), (2,)],
              'Conv3D_cf': [(2, 2, 2, 2, 2), (2,)], 'Conv1D': [(2, 3, 2), (2,)],
              'DepthwiseConv2D_cl': [(2, 2, 2, 2), (4,)],
              'SeparableConv2D_cl': [(2, 2, 2, 2), (1, 1, 4, 3), (3,)]}
    for name, expected in shapes.items():
        entry = run.entry(backend, name, values=False)
        # The backend is no longer active: its weights were kept as numpy arrays.
        assert [w.shape for w in run.backend_weights[backend][name]] == expected, name


def test_conv_layers_reject_bad_arguments():
    with pytest.raises(ValueError, match='filters'):
        layers.Conv2D(0, 3)
    with pytest.raises(ValueError, match='padding'):
        layers.Conv2D(2, 3, padding='causal')
    with pytest.raises(ValueError, match='output_padding'):
        layers.Conv2DTranspose(2, 3, strides=2, output_padding=2)
    with pytest.raises(ValueError, match='dilation'):
        layers.Conv3DTranspose(2, 3, dilation_rate=2)
    with pytest.raises(ValueError, match='interpolation'):
        layers.UpSampling2D(interpolation='cubic')


def test_conv_too_small_input_is_an_error(backend):
    with pytest.raises(ValueError, match='too small'):
        layers.Conv2D(2, (3, 3))(Input(shape=(2, 5, 1)))
    with pytest.raises(ValueError):
        layers.Cropping2D(((2, 2), (0, 0)))(Input(shape=(3, 5, 1)))
