"""One epoch of an MNIST-shaped MLP, our core against its peers.

Model: 784 -> Dense(256, relu) -> Dense(10, softmax), categorical
crossentropy, SGD(lr=0.01), batch 128, on 60,000 synthetic float32 rows
(fixed seed). Cases:

    ours-tf      multikeras on TensorFlow, Sequential.fit()
    ours-theano  multikeras on Theano, Sequential.fit()
    ours-cntk    multikeras on CNTK, Sequential.fit() (the graph runs in the
                 CNTK engine process, so the process boundary is included)
    tf-keras     tf.keras 2.15 Sequential.fit() (eager runtime, tf.function)
    raw-tf       a tf.compat.v1 graph step through Session.make_callable
    raw-theano   a theano.function step with updates
    raw-cntk     a C.Trainer step (bench/cntk_raw.py, in the engine's Python 2.7,
                 with CNTK's own thread and MKL defaults, not the engine's)
    ours-mxnet   multikeras on MXNet, Sequential.fit()
    raw-mxnet    a bound MXNet executor: forward, backward, then MXNet's fused
                 sgd_update per weight (faster than a gluon Trainer step)

Every case runs in a process of its own (no engine, graph or thread pool of
one case lives in another's process) and first runs a short untimed epoch
(10 batches), so graph building and compilation are excluded. Then the timed
epochs go round the cases in turn, one process working at a time after a short
pause (OpenMP threads spin for a while after their work); each of our cases
runs just before the case it is compared with. The median of the epochs is
reported per case, and each ratio is the median over the rounds of the two
cases' times in that round, so load that drifts on the shared machine moves
both sides of a ratio alike. Like fit()
(whose default is shuffle=True), the raw loops draw their batches from a fresh
permutation every epoch, so every case does the same work. The CNTK cases are
skipped, with the reason, when the engine is not installed.

Usage: python bench/mlp.py [--cases ours-tf,raw-tf,...] [--repeats 5]
       [--rows 60000] [--strict]   (--strict: exit 1 when a target is missed)
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
# Our TensorFlow backend turns oneDNN on unless the user chose; the raw and
# tf.keras cases (child processes) get the same kernels.
os.environ.setdefault('TF_ENABLE_ONEDNN_OPTS', '1')
sys.path.insert(0, os.path.join(HERE, '..', 'inst', 'python'))

# each of our cases runs just before the case it is compared with (see main())
CASES = ['ours-tf', 'raw-tf', 'tf-keras', 'ours-theano', 'raw-theano', 'ours-cntk', 'raw-cntk',
         'ours-mxnet', 'raw-mxnet']
BATCH = 128
LR = 0.01
WARMUP_ROWS = 10 * BATCH
PAUSE = 0.3   # seconds before each timed epoch: longer than an OpenMP spin-wait

# (numerator, denominator, target, comparison)
TARGETS = [
    ('ours-tf', 'raw-tf', 1.15, '<='),
    ('ours-theano', 'raw-theano', 1.05, '<='),
    ('ours-cntk', 'raw-cntk', 1.25, '<='),
    ('ours-mxnet', 'raw-mxnet', 1.10, '<='),
    ('ours-tf', 'tf-keras', 1.0, '<'),
]


class Skip(Exception):
    """The case cannot run here (engine missing, core not ready)."""


def make_data(rows):
    import numpy as np
    rs = np.random.RandomState(0)
    x = rs.rand(rows, 784).astype('float32')
    labels = rs.randint(0, 10, size=rows)
    y = np.zeros((rows, 10), dtype='float32')
    y[np.arange(rows), labels] = 1.0
    return x, y


def glorot(rs, fan_in, fan_out):
    import numpy as np
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rs.uniform(-limit, limit, size=(fan_in, fan_out)).astype('float32')


# ------------------------------------------------------------------ cases
def core(backend_name):
    """The multikeras package with `backend_name` active, or Skip saying why not."""
    try:
        import multikeras
    except ImportError as e:
        raise Skip('multikeras core not importable: %s' % e)
    try:
        multikeras.backend.use_backend(backend_name)
    except ImportError as e:
        raise Skip(str(e).split('. Install')[0])
    return multikeras


def case_ours(backend_name, x, y):
    keras = core(backend_name)
    layers, models, optimizers = keras.layers, keras.models, keras.optimizers
    model = models.Sequential([
        layers.Dense(256, activation='relu', input_shape=(784,)),
        layers.Dense(10, activation='softmax'),
    ])
    model.compile(optimizer=optimizers.SGD(lr=LR), loss='categorical_crossentropy')
    model.fit(x[:WARMUP_ROWS], y[:WARMUP_ROWS], batch_size=BATCH, epochs=1, verbose=0)
    return lambda: model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)


def case_tf_keras(x, y):
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    try:
        import tensorflow as tf
    except ImportError as e:
        raise Skip('tensorflow not installed: %s' % e)
    model = tf.keras.Sequential([
        tf.keras.layers.Dense(256, activation='relu', input_shape=(784,)),
        tf.keras.layers.Dense(10, activation='softmax'),
    ])
    model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=LR),
                  loss='categorical_crossentropy')
    model.fit(x[:WARMUP_ROWS], y[:WARMUP_ROWS], batch_size=BATCH, epochs=1, verbose=0)
    return lambda: model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)


def shuffled_batches(step, x, y, rs):
    """One epoch of `step` over shuffled batches, as fit(shuffle=True) does."""
    import numpy as np
    index = rs.permutation(len(x))
    for start in range(0, len(x), BATCH):
        batch = index[start:start + BATCH]
        step(np.take(x, batch, axis=0), np.take(y, batch, axis=0))


def case_raw_tf(x, y):
    import numpy as np
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    try:
        import tensorflow as tf
    except ImportError as e:
        raise Skip('tensorflow not installed: %s' % e)
    tf1 = tf.compat.v1
    rs = np.random.RandomState(1)
    graph = tf.Graph()
    with graph.as_default():
        xp = tf1.placeholder(tf.float32, (None, 784))
        yp = tf1.placeholder(tf.float32, (None, 10))
        w1 = tf1.Variable(glorot(rs, 784, 256))
        b1 = tf1.Variable(np.zeros(256, 'float32'))
        w2 = tf1.Variable(glorot(rs, 256, 10))
        b2 = tf1.Variable(np.zeros(10, 'float32'))
        hidden = tf.nn.relu(tf.matmul(xp, w1) + b1)
        probs = tf.nn.softmax(tf.matmul(hidden, w2) + b2)
        # Keras' categorical crossentropy on probabilities.
        probs = probs / tf.reduce_sum(probs, axis=-1, keepdims=True)
        probs = tf.clip_by_value(probs, 1e-7, 1 - 1e-7)
        loss = tf.reduce_mean(-tf.reduce_sum(yp * tf.math.log(probs), axis=-1))
        params = [w1, b1, w2, b2]
        grads = tf.gradients(loss, params)
        updates = [tf1.assign_sub(p, LR * g) for p, g in zip(params, grads)]
        init = tf1.global_variables_initializer()
    session = tf1.Session(graph=graph, config=tf1.ConfigProto(allow_soft_placement=True))
    session.run(init)
    step = session.make_callable([loss] + updates, feed_list=[xp, yp])
    shuffled_batches(step, x[:WARMUP_ROWS], y[:WARMUP_ROWS], rs)
    return lambda: shuffled_batches(step, x, y, rs)


def theano_engine():
    """Theano, configured the way our theano backend configures it."""
    try:
        from multikeras.backend import theano_backend
    except ImportError as e:
        raise Skip('theano backend not importable: %s' % e)
    theano_backend.ensure_engine()
    import theano
    return theano


def case_raw_theano(x, y):
    import numpy as np
    theano = theano_engine()
    T = theano.tensor
    rs = np.random.RandomState(1)
    xs = T.matrix('x', dtype='float32')
    ys = T.matrix('y', dtype='float32')
    w1 = theano.shared(glorot(rs, 784, 256))
    b1 = theano.shared(np.zeros(256, 'float32'))
    w2 = theano.shared(glorot(rs, 256, 10))
    b2 = theano.shared(np.zeros(10, 'float32'))
    hidden = T.nnet.relu(T.dot(xs, w1) + b1)
    probs = T.nnet.softmax(T.dot(hidden, w2) + b2)
    probs = probs / probs.sum(axis=-1, keepdims=True)
    probs = T.clip(probs, np.float32(1e-7), np.float32(1 - 1e-7))
    loss = T.mean(-T.sum(ys * T.log(probs), axis=-1))
    params = [w1, b1, w2, b2]
    grads = T.grad(loss, params)
    lr = np.float32(LR)
    updates = [(p, p - lr * g) for p, g in zip(params, grads)]
    step = theano.function([xs, ys], loss, updates=updates)
    shuffled_batches(step, x[:WARMUP_ROWS], y[:WARMUP_ROWS], rs)
    return lambda: shuffled_batches(step, x, y, rs)


def case_raw_mxnet(x, y):
    import numpy as np
    try:
        from multikeras.backend import mxnet_backend
        mxnet_backend.ensure_engine()    # MXNet configured as our backend configures it
    except ImportError as e:
        raise Skip('mxnet not installed: %s' % e)
    mx = mxnet_backend.mx
    rs = np.random.RandomState(1)
    xs, ys = mx.sym.Variable('x'), mx.sym.Variable('y')
    w1, b1, w2, b2 = [mx.sym.Variable(n) for n in ('w1', 'b1', 'w2', 'b2')]
    hidden = mx.sym.relu(mx.sym.broadcast_add(mx.sym.dot(xs, w1), b1))
    probs = mx.sym.softmax(mx.sym.broadcast_add(mx.sym.dot(hidden, w2), b2), axis=-1)
    probs = mx.sym.broadcast_div(probs, mx.sym.sum(probs, axis=-1, keepdims=True))
    probs = mx.sym.clip(probs, 1e-7, 1 - 1e-7)
    loss = mx.sym.mean(-mx.sym.sum(ys * mx.sym.log(probs), axis=-1))
    params = {'w1': mx.nd.array(glorot(rs, 784, 256)), 'b1': mx.nd.zeros(256),
              'w2': mx.nd.array(glorot(rs, 256, 10)), 'b2': mx.nd.zeros(10)}
    grads = dict((n, mx.nd.zeros(p.shape)) for n, p in params.items())
    executors = {}

    def step(xb, yb):
        executor = executors.get(len(xb))    # the last batch is smaller: its own executor
        if executor is None:
            args = dict(params, x=mx.nd.zeros(xb.shape), y=mx.nd.zeros(yb.shape))
            executor = executors[len(xb)] = loss.bind(
                mx.cpu(), args, args_grad=grads,
                grad_req=dict((n, 'write' if n in params else 'null') for n in args))
            executor.head = [mx.nd.ones(executor.outputs[0].shape)]
        executor.arg_dict['x'][:] = xb
        executor.arg_dict['y'][:] = yb
        executor.forward(is_train=True)
        executor.backward(out_grads=executor.head)
        for n, p in params.items():
            mx.nd.sgd_update(p, grads[n], lr=LR, out=p)
        return executor.outputs[0].asnumpy()
    shuffled_batches(step, x[:WARMUP_ROWS], y[:WARMUP_ROWS], rs)
    return lambda: shuffled_batches(step, x, y, rs)


def prepare(name, rows):
    """Builds case `name`, runs its warm-up; returns a function running one epoch."""
    x, y = make_data(rows)
    if name == 'ours-tf':
        return case_ours('tensorflow', x, y)
    if name == 'ours-theano':
        return case_ours('theano', x, y)
    if name == 'ours-cntk':
        return case_ours('cntk', x, y)
    if name == 'ours-mxnet':
        return case_ours('mxnet', x, y)
    if name == 'raw-mxnet':
        return case_raw_mxnet(x, y)
    if name == 'tf-keras':
        return case_tf_keras(x, y)
    if name == 'raw-tf':
        return case_raw_tf(x, y)
    if name == 'raw-theano':
        return case_raw_theano(x, y)
    raise ValueError('unknown case %r (expected one of %s)' % (name, ', '.join(CASES)))


def reply(obj):
    sys.stdout.write('BENCH ' + json.dumps(obj) + '\n')
    sys.stdout.flush()


def worker(name, rows, prepare=prepare):
    """Prepares one case (`prepare(name, rows)`), then times one epoch per 'run' line on stdin."""
    try:
        run_epoch = prepare(name, rows)
    except Skip as e:
        reply({'skip': str(e)})
        return
    reply({'ready': True})
    for line in sys.stdin:
        if line.strip() != 'run':
            break
        start = time.perf_counter()
        run_epoch()
        reply({'time': time.perf_counter() - start})


# ----------------------------------------------------------------- driver
class Worker(object):
    """A case in a process of its own, driven one epoch at a time."""

    SCRIPT = os.path.abspath(__file__)   # the bench whose `--worker` runs the case

    def __init__(self, name, rows):
        self.name = name
        self.times = []
        argv, env = [sys.executable, self.SCRIPT, '--worker', name], None
        model, _, case = name.rpartition('/')   # bench/models.py names cases 'model/case'
        if case == 'raw-cntk':   # CNTK's own Python: the engine's interpreter
            from multikeras.backend.cntk_engine import client
            try:
                argv, env = client.engine_command()
            except ImportError as e:
                self.proc, self.status = None, {'skip': str(e).split('. Install')[0]}
                return
            argv = argv + [os.path.join(HERE, 'cntk_raw.py'), '--model', model or 'mlp']
            for setting in client.engine_settings():   # a CNTK user's: CNTK's defaults
                if setting not in os.environ:
                    env.pop(setting)
        # stderr goes to a file: a full pipe would block a chatty engine.
        self.stderr = tempfile.TemporaryFile(mode='w+')
        self.proc = subprocess.Popen(
            argv + ['--rows', str(rows)], env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
            universal_newlines=True, bufsize=1)
        self.status = self._read()   # {'ready'} / {'skip'} / {'error'}

    def _read(self):
        for line in self.proc.stdout:
            if line.startswith('BENCH '):
                return json.loads(line[len('BENCH '):])
        self.proc.wait()
        self.stderr.seek(0)
        tail = (self.stderr.read().strip().splitlines() or ['no output'])[-1]
        return {'error': 'exit %s: %s' % (self.proc.returncode, tail)}

    def run(self):
        time.sleep(PAUSE)
        self.proc.stdin.write('run\n')
        self.proc.stdin.flush()
        result = self._read()
        if 'time' not in result:
            self.status = result
            return False
        self.times.append(result['time'])
        return True

    def close(self):
        if self.proc is None:
            return
        try:
            self.proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass
        self.proc.wait()
        self.stderr.close()


def parser(description, cases_option, cases_default):
    """The command line of an MLP bench: its cases option, then the options all share."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(cases_option, default=cases_default)
    parser.add_argument('--rows', type=int, default=60000)
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--strict', action='store_true')
    parser.add_argument('--worker', help=argparse.SUPPRESS)
    return parser


def print_load(when):
    try:
        print('load average %s: %.2f %.2f %.2f on %d cores (other work on the '
              'machine skews the figures)' % ((when,) + os.getloadavg() + (os.cpu_count(),)))
    except OSError:
        pass


def run_rounds(worker_class, names, rows, repeats):
    """Times `repeats` rounds of one epoch of each case; returns the workers, closed.

    Every case is prepared (and warmed up) in its own process; then the
    timed epochs go round the cases in turn, one process active at a time,
    so a change of load on the machine touches every case alike.
    """
    workers = []
    for name in names:
        w = worker_class(name, rows)
        if 'ready' not in w.status:
            w.close()
        workers.append(w)
    for _ in range(repeats):
        for w in workers:
            if 'ready' in w.status:
                w.run()
    for w in workers:
        w.close()
    return workers


def print_times(workers, width):
    """A line per case: the median epoch time and every run, or why it did not run."""
    for w in workers:
        if 'ready' in w.status:
            print('  %-*s %7.3f s/epoch   (runs: %s)' % (
                width, w.name, statistics.median(w.times), ', '.join('%.3f' % t for t in w.times)))
        elif 'skip' in w.status:
            print('  %-*s skipped: %s' % (width, w.name, w.status['skip']))
        else:
            print('  %-*s FAILED: %s' % (width, w.name, w.status['error']))


def round_ratios(num, den):
    """The median of the per-round ratios of two workers' epoch times, and those ratios.

    Each is of the two cases' times in the same round, taken one just after
    the other: load that drifts between rounds (the machine is shared) then
    moves both sides of a ratio alike.
    """
    ratios = [a / b for a, b in zip(num.times, den.times)]
    return statistics.median(ratios), ratios


def main():
    args = parser(__doc__.splitlines()[0], '--cases', ','.join(CASES)).parse_args()
    if args.worker:
        worker(args.worker, args.rows)
        return 0

    print('MLP 784-256-10, %d rows, batch %d, SGD(lr=%g); median of %d epochs '
          '(after an untimed warm-up)' % (args.rows, BATCH, LR, args.repeats))
    print_load('before')
    workers = run_rounds(Worker, args.cases.split(','), args.rows, args.repeats)
    print_times(workers, 12)
    by_name = dict((w.name, w) for w in workers if 'ready' in w.status)
    missed = 0
    print('ratios (median of the per-round ratios):')
    for num, den, target, op in TARGETS:
        if num not in by_name or den not in by_name:
            print('  %s / %s: not measured' % (num, den))
            continue
        ratio, rounds = round_ratios(by_name[num], by_name[den])
        ok = ratio <= target if op == '<=' else ratio < target
        missed += not ok
        print('  %-24s %.3f   (target %s %.2f: %s; rounds: %s)' % (
            '%s / %s' % (num, den), ratio, op, target, 'met' if ok else 'MISSED',
            ', '.join('%.2f' % r for r in rounds)))
    return 1 if (args.strict and missed) else 0


if __name__ == '__main__':
    sys.exit(main())
