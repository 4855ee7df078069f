"""The TensorFlow backend: graph mode on a `tf.Graph` and `Session` of its own.

Every public function builds ops inside the backend's own graph (see
`_enter_own_graph` at the bottom), so TensorFlow's eager default is never
touched and `tf.keras` can run beside us in the same process. `function()`
compiles a `Session.make_callable`, the fastest way to run a graph step.
"""
import builtins
import contextlib
import functools
import math
import os

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
# TensorFlow 2.15 enables its oneDNN CPU kernels by default only on some CPUs
# and falls back to Eigen's elsewhere. oneDNN everywhere gives every host the
# same kernels, and is faster: bench/onednn.py measured epochs on/off of 0.85
# (MLP) and 0.55 (CNN) on an AVX-512 host, 1.04 and 0.60 with oneDNN capped at
# AVX2. A user's own setting wins; it takes effect only if TensorFlow was not
# imported before this backend.
os.environ.setdefault('TF_ENABLE_ONEDNN_OPTS', '1')

import numpy as np  # noqa: E402


def _import_tensorflow():
    """`tensorflow`, imported with a clean view of `keras.json`.

    TensorFlow's bundled (legacy) Keras reads `$KERAS_HOME/keras.json` when
    TensorFlow is imported and asserts on its values (floatx, epsilon as a
    float, image_data_format, a JSON object): a file that our `config` warns
    about and reads around would otherwise break TensorFlow for the session.
    So TensorFlow is imported with `KERAS_HOME` pointing at an empty temporary
    directory, and the variable is then restored exactly (set or unset).
    """
    import shutil
    import tempfile
    saved = os.environ.get('KERAS_HOME')
    clean = tempfile.mkdtemp(prefix='multikeras-tf-home-')
    os.environ['KERAS_HOME'] = clean
    try:
        import tensorflow
        import tensorflow.python.keras.backend  # noqa: F401 - the module that reads the file
    finally:
        if saved is None:
            os.environ.pop('KERAS_HOME', None)
        else:
            os.environ['KERAS_HOME'] = saved
        shutil.rmtree(clean, ignore_errors=True)
    return tensorflow


tf = _import_tensorflow()
from tensorflow.core.protobuf import config_pb2  # noqa: E402
from tensorflow.python.training import gen_training_ops  # noqa: E402

from . import common  # noqa: E402
from .common import (floatx, epsilon, image_data_format, normalize_data_format,  # noqa: E402,F401
                     get_uid, phase_choice, check_learning_phase, Update)
from .common import eye_array as _eye_array, check_slice as _check_slice  # noqa: E402

name = 'tensorflow'
tf1 = tf.compat.v1
# Our graphs use TensorFlow 1's control flow (Switch/Merge conds, frame-based
# while loops), as Keras 2.3 had on TensorFlow 1: a train/test cond (batch
# normalization, dropout) then builds its gradient without two function graphs
# per cond (a 30-layer conv/BN/dropout stack: gradients 13 -> 5 s), and a
# recurrent layer's step runs ~10% faster (the loop body without TensorList
# accumulators). Functions traced by tf.function keep v2 control flow.
tf1.disable_control_flow_v2()

_state = {}


def ensure_engine():
    """The engine was imported with this module; make sure a session exists."""
    if not _state:
        _new_session()


def _new_session():
    # The graph stays the default one on this thread, so that operators on
    # tensors (`a * b`) written by layers and users build into it, not eagerly.
    if _state.get('graph_context') is not None:
        try:
            _state['graph_context'].__exit__(None, None, None)
        except Exception:  # noqa: BLE001 - another context was entered on top
            pass
    graph = tf.Graph()
    # Graph-level seed: every random op then gets a seed from it and its position.
    graph.seed = _state.get('seed')
    _state['graph_context'] = graph.as_default()
    _state['graph_context'].__enter__()
    config = tf1.ConfigProto(allow_soft_placement=True)
    if _state.get('single_thread'):
        config.intra_op_parallelism_threads = 1
        config.inter_op_parallelism_threads = 1
    _state['graph'] = graph
    _state['session'] = tf1.Session(graph=graph, config=config)
    _state['learning_phase'] = None
    _state['fixed_learning_phase'] = None
    _state['uninitialized'] = []
    _state['variables_seen'] = 0


def _session():
    """The session, with every variable created so far initialised."""
    pending = _state['uninitialized']
    if pending:
        _state['uninitialized'] = []
        with _state['graph'].as_default():
            _state['session'].run([v.initializer for v in pending])
    _initialize_user_variables()
    return _state['session']


def set_random_seed(seed, disable_parallel_cpu=False):
    """Start a new graph and session seeded with `seed` (None: unseeded), and the
    later ones too; with `disable_parallel_cpu`, sessions run ops on one thread
    (multi-threaded kernels may add floating point values in varying order)."""
    _state['seed'] = None if seed is None else int(seed)
    _state['single_thread'] = bool(disable_parallel_cpu)
    clear_session()


def _get_available_gpus():
    """Names of the GPUs TensorFlow sees (e.g. ['/device:GPU:0']); [] on a CPU-only
    machine. Keras 2.3 code (and its tests) reads this private function."""
    return ['/device:GPU:%d' % i for i, _ in enumerate(tf.config.list_physical_devices('GPU'))]


def clear_session():
    """Drop the graph and session and start new ones."""
    old = _state.get('session')
    _new_session()
    if old is not None:
        old.close()


def get_session():
    """The backend's `tf.compat.v1.Session` (with all variables initialised)."""
    return _session()


def set_session(session):
    """Use `session` (and its graph) from now on."""
    _state['session'] = session
    _state['graph'] = session.graph
    _state['learning_phase'] = None
    _state['uninitialized'] = []
    _state['variables_seen'] = 0


def _initialize_user_variables():
    """Initialise the variables made in the backend's graph with `tf.Variable` rather
    than `variable()` (e.g. a data set given to `Input(tensor=...)`) that are new
    since the last call, as Keras's session does before running a function."""
    found = _state['graph'].get_collection(tf1.GraphKeys.GLOBAL_VARIABLES)
    new = [v for v in found[_state.get('variables_seen', 0):]
           if not getattr(v, '_keras_owned', False)]
    _state['variables_seen'] = len(found)
    if new:
        session = _state['session']
        with _state['graph'].as_default():
            ready = session.run([tf1.is_variable_initialized(v) for v in new])
            pending = [v.initializer for v, done in zip(new, ready) if not done]
            if pending:
                session.run(pending)


def _graph():
    return _state['graph']


def _mark(x, uses_learning_phase=False):
    try:
        x._uses_learning_phase = uses_learning_phase
    except AttributeError:
        pass
    return x


def _unsupported(function, argument, value):
    raise ValueError('%s: argument %s=%r is not supported by the tensorflow backend.'
                     % (function, argument, value))


# -- creation -----------------------------------------------------------------

def variable(value, dtype=None, name=None, constraint=None):
    """A variable initialised to `value` (initialised at once in the session)."""
    dtype = dtype or floatx()
    value = np.asarray(value, dtype=dtype)
    v = tf1.Variable(value, dtype=tf.as_dtype(dtype), name=name or 'variable',
                     constraint=constraint)
    # Initialised with the others before the session next runs: one run for
    # many variables, instead of extending the session graph once each.
    _state['uninitialized'].append(v)
    v._keras_shape = value.shape
    v._keras_owned = True
    return _mark(v)


def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    """A symbolic input of `shape` (None for unknown dims) or of `ndim` dims."""
    if sparse:
        _unsupported('placeholder', 'sparse', sparse)
    if shape is None and ndim is not None:
        shape = (None,) * ndim
    x = tf1.placeholder(tf.as_dtype(dtype or floatx()), shape=shape, name=name)
    x._keras_shape = tuple(shape) if shape is not None else None
    return _mark(x)


def constant(value, dtype=None, shape=None, name=None):
    return tf.constant(value, dtype=tf.as_dtype(dtype or floatx()), shape=shape, name=name)


def is_variable(x):
    return isinstance(x, tf.Variable)


def is_tensor(x):
    return isinstance(x, (tf.Tensor, tf.Variable))


def is_placeholder(x):
    return isinstance(x, tf.Tensor) and x.op.type == 'Placeholder'


def is_keras_tensor(x):
    if not is_tensor(x):
        raise ValueError('is_keras_tensor: expected a symbolic tensor, got %s. Only tensors can be '
                         'Keras tensors.' % type(x).__name__)
    return hasattr(x, '_keras_history')


def zeros(shape, dtype=None, name=None):
    return variable(np.zeros(shape), dtype, name)


def ones(shape, dtype=None, name=None):
    return variable(np.ones(shape), dtype, name)


def eye(size, dtype=None, name=None):
    """An identity matrix variable: `size` is n (n x n) or a tuple (rows, cols)."""
    return variable(_eye_array(size), dtype, name)


def zeros_like(x, dtype=None, name=None):
    return tf.zeros_like(x, dtype=dtype, name=name)


def ones_like(x, dtype=None, name=None):
    return tf.ones_like(x, dtype=dtype, name=name)


def _op_seed(seed):
    """The seed of a random op or draw: `seed`, else one drawn from NumPy's global state,
    as Keras 2.3 draws it (so `np.random.seed` makes the graph's draws repeat)."""
    return np.random.randint(10 ** 7) if seed is None else seed


def _numpy_rng(seed):
    """A numpy generator for `seed` (see `_op_seed`)."""
    return np.random.RandomState(_op_seed(seed))


def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    rng = _numpy_rng(seed)
    return variable(rng.uniform(low, high, size=shape), dtype, name)


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    rng = _numpy_rng(seed)
    return variable(rng.normal(mean, scale, size=shape), dtype, name)


# -- values and shapes --------------------------------------------------------

def _check_graph(xs):
    """Refuse tensors of a graph that clear_session() (or a backend switch) replaced."""
    for x in xs:
        graph = getattr(x, 'graph', None)
        if graph is not None and graph is not _state['graph']:
            raise ValueError('%r was created before the last clear_session() (or backend '
                             'switch) and no longer exists in the tensorflow backend.'
                             % getattr(x, 'name', x))


def eval(x):
    """The value of `x` as a numpy array."""
    if isinstance(x, np.ndarray):
        return x
    if isinstance(x, Update):
        x = x._as_graph_element()
    _check_graph([x])
    return np.asarray(_session().run(x))


def get_value(x):
    return eval(x)


def batch_get_value(xs):
    xs = list(xs)
    _check_graph(xs)
    return [np.asarray(v) for v in _session().run(xs)] if xs else []


def _assign_op(x):
    """A cached (placeholder, assign op) pair for writing into `x`."""
    cached = getattr(x, '_assign_pair', None)
    if cached is None:
        value = tf1.placeholder(x.dtype.base_dtype, shape=x.shape)
        cached = (value, x.assign(value))
        x._assign_pair = cached
    return cached


def set_value(x, value):
    batch_set_value([(x, value)])


def batch_set_value(tuples):
    if not tuples:
        return
    _check_graph([x for x, _ in tuples])
    feed, ops = {}, []
    for x, value in tuples:
        holder, op = _assign_op(x)
        feed[holder] = np.asarray(value, dtype=x.dtype.base_dtype.as_numpy_dtype)
        ops.append(op)
    _session().run(ops, feed_dict=feed)


def int_shape(x):
    if hasattr(x, '_keras_shape'):
        return x._keras_shape
    try:
        return tuple(x.shape.as_list())
    except ValueError:
        return None


def shape(x):
    return tf.shape(x)


def get_variable_shape(x):
    return int_shape(x)


def ndim(x):
    return x.shape.rank


def dtype(x):
    return x.dtype.base_dtype.name


def count_params(x):
    return int(np.prod(x.shape.as_list()))


def cast(x, dtype):
    return tf.cast(x, dtype)


# -- updates ------------------------------------------------------------------

class _Update(Update):
    """An `Update` that TensorFlow also takes as its assign op (the tensor of
    the new value): in `eval()`, `control_dependencies()`, as a function
    output. The op is made only when asked for: `function(updates=)` assigns
    the pair itself."""

    def _as_graph_element(self):
        op = getattr(self, '_assign', None)
        if op is None:
            variable, value = self
            with _graph().as_default():
                op = tf.convert_to_tensor(tf1.assign(variable, value))
            self._assign = op
        return op


tf.register_tensor_conversion_function(
    _Update, lambda value, dtype=None, name=None, as_ref=False: value._as_graph_element(),
    priority=1)


def update(x, new_x):
    """The update `x <- new_x` (an `Update`: a `(variable, new_value)` pair for
    `function(updates=)`, which `eval()` runs at once)."""
    return _Update(x, new_x)


def update_add(x, increment):
    return _Update(x, x + increment)


def update_sub(x, decrement):
    return _Update(x, x - decrement)


class _FusedStep(object):
    """An update done by one fused kernel that changes several variables in
    place. `function()` builds its op once the step's other new values are
    computed and assigns the other updates after it, so that, as with
    `(variable, value)` pairs, every update reads the state before the step."""

    def __init__(self, build):
        self.build = build

    def _as_graph_element(self):
        op = getattr(self, '_op', None)
        if op is None:
            with _graph().as_default():
                op = self._op = self.build()
        return op


def _fused_adam_update(x, grad, m, v, lr, beta_1, beta_2, t, epsilon):
    """Keras's Adam step for `x` (and its moments `m`, `v`) in TensorFlow's fused
    kernel: `lr_t = lr sqrt(1 - beta_2^t) / (1 - beta_1^t)`, `m <- beta_1 m +
    (1 - beta_1) g`, `v <- beta_2 v + (1 - beta_2) g^2`, `x <- x - lr_t m / (sqrt(v) +
    epsilon)`: one pass over the weights instead of one per element-wise op."""
    def build():
        dtype = x.dtype.base_dtype
        cast = lambda value: tf.cast(value, dtype)  # noqa: E731
        beta_1_, beta_2_, t_ = cast(beta_1), cast(beta_2), cast(t)
        return gen_training_ops.resource_apply_adam(
            x.handle, m.handle, v.handle, tf.pow(beta_1_, t_), tf.pow(beta_2_, t_), cast(lr),
            beta_1_, beta_2_, cast(epsilon), tf.convert_to_tensor(grad, dtype=dtype))
    return _FusedStep(build)


def _is_tf_1():
    """Whether TensorFlow is a 1.x release (Keras 2.3's tests ask; ours is 2.15)."""
    return tf.__version__.startswith('1.')


def _get_available_gpus():
    """The GPUs TensorFlow sees, as `'/device:GPU:i'` (none with tensorflow-cpu); Keras 2.3's
    tests ask the TensorFlow backend module for them."""
    return ['/device:GPU:%d' % i for i, _ in enumerate(tf.config.list_physical_devices('GPU'))]


def tf_optimizer_updates(optimizer, loss, params):
    """The ops of one step of TensorFlow optimizer `optimizer` minimizing `loss` over `params`.

    TensorFlow backend only: what `optimizers.TFOptimizer` runs.

    # Arguments
        optimizer: a `tf.compat.v1.train.Optimizer`, or one of tf.keras's
            graph-mode optimizers (`tf.keras.optimizers.legacy.*`).
        loss: the scalar loss tensor.
        params: the variables to train.

    # Returns
        The update ops (for `function(updates=...)`).

    # Raises
        ValueError: for another kind of optimizer.
    """
    before = {id(v) for v in tf1.global_variables()}
    if isinstance(optimizer, tf1.train.Optimizer):
        updates = [optimizer.apply_gradients(optimizer.compute_gradients(loss, var_list=params))]
    elif callable(getattr(optimizer, 'get_updates', None)):
        updates = list(optimizer.get_updates(loss, params))
    else:
        raise ValueError('TFOptimizer: expected a tf.compat.v1.train.Optimizer (e.g. '
                         'tf.compat.v1.train.AdamOptimizer(0.001)) or a graph-mode tf.keras '
                         'optimizer (tf.keras.optimizers.legacy.Adam()); got %r.' % (optimizer,))
    # Its variables (step count, slots, hyperparameters) are initialised with ours.
    _state['uninitialized'].extend(v for v in tf1.global_variables() if id(v) not in before)
    return updates


# -- linear algebra and shape ops ----------------------------------------------

def dot(x, y):
    if x.shape.rank > 2 or y.shape.rank > 2:
        return tf.tensordot(x, y, axes=[[x.shape.rank - 1], [builtins.max(y.shape.rank - 2, 0)]])
    return tf.matmul(x, y)


def transpose(x):
    return tf.transpose(x)


def reshape(x, shape):
    return tf.reshape(x, shape)


def batch_flatten(x):
    return tf.reshape(x, [tf.shape(x)[0], -1])


def flatten(x):
    return tf.reshape(x, [-1])


def expand_dims(x, axis=-1):
    return tf.expand_dims(x, axis)


def squeeze(x, axis):
    return tf.squeeze(x, [axis])


def concatenate(tensors, axis=-1):
    return tf.concat(list(tensors), axis)


def stack(x, axis=0):
    return tf.stack(list(x), axis)


def split(x, count, axis=-1):
    """`count` equal parts of `x` along `axis`, as a list of tensors (the axis's
    size must divide by `count`)."""
    # One Split op (whose gradient is one concat) rather than `count` slices, each
    # of whose gradients is a zero-padded full-size tensor: LSTM/GRU gates.
    axis, _ = common.split_axis(int_shape(x), count, axis)
    return tf.split(x, count, axis=axis)


def permute_dimensions(x, pattern):
    return tf.transpose(x, perm=list(pattern))


def gather(reference, indices):
    return tf.gather(reference, tf.cast(indices, 'int32'))


def one_hot(indices, num_classes):
    return tf.one_hot(tf.cast(indices, 'int32'), depth=num_classes, dtype=floatx())


# -- reductions ---------------------------------------------------------------

def _axis(axis):
    return list(axis) if isinstance(axis, tuple) else axis


def sum(x, axis=None, keepdims=False):
    return tf.reduce_sum(x, _axis(axis), keepdims)


def prod(x, axis=None, keepdims=False):
    return tf.reduce_prod(x, _axis(axis), keepdims)


def mean(x, axis=None, keepdims=False):
    if x.dtype.base_dtype in (tf.bool,) or x.dtype.is_integer:
        x = tf.cast(x, floatx())
    return tf.reduce_mean(x, _axis(axis), keepdims)


def max(x, axis=None, keepdims=False):
    return tf.reduce_max(x, _axis(axis), keepdims)


def min(x, axis=None, keepdims=False):
    return tf.reduce_min(x, _axis(axis), keepdims)


def var(x, axis=None, keepdims=False):
    m = tf.reduce_mean(x, _axis(axis), keepdims=True)
    return tf.reduce_mean(tf.square(x - m), _axis(axis), keepdims)


def std(x, axis=None, keepdims=False):
    return tf.sqrt(var(x, axis, keepdims))


def any(x, axis=None, keepdims=False):
    return tf.reduce_any(tf.cast(x, tf.bool), _axis(axis), keepdims)


def all(x, axis=None, keepdims=False):
    return tf.reduce_all(tf.cast(x, tf.bool), _axis(axis), keepdims)


def argmax(x, axis=-1):
    return tf.argmax(x, axis)


def argmin(x, axis=-1):
    return tf.argmin(x, axis)


def logsumexp(x, axis=None, keepdims=False):
    return tf.reduce_logsumexp(x, _axis(axis), keepdims)


# -- element-wise ----------------------------------------------------------------

def square(x):
    return tf.square(x)


def abs(x):
    return tf.abs(x)


def sqrt(x):
    return tf.sqrt(tf.maximum(x, tf.zeros((), x.dtype)))


def exp(x):
    return tf.exp(x)


def log(x):
    return tf.math.log(x)


def round(x):
    return tf.round(x)


def sign(x):
    return tf.sign(x)


def pow(x, a):
    if not isinstance(x, (tf.Tensor, tf.Variable)):
        x = tf.convert_to_tensor(x, dtype=a.dtype if is_tensor(a) else floatx())
    return tf.pow(x, tf.cast(a, x.dtype))


def clip(x, min_value, max_value):
    """`x` clipped to [min_value, max_value] (numbers or tensors that broadcast to
    `x`; None: no bound); where max_value < min_value, the bound is min_value."""
    if min_value is None:
        min_value = -np.inf
    if max_value is None:
        max_value = np.inf
    min_value, max_value = tf.cast(min_value, x.dtype), tf.cast(max_value, x.dtype)
    return tf.clip_by_value(x, min_value, tf.maximum(max_value, min_value))


def sin(x):
    return tf.sin(x)


def cos(x):
    return tf.cos(x)


def equal(x, y):
    return tf.equal(x, y)


def not_equal(x, y):
    return tf.not_equal(x, y)


def greater(x, y):
    return tf.greater(x, y)


def greater_equal(x, y):
    return tf.greater_equal(x, y)


def less(x, y):
    return tf.less(x, y)


def less_equal(x, y):
    return tf.less_equal(x, y)


def maximum(x, y):
    return tf.maximum(x, y)


def minimum(x, y):
    return tf.minimum(x, y)


def stop_gradient(variables):
    if isinstance(variables, (list, tuple)):
        return [tf.stop_gradient(v) for v in variables]
    return tf.stop_gradient(variables)


def identity(x, name=None):
    return tf.identity(x, name=name)


def gradients(loss, variables):
    """Symbolic gradients of the scalar `loss` with respect to `variables`."""
    grads = tf.gradients(loss, variables)
    return [g if g is not None else _disconnected(tf.zeros_like(v))
            for g, v in zip(grads, variables)]


def _disconnected(zeros):
    """The zeros given for the gradient of a variable the loss does not depend on,
    marked so (optimizers refuse a loss that reaches no weight at all)."""
    zeros._keras_disconnected = True
    return zeros


def switch(condition, then_expression, else_expression):
    """`then_expression` where `condition` holds, else `else_expression`.

    # Arguments
        condition: A Python bool or int, a scalar tensor (one branch is
            chosen), or a tensor of the expressions' leading axes (an
            element-wise choice).
        then_expression: A tensor, or a function returning one.
        else_expression: A tensor, or a function returning one.

    # Returns
        The chosen tensor.
    """
    then_fn = then_expression if callable(then_expression) else (lambda: then_expression)
    else_fn = else_expression if callable(else_expression) else (lambda: else_expression)
    if isinstance(condition, (bool, int, np.bool_, np.integer)):
        return then_fn() if condition else else_fn()
    if condition.shape.rank == 0:
        return tf.cond(tf.cast(condition, tf.bool), then_fn, else_fn)
    then_value, else_value = then_fn(), else_fn()
    condition = tf.cast(condition, tf.bool)
    missing = then_value.shape.rank - condition.shape.rank
    if missing > 0:
        # A lower-rank condition lines up with the leading axes, as in Keras.
        condition = tf.reshape(condition, tf.concat([tf.shape(condition), [1] * missing], 0))
        condition = tf.logical_and(condition, tf.ones_like(then_value, dtype=tf.bool))
    return tf.where(condition, then_value, else_value)


# -- activations -------------------------------------------------------------------

def relu(x, alpha=0., max_value=None, threshold=0.):
    # TensorFlow's own ops where they mean the same (as Keras 2.3 uses them).
    if threshold == 0 and max_value is None:
        return tf.nn.relu(x) if alpha == 0 else tf.nn.leaky_relu(x, alpha=alpha)
    if threshold == 0 and alpha == 0:
        if isinstance(max_value, (int, float, np.number)) and max_value == 6:
            return tf.nn.relu6(x)  # one kernel, which grappler can fuse into a convolution
        return tf.minimum(tf.nn.relu(x), tf.cast(max_value, x.dtype))
    threshold = tf.cast(threshold, x.dtype)
    y = tf.where(x > threshold, x, tf.cast(alpha, x.dtype) * (x - threshold))
    if max_value is not None:
        y = tf.minimum(y, tf.cast(max_value, x.dtype))
    return y


def elu(x, alpha=1.):
    y = tf.nn.elu(x)
    return y if alpha == 1 else tf.where(x > 0, y, alpha * y)


def softmax(x, axis=-1):
    return tf.nn.softmax(x, axis=axis)


def softplus(x):
    return tf.nn.softplus(x)


def softsign(x):
    return tf.nn.softsign(x)


def sigmoid(x):
    return tf.nn.sigmoid(x)


def hard_sigmoid(x):
    return tf.clip_by_value(0.2 * x + 0.5, 0., 1.)


def tanh(x):
    return tf.nn.tanh(x)


# -- losses -------------------------------------------------------------------

def _clip_probabilities(output):
    eps = tf.cast(epsilon(), output.dtype)
    return tf.clip_by_value(output, eps, 1. - eps)


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    if from_logits:
        return tf.nn.softmax_cross_entropy_with_logits(labels=target, logits=output, axis=axis)
    output = output / tf.reduce_sum(output, axis, keepdims=True)
    return -tf.reduce_sum(target * tf.math.log(_clip_probabilities(output)), axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    rank = output.shape.rank
    axis = axis % rank
    if axis != rank - 1:
        output = tf.transpose(output, [i for i in range(rank) if i != axis] + [axis])
    labels = tf.cast(tf.reshape(target, tf.shape(output)[:-1]), 'int64')
    if from_logits:
        return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=output)
    output = output / tf.reduce_sum(output, -1, keepdims=True)
    picked = tf.one_hot(labels, tf.shape(output)[-1], dtype=output.dtype)
    return -tf.reduce_sum(picked * tf.math.log(_clip_probabilities(output)), -1)


def binary_crossentropy(target, output, from_logits=False):
    if from_logits:
        return tf.maximum(output, 0.) - output * target + tf.math.log1p(tf.exp(-tf.abs(output)))
    output = _clip_probabilities(output)
    eps = epsilon()
    # maximum() keeps graph rewriting from regrouping 1 - output + eps into
    # (1 + eps) - output, which rounds worse at the clip bound.
    complement = tf.maximum(1. - output, 0.)
    return -(target * tf.math.log(output + eps) + (1. - target) * tf.math.log(complement + eps))


def l2_normalize(x, axis=None):
    return tf.math.l2_normalize(x, axis=axis)


# -- neural network ops ---------------------------------------------------------

def bias_add(x, bias, data_format=None):
    data_format = normalize_data_format(data_format)
    rank = x.shape.rank
    if data_format == 'channels_first' and rank > 2:
        if bias.shape.rank == 1:
            return x + tf.reshape(bias, (1, -1) + (1,) * (rank - 2))
        shape = bias.shape.as_list()
        return x + tf.reshape(bias, [1, shape[-1]] + shape[:-1])
    if bias.shape.rank == 1 and rank is not None and rank >= 2:
        # BiasAdd, not a broadcast add: grappler fuses it into the matmul or
        # convolution before it (and the activation after).
        return tf.nn.bias_add(x, bias)
    return x + bias


def _channels_last(x, data_format):
    if data_format == 'channels_first':
        rank = x.shape.rank
        return tf.transpose(x, [0] + list(range(2, rank)) + [1])
    return x


def _channels_first(x, data_format):
    if data_format == 'channels_first':
        rank = x.shape.rank
        return tf.transpose(x, [0, rank - 1] + list(range(1, rank - 1)))
    return x


def _check_padding(function, padding, allowed=('valid', 'same')):
    if padding not in allowed:
        raise ValueError('%s: invalid padding %r (expected one of %s).'
                         % (function, padding, ', '.join(repr(p) for p in allowed)))


def _tuple(value, n):
    return tuple(value) if isinstance(value, (list, tuple)) else (value,) * n


def _same_padding(size, kernel, stride, dilation):
    """(before, after) padding that TensorFlow's 'same' uses along one axis."""
    effective = (kernel - 1) * dilation + 1
    out = -(-size // stride)
    total = builtins.max((out - 1) * stride + effective - size, 0)
    return [total // 2, total - total // 2]


def _pad_same(x, kernel_sizes, strides, dilation):
    """Pad the spatial axes of channels-last `x` as 'same' padding would."""
    sizes = x.shape.as_list()[1:-1]
    pads = [_same_padding(sizes[i], kernel_sizes[i], strides[i], dilation[i])
            for i in range(len(sizes))]
    return tf.pad(x, [[0, 0]] + pads + [[0, 0]])


def _subsample(y, steps):
    """Every steps[i]-th position of each spatial axis of channels-last `y`."""
    if builtins.max(steps) == 1:
        return y
    return y[(builtins.slice(None),) + tuple(builtins.slice(None, None, s) for s in steps)]


def _convolution(x, kernel, strides, padding, data_format, dilation_rate):
    data_format = normalize_data_format(data_format)
    n = kernel.shape.rank - 2
    strides, dilation = _tuple(strides, n), _tuple(dilation_rate, n)
    x = _channels_last(x, data_format)
    if builtins.max(strides) > 1 and builtins.max(dilation) > 1:
        # tf.nn.convolution refuses strides with dilation: pad as 'same' would,
        # convolve densely, then keep every stride-th output.
        if padding == 'same':
            x = _pad_same(x, kernel.shape.as_list()[:n], strides, dilation)
        y = tf.nn.convolution(x, kernel, padding='VALID', dilations=dilation)
        y = _subsample(y, strides)
    else:
        y = tf.nn.convolution(x, kernel, strides=strides, padding=padding.upper(),
                              dilations=dilation)
    return _channels_first(y, data_format)


def conv1d(x, kernel, strides=1, padding='valid', data_format=None, dilation_rate=1):
    """1D convolution (cross-correlation); kernel (width, in, out)."""
    _check_padding('conv1d', padding, ('valid', 'same', 'causal'))
    if padding == 'causal':
        data_format = normalize_data_format(data_format)
        width = (int(kernel.shape[0]) - 1) * _tuple(dilation_rate, 1)[0]
        pad = [[0, 0], [0, 0], [width, 0]] if data_format == 'channels_first' else \
            [[0, 0], [width, 0], [0, 0]]
        x = tf.pad(x, pad)
        padding = 'valid'
    return _convolution(x, kernel, strides, padding, data_format, dilation_rate)


def conv2d(x, kernel, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1)):
    """2D convolution (cross-correlation); kernel (rows, cols, in, out)."""
    _check_padding('conv2d', padding)
    return _convolution(x, kernel, strides, padding, data_format, dilation_rate)


def conv3d(x, kernel, strides=(1, 1, 1), padding='valid', data_format=None, dilation_rate=(1, 1, 1)):
    """3D convolution (cross-correlation); kernel (d1, d2, d3, in, out)."""
    _check_padding('conv3d', padding)
    return _convolution(x, kernel, strides, padding, data_format, dilation_rate)


def _pool(function, x, pool_size, strides, padding, data_format, pool_mode):
    _check_padding(function, padding)
    data_format = normalize_data_format(data_format)
    if pool_mode not in ('max', 'avg'):
        raise ValueError('%s: invalid pool_mode %r (expected "max" or "avg").' % (function, pool_mode))
    x = _channels_last(x, data_format)
    op = tf.nn.max_pool if pool_mode == 'max' else tf.nn.avg_pool
    y = op(x, ksize=list(pool_size), strides=list(strides), padding=padding.upper())
    return _channels_first(y, data_format)


def pool2d(x, pool_size, strides=(1, 1), padding='valid', data_format=None, pool_mode='max'):
    return _pool('pool2d', x, tuple(pool_size), tuple(strides), padding, data_format, pool_mode)


def pool3d(x, pool_size, strides=(1, 1, 1), padding='valid', data_format=None, pool_mode='max'):
    return _pool('pool3d', x, tuple(pool_size), tuple(strides), padding, data_format, pool_mode)


# -- learning phase and randomness ----------------------------------------------

def learning_phase():
    """A boolean scalar placeholder (False by default), or the fixed 0/1 value."""
    if _state['fixed_learning_phase'] is not None:
        return _state['fixed_learning_phase']
    if _state['learning_phase'] is None:
        _state['learning_phase'] = tf1.placeholder_with_default(False, shape=(),
                                                                name='keras_learning_phase')
    return _state['learning_phase']


def set_learning_phase(value):
    _state['fixed_learning_phase'] = check_learning_phase(value)


def learning_phase_scope(value):
    """A context in which the learning phase is fixed to `value` (0 or 1)."""
    return common.fixed_learning_phase(_state, 'fixed_learning_phase', value)


def in_train_phase(x, alt, training=None):
    return phase_choice(x, alt, learning_phase() if training is None else training, switch)


def in_test_phase(x, alt, training=None):
    return in_train_phase(alt, x, training=training)


def random_uniform(shape, minval=0., maxval=1., dtype=None, seed=None):
    return tf.random.uniform(shape, minval, maxval, dtype=dtype or floatx(), seed=_op_seed(seed))


def random_normal(shape, mean=0., stddev=1., dtype=None, seed=None):
    return tf.random.normal(shape, mean, stddev, dtype=dtype or floatx(), seed=_op_seed(seed))


def random_binomial(shape, p=0., dtype=None, seed=None):
    dtype = dtype or floatx()
    return tf.cast(tf.random.uniform(shape, dtype=dtype, seed=_op_seed(seed)) < p, dtype)


def truncated_normal(shape, mean=0., stddev=1., dtype=None, seed=None):
    return tf.random.truncated_normal(shape, mean, stddev, dtype=dtype or floatx(),
                                      seed=_op_seed(seed))


def dropout(x, level, noise_shape=None, seed=None):
    return tf.nn.dropout(x, rate=level, noise_shape=noise_shape, seed=_op_seed(seed))


@contextlib.contextmanager
def name_scope(name):
    with _graph().as_default(), tf.name_scope(name) as scope:
        yield scope


# -- compiled functions -------------------------------------------------------------

class Function(object):
    """A compiled graph step: feeds numpy arrays, fetches numpy arrays.

    It runs through `Session._make_callable_from_options`, the fast path that
    skips `Session.run`'s per-call feed and fetch handling.

    # Arguments
        inputs: The placeholders fed on each call.
        outputs: The tensors fetched on each call.
        updates: `(variable, new value)` pairs (all computed from the state
            before the call, then assigned) or ops, run on each call.
        name: Unused (Keras's argument).
    """

    def __init__(self, inputs, outputs, updates=None, name=None):
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self._dtypes = [x.dtype.base_dtype.as_numpy_dtype for x in self.inputs]
        pairs = [u for u in updates or [] if isinstance(u, (list, tuple))]
        fused = [u for u in updates or [] if isinstance(u, _FusedStep)]
        ops = [u for u in updates or [] if not isinstance(u, (list, tuple, _FusedStep))]
        # Fetch identities so that an input fed and fetched at once is allowed.
        fetches = [tf.identity(y) for y in self.outputs]
        options = config_pb2.CallableOptions()
        options.feed.extend(x.name for x in self.inputs)
        options.fetch.extend(y.name for y in fetches)
        if pairs or fused or ops:
            # As on every other backend, all new values are computed from the
            # state before the step, then assigned: no update reads a variable
            # another update of the same step has already changed (Adam's
            # step count, for one).
            new_values = [tf.convert_to_tensor(value) for _, value in pairs]
            with tf.control_dependencies(fetches + new_values):
                fused_ops = [u.build() for u in fused]
            with tf.control_dependencies(fetches + new_values + fused_ops):
                step = tf.group(*[tf1.assign(variable, value)
                                  for (variable, _), value in zip(pairs, new_values)] + ops)
            options.target.append(step.name)
        self._callable = _session()._make_callable_from_options(options)

    def __call__(self, inputs):
        values = [np.asarray(v, dtype=d) for v, d in zip(inputs, self._dtypes)]
        return self._callable(*values)
def function(inputs, outputs, updates=None, name=None, **kwargs):
    """Compile `outputs` as a function of `inputs`, running `updates` on each call."""
    for key in kwargs:
        raise ValueError('function: argument %r is not supported by the tensorflow backend.' % key)
    return Function(inputs, outputs, updates=updates, name=name)


def gcs_file_io():
    """TensorFlow's `file_io` module, through which model files on Google Cloud
    Storage (`gs://` paths) are read and written (engine.saving's `tf_file_io`)."""
    from tensorflow.python.lib.io import file_io
    return file_io


def export_saved_model(export_dir, inputs, outputs):
    """Writes the backend's graph and variables as a SavedModel in `export_dir`.

    Its `serving_default` signature maps the named `inputs` tensors to the
    named `outputs`; see `utils.export_saved_model`.

    # Arguments
        export_dir: The directory to write (it must not exist).
        inputs: Dict from names to input tensors.
        outputs: Dict from names to output tensors.
    """
    saved_model = tf1.saved_model
    signature = saved_model.predict_signature_def(inputs=inputs, outputs=outputs)
    builder = saved_model.Builder(export_dir)
    with _state['graph'].as_default():
        builder.add_meta_graph_and_variables(
            _session(), [saved_model.tag_constants.SERVING],
            signature_def_map={'serving_default': signature}, strip_default_attrs=True)
    builder.save()


# -- the rest of the Keras 2.3 backend API ------------------------------------------

def backend():
    return 'tensorflow'


def is_sparse(x):
    return isinstance(x, tf.SparseTensor)


def to_dense(x):
    return tf.sparse.to_dense(x) if is_sparse(x) else x


def manual_variable_initialization(value):
    """Variables here are always initialised when created; kept for API compatibility."""


def control_dependencies(control_inputs):
    return tf.control_dependencies(control_inputs)


def print_tensor(x, message=''):
    op = tf.print(message, x)
    with tf.control_dependencies([op]):
        return tf.identity(x)


def arange(start, stop=None, step=1, dtype='int32'):
    """`[start, start + step, ...)` below `stop`, or `[0, 1, ..., start)` without
    `stop` (empty for a negative `start`); the arguments may be scalar tensors."""
    if stop is None:
        start, stop = 0, tf.maximum(tf.cast(start, 'int32'), 0) if is_tensor(start) \
            else builtins.max(start, 0)
    start, stop, step = [tf.cast(v, 'int32') if is_tensor(v) else v for v in (start, stop, step)]
    result = tf.range(start, limit=stop, delta=step, dtype='int32')
    return result if dtype == 'int32' else tf.cast(result, dtype)


def batch_dot(x, y, axes=None):
    """The dot product of each sample of `x` with the same sample of `y`.

    # Arguments
        x: Tensor of rank >= 2 (the batch axis first).
        y: Tensor of rank >= 2, with the same batch size.
        axes: Integer or pair of integers, the axes of `x` and `y` contracted
            (default: the last axis of `x` and the next-to-last of `y`, or
            its last when `y` has rank 2).

    # Returns
        The tensor of the products, `(batch, x's other axes..., y's other
        axes...)`; a result of rank 1 gets an axis of size 1.

    # Raises
        ValueError: when `axes` names the batch axis.
    """
    x_ndim, y_ndim = x.shape.rank, y.shape.rank
    if isinstance(axes, int):
        axes = (axes, axes)
    if axes is None:
        axes = (x_ndim - 1, y_ndim - 2 if y_ndim > 2 else y_ndim - 1)
    ax, ay = axes[0] % x_ndim, axes[1] % y_ndim
    if ax == 0 or ay == 0:
        raise ValueError('batch_dot: cannot contract over the batch axis 0; got axes=%r.' % (axes,))
    letters = 'bcdefghijklmnopqrstuvw'
    xs = ['a'] + list(letters[:x_ndim - 1])
    ys = ['a'] + list(letters[x_ndim - 1:x_ndim - 1 + y_ndim - 1])
    ys[ay] = xs[ax]
    out = [c for i, c in enumerate(xs) if i != ax] + [c for i, c in enumerate(ys) if i not in (0, ay)]
    result = tf.einsum('%s,%s->%s' % (''.join(xs), ''.join(ys), ''.join(out)), x, y)
    if len(out) == 1:
        result = tf.expand_dims(result, 1)
    return result


def cumsum(x, axis=0):
    return tf.cumsum(x, axis=axis)


def cumprod(x, axis=0):
    return tf.math.cumprod(x, axis=axis)


def reverse(x, axes):
    return tf.reverse(x, list(axes) if isinstance(axes, (list, tuple)) else [axes])


def slice(x, start, size):
    """x[start:start + size] along every axis (size -1: to the end)."""
    if x.shape.rank is not None:
        _check_slice(x.shape.rank, start, size)
    return tf.slice(x, list(start), list(size))


def tile(x, n):
    """`x` repeated `n[i]` times along axis i; a shorter `n` applies to the last
    axes, a longer one adds leading axes (as `np.tile`); `n` may be a tensor of
    rank(x) multiples."""
    if is_tensor(n):
        return tf.tile(x, tf.cast(n, 'int32'))
    n = [n] if isinstance(n, (int, np.integer)) else list(n)
    rank = x.shape.rank
    if len(n) > rank:
        x = tf.reshape(x, tf.concat([tf.ones([len(n) - rank], 'int32'), tf.shape(x)], 0))
    return tf.tile(x, [1] * (rank - len(n)) + n)


def repeat(x, n):
    return tf.tile(tf.expand_dims(x, 1), [1, n, 1])


def repeat_elements(x, rep, axis):
    """Each element of `x` repeated `rep` times along `axis` (as `np.repeat`)."""
    y = tf.repeat(x, rep, axis=axis)
    shape = int_shape(x)
    if shape is not None:
        shape = list(shape)
        axis = axis % len(shape)
        shape[axis] = None if shape[axis] is None else shape[axis] * rep
        y._keras_shape = tuple(shape)
    return y


def in_top_k(predictions, targets, k):
    return tf.math.in_top_k(tf.cast(targets, 'int32'), predictions, k)


def temporal_padding(x, padding=(1, 1)):
    return tf.pad(x, [[0, 0], list(padding), [0, 0]])


def _spatial_pads(padding, data_format):
    pads = [list(p) for p in padding]
    if normalize_data_format(data_format) == 'channels_first':
        return [[0, 0], [0, 0]] + pads
    return [[0, 0]] + pads + [[0, 0]]


def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    return tf.pad(x, _spatial_pads(padding, data_format))


def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)), data_format=None):
    return tf.pad(x, _spatial_pads(padding, data_format))


def resize_images(x, height_factor, width_factor, data_format, interpolation='nearest'):
    if interpolation not in ('nearest', 'bilinear'):
        raise ValueError('resize_images: invalid interpolation %r (expected "nearest" or '
                         '"bilinear").' % (interpolation,))
    data_format = normalize_data_format(data_format)
    if interpolation == 'nearest':
        axes = (2, 3) if data_format == 'channels_first' else (1, 2)
        return tf.repeat(tf.repeat(x, height_factor, axis=axes[0]), width_factor, axis=axes[1])
    x = _channels_last(x, data_format)
    size = tf.shape(x)[1:3] * tf.constant([height_factor, width_factor])
    y = tf.cast(tf.image.resize(x, size, method='bilinear'), x.dtype)
    return _channels_first(y, data_format)


def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    axes = (2, 3, 4) if normalize_data_format(data_format) == 'channels_first' else (1, 2, 3)
    for axis, factor in zip(axes, (depth_factor, height_factor, width_factor)):
        x = tf.repeat(x, factor, axis=axis)
    return x


def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=1e-3):
    """Applies batch normalization: `(x - mean) / sqrt(var + epsilon) * gamma + beta`.

    # Arguments
        x: input tensor.
        mean: mean of the batch, per channel or broadcastable to `x`.
        var: variance of the batch, shaped as `mean`.
        beta: offset to add, or `None`.
        gamma: scale to multiply by, or `None`.
        axis: the channel axis (TensorFlow's fused kernel serves 4D inputs with
            per-channel statistics on this axis).
        epsilon: fuzz factor added to the variance.

    # Returns
        A tensor shaped as `x`.
    """
    channel_axis = axis % x.shape.rank if x.shape.rank else None
    channels = x.shape[channel_axis] if channel_axis is not None else None

    def per_channel(v):
        return v is None or tf.TensorShape(getattr(v, 'shape', None)).num_elements() == channels

    if x.shape.rank == 4 and channel_axis in (1, 3) and x.dtype == tf.float32 and \
            channels is not None and builtins.all(per_channel(v) for v in (mean, var, beta, gamma)):
        # Images with per-channel statistics: TensorFlow's fused kernel, which
        # grappler can also fold into the convolution before it.
        scale = tf.ones([channels]) if gamma is None else tf.reshape(gamma, [-1])
        offset = tf.zeros([channels]) if beta is None else tf.reshape(beta, [-1])
        y, _, _ = tf1.nn.fused_batch_norm(
            x, scale, offset, tf.reshape(mean, [-1]), tf.reshape(var, [-1]), epsilon=epsilon,
            data_format='NHWC' if channel_axis == 3 else 'NCHW', is_training=False)
        return y
    return tf.nn.batch_normalization(x, mean, var, beta, gamma, epsilon)


def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=1e-3):
    mean_, var_ = tf.nn.moments(x, list(reduction_axes), keepdims=False)
    rank = x.shape.rank
    shape = [1 if i in reduction_axes else -1 for i in range(rank)]
    target = [tf.shape(x)[i] if i not in reduction_axes else 1 for i in range(rank)]
    b_mean, b_var = tf.reshape(mean_, target), tf.reshape(var_, target)
    b_beta = None if beta is None else tf.reshape(beta, target)
    b_gamma = None if gamma is None else tf.reshape(gamma, target)
    del shape
    return tf.nn.batch_normalization(x, b_mean, b_var, b_beta, b_gamma, epsilon), mean_, var_


def moving_average_update(x, value, momentum):
    return _Update(x, x * momentum + value * (1. - momentum))


def map_fn(fn, elems, name=None, dtype=None):
    return tf.map_fn(fn, elems, name=name, fn_output_signature=dtype)


def foldl(fn, elems, initializer=None, name=None):
    return tf.foldl(fn, elems, initializer=initializer, name=name)


def foldr(fn, elems, initializer=None, name=None):
    return tf.foldr(fn, elems, initializer=initializer, name=name)


def conv2d_transpose(x, kernel, output_shape, strides=(1, 1), padding='valid', data_format=None,
                     dilation_rate=(1, 1)):
    """Transposed 2D convolution; kernel (rows, cols, out, in)."""
    return _conv_transpose(x, kernel, output_shape, strides, padding, data_format, dilation_rate)


def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1), padding='valid', data_format=None):
    return _conv_transpose(x, kernel, output_shape, strides, padding, data_format, (1, 1, 1))


def _conv_transpose(x, kernel, output_shape, strides, padding, data_format, dilation_rate):
    _check_padding('conv_transpose', padding)
    data_format = normalize_data_format(data_format)
    x = _channels_last(x, data_format)
    shape = list(output_shape)
    if data_format == 'channels_first':
        shape = [shape[0]] + shape[2:] + [shape[1]]
    if shape[0] is None:
        shape[0] = tf.shape(x)[0]
    shape = tf.stack([tf.cast(s, 'int32') for s in shape])
    # TensorFlow's Eigen CPU kernels (used wherever oneDNN is off) refuse a
    # dilated transposed convolution; the same product with a kernel that has
    # zeros between its taps runs on every kernel, gradients included.
    kernel = _dilate_kernel(kernel, _tuple(dilation_rate, len(strides)))
    y = tf.nn.conv_transpose(x, kernel, shape, strides=list(strides), padding=padding.upper())
    return _channels_first(y, data_format)


def _dilate_kernel(kernel, dilation):
    """`kernel` with dilation[i] - 1 zeros inserted between taps of spatial axis i."""
    for axis, rate in enumerate(dilation):
        if rate == 1:
            continue
        shape = kernel.shape.as_list()
        taps = shape[axis]
        spread = tf.stack([kernel] + [tf.zeros_like(kernel)] * (rate - 1), axis=axis + 1)
        shape[axis] = taps * rate
        kernel = tf.reshape(spread, shape)
        kernel = kernel[(builtins.slice(None),) * axis + (builtins.slice(0, (taps - 1) * rate + 1),)]
    return kernel


def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding='valid', data_format=None,
                     dilation_rate=(1, 1)):
    """2D convolution of each input channel with filters of its own.

    # Arguments
        x: Input tensor of rank 4.
        depthwise_kernel: Kernel `(rows, cols, channels, depth_multiplier)`.
        strides: Tuple of 2 integers, the steps of the window.
        padding: `"valid"` or `"same"`.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
        dilation_rate: Tuple of 2 integers, the dilation of the window.

    # Returns
        A tensor of `channels * depth_multiplier` channels.
    """
    _check_padding('depthwise_conv2d', padding)
    data_format = normalize_data_format(data_format)
    x = _channels_last(x, data_format)
    strides, dilation = _tuple(strides, 2), _tuple(dilation_rate, 2)
    if strides[0] == strides[1] and (strides[0] == 1 or builtins.max(dilation) == 1):
        y = tf.nn.depthwise_conv2d(x, depthwise_kernel, [1, strides[0], strides[0], 1],
                                   padding.upper(), dilations=dilation)
    else:
        # TensorFlow's Eigen CPU kernels (used wherever oneDNN is off) take only
        # equal row and column strides, forward and backward, and no kernel
        # takes strides with dilation: pad as 'same' would, convolve with the
        # strides' common divisor (1 when dilated), then keep every step-th output.
        common = math.gcd(*strides) if builtins.max(dilation) == 1 else 1
        if padding == 'same':
            x = _pad_same(x, depthwise_kernel.shape.as_list()[:2], strides, dilation)
        y = tf.nn.depthwise_conv2d(x, depthwise_kernel, [1, common, common, 1], 'VALID',
                                   dilations=dilation)
        y = _subsample(y, [s // common for s in strides])
    return _channels_first(y, data_format)


def separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1), padding='valid',
                     data_format=None, dilation_rate=(1, 1)):
    y = depthwise_conv2d(x, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv2d(y, pointwise_kernel, (1, 1), 'valid', data_format)


def separable_conv1d(x, depthwise_kernel, pointwise_kernel, strides=1, padding='valid',
                     data_format=None, dilation_rate=1):
    """1D depthwise separable convolution: per channel, then pointwise.

    # Arguments
        x: Input tensor of rank 3.
        depthwise_kernel: Kernel `(width, channels, depth_multiplier)`.
        pointwise_kernel: Kernel `(1, channels * depth_multiplier, filters)`.
        strides: Integer, the step of the window.
        padding: `"valid"`, `"same"` or `"causal"`.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).
        dilation_rate: Integer, the dilation of the window.

    # Returns
        A tensor of `filters` channels.
    """
    data_format = normalize_data_format(data_format)
    if padding == 'causal':
        rate = dilation_rate if isinstance(dilation_rate, int) else dilation_rate[0]
        width = (int(depthwise_kernel.shape[0]) - 1) * rate
        pad = [[0, 0], [0, 0], [width, 0]] if data_format == 'channels_first' else \
            [[0, 0], [width, 0], [0, 0]]
        x = tf.pad(x, pad)
        padding = 'valid'
    axis = 2 if data_format == 'channels_first' else 1
    x2 = tf.expand_dims(x, axis + 1 if data_format == 'channels_first' else axis)
    stride = strides if isinstance(strides, int) else strides[0]
    rate = dilation_rate if isinstance(dilation_rate, int) else dilation_rate[0]
    y = separable_conv2d(x2, tf.expand_dims(depthwise_kernel, 0), tf.expand_dims(pointwise_kernel, 0),
                         (1, stride), padding, data_format, (1, rate)) \
        if data_format == 'channels_last' else \
        separable_conv2d(x2, tf.expand_dims(depthwise_kernel, 1), tf.expand_dims(pointwise_kernel, 1),
                         (stride, 1), padding, data_format, (rate, 1))
    return tf.squeeze(y, [axis + 1 if data_format == 'channels_first' else axis]) \
        if data_format == 'channels_first' else tf.squeeze(y, [1])


def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    data_format = normalize_data_format(data_format)
    x = _channels_last(inputs, data_format)
    k, s = kernel_size[0], strides[0]
    patches = [tf.reshape(x[:, i * s:i * s + k, :], (-1, 1, k * int(x.shape[-1])))
               for i in range(int(kernel.shape[0]))]
    stacked = tf.transpose(tf.concat(patches, axis=1), [1, 0, 2])
    y = tf.transpose(tf.matmul(stacked, kernel), [1, 0, 2])
    return _channels_first(y, data_format)


def local_conv2d(inputs, kernel, kernel_size, strides, output_shape, data_format=None):
    """2D convolution with weights that are not shared (one kernel per position).

    # Arguments
        inputs: Input tensor of rank 4.
        kernel: Kernel `(rows * cols, kernel_rows * kernel_cols * channels,
            filters)`, for an output of `rows` x `cols` positions.
        kernel_size: Tuple of 2 integers, the size of the window.
        strides: Tuple of 2 integers, the steps of the window.
        output_shape: Tuple `(rows, cols)` of the output positions.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            image data format of `keras.json`).

    # Returns
        A tensor of `filters` channels.
    """
    data_format = normalize_data_format(data_format)
    x = _channels_last(inputs, data_format)
    rows, cols = output_shape
    depth = kernel_size[0] * kernel_size[1] * int(x.shape[-1])
    patches = []
    for i in range(rows):
        for j in range(cols):
            patch = x[:, i * strides[0]:i * strides[0] + kernel_size[0],
                      j * strides[1]:j * strides[1] + kernel_size[1], :]
            patches.append(tf.reshape(patch, (-1, 1, depth)))
    stacked = tf.transpose(tf.concat(patches, axis=1), [1, 0, 2])
    y = tf.matmul(stacked, kernel)
    y = tf.reshape(tf.transpose(y, [1, 0, 2]), (-1, rows, cols, int(kernel.shape[-1])))
    return _channels_first(y, data_format)


def _where_step(step_mask, new, old):
    """`new` for the samples whose `step_mask` (batch,) is true, else `old`, for
    tensors of any rank (batch, ...)."""
    rank = new.shape.rank
    step_mask = tf.reshape(step_mask, [-1] + [1] * (rank - 1))
    return tf.where(step_mask, new, old)


def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None, constants=None,
        unroll=False, input_length=None, return_all_outputs=True):
    """Iterates `step_function` over the time axis (axis 1) of `inputs`.

    # Arguments
        step_function: Function of `(input_t, states + constants)` that
            returns `(output_t, new_states)`.
        inputs: Tensor `(samples, time, ...)`.
        initial_states: List of the initial state tensors.
        go_backwards: Whether to iterate from the last step to the first.
        mask: Tensor `(samples, time)`: where it is 0, the step keeps the
            previous output and states.
        constants: List of tensors passed to every step.
        unroll: Whether to unroll the loop in the graph.
        input_length: The number of steps, for `unroll`.
        return_all_outputs: Whether to keep every step's output; if not, the
            loop keeps none and `outputs` is the last output alone
            `(samples, 1, ...)`.

    # Returns
        `(last_output, outputs (samples, time, ...), new_states)`.

    # Raises
        ValueError: for `unroll=True` on inputs of unknown length.
    """
    constants = list(constants or [])
    time_major = tf.transpose(inputs, [1, 0] + list(range(2, inputs.shape.rank)))
    if mask is not None:
        mask = tf.transpose(tf.cast(mask, tf.bool), [1, 0])
    if go_backwards:
        time_major = tf.reverse(time_major, [0])
        if mask is not None:
            mask = tf.reverse(mask, [0])
    states = list(initial_states)
    steps = time_major.shape[0]
    if unroll:
        if steps is None:
            raise ValueError('rnn: unroll=True needs a known number of timesteps; the tensorflow '
                             'backend got an input of unknown length.')
        outputs, last = [], None
        for t in range(steps):
            output, new_states = step_function(time_major[t], states + constants)
            if mask is not None:
                last = tf.zeros_like(output) if last is None else last
                output = _where_step(mask[t], output, last)
                new_states = [_where_step(mask[t], ns, s) for s, ns in zip(states, new_states)]
            outputs.append(output)
            states, last = list(new_states), output
        stacked = tf.stack(outputs, axis=1) if return_all_outputs else tf.expand_dims(last, 1)
        return last, stacked, states
    # One step outside the loop gives the output's dtype and shape; only its
    # shape is used.
    first_output, _ = step_function(time_major[0], states + constants)
    n_steps = tf.shape(time_major)[0]
    # Steps read their input from a TensorArray: the gradient of a read is one
    # write, where the gradient of time_major[t] would be a whole zero-filled
    # sequence per step (quadratic in the number of steps).
    input_ta = tf.TensorArray(time_major.dtype, size=n_steps).unstack(time_major)

    def body(t, last, *rest):
        out_ta, states_ = (rest[0], list(rest[1:])) if return_all_outputs else (None, list(rest))
        output, new_states = step_function(input_ta.read(t), states_ + constants)
        if mask is not None:
            output = _where_step(mask[t], output, last)
            new_states = [_where_step(mask[t], ns, s) for s, ns in zip(states_, new_states)]
        for ns, s in zip(new_states, states_):
            ns.set_shape(s.shape)
        kept = (out_ta.write(t, output),) if return_all_outputs else ()
        return (t + 1, output) + kept + tuple(new_states)

    kept = (tf.TensorArray(first_output.dtype, size=n_steps),) if return_all_outputs else ()
    loop = tf.while_loop(lambda t, *_: t < n_steps, body,
                         (tf.constant(0), tf.zeros_like(first_output)) + kept + tuple(states))
    last, new_states = loop[1], list(loop[2 + len(kept):])
    if not return_all_outputs:
        return last, tf.expand_dims(last, 1), new_states
    outputs = loop[2].stack()
    outputs = tf.transpose(outputs, [1, 0] + list(range(2, outputs.shape.rank)))
    return last, outputs, new_states


def ctc_label_dense_to_sparse(labels, label_lengths):
    lengths = tf.cast(tf.reshape(label_lengths, [-1]), 'int32')
    max_len = tf.shape(labels)[1]
    mask = tf.sequence_mask(lengths, max_len)
    indices = tf.cast(tf.where(mask), 'int64')
    values = tf.gather_nd(labels, indices)
    return tf.SparseTensor(indices, values, tf.cast(tf.shape(labels), 'int64'))


def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    label_length = tf.cast(tf.reshape(label_length, [-1]), 'int32')
    input_length = tf.cast(tf.reshape(input_length, [-1]), 'int32')
    sparse = ctc_label_dense_to_sparse(tf.cast(y_true, 'int32'), label_length)
    logits = tf.math.log(tf.transpose(y_pred, [1, 0, 2]) + epsilon())
    loss = tf1.nn.ctc_loss(labels=sparse, inputs=logits, sequence_length=input_length,
                           ignore_longer_outputs_than_inputs=True)
    return tf.expand_dims(loss, 1)


def ctc_decode(y_pred, input_length, greedy=True, beam_width=100, top_paths=1,
               merge_repeated=False):
    """Decodes the softmax output of a CTC-trained network.

    `y_pred` is `(samples, steps, classes)`, the last class being the blank;
    decoding is greedy (the best path, repeats merged, blanks dropped) or, with
    `greedy=False`, a beam search.

    # Arguments
        y_pred: The softmax output.
        input_length: Tensor `(samples,)` of the length of each sequence.
        greedy: Whether to decode greedily.
        beam_width: The beam width of the beam search.
        top_paths: The number of best paths the beam search returns.
        merge_repeated: Whether the beam search merges repeated classes.

    # Returns
        `([decoded (samples, length), padded with -1, one per path], log
        probabilities (samples, paths))`.
    """
    logits = tf.math.log(tf.transpose(y_pred, [1, 0, 2]) + epsilon())
    input_length = tf.cast(tf.reshape(input_length, [-1]), 'int32')
    if greedy:
        decoded, log_prob = tf.nn.ctc_greedy_decoder(logits, input_length)
    else:
        decoded, log_prob = tf1.nn.ctc_beam_search_decoder(
            logits, input_length, beam_width=beam_width, top_paths=top_paths,
            merge_repeated=merge_repeated)
    dense = [tf.sparse.to_dense(d, default_value=-1) for d in decoded]
    return dense, log_prob


def size(x, name=None):
    """The number of elements of `x` (a scalar tensor)."""
    return tf.size(x, name=name)


# -- every public function builds in the backend's own graph --------------------------

_NO_GRAPH = {'ensure_engine', 'clear_session', 'set_random_seed', 'get_session', 'set_session',
             'name_scope',
             'floatx', 'epsilon', 'image_data_format', 'normalize_data_format', 'get_uid',
             'set_learning_phase', 'learning_phase_scope', 'int_shape', 'ndim', 'dtype', 'is_keras_tensor'}


def _enter_own_graph(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if 'graph' not in _state:
            # Called as a module while another backend is active (Keras's own
            # tests compare backends so): start the graph and session now.
            _new_session()
        # Already building a graph (ours, or a loop body inside it): build there.
        if not tf.executing_eagerly():
            return fn(*args, **kwargs)
        with _state['graph'].as_default():
            return fn(*args, **kwargs)
    return wrapper


for _name, _value in list(globals().items()):
    if (callable(_value) and not _name.startswith('_') and _name not in _NO_GRAPH
            and getattr(_value, '__module__', None) == __name__ and not isinstance(_value, type)):
        globals()[_name] = _enter_own_graph(_value)
del _name, _value
