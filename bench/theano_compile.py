"""Theano on an empty compile cache: the first epoch of demo/digits.R's CNN.

Conv2D(16, 3x3, relu) on 8x8x1 -> MaxPool(2) -> Flatten -> Dense(64, relu) ->
Dense(10, softmax), Adam, batch 32, 1,437 rows of random digits-shaped data.
The first epoch compiles the training function. Prints its wall time and its
CPU time (this process and the g++ it runs; on a loaded machine the CPU time
is the figure to compare), then the CPU time of a later epoch.

Usage: python bench/theano_compile.py [--compiledir DIR]
(default: a new temporary directory, removed afterwards; an existing DIR
measures a warm cache).
"""
import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'inst', 'python'))


def cpu_seconds():
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure():
    import numpy as np
    from multikeras import backend as K
    K.use_backend('theano')
    from multikeras import layers, models
    rng = np.random.RandomState(0)
    x = rng.rand(1437, 8, 8, 1).astype('float32')
    y = np.eye(10, dtype='float32')[rng.randint(0, 10, 1437)]
    model = models.Sequential([
        layers.Conv2D(16, (3, 3), activation='relu', input_shape=(8, 8, 1)),
        layers.MaxPooling2D((2, 2)), layers.Flatten(),
        layers.Dense(64, activation='relu'), layers.Dense(10, activation='softmax')])
    model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
    wall, cpu = time.time(), cpu_seconds()
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    wall, cpu = time.time() - wall, cpu_seconds() - cpu
    later = time.process_time()
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    later = time.process_time() - later
    print('first epoch: %.1f s wall, %.1f s CPU (with g++); a later epoch: %.2f s CPU'
          % (wall, cpu, later))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--compiledir', help='Theano base_compiledir (default: a new temp dir)')
    args = parser.parse_args()
    if args.compiledir:
        flags = os.environ.get('THEANO_FLAGS', '')
        os.environ['THEANO_FLAGS'] = ','.join(
            f for f in [flags, 'base_compiledir=' + args.compiledir] if f)
        measure()
        return
    # A process of its own, so that Theano is done with the directory before it goes.
    compiledir = tempfile.mkdtemp(prefix='theano-cold-')
    try:
        subprocess.run([sys.executable, os.path.abspath(__file__), '--compiledir', compiledir],
                       check=True)
    finally:
        shutil.rmtree(compiledir, ignore_errors=True)

if __name__ == '__main__':
    main()
