"""Make the Keras 2.3.1 fixture files that `tests/python/test_keras231_files.py` loads.

Each model here is built and saved by real Keras 2.3.1 on its Theano backend
(which stores convolution kernels flipped relative to TensorFlow), so the
tests check that our loader reads Keras's files and converts the kernels.
For each model `<name>` the script writes `<name>.h5` (the whole model),
`<name>.weights.h5` (weights only) and `<name>.npz` (inputs `x` and Keras's
predictions `y`).

Keras 2.3.1 is not part of the project's environment. To rerun, build a
throwaway venv (Python 3.11; the project's OpenBLAS is used by Theano):

    python3.11 -m venv /tmp/keras231-venv
    /tmp/keras231-venv/bin/pip install keras==2.3.1 Theano==1.0.5 \\
        numpy==1.23.5 scipy==1.11.4 h5py==3.10.0
    /tmp/keras231-venv/bin/python tests/python/keras231/make_fixtures.py

The same script, with `--check DIR`, loads every `<name>.h5` in DIR that
`tests/python/test_keras231_files.py` wrote with our package and prints
Keras's predictions on `<name>.npz`'s inputs and its optimizer state, as JSON
(the reverse direction).
"""
import collections
import collections.abc
import json
import os
import sys

# Keras 2.3.1 imports these from `collections`; Python 3.10 moved them to
# `collections.abc`.
for _name in ('Mapping', 'MutableMapping', 'Sequence', 'Iterable', 'Callable', 'Set'):
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))

os.environ['KERAS_BACKEND'] = 'theano'
# Theano 1.0.5's names for the flags (a caller's THEANO_FLAGS may be Theano-PyMC's).
os.environ['THEANO_FLAGS'] = ('blas.ldflags=-lopenblas,floatX=float32,'
                              'base_compiledir=/tmp/keras231-theano')

# Theano's C `scan` does not compile on Python 3.11 (`longintrepr.h`): an
# unimportable module makes Theano use its Python `scan`.
sys.modules['theano.scan_module.scan_perform_ext'] = None

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers, models, optimizers  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def randomize(model, rng):
    """Give every weight random values (positive ones for BatchNormalization variances)."""
    values = []
    # The order of `set_weights`: layer by layer.
    for w in [w for layer in model.layers for w in layer.weights]:
        shape = keras.backend.int_shape(w)
        value = rng.uniform(-0.8, 0.8, size=shape).astype('float32')
        if 'moving_variance' in w.name:
            value = np.abs(value) + 0.5
        values.append(value)
    model.set_weights(values)


def dense_bn(rng):
    """Sequential Dense + BatchNormalization, trained a few steps with Adam (optimizer state)."""
    model = models.Sequential([
        layers.Dense(4, activation='tanh', input_shape=(3,), name='dense_in'),
        layers.BatchNormalization(name='bn'),
        layers.Dense(2, activation='softmax', name='dense_out')])
    randomize(model, rng)
    model.compile(optimizers.Adam(lr=0.01), 'categorical_crossentropy', metrics=['accuracy'])
    x = rng.rand(8, 3).astype('float32')
    y = np.eye(2, dtype='float32')[rng.randint(0, 2, 8)]
    model.fit(x, y, batch_size=4, epochs=2, verbose=0, shuffle=False)
    return model, x, y


def conv(rng):
    """Sequential Conv2D: Theano stores its kernels flipped; trained with SGD momentum."""
    model = models.Sequential([
        layers.Conv2D(2, (3, 2), activation='relu', input_shape=(5, 4, 1), name='conv'),
        layers.Flatten(name='flat'),
        layers.Dense(2, name='out')])
    randomize(model, rng)
    model.compile(optimizers.SGD(lr=0.01, momentum=0.9), 'mse')
    x = rng.rand(4, 5, 4, 1).astype('float32')
    y = rng.rand(4, 2).astype('float32')
    model.fit(x, y, batch_size=2, epochs=1, verbose=0, shuffle=False)
    return model, x, y


def rnn(rng):
    """Functional: Embedding feeding an LSTM and a Bidirectional GRU, concatenated."""
    inp = layers.Input(shape=(5,), dtype='int32', name='tokens')
    embedded = layers.Embedding(10, 3, name='embed')(inp)
    a = layers.LSTM(3, name='lstm')(embedded)
    b = layers.Bidirectional(layers.GRU(2, name='gru'), name='bigru')(embedded)
    out = layers.Dense(2, name='out')(layers.concatenate([a, b], name='concat'))
    model = models.Model(inp, out, name='rnn')
    randomize(model, rng)
    x = rng.randint(0, 10, size=(4, 5)).astype('int32')
    return model, x, None


def nested(rng):
    """A functional model (Dense + BatchNormalization) used as a layer of another."""
    inner_in = layers.Input(shape=(3,))
    h = layers.Dense(4, name='inner_dense')(inner_in)
    inner = models.Model(inner_in, layers.BatchNormalization(name='inner_bn')(h),
                         name='inner')
    outer_in = layers.Input(shape=(3,), name='outer_in')
    out = layers.Dense(1, name='head')(layers.Activation('tanh')(inner(outer_in)))
    model = models.Model(outer_in, out, name='outer')
    randomize(model, rng)
    x = rng.rand(4, 3).astype('float32')
    return model, x, None


BUILDERS = {'dense_bn': dense_bn, 'conv': conv, 'rnn': rnn, 'nested': nested}


def make(directory):
    """Build, save and predict every fixture model into `directory`."""
    rng = np.random.RandomState(2311)
    for name, builder in sorted(BUILDERS.items()):
        model, x, y = builder(rng)
        model.save(os.path.join(directory, name + '.h5'), include_optimizer=y is not None)
        model.save_weights(os.path.join(directory, name + '.weights.h5'))
        arrays = {'x': x, 'y': model.predict(x)}
        if y is not None:
            arrays['targets'] = y
        np.savez(os.path.join(directory, name + '.npz'), **arrays)
        print(name, 'saved')


def check(directory):
    """Load the models that our package wrote into `directory`; print Keras's predictions."""
    results = {}
    for filename in sorted(os.listdir(directory)):
        if not filename.endswith('.h5'):
            continue
        name = filename[:-3]
        model = models.load_model(os.path.join(directory, filename))
        x = np.load(os.path.join(directory, name + '.npz'))['x']
        entry = {'predictions': model.predict(x).tolist()}
        if model.optimizer is not None:
            entry['optimizer'] = model.optimizer.__class__.__name__
            entry['optimizer_weights'] = [w.tolist() for w in model.optimizer.get_weights()]
        results[name] = entry
    print(json.dumps(results))


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == '--check':
        check(sys.argv[2])
    else:
        make(HERE)
