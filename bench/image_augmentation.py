"""ImageDataGenerator.flow() augmentation throughput: ours against keras-preprocessing.

Workload: 2,048 uint8 images of 32x32x3 (fixed seed), `ImageDataGenerator(
rotation_range=20, width_shift_range=0.1, height_shift_range=0.1,
zoom_range=0.1, horizontal_flip=True)`, `flow(x, batch_size=32, seed=0)`;
one timed pass draws every batch of an epoch with `next()`. Cases:

    ours    multikeras.preprocessing.image, in this Python
    theirs  keras-preprocessing 1.1.2 (what Keras 2.3.1 re-exports, one
            release later), in a throwaway venv made by this script on first
            use with the same numpy/scipy/Pillow pins as ours

Every case runs in a process of its own and first draws 8 untimed batches.
The rounds alternate the cases, one process working at a time; each case's
figure is the median over the rounds, and the ratio ours/theirs is the median
of the per-round ratios, so load that drifts on a shared machine moves both
sides alike. Target: ours >= 1.0x theirs in images/s.

Each worker also reports the random parameters it draws for seeds 0..4 and a
checksum of a shift + flip transform (where both libraries must agree
exactly); the parent prints whether they agree. Rotations and zooms are not
compared: ours turns about the true image centre, Keras one pixel off it.

Usage: python bench/image_augmentation.py [--repeats 5] [--images 2048]
       [--venv DIR] [--strict]   (--strict: exit 1 when the target is missed)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CORE = os.path.join(HERE, '..', 'inst', 'python')
THEIRS_PINS = ['keras-preprocessing==1.1.2', 'six', 'numpy==1.23.5', 'scipy==1.11.4',
               'Pillow==10.4.0']
BATCH = 32
WARMUP_BATCHES = 8
TARGET = 1.0
GENERATOR_ARGS = dict(rotation_range=20, width_shift_range=0.1, height_shift_range=0.1,
                      zoom_range=0.1, horizontal_flip=True)


def default_venv():
    base = os.environ.get('BUILD') or '/tmp/multikeras-bench'
    return os.path.join(os.path.abspath(base), 'venv-keras-preprocessing-1.1.2')


def ensure_venv(path):
    """The venv with keras-preprocessing 1.1.2, created on first use."""
    python = os.path.join(path, 'bin', 'python')
    probe = [python, '-c', 'import keras_preprocessing.image, scipy.ndimage, PIL']
    if os.path.exists(python) and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print('creating %s (keras-preprocessing 1.1.2) ...' % path, flush=True)
    subprocess.run([sys.executable, '-m', 'venv', path], check=True)
    subprocess.run([python, '-m', 'pip', 'install', '-q', '--disable-pip-version-check']
                   + THEIRS_PINS, check=True)
    subprocess.run(probe, check=True)
    return python


# ------------------------------------------------------------------ worker
def worker(case, images):
    import warnings
    import numpy as np
    warnings.simplefilter('ignore')
    if case == 'ours':
        sys.path.insert(0, CORE)
        from multikeras.preprocessing.image import ImageDataGenerator
    else:
        from keras_preprocessing.image import ImageDataGenerator
    x = np.random.RandomState(0).randint(0, 256, (images, 32, 32, 3)).astype('uint8')
    gen = ImageDataGenerator(data_format='channels_last', dtype='float32', **GENERATOR_ARGS)
    params = [gen.get_random_transform((32, 32, 3), seed=s) for s in range(5)]
    fixed = gen.apply_transform(x[0].astype('float32'),
                                {'tx': 3, 'ty': -5, 'flip_horizontal': True})
    checksum = float(np.sum(fixed * np.arange(fixed.size).reshape(fixed.shape)))
    it = gen.flow(x, batch_size=BATCH, seed=0)
    for _ in range(WARMUP_BATCHES):
        next(it)
    it.reset()
    batches = (images + BATCH - 1) // BATCH
    start = time.perf_counter()
    for _ in range(batches):
        next(it)
    seconds = time.perf_counter() - start
    print(json.dumps({'images_per_s': images / seconds, 'checksum': checksum,
                      'params': [{k: (None if v is None else float(v)) for k, v in p.items()}
                                 for p in params]}))


def run_case(python, case, images):
    out = subprocess.run([python, os.path.abspath(__file__), '--worker', case,
                          '--images', str(images)],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError('%s case failed:\n%s' % (case, out.stderr))
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--images', type=int, default=2048)
    parser.add_argument('--venv', default=default_venv())
    parser.add_argument('--strict', action='store_true')
    parser.add_argument('--worker', choices=['ours', 'theirs'], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.images)

    pythons = {'ours': sys.executable, 'theirs': ensure_venv(args.venv)}
    rates = {'ours': [], 'theirs': []}
    ratios = []
    last = {}
    for r in range(args.repeats):
        for case in ('ours', 'theirs'):
            time.sleep(0.3)
            last[case] = run_case(pythons[case], case, args.images)
            rates[case].append(last[case]['images_per_s'])
        ratios.append(rates['ours'][-1] / rates['theirs'][-1])
        print('round %d: ours %7.0f img/s  theirs %7.0f img/s  ratio %.2f'
              % (r + 1, rates['ours'][-1], rates['theirs'][-1], ratios[-1]), flush=True)

    same_params = all(
        all((a[k] is None and b[k] is None) or
            (a[k] is not None and b[k] is not None and abs(a[k] - b[k]) < 1e-9)
            for k in a)
        for a, b in zip(last['ours']['params'], last['theirs']['params']))
    same_shift = abs(last['ours']['checksum'] - last['theirs']['checksum']) < 1e-3
    print()
    print('flow() augmentation, 32x32x3 uint8, batch %d, %d images, median of %d rounds'
          % (BATCH, args.images, args.repeats))
    print('  ours    %8.0f images/s' % statistics.median(rates['ours']))
    print('  theirs  %8.0f images/s  (keras-preprocessing 1.1.2)'
          % statistics.median(rates['theirs']))
    ratio = statistics.median(ratios)
    met = ratio >= TARGET
    print('  ratio ours/theirs %.2fx  (target >= %.1fx: %s)'
          % (ratio, TARGET, 'met' if met else 'MISSED'))
    print('  same random parameters for the same seed: %s; same shift+flip result: %s'
          % ('yes' if same_params else 'NO', 'yes' if same_shift else 'NO'))
    if args.strict and not met:
        sys.exit(1)


if __name__ == '__main__':
    main()
