"""Print the figures of Keras 2.3.1's applications that `tests/python/test_applications.py`
compares with (its `KERAS231_FIGURES` table).

For each application, built by Keras 2.3.1 (keras-applications 1.0.8) on its
Theano backend with `weights=None` and the default arguments (include_top,
default input size, channels_last), with the layer name counters reset (`reset_uids()`, so
default layer names count from 1): the trainable and non-trainable parameter
counts, the number of layers, and two sha256 hashes (first 16 hex digits):
of the ordered `model.layers` names, and of the weight layout Keras saves
(for each layer with weights, in that order: its name and the shapes of its
weights, trainable first).

Keras 2.3.1 is not part of the project's environment. To rerun, make the
throwaway venv described in `make_fixtures.py` (keras==2.3.1, Theano==1.0.5,
...), then:

    /tmp/keras231-venv/bin/python tests/python/keras231/application_figures.py

and paste the printed table into the test. `--include-top 0` prints the same
for the models without their top (as the `_notop` weight files hold them).
"""
import collections
import collections.abc
import hashlib
import os
import sys

# Keras 2.3.1 imports these from `collections`; Python 3.10 moved them to
# `collections.abc`.
for _name in ('Mapping', 'MutableMapping', 'Sequence', 'Iterable', 'Callable', 'Set'):
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))

os.environ['KERAS_BACKEND'] = 'theano'
os.environ['THEANO_FLAGS'] = ('blas.ldflags=-lopenblas,floatX=float32,'
                              'base_compiledir=/tmp/keras231-theano')
sys.modules['theano.scan_module.scan_perform_ext'] = None

import keras  # noqa: E402
from keras import applications  # noqa: E402

NAMES = ['VGG16', 'VGG19', 'ResNet50', 'ResNet101', 'ResNet152', 'ResNet50V2', 'ResNet101V2',
         'ResNet152V2', 'InceptionV3', 'InceptionResNetV2', 'Xception', 'MobileNet',
         'MobileNetV2', 'DenseNet121', 'DenseNet169', 'DenseNet201', 'NASNetLarge',
         'NASNetMobile']


def digest(items):
    """The first 16 hex digits of the sha256 of the items, one per line."""
    return hashlib.sha256('\n'.join(items).encode('utf8')).hexdigest()[:16]


def figures(model, backend):
    """(trainable, non-trainable, layers, names hash, weight layout hash) of `model`."""
    def count(weights):
        return int(sum(backend.count_params(w) for w in weights))
    layout = []
    for layer in model.layers:
        weights = layer.trainable_weights + layer.non_trainable_weights
        if weights:
            layout.append('%s %s' % (layer.name, [tuple(backend.int_shape(w)) for w in weights]))
    return (count(model.trainable_weights), count(model.non_trainable_weights),
            len(model.layers), digest([l.name for l in model.layers]), digest(layout))


def main():
    include_top = '--include-top' not in sys.argv or \
        sys.argv[sys.argv.index('--include-top') + 1] != '0'
    for name in NAMES:
        keras.backend.reset_uids()
        model = getattr(applications, name)(weights=None, include_top=include_top)
        print('    %r: %r,' % (name, figures(model, keras.backend)))
        sys.stdout.flush()


if __name__ == '__main__':
    main()
