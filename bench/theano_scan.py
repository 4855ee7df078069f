"""Theano's C scan against its Python scan, on the theano backend.

A SimpleRNN train step (50 steps, 128 x 32 -> 64, SGD; median of 20) and an
LSTM epoch (Embedding(20000, 64) -> LSTM(64) over 80 steps -> Dense(1),
4,096 rows, batch 64, Adam; median of 3), in one process per scan, CPU time
with single-threaded BLAS (wall time too; compare CPU on a loaded machine).

Usage: python bench/theano_scan.py   (runs both; `--scan c|python` runs one)
"""
import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'inst', 'python'))


def median(fn, n):
    walls, cpus = [], []
    for _ in range(n):
        wall, cpu = time.time(), time.process_time()
        fn()
        walls.append(time.time() - wall)
        cpus.append(time.process_time() - cpu)
    return sorted(walls)[n // 2], sorted(cpus)[n // 2]


def run(scan):
    import numpy as np
    from multikeras import backend as K
    K.use_backend('theano')
    from multikeras import layers, models
    tb = sys.modules['multikeras.backend.theano_backend']
    if scan == 'python':
        tb._STATE['c_scan'] = False   # never build nor import the C scan
    rng = np.random.RandomState(0)
    x = rng.rand(128, 50, 32).astype('float32')
    y = rng.rand(128, 64).astype('float32')
    model = models.Sequential([layers.SimpleRNN(64, input_shape=(50, 32))])
    model.compile('sgd', 'mse')
    model.train_on_batch(x, y)
    ran = 'C' if sys.modules.get(tb._SCAN_EXT) is not None else 'Python'
    wall, cpu = median(lambda: model.train_on_batch(x, y), 20)
    print('%-6s scan: SimpleRNN step %.1f ms CPU (%.1f ms wall)' % (ran, cpu * 1e3, wall * 1e3))
    xs = rng.randint(0, 20000, size=(4096, 80)).astype('int32')
    ys = rng.randint(0, 2, size=(4096, 1)).astype('float32')
    model = models.Sequential([layers.Embedding(20000, 64, input_length=80), layers.LSTM(64),
                               layers.Dense(1, activation='sigmoid')])
    model.compile('adam', 'binary_crossentropy')
    model.train_on_batch(xs[:64], ys[:64])
    wall, cpu = median(lambda: model.fit(xs, ys, batch_size=64, epochs=1, verbose=0), 3)
    print('%-6s scan: LSTM epoch %.2f s CPU (%.2f s wall)' % (ran, cpu, wall))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--scan', choices=['c', 'python'])
    args = parser.parse_args()
    if args.scan:
        run(args.scan)
        return
    env = dict(os.environ, OPENBLAS_NUM_THREADS='1', OMP_NUM_THREADS='1')
    for scan in ('python', 'c'):
        subprocess.run([sys.executable, os.path.abspath(__file__), '--scan', scan], env=env,
                       check=True)


if __name__ == '__main__':
    main()
