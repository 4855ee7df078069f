"""Images per second of `predict()` for ResNet50 and MobileNetV2: ours on each backend
against tf.keras 2.15's own `tf.keras.applications`, in the same run.

Batch 16 of 224x224x3 images, weights=None, with the same random weights on
every side: one process writes them (a Keras-layout weights file, from our
model on TensorFlow), every case loads them and checks that its predictions
match ours on TensorFlow. ResNet50 here is `applications.resnet.ResNet50`,
the layout tf.keras's ResNet50 has (`applications.ResNet50` is the same
network in Keras 2.0's layout and runs the same operations).

Each (model, side) runs in a process of its own: build, load, an untimed
warm-up `predict()`, then `--rounds` timed `predict()` calls over `--images`
images; the figure is the median. A case that runs longer than `--timeout`
seconds is skipped with its reason. The target: ours on TensorFlow at least
1.0x tf.keras.

Usage: python bench/applications.py [--rounds 3] [--images 32] [--timeout 900]
           [--models ResNet50,MobileNetV2] [--sides tensorflow,theano,cntk,tf.keras]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'inst', 'python'))

BATCH, SIZE, CLASSES = 16, 224, 1000
MODELS = ('ResNet50', 'MobileNetV2')
OURS = ('tensorflow', 'theano', 'cntk')
TARGET = 'tf.keras'


def images(n):
    import numpy as np
    return np.random.RandomState(0).uniform(-1, 1, size=(n, SIZE, SIZE, 3)).astype('float32')


def our_model(name, weights=None):
    from multikeras import applications
    build = applications.resnet.ResNet50 if name == 'ResNet50' else applications.MobileNetV2
    return build(weights=weights, input_shape=(SIZE, SIZE, 3))


def write_weights(name, path):
    """Our model on TensorFlow, random weights, saved in Keras's layout; its predictions."""
    import numpy as np
    from multikeras import backend as K
    from multikeras.applications import _common
    K.use_backend('tensorflow')
    model = our_model(name)
    rng = np.random.RandomState(1)
    model.set_weights([np.abs(rng.normal(1., .1, K.int_shape(w))).astype('float32')
                       if 'variance' in w.name else
                       (rng.normal(0., .05, K.int_shape(w))).astype('float32')
                       for w in model.weights])
    _common.save_keras_weights(model, path)
    np.save(path + '.npy', model.predict(images(BATCH), batch_size=BATCH))


def case(name, side, path, rounds, n):
    """Time `predict()` for one (model, side); print a JSON line with the figures."""
    import numpy as np
    if side == TARGET:
        import tensorflow as tf
        build = getattr(tf.keras.applications, name)
        model = build(weights=None, input_shape=(SIZE, SIZE, 3))
        model.load_weights(path)

        def predict(x):
            return model.predict(x, batch_size=BATCH, verbose=0)
    else:
        from multikeras import backend as K
        K.use_backend(side)
        model = our_model(name, weights=path)

        def predict(x):
            return model.predict(x, batch_size=BATCH)
    x = images(n)
    start = time.perf_counter()
    first = predict(x[:BATCH])
    warmup = time.perf_counter() - start
    diff = float(np.max(np.abs(first - np.load(path + '.npy'))))
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        predict(x)
        times.append(time.perf_counter() - start)
    print(json.dumps({'images_per_s': n / statistics.median(times), 'warmup_s': warmup,
                      'max_abs_diff': diff}))


def run(args, timeout):
    """Run this script with `args` in a new process; its last output line, parsed."""
    cmd = [sys.executable, os.path.abspath(__file__)] + args
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2', PYTHONWARNINGS='ignore')
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, 'skipped: longer than %d s' % timeout
    if out.returncode != 0:
        lines = (out.stderr.strip() or out.stdout.strip()).splitlines() or ['?']
        return None, 'failed: %s' % lines[-1]
    return json.loads(out.stdout.strip().splitlines()[-1]), None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--images', type=int, default=32)
    parser.add_argument('--timeout', type=int, default=900)
    parser.add_argument('--models', default=','.join(MODELS))
    parser.add_argument('--sides', default=','.join(OURS + (TARGET,)))
    parser.add_argument('--write-weights', nargs=2, metavar=('MODEL', 'PATH'),
                        help=argparse.SUPPRESS)
    parser.add_argument('--case', nargs=3, metavar=('MODEL', 'SIDE', 'PATH'),
                        help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.write_weights:
        write_weights(*opts.write_weights)
        print('{}')
        return
    if opts.case:
        case(*opts.case, rounds=opts.rounds, n=opts.images)
        return
    sides = opts.sides.split(',')
    print('predict(), batch %d, %dx%d, %d images x %d rounds (median), one process per case'
          % (BATCH, SIZE, SIZE, opts.images, opts.rounds))
    with tempfile.TemporaryDirectory() as tmp:
        for name in opts.models.split(','):
            path = os.path.join(tmp, name + '.h5')
            _, problem = run(['--write-weights', name, path], opts.timeout)
            if problem:
                print('%s: cannot write the shared weights (%s)' % (name, problem))
                continue
            results = {}
            for side in sides:
                result, problem = run(['--case', name, side, path, '--rounds', str(opts.rounds),
                                       '--images', str(opts.images)], opts.timeout)
                results[side] = result
                label = side if side == TARGET else 'ours/' + side
                if problem:
                    print('  %-12s %-16s %s' % (name, label, problem))
                    continue
                print('  %-12s %-16s %8.2f images/s  (warm-up %.1f s, max |diff| vs ours/tf '
                      '%.1e)' % (name, label, result['images_per_s'], result['warmup_s'],
                                 result['max_abs_diff']), flush=True)
            target = results.get(TARGET)
            for side in OURS:
                if results.get(side) and target:
                    ratio = results[side]['images_per_s'] / target['images_per_s']
                    verdict = ('  (target >= 1.0x: %s)' % ('met' if ratio >= 1.0 else 'NOT met')
                               if side == 'tensorflow' else '')
                    print('  %-12s ours/%-11s %.2fx tf.keras%s' % (name, side, ratio, verdict))


if __name__ == '__main__':
    main()
