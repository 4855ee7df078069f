"""Core, advanced-activation, noise, normalization, embedding and merge layers on every
symbolic backend.

Every layer case is built once on TensorFlow with fixed seeds; all cases share ONE model
(one compiled predict per backend). The same layers are then rebuilt from their configs,
given the TensorFlow weights, on TensorFlow (config round trip) and on Theano (backend
parity), again as one model each. Tests read those results: output shapes against
`compute_output_shape`, configs, weights, TF/Theano agreement (atol 1e-5) and, for many
layers, a hand-written NumPy computation.

`LayerCase` and `CrossBackendRun` are the harness shared with test_layers_conv.py and
test_layers_recurrent.py.
"""
import re
import zlib

import numpy as np
import pytest

from multikeras import backend as K
from multikeras import layers, initializers, optimizers
from multikeras.layers import Input
from multikeras.models import Model, Sequential
from multikeras.utils.generic_utils import to_list

# TensorFlow is the reference; the others must give its numbers for the same weights.
OTHER_BACKENDS = ['theano', 'cntk', 'mxnet']
SYMBOLIC_BACKENDS = ['tensorflow'] + OTHER_BACKENDS
ATOL = 1e-5
TF_GROUP = 6


# == the harness ============================================================================

class LayerCase(object):
    """One layer configuration to test.

    # Arguments
        name: test id.
        make: function returning a fresh layer.
        shapes: input shape without the batch axis, or a list of them (several inputs).
        weights: expected (number of trainable, number of non-trainable) weight arrays.
        data: function `rng -> list of input arrays`; default standard normal values.
        dtype: input dtype.
        custom_objects: passed to `layers.deserialize` when rebuilding from the config.
        batch: batch size of the generated data.
    """

    def __init__(self, name, make, shapes, weights=(0, 0), data=None, dtype='float32',
                 custom_objects=None, batch=2):
        self.name = name
        self.make = make
        if shapes and isinstance(shapes[0], (list, tuple)):
            self.shapes = [tuple(s) for s in shapes]
            self.multi = True
        else:
            self.shapes = [tuple(shapes)]
            self.multi = False
        self.weights = weights
        self.dtype = dtype
        self.custom_objects = custom_objects
        rng = np.random.RandomState(zlib.crc32(name.encode()) % (2 ** 31))
        if data is None:
            self.data = [rng.randn(batch, *s).astype('float32') for s in self.shapes]
        else:
            self.data = [np.asarray(d) for d in to_list(data(rng))]

    def __repr__(self):
        return self.name


class _Failed(object):
    """An exception kept with its traceback, re-raised by the test that needs it."""

    def __init__(self, stage, error):
        self.stage = stage
        self.error = error

    def reraise(self, backend):
        message = str(self.error).split('\n')[0][:300]
        raise AssertionError('%s failed on %s: %s: %s'
                             % (self.stage, backend, type(self.error).__name__, message)) \
            from self.error


def _predict(entries, names, batch):
    inputs, outputs, data = [], [], []
    for name in names:
        e = entries[name]
        inputs += e['inputs']
        outputs += e['outputs']
        data += e['data']
    model = Model(inputs, outputs)
    values = to_list(model.predict(data, batch_size=batch))
    for name in names:
        n = len(entries[name]['outputs'])
        entries[name]['values'], values = values[:n], values[n:]


def _predict_or_bisect(entries, names, batch):
    """Predict `names` in one model; when that fails, halve the set until the failing
    cases are found (a compile per half is far cheaper than one per case on Theano)."""
    if not names:
        return
    try:
        _predict(entries, names, batch)
    except Exception as e:  # noqa: BLE001 - find which case breaks the shared model
        if len(names) == 1:
            entries[names[0]]['failed'] = _Failed('predict', e)  # the layer stays for the
            return                                               # config/weights tests
        half = len(names) // 2
        _predict_or_bisect(entries, names[:half], batch)
        _predict_or_bisect(entries, names[half:], batch)


def build_and_predict(cases, make_layer, weights=None, rename=False):
    """On the active backend: apply each case's layer to fresh Inputs, put every case into
    one Model and predict once (bisecting when that fails, so a broken layer only fails its
    own tests).

    Returns {case name: {'layer', 'inputs', 'outputs', 'data', 'values'} or {'failed'}}.
    """
    entries = {}
    for case in cases:
        layer = None
        try:
            ins = [Input(shape=s, dtype=case.dtype) for s in case.shapes]
            layer = make_layer(case)
            if rename:  # unique across sessions, so all cases can share one model later
                layer.name = 'case_' + re.sub(r'\W', '_', case.name).lower()
            out = layer(ins if case.multi else ins[0])
            if weights is not None:
                layer.set_weights(weights[case.name])
            entries[case.name] = {'layer': layer, 'inputs': ins, 'outputs': to_list(out),
                                  'data': case.data}
        except Exception as e:  # noqa: BLE001 - kept for the case's own tests
            entries[case.name] = {'failed': _Failed('building the layer', e), 'made': layer}
    ok = [c.name for c in cases if 'failed' not in entries[c.name]]
    batch = max([len(c.data[0]) for c in cases] + [1])
    _predict_or_bisect(entries, ok, batch)
    return entries


def rebuild(case, layer):
    """A new layer of the same class from `layer.get_config()` (through the registry)."""
    return layers.deserialize({'class_name': layer.__class__.__name__,
                               'config': layer.get_config()},
                              custom_objects=case.custom_objects)


class CrossBackendRun(object):
    """The cases built on TensorFlow, rebuilt from config on TensorFlow and on the others.

    `runs['tensorflow']` holds the originals, `runs['tensorflow_clone']` and
    `runs[b]` for each of OTHER_BACKENDS the rebuilt layers with the TensorFlow weights.
    A backend that is not installed is recorded in `missing` and its tests are skipped
    with the reason.
    """

    def __init__(self, cases, seed=0):
        self.cases = {c.name: c for c in cases}
        self.runs, self.missing, self.weights, self.configs = {}, {}, {}, {}
        self.weight_checks, self.backend_weights = {}, {}
        previous = K.backend()
        try:
            self._run_tensorflow(cases, seed)
            for backend in OTHER_BACKENDS:
                if backend in self.missing:
                    continue
                try:
                    K.use_backend(backend)
                except ImportError as e:
                    self.missing[backend] = str(e)
                    continue
                K.set_floatx('float32')
                K.set_image_data_format('channels_last')
                self.runs[backend] = build_and_predict(
                    [c for c in cases if c.name in self.weights],
                    lambda c: rebuild(c, self.originals[c.name]), self.weights)
                self._check_weights(backend, self.runs[backend])
        finally:
            try:
                K.use_backend(previous)
            except ImportError:
                pass
            K.set_image_data_format('channels_last')

    def _run_tensorflow(self, cases, seed):
        try:
            K.use_backend('tensorflow')
        except ImportError as e:
            self.missing['tensorflow'] = str(e)
            for backend in OTHER_BACKENDS:
                self.missing[backend] = 'the parity tests need tensorflow as the reference'
            return
        K.set_floatx('float32')
        K.set_image_data_format('channels_last')
        np.random.seed(seed)
        self.originals = {}
        self.runs['tensorflow'], self.runs['tensorflow_clone'] = {}, {}
        # TensorFlow creating a variable costs time in proportion to the graph's size, so
        # the cases run in small groups, each in a fresh session; everything the tests need
        # later (values, weights, configs, weight checks) is kept as numpy/python data.
        for start in range(0, len(cases), TF_GROUP):
            group = cases[start:start + TF_GROUP]
            K.clear_session()
            originals = build_and_predict(group, lambda c: c.make(), rename=True)
            self.runs['tensorflow'].update(originals)
            self._check_weights('tensorflow', originals)
            for name, entry in originals.items():
                if 'layer' in entry:
                    self.originals[name] = entry['layer']
                    self.weights[name] = entry['layer'].get_weights()
                    self.configs[name] = entry['layer'].get_config()
            K.clear_session()
            self.runs['tensorflow_clone'].update(build_and_predict(
                [c for c in group if c.name in self.weights],
                lambda c: rebuild(c, self.originals[c.name]), self.weights))

    def _check_weights(self, backend, entries):
        # While the backend is active: TensorFlow variables die with their session.
        checks = self.weight_checks.setdefault(backend, {})
        kept = self.backend_weights.setdefault(backend, {})
        for name, entry in entries.items():
            if 'layer' not in entry:
                continue
            try:
                kept[name] = entry['layer'].get_weights()
                check_weights(self.cases[name], entry)
                checks[name] = None
            except Exception as e:  # noqa: BLE001 - re-raised by test_weights
                checks[name] = _Failed('the weights check', e)

    def weights_check(self, backend, name):
        self.entry(backend, name, values=False)
        failure = self.weight_checks[backend].get(name)
        if failure is not None:
            failure.reraise(backend)

    def entry(self, backend, name, values=True):
        """The case's results on `backend`; skips or fails the test as appropriate.
        With `values=False` a layer that was built but failed to predict is returned."""
        base = 'tensorflow' if backend == 'tensorflow_clone' else backend
        if base in self.missing:
            pytest.skip('backend %s not available: %s' % (base, self.missing[base]))
        if name not in self.runs['tensorflow'] or \
                'failed' in self.runs['tensorflow'][name]:
            if backend != 'tensorflow':
                pytest.fail('%s: no TensorFlow reference (the layer failed on tensorflow)' % name)
        entry = self.runs[backend].get(name)
        if entry is None:
            pytest.fail('%s was not run on %s' % (name, backend))
        if 'failed' in entry and (values or 'layer' not in entry):
            entry['failed'].reraise(backend)
        return entry


def with_batch(shape, n):
    return (n,) + tuple(shape[1:])


def check_output_shapes(entry):
    """compute_output_shape agrees with the real outputs and with layer.output_shape."""
    layer = entry['layer']
    input_shape = [K.int_shape(x) for x in entry['inputs']]
    input_shape = input_shape if len(input_shape) > 1 else input_shape[0]
    predicted = layer.compute_output_shape(input_shape)
    predicted = predicted if isinstance(predicted, list) else [predicted]
    assert len(predicted) == len(entry['values'])
    for shape, value, tensor in zip(predicted, entry['values'], entry['outputs']):
        shape = tuple(shape)
        assert shape[0] is None
        assert with_batch(shape, value.shape[0]) == value.shape, (shape, value.shape)
        assert tuple(tensor._keras_shape) == shape
    stored = layer.output_shape
    stored = stored if isinstance(stored, list) else [stored]
    assert [tuple(s) for s in stored] == [tuple(s) for s in predicted]


def check_weights(case, entry):
    """Expected trainable/non-trainable counts; trainable=False moves all to non-trainable;
    get_weights/set_weights round trip."""
    layer = entry['layer']
    n_train, n_fixed = case.weights
    assert (len(layer.trainable_weights), len(layer.non_trainable_weights)) == (n_train, n_fixed)
    assert len(layer.weights) == n_train + n_fixed
    assert layer.count_params() == sum(int(np.prod(w.shape)) for w in layer.get_weights())
    layer.trainable = False
    try:
        assert layer.trainable_weights == []
        assert len(layer.non_trainable_weights) == n_train + n_fixed
    finally:
        layer.trainable = True
    assert len(layer.trainable_weights) == n_train
    old = layer.get_weights()
    if not old:
        return
    new = [np.arange(w.size, dtype='float32').reshape(w.shape) / 7. + 0.5 for w in old]
    layer.set_weights(new)
    try:
        for got, want in zip(layer.get_weights(), new):
            np.testing.assert_array_equal(got, want)
        with pytest.raises(ValueError):
            layer.set_weights(new[:-1])
    finally:
        layer.set_weights(old)
    for got, want in zip(layer.get_weights(), old):
        np.testing.assert_array_equal(got, want)


def check_config(run, backend, name):
    """The rebuilt layer has the same config and (with the same weights) the same outputs."""
    original = run.entry('tensorflow', name, values=False)
    entry = run.runs.get(backend, {}).get(name, {})
    layer = entry.get('layer', entry.get('made'))
    if layer is None:
        run.entry(backend, name, values=False)       # raises the reason
    assert layer.__class__ is original['layer'].__class__
    assert layer.get_config() == run.configs[name]
    again = rebuild(run.cases[name], layer)
    assert again.get_config() == run.configs[name]
    if backend == 'tensorflow_clone':
        entry, original = run.entry(backend, name), run.entry('tensorflow', name)
        for got, want in zip(entry['values'], original['values']):
            np.testing.assert_allclose(got, want, atol=1e-6)


def check_parity(run, backend, name):
    """`backend` gives the TensorFlow numbers for the same weights."""
    reference = run.entry('tensorflow', name)
    entry = run.entry(backend, name)
    assert len(entry['values']) == len(reference['values'])
    for got, want in zip(entry['values'], reference['values']):
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, atol=ATOL, rtol=1e-5)


def make_run_fixture(cases):
    @pytest.fixture(scope='module')
    def run():
        return CrossBackendRun(cases)
    return run


def case_tests(cases, numpy_reference):
    """The standard tests over `cases`, to be bound to names in a test module."""
    names = [c.name for c in cases]
    ref_names = [n for n in names if n in numpy_reference]

    @pytest.mark.parametrize('name', names)
    @pytest.mark.parametrize('backend', SYMBOLIC_BACKENDS)
    def test_output_shape(run, backend, name):
        check_output_shapes(run.entry(backend, name))

    @pytest.mark.parametrize('name', names)
    @pytest.mark.parametrize('backend', ['tensorflow_clone'] + OTHER_BACKENDS)
    def test_config_round_trip(run, backend, name):
        check_config(run, backend, name)

    @pytest.mark.parametrize('name', names)
    @pytest.mark.parametrize('backend', SYMBOLIC_BACKENDS)
    def test_weights(run, backend, name):
        run.weights_check(backend, name)

    @pytest.mark.parametrize('name', names)
    @pytest.mark.parametrize('backend', OTHER_BACKENDS)
    def test_matches_tensorflow(run, backend, name):
        check_parity(run, backend, name)

    @pytest.mark.parametrize('name', ref_names)
    @pytest.mark.parametrize('backend', SYMBOLIC_BACKENDS)
    def test_matches_numpy(run, backend, name):
        entry = run.entry(backend, name)
        expected = to_list(numpy_reference[name](entry['data'], run.weights[name]))
        assert len(expected) == len(entry['values'])
        for got, want in zip(entry['values'], expected):
            np.testing.assert_allclose(got, np.asarray(want), atol=ATOL, rtol=1e-5)

    return (test_output_shape, test_config_round_trip, test_weights,
            test_matches_tensorflow, test_matches_numpy)


# == the cases of this module ===============================================================

def ints(high, shape):
    return lambda rng: [rng.randint(0, high, size=shape).astype('int32')]


def with_zero_steps(rng):
    x = rng.randn(2, 4, 3).astype('float32')
    x[0, 1] = 0.
    x[1, 3] = 0.
    return [x]


def double_plus_one(x):
    return x * 2. + 1.


RANDOM_BN = dict(beta_initializer='random_normal', gamma_initializer='random_uniform',
                 moving_mean_initializer='random_normal',
                 moving_variance_initializer=initializers.RandomUniform(0.5, 1.5))

CASES = [
    # core
    LayerCase('Dense', lambda: layers.Dense(3, activation='tanh'), (4,), (2, 0)),
    LayerCase('Dense_3d_no_bias', lambda: layers.Dense(3, use_bias=False), (5, 4), (1, 0)),
    LayerCase('Activation_softmax', lambda: layers.Activation('softmax'), (5,)),
    LayerCase('Activation_relu', lambda: layers.Activation('relu'), (2, 3)),
    LayerCase('Dropout', lambda: layers.Dropout(0.5), (4,)),
    LayerCase('Flatten', lambda: layers.Flatten(), (3, 2, 2)),
    LayerCase('Flatten_channels_first', lambda: layers.Flatten(data_format='channels_first'),
              (3, 2, 2)),
    LayerCase('Reshape', lambda: layers.Reshape((3, -1)), (6, 2)),
    LayerCase('Masking', lambda: layers.Masking(0.), (4, 3), data=with_zero_steps),
    LayerCase('SpatialDropout1D', lambda: layers.SpatialDropout1D(0.5), (3, 2)),
    LayerCase('SpatialDropout2D', lambda: layers.SpatialDropout2D(0.5), (2, 2, 3)),
    LayerCase('SpatialDropout2D_channels_first',
              lambda: layers.SpatialDropout2D(0.5, data_format='channels_first'), (3, 2, 2)),
    LayerCase('SpatialDropout3D', lambda: layers.SpatialDropout3D(0.5), (2, 2, 2, 3)),
    LayerCase('Permute', lambda: layers.Permute((2, 1)), (3, 4)),
    LayerCase('Permute_3d', lambda: layers.Permute((3, 1, 2)), (2, 3, 4)),
    LayerCase('RepeatVector', lambda: layers.RepeatVector(3), (4,)),
    LayerCase('Lambda', lambda: layers.Lambda(double_plus_one), (3,),
              custom_objects={'double_plus_one': double_plus_one}),
    LayerCase('ActivityRegularization', lambda: layers.ActivityRegularization(l1=0.1, l2=0.2),
              (3,)),
    # advanced activations
    LayerCase('LeakyReLU', lambda: layers.LeakyReLU(0.2), (5,)),
    LayerCase('PReLU', lambda: layers.PReLU(alpha_initializer='random_uniform'), (4,), (1, 0)),
    LayerCase('PReLU_shared_axes',
              lambda: layers.PReLU(alpha_initializer='random_uniform', shared_axes=[1, 2]),
              (3, 3, 2), (1, 0)),
    LayerCase('ELU', lambda: layers.ELU(0.5), (5,)),
    LayerCase('ThresholdedReLU', lambda: layers.ThresholdedReLU(0.5), (5,)),
    LayerCase('Softmax_axis1', lambda: layers.Softmax(axis=1), (3, 2)),
    LayerCase('ReLU', lambda: layers.ReLU(max_value=1., negative_slope=0.1, threshold=0.2),
              (6,)),
    # noise: identities at inference
    LayerCase('GaussianNoise', lambda: layers.GaussianNoise(0.5), (4,)),
    LayerCase('GaussianDropout', lambda: layers.GaussianDropout(0.3), (4,)),
    LayerCase('AlphaDropout', lambda: layers.AlphaDropout(0.3), (4,)),
    # normalization
    LayerCase('BatchNormalization', lambda: layers.BatchNormalization(**RANDOM_BN), (4,), (2, 2)),
    LayerCase('BatchNormalization_axis1',
              lambda: layers.BatchNormalization(axis=1, **RANDOM_BN), (3, 2, 2), (2, 2)),
    LayerCase('BatchNormalization_no_center',
              lambda: layers.BatchNormalization(center=False, epsilon=0.01, **RANDOM_BN),
              (2, 2, 3), (1, 2)),
    # embeddings
    LayerCase('Embedding', lambda: layers.Embedding(7, 3), (4,), (1, 0),
              data=ints(7, (2, 4)), dtype='int32'),
    LayerCase('Embedding_input_length', lambda: layers.Embedding(5, 2, input_length=3), (3,),
              (1, 0), data=ints(5, (2, 3)), dtype='int32'),
    # merge
    LayerCase('Add', lambda: layers.Add(), [(3,), (3,), (3,)]),
    LayerCase('Subtract', lambda: layers.Subtract(), [(2, 3), (2, 3)]),
    LayerCase('Multiply', lambda: layers.Multiply(), [(3,), (3,)]),
    LayerCase('Average', lambda: layers.Average(), [(3,), (3,), (3,)]),
    LayerCase('Maximum', lambda: layers.Maximum(), [(4,), (4,)]),
    LayerCase('Minimum', lambda: layers.Minimum(), [(4,), (4,), (4,)]),
    LayerCase('Concatenate', lambda: layers.Concatenate(), [(2, 3), (2, 1)]),
    LayerCase('Concatenate_axis1', lambda: layers.Concatenate(axis=1), [(2, 3), (4, 3)]),
    LayerCase('Dot', lambda: layers.Dot(axes=1), [(4,), (4,)]),
    LayerCase('Dot_3d', lambda: layers.Dot(axes=(2, 2)), [(2, 3), (4, 3)]),
    # Inputs of different ranks: `axes` name each input's own axes, none is inserted.
    LayerCase('Dot_3d_2d', lambda: layers.Dot(axes=-1), [(2, 3), (3,)]),
    LayerCase('Dot_normalize', lambda: layers.Dot(axes=1, normalize=True), [(3,), (3,)]),
]


def _bn(x, w, axis, center=True):
    if center:
        gamma, beta, mean, var = w
    else:
        (gamma, mean, var), beta = w, 0.
    eps = 0.01 if not center else 1e-3
    shape = [1] * x.ndim
    shape[axis] = -1
    r = lambda v: np.reshape(v, shape) if np.ndim(v) else v  # noqa: E731
    return (x - r(mean)) / np.sqrt(r(var) + eps) * r(gamma) + r(beta)


def _l2n(x, axis):
    return x / np.sqrt(np.maximum(np.sum(x * x, axis=axis, keepdims=True), 1e-12))


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _relu_layer(x):
    y = np.where(x >= 0.2, x, 0.1 * (x - 0.2))
    return np.minimum(y, 1.)


NUMPY = {
    'Dense': lambda d, w: np.tanh(d[0].dot(w[0]) + w[1]),
    'Dense_3d_no_bias': lambda d, w: np.einsum('bti,ij->btj', d[0], w[0]),
    'Activation_softmax': lambda d, w: _softmax(d[0]),
    'Activation_relu': lambda d, w: np.maximum(d[0], 0),
    'Dropout': lambda d, w: d[0],
    'Flatten': lambda d, w: d[0].reshape(len(d[0]), -1),
    'Flatten_channels_first': lambda d, w: d[0].transpose(0, 2, 3, 1).reshape(len(d[0]), -1),
    'Reshape': lambda d, w: d[0].reshape(len(d[0]), 3, 4),
    'Masking': lambda d, w: d[0] * np.any(d[0] != 0, axis=-1, keepdims=True),
    'SpatialDropout1D': lambda d, w: d[0],
    'SpatialDropout2D': lambda d, w: d[0],
    'SpatialDropout2D_channels_first': lambda d, w: d[0],
    'SpatialDropout3D': lambda d, w: d[0],
    'Permute': lambda d, w: d[0].transpose(0, 2, 1),
    'Permute_3d': lambda d, w: d[0].transpose(0, 3, 1, 2),
    'RepeatVector': lambda d, w: np.repeat(d[0][:, None, :], 3, axis=1),
    'Lambda': lambda d, w: d[0] * 2 + 1,
    'ActivityRegularization': lambda d, w: d[0],
    'LeakyReLU': lambda d, w: np.where(d[0] > 0, d[0], 0.2 * d[0]),
    'PReLU': lambda d, w: np.where(d[0] > 0, d[0], w[0] * d[0]),
    'PReLU_shared_axes': lambda d, w: np.where(d[0] > 0, d[0], w[0] * d[0]),
    'ELU': lambda d, w: np.where(d[0] > 0, d[0], 0.5 * (np.exp(d[0]) - 1)),
    'ThresholdedReLU': lambda d, w: np.where(d[0] > 0.5, d[0], 0),
    'Softmax_axis1': lambda d, w: _softmax(d[0], axis=1),
    'ReLU': lambda d, w: _relu_layer(d[0]),
    'GaussianNoise': lambda d, w: d[0],
    'GaussianDropout': lambda d, w: d[0],
    'AlphaDropout': lambda d, w: d[0],
    'BatchNormalization': lambda d, w: _bn(d[0], w, -1),
    'BatchNormalization_axis1': lambda d, w: _bn(d[0], w, 1),
    'BatchNormalization_no_center': lambda d, w: _bn(d[0], w, -1, center=False),
    'Embedding': lambda d, w: w[0][d[0]],
    'Embedding_input_length': lambda d, w: w[0][d[0]],
    'Add': lambda d, w: d[0] + d[1] + d[2],
    'Subtract': lambda d, w: d[0] - d[1],
    'Multiply': lambda d, w: d[0] * d[1],
    'Average': lambda d, w: (d[0] + d[1] + d[2]) / 3.,
    'Maximum': lambda d, w: np.maximum(d[0], d[1]),
    'Minimum': lambda d, w: np.minimum(np.minimum(d[0], d[1]), d[2]),
    'Concatenate': lambda d, w: np.concatenate(d, axis=-1),
    'Concatenate_axis1': lambda d, w: np.concatenate(d, axis=1),
    'Dot': lambda d, w: np.sum(d[0] * d[1], axis=1, keepdims=True),
    'Dot_3d': lambda d, w: np.einsum('bik,bjk->bij', d[0], d[1]),
    'Dot_3d_2d': lambda d, w: np.einsum('bik,bk->bi', d[0], d[1]),
    'Dot_normalize': lambda d, w: np.sum(_l2n(d[0], 1) * _l2n(d[1], 1), axis=1, keepdims=True),
}

run = make_run_fixture(CASES)
(test_output_shape, test_config_round_trip, test_weights, test_matches_tensorflow,
 test_matches_numpy) = case_tests(CASES, NUMPY)


def test_every_layer_in_this_module_has_a_case():
    tested = {c.make().__class__ for c in CASES}
    for module_name in ('core', 'advanced_activations', 'noise', 'normalization', 'embeddings',
                        'merge'):
        module = getattr(layers, module_name)
        for name in dir(module):
            cls = getattr(module, name)
            if isinstance(cls, type) and issubclass(cls, layers.Layer) and \
                    cls.__module__ == module.__name__ and not name.startswith('_'):
                assert cls in tested, name


def test_activity_regularization_adds_its_penalty(backend):
    inp = Input(shape=(3,))
    layer = layers.ActivityRegularization(l1=0.1, l2=0.2)
    out = layer(inp)
    assert len(layer.losses) == 1
    f = K.function([inp], layer.losses + [out])
    x = np.array([[1., -2., 3.], [0.5, 0., -1.]], 'float32')
    penalty, value = f([x])
    expected = 0.1 * np.abs(x).sum() + 0.2 * np.square(x).sum()
    assert float(penalty) == pytest.approx(expected, rel=1e-4)
    np.testing.assert_allclose(value, x)


def test_masking_propagates_a_mask(backend):
    inp = Input(shape=(4, 3))
    out = layers.Masking(0.)(inp)
    assert out._keras_mask is not None
    f = K.function([inp], [out._keras_mask])
    x = with_zero_steps(np.random.RandomState(0))[0]
    np.testing.assert_array_equal(f([x])[0], np.any(x != 0, axis=-1))


def test_functional_merge_forms_use_their_classes(backend):
    a, b = Input(shape=(3,)), Input(shape=(3,))
    for fn, cls in [(layers.add, layers.Add), (layers.subtract, layers.Subtract),
                    (layers.multiply, layers.Multiply), (layers.average, layers.Average),
                    (layers.maximum, layers.Maximum), (layers.minimum, layers.Minimum),
                    (layers.concatenate, layers.Concatenate)]:
        out = fn([a, b])
        assert out._keras_history[0].__class__ is cls
    out = layers.dot([a, b], axes=1, normalize=True)
    assert out._keras_history[0].__class__ is layers.Dot
    assert out._keras_history[0].normalize is True
    assert K.int_shape(layers.concatenate([a, b], axis=1)) == (None, 6)


def test_merge_rejects_bad_inputs(backend):
    a, b = Input(shape=(3,)), Input(shape=(4,))
    with pytest.raises(ValueError):
        layers.Add()([a, b])
    with pytest.raises(ValueError):
        layers.Add()([a])
    with pytest.raises(ValueError):
        layers.Subtract()([a, a, a])
    with pytest.raises(ValueError):
        layers.Dot(axes=1)([a, b])


# == behaviour ==============================================================================

def test_noise_layers_are_identity_in_test_phase_and_random_in_training(backend):
    """One K.function per backend for every noise layer, learning phase fed as 0 and 1."""
    rng = np.random.RandomState(3)
    x2 = (rng.rand(64, 50) + 1.).astype('float32')          # positive, away from zero
    x3 = (rng.rand(64, 10, 6) + 1.).astype('float32')
    x4 = (rng.rand(64, 5, 5, 6) + 1.).astype('float32')
    x5 = (rng.rand(16, 3, 3, 3, 6) + 1.).astype('float32')
    i2, i3, i4, i5 = Input(shape=(50,)), Input(shape=(10, 6)), Input(shape=(5, 5, 6)), \
        Input(shape=(3, 3, 3, 6))
    i4f = Input(shape=(6, 5, 5))
    outputs = [layers.Dropout(0.5)(i2), layers.SpatialDropout1D(0.5)(i3),
               layers.SpatialDropout2D(0.5)(i4),
               layers.SpatialDropout2D(0.5, data_format='channels_first')(i4f),
               layers.SpatialDropout3D(0.5)(i5), layers.GaussianNoise(0.5)(i2),
               layers.GaussianDropout(0.5)(i2), layers.AlphaDropout(0.5)(i2)]
    assert all(getattr(o, '_uses_learning_phase', False) for o in outputs)
    f = K.function([i2, i3, i4, i4f, i5, K.learning_phase()], outputs)
    x4f = x4.transpose(0, 3, 1, 2).copy()
    feeds = [x2, x3, x4, x4f, x5]
    inputs_of = [x2, x3, x4, x4f, x5, x2, x2, x2]
    test = f(feeds + [0])
    for out, x in zip(test, inputs_of):
        np.testing.assert_allclose(out, x, atol=1e-6)
    train = f(feeds + [1])
    train2 = f(feeds + [1])
    for out, again, x in zip(train, train2, inputs_of):
        assert out.shape == x.shape
        assert not np.allclose(out, x)
        assert not np.allclose(out, again)       # a new draw at every call
    drop, sd1, sd2, sd2f, sd3, gn, gd, ad = train
    # Dropout: zeros at about the rate, survivors scaled by 1 / (1 - rate).
    zeros = drop == 0
    assert 0.35 < zeros.mean() < 0.65
    np.testing.assert_allclose(drop[~zeros], x2[~zeros] * 2., rtol=1e-5)
    # Spatial dropout: a whole channel is kept or dropped.
    for out, x, axes, channel_axis in [(sd1, x3, (1,), 2), (sd2, x4, (1, 2), 3),
                                       (sd2f, x4f, (2, 3), 1), (sd3, x5, (1, 2, 3), 4)]:
        kept = out != 0
        assert np.all(kept.all(axis=axes) | (~kept).all(axis=axes))
        assert 0.2 < (~kept).mean() < 0.8
        np.testing.assert_allclose(out[kept], x[kept] * 2., rtol=1e-5)
    # Gaussian noise is additive with the given stddev; Gaussian dropout multiplicative.
    assert 0.4 < np.std(gn - x2) < 0.6 and abs(np.mean(gn - x2)) < 0.05
    ratio = gd / x2
    assert abs(ratio.mean() - 1.) < 0.05 and 0.85 < ratio.std() < 1.15  # sqrt(.5/.5) = 1
    # AlphaDropout: dropped units all take one value, a * alpha' + b.
    alpha_p = -1.6732632423543772 * 1.0507009873554805
    a = (0.5 + alpha_p ** 2 * 0.5 * 0.5) ** -0.5
    b = -a * alpha_p * 0.5
    dropped_value = a * alpha_p + b
    dropped = np.isclose(ad, dropped_value, atol=1e-5)
    assert 0.35 < dropped.mean() < 0.65
    np.testing.assert_allclose(ad[~dropped], a * x2[~dropped] + b, rtol=1e-5)


def test_batch_normalization_trains_moving_statistics(backend):
    """fit() moves the moving mean/variance towards the data's; predict() uses them."""
    rng = np.random.RandomState(0)
    x = (rng.randn(64, 3) * np.array([1., 2., 0.5]) + np.array([3., -1., 0.])).astype('float32')
    y = rng.randn(64, 1).astype('float32')
    bn = layers.BatchNormalization(momentum=0.5, name='bn', input_shape=(3,))
    model = Sequential([bn, layers.Dense(1, name='out')], name='bn_model')
    assert len(bn.trainable_weights) == 2 and len(bn.non_trainable_weights) == 2
    assert [w.shape for w in bn.get_weights()] == [(3,)] * 4
    model.compile(optimizers.SGD(lr=0.01), 'mse')
    gamma0, beta0, mean0, var0 = bn.get_weights()
    np.testing.assert_array_equal(mean0, 0.)
    np.testing.assert_array_equal(var0, 1.)
    model.fit(x, y, batch_size=64, epochs=8, verbose=0, shuffle=False)
    gamma, beta, mean, var = bn.get_weights()
    # With momentum 0.5 over 8 full-batch steps the moving stats reach ~the batch stats.
    np.testing.assert_allclose(mean, x.mean(axis=0), rtol=0.02, atol=0.02)
    n = len(x)
    np.testing.assert_allclose(var, x.var(axis=0) * n / (n - 1), rtol=0.02, atol=0.02)
    assert not np.allclose(gamma, gamma0) or not np.allclose(beta, beta0)
    # Inference: (x - moving_mean) / sqrt(moving_var + eps) * gamma + beta, then Dense.
    w, b = model.get_layer('out').get_weights()
    normed = (x - mean) / np.sqrt(var + 1e-3) * gamma + beta
    np.testing.assert_allclose(model.predict(x), normed.dot(w) + b, rtol=1e-4, atol=1e-4)
    # The moving statistics are not trained by the optimizer: freezing BN keeps them.
    bn.trainable = False
    model.compile(optimizers.SGD(lr=0.01), 'mse')
    before = bn.get_weights()
    model.fit(x[:8] + 5., y[:8], batch_size=8, epochs=1, verbose=0)
    for got, want in zip(bn.get_weights(), before):
        np.testing.assert_array_equal(got, want)


def test_embedding_mask_zero_with_lstm_ignores_padding(backend):
    """Zero-padded sequences (pre and post) give the same LSTM output as unpadded ones."""
    np.random.seed(1)
    inp = Input(shape=(None,), dtype='int32')
    emb = layers.Embedding(10, 4, mask_zero=True)
    lstm = layers.LSTM(3)
    seq = layers.LSTM(3, return_sequences=True)
    e = emb(inp)
    assert e._keras_mask is not None
    out = lstm(e)
    seq_out = seq(e)
    model = Model(inp, [out, seq_out])
    raw = np.array([[3, 1, 4, 1], [5, 9, 2, 6]], 'int32')
    padded = np.array([[0, 0, 3, 1, 4, 1], [5, 9, 2, 6, 0, 0]], 'int32')
    unpadded_out, unpadded_seq = model.predict(raw)
    padded_out, padded_seq = model.predict(padded)
    np.testing.assert_allclose(padded_out, unpadded_out, atol=1e-5)
    # The output sequence at valid steps is the unpadded one.
    np.testing.assert_allclose(padded_seq[0, 2:], unpadded_seq[0], atol=1e-5)
    np.testing.assert_allclose(padded_seq[1, :4], unpadded_seq[1], atol=1e-5)
    # Without the mask the padding would matter.
    plain = Model(inp, layers.LSTM(3, weights=lstm.get_weights())(
        layers.Embedding(10, 4, weights=emb.get_weights())(inp)))
    assert not np.allclose(plain.predict(padded), unpadded_out, atol=1e-3)


def test_masking_layer_with_lstm_skips_masked_steps(backend):
    np.random.seed(2)
    inp = Input(shape=(5, 2))
    lstm = layers.LSTM(3)
    model = Model(inp, lstm(layers.Masking(0.)(inp)))
    rng = np.random.RandomState(5)
    x = rng.randn(2, 5, 2).astype('float32')
    x_padded = x.copy()
    x_padded[:, 1] = 0.
    x_dropped = np.concatenate([x[:, :1], x[:, 2:]], axis=1)
    short = Model(*(lambda i: (i, layers.LSTM(3, weights=lstm.get_weights())(i)))(
        Input(shape=(4, 2))))
    np.testing.assert_allclose(model.predict(x_padded), short.predict(x_dropped), atol=1e-5)


# == aliases ================================================================================

def test_aliases_resolve_to_their_classes():
    pairs = [('Convolution1D', 'Conv1D'), ('Convolution2D', 'Conv2D'),
             ('Convolution3D', 'Conv3D'), ('Deconvolution2D', 'Conv2DTranspose'),
             ('Deconv2D', 'Conv2DTranspose'), ('Deconvolution3D', 'Conv3DTranspose'),
             ('Deconv3D', 'Conv3DTranspose'), ('SeparableConvolution1D', 'SeparableConv1D'),
             ('SeparableConvolution2D', 'SeparableConv2D'), ('MaxPool1D', 'MaxPooling1D'),
             ('MaxPool2D', 'MaxPooling2D'), ('MaxPool3D', 'MaxPooling3D'),
             ('AvgPool1D', 'AveragePooling1D'), ('AvgPool2D', 'AveragePooling2D'),
             ('AvgPool3D', 'AveragePooling3D'), ('GlobalMaxPool1D', 'GlobalMaxPooling1D'),
             ('GlobalMaxPool2D', 'GlobalMaxPooling2D'), ('GlobalMaxPool3D', 'GlobalMaxPooling3D'),
             ('GlobalAvgPool1D', 'GlobalAveragePooling1D'),
             ('GlobalAvgPool2D', 'GlobalAveragePooling2D'),
             ('GlobalAvgPool3D', 'GlobalAveragePooling3D')]
    for alias, name in pairs:
        assert getattr(layers, alias) is getattr(layers, name), alias
    # An alias in a saved config deserializes to the real class.
    conv = layers.deserialize({'class_name': 'Convolution2D',
                               'config': {'filters': 2, 'kernel_size': (3, 3)}})
    assert type(conv) is layers.Conv2D and conv.filters == 2
    import multikeras
    assert multikeras.layers.Conv2D is layers.Conv2D


def test_lambda_output_shape_is_inferred(backend):
    """Without `output_shape`, a Lambda's shape is what its function gives (Keras 2.3
    on TensorFlow and CNTK; here on every backend), not its input's."""
    from multikeras import models
    x = layers.Input(shape=(4, 3))
    first_two = layers.Lambda(lambda t: t[:, :2, :])(x)
    summed = layers.Lambda(lambda t: K.sum(t, axis=-1))(x)
    pair = layers.Lambda(lambda ts: K.concatenate(ts, axis=1))([x, x])
    assert K.int_shape(first_two) == (None, 2, 3)
    assert K.int_shape(summed) == (None, 4)
    assert K.int_shape(pair) == (None, 8, 3)
    model = models.Model(x, [first_two, summed, pair])
    assert model.output_shape == [(None, 2, 3), (None, 4), (None, 8, 3)]
    data = np.arange(24, dtype='float32').reshape(2, 4, 3)
    out = model.predict(data)
    np.testing.assert_allclose(out[1], data.sum(-1))
    assert out[0].shape == (2, 2, 3) and out[2].shape == (2, 8, 3)


def test_lambda_output_shape_with_a_fixed_batch(backend):
    x = layers.Input(batch_shape=(1, 6))
    halves = layers.Lambda(lambda t: t[:, :3] * t[:, 3:])(x)
    assert K.int_shape(halves) == (1, 3)
