"""Training, evaluating and predicting from a generator or a `Sequence`.

`fit_generator`, `evaluate_generator` and `predict_generator` (and `fit()`,
`evaluate()`, `predict()` given a generator or a `Sequence`) read the data
through an enqueuer (`utils.data_utils`), check each batch as `fit()` checks
arrays, and hand the batches to the loops of `Model` (`training.py`): the
compiled functions, callbacks, logs and progress bar are the same as for
arrays.

Threads: with `workers > 0` a generator is read in worker threads and a
`Sequence` in a thread pool (or processes with `use_multiprocessing=True`).
Data marked main-thread-only (`utils.main_thread_only()`, the attribute
`_keras_main_thread_only = True`) is always read synchronously on the
calling thread, whatever `workers` says: the R package marks the generators
it makes from R functions so.
"""
import contextlib
import inspect
import itertools

import numpy as np

from .. import backend as K
from .. import callbacks as cbks
from ..utils.data_utils import Sequence, OrderedEnqueuer, GeneratorEnqueuer
from . import data_checks

# Seconds to wait for each enqueuer thread when a loop ends (a thread inside a
# slow read of the user's generator finishes that read on its own).
_STOP_TIMEOUT = 10.


def is_generator_or_sequence(x):
    """Whether `x` is data to read batch by batch: a `Sequence`, a generator or an iterator."""
    if isinstance(x, Sequence) or inspect.isgenerator(x):
        return True
    return hasattr(x, '__next__') and hasattr(x, '__iter__') and not hasattr(x, 'shape')


def _leaves(data):
    """The arrays (or tensors) of `data`: an array, or a list, tuple or dict of them."""
    if isinstance(data, dict):
        return [v for v in data.values() if v is not None]
    if isinstance(data, (list, tuple)):
        return [v for v in data if v is not None]
    return [] if data is None else [data]


def is_symbolic_data(*data):
    """Whether the data (`x`, `y`, ...) are given as backend tensors (any of their arrays).

    # Raises
        ValueError: for data that mix numpy arrays and tensors.
    """
    leaves = [v for d in data for v in _leaves(d)]
    symbolic = [K.is_tensor(v) for v in leaves]
    if any(symbolic) and not all(symbolic):
        raise ValueError('Do not pass inputs that mix Numpy arrays and symbolic tensors: give '
                         'the data (x, y and sample_weight) either all as arrays or all as '
                         'tensors.')
    return any(symbolic)


class SymbolicData(object):
    """Data given as backend tensors (`x`, `y`, ...: tensors, or lists or dicts of them).

    Calling it evaluates every tensor, all in one run of the backend (so
    tensors that share random draws agree), and returns the data with numpy
    values in place of the tensors; `batches()` does so at every step. Models
    thus train on data tensors (e.g. variables holding a data set, or ops
    producing batches) through the same loops as on arrays.
    """

    def __init__(self, *data):
        self.data = data
        self.tensors = [v for d in data for v in _leaves(d)]
        self._function = None

    def _rebuild(self, data, values):
        if isinstance(data, dict):
            return {k: (None if v is None else next(values)) for k, v in data.items()}
        if isinstance(data, (list, tuple)):
            return [None if v is None else next(values) for v in data]
        return None if data is None else next(values)

    def __call__(self):
        if self._function is None:
            self._function = K.function([], self.tensors)
        values = iter(self._function([]))
        return tuple(self._rebuild(d, values) for d in self.data)

    def batches(self):
        """The values, evaluated anew at each step, endlessly."""
        while True:
            yield self()


def terminates_on_nan(callbacks):
    """Whether `callbacks` hold a `TerminateOnNaN`: NaN and Inf in the training data are
    then not refused (Keras never checks them) and the callback stops training at
    the first non-finite loss."""
    if isinstance(callbacks, cbks.CallbackList):
        callbacks = callbacks.callbacks
    elif not isinstance(callbacks, (list, tuple)):
        callbacks = [] if callbacks is None else [callbacks]
    return any(isinstance(c, cbks.TerminateOnNaN) for c in callbacks)


def check_generator_arguments(caller, y=None, sample_weight=None, validation_split=None):
    """Raises for arguments that have no meaning when `x` is a generator or a `Sequence`."""
    for name, value in (('y', y), ('sample_weight', sample_weight)):
        if value is not None:
            raise ValueError('%s(): `%s` is not supported when `x` is a generator or a Sequence; '
                             'yield it from the generator instead, as the %s element of each '
                             'batch.' % (caller, name, 'second' if name == 'y' else 'third'))
    if validation_split:
        raise ValueError('%s(): `validation_split` is not supported when `x` is a generator or a '
                         'Sequence; pass `validation_data` instead.' % caller)


def _steps(data, steps, argument, caller):
    if steps is None:
        if isinstance(data, Sequence):
            return len(data)
        raise ValueError('%s(): `%s=None` is only valid for a generator based on the '
                         '`keras.utils.Sequence` class. Please specify `%s` or use the '
                         '`keras.utils.Sequence` class.' % (caller, argument, argument))
    return data_checks.check_count(steps, argument, minimum=1)


def _open(data, workers, use_multiprocessing, max_queue_size, shuffle=False):
    """A started enqueuer over `data` and the generator of its batches."""
    if isinstance(data, Sequence):
        enqueuer = OrderedEnqueuer(data, use_multiprocessing=use_multiprocessing, shuffle=shuffle)
    else:
        enqueuer = GeneratorEnqueuer(data, use_multiprocessing=use_multiprocessing)
    enqueuer.start(workers=workers, max_queue_size=max_queue_size)
    return enqueuer, enqueuer.get()


def _close(enqueuer):
    if enqueuer is not None:
        enqueuer.stop(_STOP_TIMEOUT)


@contextlib.contextmanager
def _reading(data, workers, use_multiprocessing, max_queue_size, shuffle=False):
    """Reads `data` through a started enqueuer: yields the generator of its batches.

    The enqueuer is stopped when the block ends, however it ends.
    """
    enqueuer, stream = _open(data, workers, use_multiprocessing, max_queue_size, shuffle)
    try:
        yield stream
    finally:
        _close(enqueuer)


def _unpack(output):
    """`(x, y, sample_weight)` of one generator output."""
    if isinstance(output, (list, tuple)) and len(output) in (2, 3):
        return tuple(output) + (None,) * (3 - len(output))
    found = '%s of length %d' % (type(output).__name__, len(output)) \
        if isinstance(output, (list, tuple)) else type(output).__name__
    raise ValueError('Output of generator should be a tuple `(x, y, sample_weight)` or `(x, y)`; '
                     'got a %s.' % found)


def _where(step, epoch):
    return 'at step %d%s' % (step + 1, '' if epoch is None else ' of epoch %d' % (epoch + 1))


def _batches(stream, steps, standardize, caller, epoch=None):
    """Yields `steps` batches from `stream`, each through `standardize`.

    Errors name the step (and the epoch) of the batch at fault.
    """
    for step in range(steps):
        try:
            output = next(stream)
        except StopIteration:
            raise ValueError('%s(): the generator stopped %s, after %d of the %d steps; it must '
                             'yield batches for as long as it is read (or give fewer steps).'
                             % (caller, _where(step, epoch), step, steps)) from None
        try:
            batch = data_checks.dense(standardize(output))
        except ValueError as e:
            raise ValueError("%s(): the generator's output %s does not fit the model: %s"
                             % (caller, _where(step, epoch), e)) from e
        if batch and batch[0].shape[0] == 0:
            raise ValueError("%s(): the generator's output %s is an empty batch; batches must "
                             "hold at least one sample." % (caller, _where(step, epoch)))
        yield batch


# -- standardizing the batches ---------------------------------------------------------------
#
# `data_checks` checks and converts every batch as fit() does arrays. Most
# generators yield batches that need nothing: numpy arrays of the model's
# dtypes, row-major, of the expected shapes. Those are recognised with a few
# comparisons against what the model expects (read once per loop, not once
# per batch) and taken as they are; the full checks, which convert a batch or
# say what is wrong with it, run on every other batch.


def _expected(tensors):
    """`(dtype, shape)` of the arrays fed to `tensors`, the batch dimension included."""
    return [(np.dtype(K.dtype(t)), K.int_shape(t)) for t in tensors]


def _rows(arrays, expected):
    """The number of rows of `arrays` when they can be fed as they are, else None.

    They can when they are numpy arrays of the expected dtypes, row-major, of
    the expected shapes (None matches any size), all with the same number of
    rows.
    """
    if len(arrays) != len(expected):
        return None
    for array, (dtype, shape) in zip(arrays, expected):
        if not (type(array) is np.ndarray and array.dtype == dtype and
                array.flags.c_contiguous and array.ndim == len(shape) and
                array.shape[0] == arrays[0].shape[0] and
                all(want in (None, got) for want, got in zip(shape[1:], array.shape[1:]))):
            return None
    return arrays[0].shape[0]


def _as_list(data):
    """The arrays of `x` or `y` as a list (a dict is left to the full checks)."""
    return list(data) if isinstance(data, (list, tuple)) else [data]


def _training_batch(model, class_weight, finite=True):
    """The function turning one generator output into the arrays of a train or test step.

    With `finite=False` (fit() with a `TerminateOnNaN` callback), NaN and Inf
    in the data are let through.
    """
    # Only the full checks for an uncompiled model (they raise), with class
    # weights, and with timestep-wise sample weights.
    fast = model.optimizer is not None and not class_weight and \
        not any(mode == 'temporal' for mode in model._sample_weight_modes)
    if fast:
        inputs = _expected(model._feed_inputs)
        fed = model._fed_outputs
        targets = [(np.dtype(K.dtype(model.targets[i])), data_checks._target_shape(model, i))
                   for i in fed]
        input_names = model._feed_input_names
        output_names = [model.output_names[i] for i in fed]
        floatx = K.floatx()
        ones = {}       # unit sample weights by batch size; never written to

    def standardize(output):
        x, y, sample_weight = _unpack(output)
        if fast and sample_weight is None and inputs and targets:
            xs, ys = _as_list(x), _as_list(y)
            rows = _rows(xs, inputs)
            # Targets of the expected shapes fit the loss too: data_checks'
            # target check only refuses targets of other shapes.
            if rows is not None and _rows(ys, targets) == rows:
                # The values the full checks look at: NaN/Inf, Embedding indices.
                if finite:
                    data_checks.check_finite(xs, 'x', input_names)
                    data_checks.check_finite(ys, 'y', output_names)
                data_checks.check_embedding_indices(model, xs)
                if rows not in ones:
                    ones[rows] = np.ones((rows,), dtype=floatx)
                    ones[rows].setflags(write=False)
                return xs + ys + [ones[rows]] * len(ys)
        return model._standardize(x, y, sample_weight, class_weight, finite=finite)
    return standardize


def _input_batch(model):
    """The function turning one generator output into the input arrays of a predict step."""
    ready = _expected(model._feed_inputs)

    def standardize(output):
        if isinstance(output, tuple):
            if len(output) not in (2, 3):
                raise ValueError('Output of generator should be a tuple `(x, y, sample_weight)`, '
                                 '`(x, y)` or the inputs `x`; got a tuple of length %d.'
                                 % len(output))
            output = output[0]
        arrays = _as_list(output)
        if ready and _rows(arrays, ready) is not None:
            data_checks.check_embedding_indices(model, arrays)
            return arrays
        return data_checks.standardize_inputs(model, output)
    return standardize


class Validation(object):
    """The validation run at the end of an epoch, on arrays or from a generator.

    # Arguments
        model: the model being trained.
        data: a `Sequence` or generator; or None with `ins`.
        ins: standardized validation arrays (inputs, targets, sample weights).
        steps: `validation_steps` (None: `len()` of a Sequence); with `ins`,
            each step takes all the arrays (None: batches of `batch_size`).
        batch_size: batch size for arrays.
        workers, use_multiprocessing, max_queue_size: as in `fit_generator`.
        caller: the function name used in error messages.
    """

    def __init__(self, model, data=None, ins=None, steps=None, batch_size=32, workers=1,
                 use_multiprocessing=False, max_queue_size=10, caller='fit'):
        self.model = model
        self.data = data
        self.ins = ins
        self.batch_size = batch_size
        self.caller = caller
        self.enqueuer = self.stream = None
        self._options = (workers, use_multiprocessing, max_queue_size)
        if data is not None:
            self.steps = _steps(data, steps, 'validation_steps', caller)
        else:
            self.steps = None if steps is None else \
                data_checks.check_count(steps, 'validation_steps', minimum=1)

    def start(self):
        """Starts reading the validation generator (once for the whole training)."""
        if self.data is not None:
            self.enqueuer, self.stream = _open(self.data, *self._options)

    def __call__(self, callbacks=None):
        """The validation loss and metrics, in `metrics_names` order; the `on_test_*`
        hooks of `callbacks` run around it."""
        f = self.model._function('test')
        if self.data is None:
            batches = [data_checks.dense(self.ins)] * self.steps if self.steps is not None else \
                self.model._slices(self.ins, self.batch_size)
        else:
            batches = _batches(self.stream, self.steps, _training_batch(self.model, None),
                               self.caller + ' (validation)')
        return self.model._test_loop(f, batches, callbacks=callbacks)

    def stop(self):
        _close(self.enqueuer)


def make_validation(model, validation_data, validation_steps, batch_size, workers,
                    use_multiprocessing, max_queue_size, caller):
    """A `Validation` for `validation_data` (a generator, a Sequence, or a tuple of arrays)."""
    if is_generator_or_sequence(validation_data):
        return Validation(model, data=validation_data, steps=validation_steps, workers=workers,
                          use_multiprocessing=use_multiprocessing, max_queue_size=max_queue_size,
                          caller=caller)
    if not isinstance(validation_data, (list, tuple)) or len(validation_data) not in (2, 3):
        raise ValueError('%s(): `validation_data` must be a tuple (x_val, y_val) or (x_val, y_val, '
                         'sample_weight), a generator or a Sequence; got %r.'
                         % (caller, type(validation_data)))
    x, y = validation_data[:2]
    sample_weight = validation_data[2] if len(validation_data) == 3 else None
    return Validation(model, ins=model._standardize(x, y, sample_weight, None),
                      steps=validation_steps, batch_size=batch_size, caller=caller)


def _build_from_first_batch(model, stream, caller):
    """`stream`, for a model that does not know its inputs yet (Keras 2.3's deferred
    build) first built from the inputs of the first batch, which is kept for the loop."""
    if model.built and (model._is_graph_network or model.inputs) and \
            model.__dict__.get('_deferred_compile') is None:
        return stream
    try:
        output = next(stream)
    except StopIteration:
        raise ValueError('%s(): the generator yielded no batch to build the model from.'
                         % caller) from None
    x = output[0] if isinstance(output, tuple) and len(output) in (2, 3) else output
    model._build_if_deferred(x)
    return itertools.chain([output], stream)


def fit_generator(model, generator, steps_per_epoch=None, epochs=1, verbose=1, callbacks=None,
                  validation_data=None, validation_steps=None, validation_freq=1,
                  class_weight=None, max_queue_size=10, workers=1, use_multiprocessing=False,
                  shuffle=True, initial_epoch=0, caller='fit_generator'):
    """`Model.fit_generator`: see its docstring."""
    model._ensure_backend()
    steps = _steps(generator, steps_per_epoch, 'steps_per_epoch', caller)
    # A Sequence read to its end each epoch may change its length from one
    # epoch to the next (in on_epoch_end): its steps are read again each epoch.
    dynamic = steps_per_epoch is None and isinstance(generator, Sequence)
    epochs = data_checks.check_count(epochs, 'epochs', minimum=0)
    initial_epoch = data_checks.check_count(initial_epoch, 'initial_epoch', minimum=0)
    params = {'epochs': epochs, 'steps': steps}
    validation = None

    def epoch_params():
        return {'steps': _steps(generator, None, 'steps_per_epoch', caller)}

    try:
        with _reading(generator, workers, use_multiprocessing, max_queue_size,
                      shuffle=shuffle) as stream:
            stream = _build_from_first_batch(model, stream, caller)
            standardize = _training_batch(model, class_weight,
                                          finite=not terminates_on_nan(callbacks))

            def epoch_batches(epoch):
                count = _steps(generator, None, 'steps_per_epoch', caller) if dynamic else steps
                return _batches(stream, count, standardize, caller, epoch)

            if validation_data is not None:
                validation = make_validation(model, validation_data, validation_steps,
                                             data_checks.check_batch_size(None), workers,
                                             use_multiprocessing, max_queue_size, caller)
            if validation is not None:
                validation.start()
            return model._fit_loop(
                epoch_batches, params, callbacks=callbacks, verbose=verbose,
                progbar=cbks.ProgbarLogger(count_mode='steps'), initial_epoch=initial_epoch,
                validation=validation, validation_freq=validation_freq,
                epoch_params=epoch_params if dynamic else None)
    finally:
        if validation is not None:
            validation.stop()


def evaluate_generator(model, generator, steps=None, callbacks=None, max_queue_size=10,
                       workers=1, use_multiprocessing=False, verbose=0,
                       caller='evaluate_generator'):
    """`Model.evaluate_generator`: the list of the loss and metrics (see its docstring)."""
    model._ensure_backend()
    steps = _steps(generator, steps, 'steps', caller)
    with _reading(generator, workers, use_multiprocessing, max_queue_size) as stream:
        stream = _build_from_first_batch(model, stream, caller)
        f = model._function('test')
        return model._test_loop(f, _batches(stream, steps, _training_batch(model, None), caller),
                                callbacks=callbacks)


def predict_generator(model, generator, steps=None, callbacks=None, max_queue_size=10, workers=1,
                      use_multiprocessing=False, verbose=0, caller='predict_generator'):
    """`Model.predict_generator`: see its docstring."""
    model._ensure_backend()
    steps = _steps(generator, steps, 'steps', caller)
    with _reading(generator, workers, use_multiprocessing, max_queue_size) as stream:
        stream = _build_from_first_batch(model, stream, caller)
        f = model._function('predict')
        return model._predict_loop(f, _batches(stream, steps, _input_batch(model), caller),
                                   steps=steps if verbose else None, callbacks=callbacks)
