"""One epoch of an MNIST-shaped MLP on CNTK: our core's fit() against raw CNTK.

Model: 784 -> Dense(256, relu) -> Dense(10, softmax), categorical
crossentropy, SGD(lr=0.01), batch 128, on 60,000 synthetic float32 rows
(fixed seed). Cases:

    ours-cntk   multikeras on the cntk backend, Sequential.fit() (the graph runs
                in the CNTK engine process; batches cross a Unix socket)
    raw-cntk    bench/cntk_raw.py: a C.Trainer loop, run with the engine's
                Python 2.7 (tools/cntk-python)

Each case runs a warm-up epoch first (excluded), then the median of 3 timed
epochs is reported, with the ratio ours/raw (target <= 1.25). The two cases
run one after the other, never at once.

Usage: python bench/mlp_cntk.py [--repeats 3] [--rows 60000] [--strict]
       (--strict: exit 1 when the target is missed)
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..')
sys.path.insert(0, os.path.join(ROOT, 'inst', 'python'))

BATCH = 128
LR = 0.01
TARGET = 1.25


def make_data(rows):
    import numpy as np
    rs = np.random.RandomState(0)
    x = rs.rand(rows, 784).astype('float32')
    y = np.eye(10, dtype='float32')[rs.randint(0, 10, size=rows)]
    return x, y


def ours(rows, repeats):
    from multikeras import backend as K, layers, models, optimizers
    K.use_backend('cntk')
    x, y = make_data(rows)
    model = models.Sequential([
        layers.Dense(256, activation='relu', input_shape=(784,)),
        layers.Dense(10, activation='softmax'),
    ])
    model.compile(optimizer=optimizers.SGD(lr=LR), loss='categorical_crossentropy')
    model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)      # warm-up
    times = []
    for i in range(repeats):
        t0 = time.perf_counter()
        history = model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)
        times.append(time.perf_counter() - t0)
        print('  ours-cntk epoch %d: %.3f s (loss %.4f)' % (i + 1, times[-1],
                                                          history.history['loss'][-1]))
    return statistics.median(times)


def raw(rows, repeats):
    from multikeras.backend.cntk_engine import client
    argv, env = client.engine_command()
    out = subprocess.run(argv + [os.path.join(HERE, 'cntk_raw.py'), '--rows', str(rows),
                                 '--epochs', str(repeats)],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True, check=False)
    match = re.search(r'([0-9.]+) s/epoch', out.stdout)
    if out.returncode != 0 or not match:
        raise RuntimeError('bench/cntk_raw.py failed (status %d):\n%s'
                           % (out.returncode, out.stdout[-2000:]))
    for line in out.stdout.splitlines():
        if line.startswith('epoch'):
            print('  raw-cntk  ' + line)
    return float(match.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--rows', type=int, default=60000)
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--strict', action='store_true')
    args = ap.parse_args()
    from multikeras.backend.cntk_engine import client
    try:
        client.engine_command()
    except ImportError as e:
        print('SKIP: %s' % e)
        return 0
    t_ours = ours(args.rows, args.repeats)
    t_raw = raw(args.rows, args.repeats)
    ratio = t_ours / t_raw
    print('MLP 784-256-10, %d rows, batch %d, SGD, one epoch (median of %d):'
          % (args.rows, BATCH, args.repeats))
    print('  ours-cntk %.3f s   raw-cntk %.3f s   ratio ours/raw %.2f (target <= %.2f) %s'
          % (t_ours, t_raw, ratio, TARGET, 'ok' if ratio <= TARGET else 'MISSED'))
    return 1 if args.strict and ratio > TARGET else 0


if __name__ == '__main__':
    sys.exit(main())
