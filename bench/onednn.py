"""Our TensorFlow backend with TensorFlow's oneDNN kernels on and off.

TensorFlow 2.15 turns oneDNN on by default only on some CPUs; elsewhere it
runs Eigen kernels. This times one epoch of two models under each setting
(`TF_ENABLE_ONEDNN_OPTS=1` and `=0`), so the choice of whether the backend
should force a setting rests on numbers from this host:

    mlp   784 -> Dense(256, relu) -> Dense(10, softmax), SGD, batch 128,
          the model of bench/mlp.py (20,000 rows by default)
    cnn   32x32x3: Conv(32)-Conv(32)-MaxPool-Conv(64)-MaxPool-Dense(128)-Dense(10),
          Adam, batch 64, 2,048 rows (the CNN of bench/models.py's brief)

Each (model, setting) runs in a process of its own, after an untimed warm-up
epoch; the timed epochs alternate between the two settings of a model, and
each ratio is the median of the per-round ratios on/off.

Usage: python bench/onednn.py [--repeats 3] [--models mlp,cnn]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'inst', 'python'))


def build(model_name):
    import numpy as np
    from multikeras import layers, models, optimizers
    rs = np.random.RandomState(0)
    if model_name == 'mlp':
        x = rs.rand(20000, 784).astype('float32')
        model = models.Sequential([layers.Dense(256, activation='relu', input_shape=(784,)),
                                   layers.Dense(10, activation='softmax')])
        optimizer, batch = optimizers.SGD(lr=0.01), 128
    else:
        x = rs.rand(2048, 32, 32, 3).astype('float32')
        model = models.Sequential([
            layers.Conv2D(32, 3, padding='same', activation='relu', input_shape=(32, 32, 3)),
            layers.Conv2D(32, 3, activation='relu'),
            layers.MaxPooling2D(),
            layers.Conv2D(64, 3, padding='same', activation='relu'),
            layers.MaxPooling2D(),
            layers.Flatten(),
            layers.Dense(128, activation='relu'),
            layers.Dense(10, activation='softmax')])
        optimizer, batch = optimizers.Adam(), 64
    y = np.eye(10, dtype='float32')[rs.randint(0, 10, len(x))]
    model.compile(optimizer=optimizer, loss='categorical_crossentropy')
    return model, x, y, batch


def worker(model_name):
    """Serve timed epochs over stdin/stdout: one line in, one time out."""
    from multikeras import backend as K
    K.use_backend('tensorflow')
    model, x, y, batch = build(model_name)
    model.fit(x[:batch * 5], y[:batch * 5], batch_size=batch, epochs=1, verbose=0)
    print('ready', flush=True)
    for _ in sys.stdin:
        start = time.perf_counter()
        model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
        print(time.perf_counter() - start, flush=True)


def host_default():
    code = ('from tensorflow.python.util import _pywrap_util_port as p; '
            'print(p.IsMklEnabled())')
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='3')
    env.pop('TF_ENABLE_ONEDNN_OPTS', None)
    out = subprocess.run([sys.executable, '-c', code], env=env, capture_output=True, text=True)
    return 'on' if out.stdout.strip() == 'True' else 'off'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--models', default='mlp,cnn')
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--worker', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker)
    print('load average %.2f %.2f %.2f; oneDNN by default on this host: %s'
          % (os.getloadavg() + (host_default(),)))
    for model_name in args.models.split(','):
        procs = {}
        for setting in ('1', '0'):
            env = dict(os.environ, TF_ENABLE_ONEDNN_OPTS=setting, TF_CPP_MIN_LOG_LEVEL='3')
            procs[setting] = subprocess.Popen(
                [sys.executable, __file__, '--worker', model_name], env=env, text=True,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            assert procs[setting].stdout.readline().strip() == 'ready'
        times = {'1': [], '0': []}
        for _ in range(args.repeats):
            for setting, proc in procs.items():
                time.sleep(0.3)
                proc.stdin.write('go\n')
                proc.stdin.flush()
                times[setting].append(float(proc.stdout.readline()))
        for proc in procs.values():
            proc.stdin.close()
            proc.wait()
        ratio = statistics.median(a / b for a, b in zip(times['1'], times['0']))
        print(json.dumps({'model': model_name,
                          'onednn_on_s': round(statistics.median(times['1']), 3),
                          'onednn_off_s': round(statistics.median(times['0']), 3),
                          'on/off': round(ratio, 2)}))


if __name__ == '__main__':
    main()
