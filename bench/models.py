"""One epoch of convolutional and recurrent models, our core against its peers.

Models (4,096 synthetic rows, batch 64, Adam, fixed seed):

    cnn      32x32x3 -> conv32 -> conv32 -> maxpool -> conv64 -> maxpool ->
             dense128 -> dense10 softmax, categorical crossentropy
    lstm     Embedding(20000, 64) -> LSTM(64) over 80 steps -> dense1 sigmoid,
             binary crossentropy
    gru      the same with GRU(64) (reset_after=False, Keras 2.3's default)
    bilstm   the same with Bidirectional(LSTM(64)) (outputs concatenated)

Cases (per model):

    ours-tf, ours-theano, ours-cntk   multikeras Sequential.fit()
    tf-keras                          tf.keras 2.15 Sequential.fit()
    raw-tf                            the same graph written with tf.compat.v1
                                      ops, tf1.train.AdamOptimizer, one
                                      Session.make_callable step per batch
    raw-theano                        the same graph written with theano.tensor
                                      (scan for the recurrences), Adam by hand,
                                      one theano.function step per batch
    raw-cntk                          a C.Trainer step with CNTK's adam learner
                                      (bench/cntk_raw.py, in the engine's Python
                                      2.7; channels-first CNN, recurrences over
                                      CNTK's sequence axis; CNTK's own thread
                                      and MKL defaults, not the engine's)

The raw recurrences compute the input projection of every timestep in one
product before the loop and one recurrent product per step, as our cells do.
Processes, warm-up, rounds and ratios are those of bench/mlp.py (its driver is
reused): every case in a process of its own, an untimed warm-up of 4 batches,
then the timed epochs go round the cases in turn, and each ratio is the median
of its per-round ratios. Targets, on every model: ours-tf <= 0.8x tf-keras and
<= 1.05x raw-tf; ours-theano <= 1.05x raw-theano; ours-cntk <= 1.25x raw-cntk.

Usage: python bench/models.py [--models cnn,lstm,gru,bilstm]
       [--cases ours-tf,raw-tf,...] [--repeats 3] [--rows 4096] [--strict]
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'inst', 'python'))

import mlp  # noqa: E402  (process driver and ratio helpers of the MLP bench)

MODELS = ['cnn', 'lstm', 'gru', 'bilstm']
CASES = ['ours-tf', 'raw-tf', 'tf-keras', 'ours-theano', 'raw-theano', 'ours-cntk', 'raw-cntk']
BATCH = 64
WARMUP_ROWS = 4 * BATCH
VOCAB, STEPS, EMBED, UNITS = 20000, 80, 64, 64
LR, BETA_1, BETA_2, EPS = 0.001, 0.9, 0.999, 1e-7
TARGETS = [
    ('ours-tf', 'tf-keras', 0.8),
    ('ours-tf', 'raw-tf', 1.05),
    ('ours-theano', 'raw-theano', 1.05),
    ('ours-cntk', 'raw-cntk', 1.25),
]


def make_data(model, rows):
    import numpy as np
    rs = np.random.RandomState(0)
    if model == 'cnn':
        x = rs.rand(rows, 32, 32, 3).astype('float32')
        y = np.eye(10, dtype='float32')[rs.randint(0, 10, rows)]
    else:
        x = rs.randint(1, VOCAB, size=(rows, STEPS)).astype('int32')
        y = rs.randint(0, 2, size=(rows, 1)).astype('float32')
    return x, y


# ------------------------------------------------- ours and tf.keras: one definition
def keras_model(model, layers, models):
    """The bench model in a Keras API (`layers`, `models` of multikeras or tf.keras)."""
    if model == 'cnn':
        return models.Sequential([
            layers.Conv2D(32, (3, 3), activation='relu', input_shape=(32, 32, 3)),
            layers.Conv2D(32, (3, 3), activation='relu'),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(64, (3, 3), activation='relu'),
            layers.MaxPooling2D((2, 2)),
            layers.Flatten(),
            layers.Dense(128, activation='relu'),
            layers.Dense(10, activation='softmax')])
    recurrent = {'lstm': lambda: layers.LSTM(UNITS),
                 'gru': lambda: layers.GRU(UNITS, reset_after=False),
                 'bilstm': lambda: layers.Bidirectional(layers.LSTM(UNITS))}[model]()
    return models.Sequential([
        layers.Embedding(VOCAB, EMBED, input_length=STEPS),
        recurrent,
        layers.Dense(1, activation='sigmoid')])


def loss_name(model):
    return 'categorical_crossentropy' if model == 'cnn' else 'binary_crossentropy'


def fit_epoch(keras_model_, x, y):
    keras_model_.fit(x[:WARMUP_ROWS], y[:WARMUP_ROWS], batch_size=BATCH, epochs=1, verbose=0)
    return lambda: keras_model_.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)


def case_ours(backend_name, model, x, y):
    keras = mlp.core(backend_name)
    net = keras_model(model, keras.layers, keras.models)
    net.compile(optimizer='adam', loss=loss_name(model))
    return fit_epoch(net, x, y)


def case_tf_keras(model, x, y):
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    try:
        import tensorflow as tf
    except ImportError as e:
        raise mlp.Skip('tensorflow not installed: %s' % e)
    net = keras_model(model, tf.keras.layers, tf.keras)
    net.compile(optimizer='adam', loss=loss_name(model))
    return fit_epoch(net, x, y)


# ------------------------------------------------------------ raw engine graphs
def initial_weights(model):
    """NumPy start values, in the order the raw graphs take them."""
    import numpy as np
    rs = np.random.RandomState(1)

    def glorot(*shape):
        fan_in = int(np.prod(shape[:-1]))
        limit = np.sqrt(6.0 / (fan_in + shape[-1]))
        return rs.uniform(-limit, limit, size=shape).astype('float32')

    zeros = lambda n: np.zeros(n, 'float32')  # noqa: E731
    if model == 'cnn':
        return [glorot(3, 3, 3, 32), zeros(32), glorot(3, 3, 32, 32), zeros(32),
                glorot(3, 3, 32, 64), zeros(64), glorot(6 * 6 * 64, 128), zeros(128),
                glorot(128, 10), zeros(10)]
    gates = 3 if model == 'gru' else 4
    cell = lambda: [glorot(EMBED, gates * UNITS), glorot(UNITS, gates * UNITS),  # noqa: E731
                    zeros(gates * UNITS)]
    cells = cell() + cell() if model == 'bilstm' else cell()
    width = 2 * UNITS if model == 'bilstm' else UNITS
    embedding = rs.uniform(-0.05, 0.05, size=(VOCAB, EMBED)).astype('float32')
    return [embedding] + cells + [glorot(width, 1), zeros(1)]


def cell_step(ops, model, kernel, z_t, state):
    """One recurrent step from the projected input z_t; `ops` names the engine's
    sigmoid/tanh/dot and a column slice. Returns the new state tuple."""
    sigmoid, tanh, dot, cols = ops
    if model == 'gru':
        h = state[0]
        zr = z_t[:, :2 * UNITS] + dot(h, cols(kernel, 0, 2 * UNITS))
        z, r = sigmoid(zr[:, :UNITS]), sigmoid(zr[:, UNITS:])
        candidate = tanh(z_t[:, 2 * UNITS:] + dot(r * h, cols(kernel, 2 * UNITS, 3 * UNITS)))
        return (z * h + (1. - z) * candidate,)
    h, c = state
    a = z_t + dot(h, kernel)
    c = sigmoid(a[:, UNITS:2 * UNITS]) * c + sigmoid(a[:, :UNITS]) * tanh(a[:, 2 * UNITS:3 * UNITS])
    return (sigmoid(a[:, 3 * UNITS:]) * tanh(c), c)


def case_raw_tf(model, x, y):
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    try:
        import tensorflow as tf
    except ImportError as e:
        raise mlp.Skip('tensorflow not installed: %s' % e)
    import numpy as np
    tf1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        xp = tf1.placeholder(tf.float32 if model == 'cnn' else tf.int32, (None,) + x.shape[1:])
        yp = tf1.placeholder(tf.float32, (None,) + y.shape[1:])
        params = [tf1.Variable(v) for v in initial_weights(model)]
        if model == 'cnn':
            h = xp
            for i, pool in ((0, False), (2, True), (4, True)):
                h = tf.nn.relu(tf.nn.conv2d(h, params[i], 1, 'VALID') + params[i + 1])
                if pool:
                    h = tf.nn.max_pool2d(h, 2, 2, 'VALID')
            h = tf.nn.relu(tf.matmul(tf.reshape(h, (-1, 6 * 6 * 64)), params[6]) + params[7])
            probs = tf.nn.softmax(tf.matmul(h, params[8]) + params[9])
            probs = tf.clip_by_value(probs, 1e-7, 1 - 1e-7)
            loss = tf.reduce_mean(-tf.reduce_sum(yp * tf.math.log(probs), axis=-1))
        else:
            seq = tf.transpose(tf.gather(params[0], xp), [1, 0, 2])   # time-major
            ops = (tf.sigmoid, tf.tanh, tf.matmul, lambda k, a, b: k[:, a:b])

            def run(weights, reverse):
                kernel, recurrent, bias = weights
                z = tf.tensordot(seq, kernel, 1) + bias
                batch = tf.shape(xp)[0]
                zero = tf.zeros(tf.stack([batch, UNITS]))
                state = (zero,) if model == 'gru' else (zero, zero)
                final = tf.foldl(lambda s, z_t: cell_step(ops, model, recurrent, z_t, s),
                                 tf.reverse(z, [0]) if reverse else z, initializer=state)
                return final[0]

            h = run(params[1:4], False)
            if model == 'bilstm':
                h = tf.concat([h, run(params[4:7], True)], axis=-1)
            probs = tf.sigmoid(tf.matmul(h, params[-2]) + params[-1])
            probs = tf.clip_by_value(probs, 1e-7, 1 - 1e-7)
            loss = tf.reduce_mean(-(yp * tf.math.log(probs) + (1 - yp) * tf.math.log(1 - probs)))
        train = tf1.train.AdamOptimizer(LR, BETA_1, BETA_2, EPS).minimize(loss, var_list=params)
        init = tf1.global_variables_initializer()
    session = tf1.Session(graph=graph, config=tf1.ConfigProto(allow_soft_placement=True))
    session.run(init)
    step = session.make_callable([loss, train], feed_list=[xp, yp])
    return raw_epochs(step, x, y, np.random.RandomState(1))


def case_raw_theano(model, x, y):
    import numpy as np
    theano = mlp.theano_engine()
    T = theano.tensor
    xs = T.tensor4('x', dtype='float32') if model == 'cnn' else T.matrix('x', dtype='int32')
    ys = T.matrix('y', dtype='float32')
    params = [theano.shared(v) for v in initial_weights(model)]
    if model == 'cnn':
        from theano.tensor.signal.pool import pool_2d
        h = xs.dimshuffle(0, 3, 1, 2)
        for i, pool in ((0, False), (2, True), (4, True)):
            # our kernels are (rows, cols, in, out); Theano's conv2d flips them
            kernel = params[i].dimshuffle(3, 2, 0, 1)[:, :, ::-1, ::-1]
            h = T.nnet.relu(T.nnet.conv2d(h, kernel) + params[i + 1].dimshuffle('x', 0, 'x', 'x'))
            if pool:
                h = pool_2d(h, (2, 2), ignore_border=True)
        h = T.nnet.relu(T.dot(h.dimshuffle(0, 2, 3, 1).flatten(2), params[6]) + params[7])
        probs = T.clip(T.nnet.softmax(T.dot(h, params[8]) + params[9]), 1e-7, 1 - 1e-7)
        loss = T.mean(-T.sum(ys * T.log(probs), axis=-1))
    else:
        seq = params[0][xs].dimshuffle(1, 0, 2)   # time-major
        ops = (T.nnet.sigmoid, T.tanh, T.dot, lambda k, a, b: k[:, a:b])

        def run(weights, reverse):
            kernel, recurrent, bias = weights
            z = T.dot(seq, kernel) + bias
            zero = T.zeros((xs.shape[0], UNITS), dtype='float32')
            init = [zero] if model == 'gru' else [zero, zero]
            states, _ = theano.scan(lambda z_t, *s: list(cell_step(ops, model, recurrent, z_t, s)),
                                    sequences=z[::-1] if reverse else z, outputs_info=init)
            return (states if model == 'gru' else states[0])[-1]

        h = run(params[1:4], False)
        if model == 'bilstm':
            h = T.concatenate([h, run(params[4:7], True)], axis=-1)
        probs = T.clip(T.nnet.sigmoid(T.dot(h, params[-2]) + params[-1]), 1e-7, 1 - 1e-7)
        loss = T.mean(-(ys * T.log(probs) + (1 - ys) * T.log(1 - probs)))
    step = theano.function([xs, ys], loss, updates=adam_updates(theano, loss, params))
    return raw_epochs(step, x, y, np.random.RandomState(1))


def adam_updates(theano, loss, params):
    """Keras 2.3's Adam (lr 0.001, no decay, no amsgrad) as Theano updates."""
    import numpy as np
    T = theano.tensor
    iterations = theano.shared(np.float32(0))
    t = iterations + 1
    lr_t = LR * T.sqrt(1. - BETA_2 ** t) / (1. - BETA_1 ** t)
    updates = [(iterations, t)]
    for p, g in zip(params, T.grad(loss, params)):
        m = theano.shared(np.zeros_like(p.get_value()))
        v = theano.shared(np.zeros_like(p.get_value()))
        m_t = BETA_1 * m + (1. - BETA_1) * g
        v_t = BETA_2 * v + (1. - BETA_2) * T.sqr(g)
        updates += [(m, m_t), (v, v_t), (p, (p - lr_t * m_t / (T.sqrt(v_t) + EPS)).astype(p.dtype))]
    return updates


def raw_epochs(step, x, y, rs):
    """Warm up a raw step, then return one shuffled epoch of it (as fit(shuffle=True))."""
    def epoch(rows):
        index = rs.permutation(rows)
        for start in range(0, rows, BATCH):
            batch = index[start:start + BATCH]
            step(x[batch], y[batch])
    epoch(WARMUP_ROWS)
    return lambda: epoch(len(x))


def prepare(name, rows):
    """Builds case 'model/case' and runs its warm-up; returns one timed epoch."""
    model, case = name.split('/')
    x, y = make_data(model, rows)
    if case.startswith('ours-'):
        backend = {'tf': 'tensorflow', 'theano': 'theano', 'cntk': 'cntk'}[case[len('ours-'):]]
        return case_ours(backend, model, x, y)
    builders = {'tf-keras': case_tf_keras, 'raw-tf': case_raw_tf, 'raw-theano': case_raw_theano}
    if case not in builders:
        raise ValueError('unknown case %r (expected one of %s)' % (case, ', '.join(CASES)))
    return builders[case](model, x, y)


class Worker(mlp.Worker):
    SCRIPT = os.path.abspath(__file__)


def main():
    parser = mlp.parser(__doc__.splitlines()[0], '--cases', ','.join(CASES))
    parser.add_argument('--models', default=','.join(MODELS))
    parser.set_defaults(rows=4096, repeats=3)
    args = parser.parse_args()
    if args.worker:
        mlp.worker(args.worker, args.rows, prepare=prepare)
        return 0
    print('%d rows, batch %d, Adam; median of %d epochs (after an untimed warm-up)'
          % (args.rows, BATCH, args.repeats))
    mlp.print_load('before')
    missed = 0
    for model in args.models.split(','):
        print('%s:' % model)
        names = ['%s/%s' % (model, case) for case in args.cases.split(',')]
        workers = mlp.run_rounds(Worker, names, args.rows, args.repeats)
        mlp.print_times(workers, 18)
        done = dict((w.name.split('/')[1], w) for w in workers if 'ready' in w.status)
        for num, den, target in TARGETS:
            if num not in done or den not in done:
                print('  %-24s not measured' % ('%s / %s' % (num, den)))
                continue
            ratio, rounds = mlp.round_ratios(done[num], done[den])
            met = ratio <= target
            missed += not met
            print('  %-24s %.3f   (target <= %.2f: %s; rounds: %s)' % (
                '%s / %s' % (num, den), ratio, target, 'met' if met else 'MISSED',
                ', '.join('%.2f' % r for r in rounds)))
    return 1 if (args.strict and missed) else 0


if __name__ == '__main__':
    sys.exit(main())
