"""One epoch of the MLP of bench/mlp.py fed by a `Sequence`, against `fit()` on the arrays.

Model and data are those of bench/mlp.py (784 -> Dense(256, relu) ->
Dense(10, softmax), categorical crossentropy, SGD(lr=0.01), batch 128, 60,000
synthetic float32 rows). Cases, on TensorFlow and Theano:

    arrays-<b>      Sequential.fit(x, y) (shuffle=True: a fresh permutation of
                    the rows every epoch)
    sequence-<b>    Sequential.fit(Batches) with the default workers=1: the
                    Sequence gathers the rows of each batch from a permutation
                    it draws again in on_epoch_end, so it does the work of
                    fit(shuffle=True), in the enqueuer's thread
    sequence0-<b>   the same with workers=0 (batches read on the training
                    thread, as for main-thread-only data from R)

Each case runs in a process of its own with an untimed warm-up, and the timed
epochs go round the cases in turn (bench/mlp.py explains why); each ratio is
the median of the per-round ratios to `arrays-<b>`. Target: sequence-<b> /
arrays-<b> <= 1.10 (the sequence0 ratio is reported, not judged).

Usage: python bench/generators.py [--backends tensorflow,theano] [--repeats 5]
       [--rows 60000] [--strict]   (--strict: exit 1 when a target is missed)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'inst', 'python'))

import mlp  # noqa: E402  (the data, sizes and process driver of the MLP bench)

TARGET = 1.10
SHORT = {'tensorflow': 'tf', 'theano': 'theano'}


def case(name, rows):
    """Builds case `name` (kind-backend) and runs its warm-up; returns one timed epoch."""
    import numpy as np
    kind, short = name.split('-')
    backend = dict((v, k) for k, v in SHORT.items())[short]
    keras = mlp.core(backend)
    layers, models, optimizers = keras.layers, keras.models, keras.optimizers
    Sequence = keras.utils.Sequence

    class Batches(Sequence):
        """Batches of rows gathered through a permutation drawn again every epoch."""

        def __init__(self, x, y):
            self.x, self.y = x, y
            self.on_epoch_end()

        def __len__(self):
            return (len(self.x) + mlp.BATCH - 1) // mlp.BATCH

        def __getitem__(self, i):
            ids = self.index[i * mlp.BATCH:(i + 1) * mlp.BATCH]
            return self.x[ids], self.y[ids]

        def on_epoch_end(self):
            self.index = np.random.permutation(len(self.x))

    x, y = mlp.make_data(rows)
    model = models.Sequential([
        layers.Dense(256, activation='relu', input_shape=(784,)),
        layers.Dense(10, activation='softmax'),
    ])
    model.compile(optimizer=optimizers.SGD(lr=mlp.LR), loss='categorical_crossentropy')
    warm_x, warm_y = x[:mlp.WARMUP_ROWS], y[:mlp.WARMUP_ROWS]
    if kind == 'arrays':
        model.fit(warm_x, warm_y, batch_size=mlp.BATCH, epochs=1, verbose=0)
        return lambda: model.fit(x, y, batch_size=mlp.BATCH, epochs=1, verbose=0)
    workers = 0 if kind == 'sequence0' else 1
    model.fit(Batches(warm_x, warm_y), epochs=1, verbose=0, shuffle=False, workers=workers)
    data = Batches(x, y)
    return lambda: model.fit(data, epochs=1, verbose=0, shuffle=False, workers=workers)


class Worker(mlp.Worker):
    """A case of this bench in a process of its own (driven as in bench/mlp.py)."""

    SCRIPT = os.path.abspath(__file__)


def main():
    args = mlp.parser(__doc__.splitlines()[0], '--backends', 'tensorflow,theano').parse_args()
    if args.worker:
        mlp.worker(args.worker, args.rows, prepare=case)
        return 0

    backends = args.backends.split(',')
    print('MLP 784-256-10, %d rows, batch %d, SGD(lr=%g): fit() on a Sequence against fit() '
          'on arrays; median of %d rounds after an untimed warm-up'
          % (args.rows, mlp.BATCH, mlp.LR, args.repeats))
    mlp.print_load('before')
    names = ['%s-%s' % (kind, SHORT[b]) for b in backends
             for kind in ('arrays', 'sequence', 'sequence0')]
    workers = mlp.run_rounds(Worker, names, args.rows, args.repeats)
    mlp.print_load('after')
    mlp.print_times(workers, 18)
    by_name = dict((w.name, w) for w in workers if 'ready' in w.status)
    missed = 0
    print('ratios (median of the per-round ratios):')
    for b in backends:
        base = 'arrays-' + SHORT[b]
        for kind in ('sequence', 'sequence0'):
            num = '%s-%s' % (kind, SHORT[b])
            if num not in by_name or base not in by_name:
                print('  %s / %s: not measured' % (num, base))
                continue
            ratio, rounds = mlp.round_ratios(by_name[num], by_name[base])
            verdict = ''
            if kind == 'sequence':
                ok = ratio <= TARGET
                missed += not ok
                verdict = 'target <= %.2f: %s; ' % (TARGET, 'met' if ok else 'MISSED')
            print('  %-32s %.3f   (%srounds: %s)' % (
                '%s / %s' % (num, base), ratio, verdict, ', '.join('%.2f' % r for r in rounds)))
    return 1 if (args.strict and missed) else 0


if __name__ == '__main__':
    sys.exit(main())
