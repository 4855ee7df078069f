"""Callbacks: hooks into training (`on_epoch_end`, `on_batch_end`, ...)."""
import warnings

import numpy as np

from .utils.generic_utils import Progbar


class Callback(object):
    """Base class. Override the `on_*` methods you need; `self.model` is the model."""

    def __init__(self):
        self.model = None
        self.params = None
        self.validation_data = None

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self.model = model

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_batch_begin(self, batch, logs=None):
        pass

    def on_batch_end(self, batch, logs=None):
        pass

    def on_train_begin(self, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass

    def on_train_batch_begin(self, batch, logs=None):
        """Before a training batch; by default `on_batch_begin`, as in Keras 2.3."""
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch, logs=None):
        """After a training batch; by default `on_batch_end`, as in Keras 2.3."""
        self.on_batch_end(batch, logs=logs)

    def on_test_begin(self, logs=None):
        """At the start of `evaluate()`."""

    def on_test_end(self, logs=None):
        """At the end of `evaluate()`."""

    def on_test_batch_begin(self, batch, logs=None):
        """Before each batch of `evaluate()`."""

    def on_test_batch_end(self, batch, logs=None):
        """After each batch of `evaluate()`; `logs` holds its loss and metrics."""

    def on_predict_begin(self, logs=None):
        """At the start of `predict()`."""

    def on_predict_end(self, logs=None):
        """At the end of `predict()`."""

    def on_predict_batch_begin(self, batch, logs=None):
        """Before each batch of `predict()`."""

    def on_predict_batch_end(self, batch, logs=None):
        """After each batch of `predict()`; `logs` holds its outputs."""


class CallbackList(object):
    """Calls a list of callbacks in order.

    Every hook of `Callback` has its method here, calling it on each callback
    (with `{}` when no logs are given). The training batch hooks only call the
    callbacks that define them (or the `on_batch_*` hooks they default to)
    themselves, so that a training step costs nothing for the others.

    # Arguments
        callbacks: List of `Callback`s (None: none).
    """

    _TRAIN_BATCH_HOOKS = ('on_batch_begin', 'on_batch_end', 'on_train_batch_begin',
                          'on_train_batch_end')

    def __init__(self, callbacks=None):
        self.callbacks = list(callbacks or [])
        self._train_batch_hooks = None

    def __iter__(self):
        return iter(self.callbacks)

    def append(self, callback):
        self.callbacks.append(callback)
        self._train_batch_hooks = None

    def _with_batch_hooks(self, mode):
        """The callbacks whose batch hooks of `mode` ('train', 'test', 'predict') to call."""
        if mode != 'train':
            return self.callbacks
        if self._train_batch_hooks is None:
            self._train_batch_hooks = [
                c for c in self.callbacks
                if any(getattr(type(c), h) is not getattr(Callback, h) or h in vars(c)
                       for h in self._TRAIN_BATCH_HOOKS)]
        return self._train_batch_hooks

    def set_params(self, params):
        for c in self.callbacks:
            c.set_params(params)

    def set_model(self, model):
        for c in self.callbacks:
            c.set_model(model)

    def call(self, hook, *args):
        """Call `hook` (the name of any `Callback` method) on every callback."""
        for c in self.callbacks:
            getattr(c, hook)(*args)

    def _call_all(self, hook, logs):
        logs = logs if logs is not None else {}
        for c in self.callbacks:
            getattr(c, hook)(logs)

    def _call_batch(self, mode, hook, batch, logs):
        logs = logs if logs is not None else {}
        for c in self._with_batch_hooks(mode):
            getattr(c, hook)(batch, logs)

    def on_epoch_begin(self, epoch, logs=None):
        for c in self.callbacks:
            c.on_epoch_begin(epoch, logs if logs is not None else {})

    def on_epoch_end(self, epoch, logs=None):
        for c in self.callbacks:
            c.on_epoch_end(epoch, logs if logs is not None else {})

    def on_batch_begin(self, batch, logs=None):
        """As `on_train_batch_begin` (Keras 2.3: the training batch hooks)."""
        self._call_batch('train', 'on_train_batch_begin', batch, logs)

    def on_batch_end(self, batch, logs=None):
        """As `on_train_batch_end`."""
        self._call_batch('train', 'on_train_batch_end', batch, logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._call_batch('train', 'on_train_batch_begin', batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self._call_batch('train', 'on_train_batch_end', batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._call_batch('test', 'on_test_batch_begin', batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        self._call_batch('test', 'on_test_batch_end', batch, logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._call_batch('predict', 'on_predict_batch_begin', batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._call_batch('predict', 'on_predict_batch_end', batch, logs)

    def on_train_begin(self, logs=None):
        self._call_all('on_train_begin', logs)

    def on_train_end(self, logs=None):
        self._call_all('on_train_end', logs)

    def on_test_begin(self, logs=None):
        self._call_all('on_test_begin', logs)

    def on_test_end(self, logs=None):
        self._call_all('on_test_end', logs)

    def on_predict_begin(self, logs=None):
        self._call_all('on_predict_begin', logs)

    def on_predict_end(self, logs=None):
        self._call_all('on_predict_end', logs)


class BaseLogger(Callback):
    """Averages the batch metrics into the epoch logs (weighted by batch size).

    # Arguments
        stateful_metrics: names of metrics whose batch values already cover
            the epoch so far (stateful metrics): the epoch logs get their last
            value instead of an average.
    """

    def __init__(self, stateful_metrics=None):
        super(BaseLogger, self).__init__()
        self.stateful_metrics = set(stateful_metrics or [])

    def on_epoch_begin(self, epoch, logs=None):
        self.seen = 0
        self.totals = {}

    def on_batch_end(self, batch, logs=None):
        size = logs.get('size', 0)
        self.seen += size
        for key, value in logs.items():
            if key in ('batch', 'size'):
                continue
            if key in self.stateful_metrics:
                self.totals[key] = value
            else:
                self.totals[key] = self.totals.get(key, 0.) + value * size

    def on_epoch_end(self, epoch, logs=None):
        for key in self.params['metrics']:
            if key in self.stateful_metrics and key in self.totals:
                logs[key] = self.totals[key]
            elif key in self.totals:
                logs[key] = self.totals[key] / max(self.seen, 1)


class ProgbarLogger(Callback):
    """Prints a progress bar (verbose=1) or a line per epoch (verbose=2).

    # Arguments
        count_mode: `'samples'` (the bar counts the samples seen, out of
            `params['samples']`) or `'steps'` (it counts the batches, out of
            `params['steps']`, as for generators).
        stateful_metrics: names of metrics shown as they are rather than
            averaged over the epoch.

    # Raises
        ValueError: for another `count_mode`.
    """

    def __init__(self, count_mode='samples', stateful_metrics=None):
        super(ProgbarLogger, self).__init__()
        if count_mode not in ('samples', 'steps'):
            raise ValueError('Unknown `count_mode`: %r (expected "samples" or "steps").'
                             % (count_mode,))
        self.count_mode = count_mode
        self.use_steps = count_mode == 'steps'
        self.stateful_metrics = set(stateful_metrics or [])

    def on_train_begin(self, logs=None):
        self.verbose = self.params['verbose']
        self.epochs = self.params['epochs']
        # None (e.g. steps counted when fit() on arrays has no `steps`): no end shown.
        self.target = self.params.get('steps' if self.use_steps else 'samples')

    def on_epoch_begin(self, epoch, logs=None):
        if self.verbose:
            print('Epoch %d/%d' % (epoch + 1, self.epochs))
        # Read again: a Sequence may change its length from one epoch to the next.
        self.target = self.params.get('steps' if self.use_steps else 'samples')
        self.progbar = Progbar(target=self.target, verbose=self.verbose,
                               stateful_metrics=self.stateful_metrics)
        self.seen = 0

    def on_batch_end(self, batch, logs=None):
        self.seen += 1 if self.use_steps else logs.get('size', 0)
        # The last batch is shown by on_epoch_end, with the epoch's metrics.
        if self.target is None or self.seen < self.target:
            self.progbar.update(self.seen, [(k, logs[k]) for k in self.params['metrics']
                                            if k in logs])

    def on_epoch_end(self, epoch, logs=None):
        values = [(k, logs[k]) for k in self.params['metrics'] if k in logs]
        self.progbar.stateful_metrics.update(k for k, _ in values)
        self.progbar.update(self.seen if self.target is None else self.target, values)


class History(Callback):
    """Records the epoch logs: `history.history['loss']` is the loss of each epoch."""

    def on_train_begin(self, logs=None):
        self.epoch = []
        self.history = {}

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)


class _Monitor(Callback):
    """Shared part of the callbacks that watch a logged quantity for improvement.

    # Arguments
        monitor: The name of the quantity in the logs (e.g. `"val_loss"`).
        mode: `"auto"`, `"min"` or `"max"`: whether the monitored quantity
            improves by going down or up (`"auto"`: up for accuracies, down
            otherwise).
        min_delta: The smallest change that counts as an improvement.

    # Raises
        ValueError: for another `mode`.
    """
    def __init__(self, monitor, mode, min_delta=0.):
        super(_Monitor, self).__init__()
        self.monitor, self.min_delta = monitor, min_delta
        if mode not in ('auto', 'min', 'max'):
            raise ValueError('`mode` must be "auto", "min" or "max"; got %r.' % (mode,))
        if mode == 'auto':
            mode = 'max' if ('acc' in monitor or monitor.startswith('fmeasure')) else 'min'
        self.better = (lambda a, b: a > b + min_delta) if mode == 'max' else \
            (lambda a, b: a < b - min_delta)
        self.best = -np.inf if mode == 'max' else np.inf

    def _current(self, logs):
        value = (logs or {}).get(self.monitor)
        if value is None:
            warnings.warn('%s: the monitored quantity %r is not in the logs (available: %s).'
                          % (self.__class__.__name__, self.monitor, ', '.join(sorted(logs or {}))))
        return value


class EarlyStopping(_Monitor):
    """Stops training when `monitor` has stopped improving for `patience` epochs.

    # Arguments
        monitor: The quantity watched (e.g. `"val_loss"`).
        min_delta: The smallest change that counts as an improvement.
        patience: Number of epochs without improvement after which training
            stops.
        verbose: 1 prints the epoch where training stopped.
        mode: `"auto"`, `"min"` or `"max"`: whether the monitored quantity
            improves by going down or up (`"auto"`: up for accuracies, down
            otherwise).
        baseline: A value the quantity must beat; training stops after
            `patience` epochs that do not beat it.
        restore_best_weights: Whether to restore the weights of the best epoch
            when training stops early.
    """

    def __init__(self, monitor='val_loss', min_delta=0, patience=0, verbose=0, mode='auto',
                 baseline=None, restore_best_weights=False):
        super(EarlyStopping, self).__init__(monitor, mode, abs(min_delta))
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = self.baseline if self.baseline is not None else self.best
        self.best_weights = None

    def on_epoch_end(self, epoch, logs=None):
        current = self._current(logs)
        if current is None:
            return
        if self.better(current, self.best):
            self.best = current
            self.wait = 0
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            return
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            self.model.stop_training = True
            if self.restore_best_weights and self.best_weights is not None:
                self.model.set_weights(self.best_weights)

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print('Epoch %05d: early stopping' % (self.stopped_epoch + 1))


class ModelCheckpoint(_Monitor):
    """Saves the model (atomically) after each epoch, or only when `monitor` improves.

    # Arguments
        filepath: Path of the file; it may name log entries and the epoch,
            e.g. `"weights.{epoch:02d}-{val_loss:.2f}.h5"`.
        monitor: The quantity watched with `save_best_only`.
        verbose: 1 prints a line at each save.
        save_best_only: Whether to save only when `monitor` improves.
        save_weights_only: Whether to save only the weights (`save_weights`),
            else the whole model (`save`).
        mode: `"auto"`, `"min"` or `"max"`: whether the monitored quantity
            improves by going down or up (`"auto"`: up for accuracies, down
            otherwise).
        period: Number of epochs between saves.
    """

    def __init__(self, filepath, monitor='val_loss', verbose=0, save_best_only=False,
                 save_weights_only=False, mode='auto', period=1):
        super(ModelCheckpoint, self).__init__(monitor, mode)
        self.filepath = filepath
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.period = period
        self.epochs_since_last_save = 0

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        self.epochs_since_last_save += 1
        if self.epochs_since_last_save < self.period:
            return
        self.epochs_since_last_save = 0
        path = self.filepath.format(epoch=epoch + 1, **logs)
        if self.save_best_only:
            current = self._current(logs)
            if current is None or not self.better(current, self.best):
                return
            self.best = current
        if self.verbose > 0:
            print('Epoch %05d: saving model to %s' % (epoch + 1, path))
        if self.save_weights_only:
            self.model.save_weights(path, overwrite=True)
        else:
            self.model.save(path, overwrite=True)


class LambdaCallback(Callback):
    """A callback from plain functions: `LambdaCallback(on_epoch_end=lambda e, logs: ...)`.

    The test and predict hooks are called by the loops that call them on
    callbacks (Keras 2.3 calls them from `evaluate()` and `predict()`).

    # Arguments
        on_epoch_begin: Function of `(epoch, logs)`.
        on_epoch_end: Function of `(epoch, logs)`.
        on_batch_begin: Function of `(batch, logs)`, for the training batches.
        on_batch_end: Function of `(batch, logs)`, for the training batches.
        on_train_begin: Function of `(logs)`.
        on_train_end: Function of `(logs)`.
        on_train_batch_begin: Keras 2.3's name of `on_batch_begin` (give one
            name or the other).
        on_train_batch_end: Keras 2.3's name of `on_batch_end`.
        on_test_begin: Function of `(logs)`, when evaluation starts.
        on_test_end: Function of `(logs)`, when evaluation ends.
        on_test_batch_begin: Function of `(batch, logs)`.
        on_test_batch_end: Function of `(batch, logs)`.
        on_predict_begin: Function of `(logs)`, when prediction starts.
        on_predict_end: Function of `(logs)`, when prediction ends.
        on_predict_batch_begin: Function of `(batch, logs)`.
        on_predict_batch_end: Function of `(batch, logs)`.

    # Raises
        ValueError: when a batch hook is given under both of its names.
    """

    _HOOKS2 = ('on_epoch_begin', 'on_epoch_end', 'on_test_batch_begin', 'on_test_batch_end',
               'on_predict_batch_begin', 'on_predict_batch_end')
    _HOOKS1 = ('on_train_begin', 'on_train_end', 'on_test_begin', 'on_test_end',
               'on_predict_begin', 'on_predict_end')

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None,
                 on_batch_end=None, on_train_begin=None, on_train_end=None,
                 on_train_batch_begin=None, on_train_batch_end=None, on_test_begin=None,
                 on_test_end=None, on_test_batch_begin=None, on_test_batch_end=None,
                 on_predict_begin=None, on_predict_end=None, on_predict_batch_begin=None,
                 on_predict_batch_end=None):
        super(LambdaCallback, self).__init__()
        given = dict(locals())
        noop2 = lambda a, b: None  # noqa: E731
        noop1 = lambda a: None  # noqa: E731
        for name in self._HOOKS2:
            setattr(self, name, given[name] or noop2)
        for name in self._HOOKS1:
            setattr(self, name, given[name] or noop1)
        for short, long_name in (('on_batch_begin', 'on_train_batch_begin'),
                                 ('on_batch_end', 'on_train_batch_end')):
            if given[short] is not None and given[long_name] is not None:
                raise ValueError('LambdaCallback: give %s or %s, not both (they are the same '
                                 'hook).' % (short, long_name))
            hook = given[short] or given[long_name]
            # Only set when given: the training loop skips callbacks without batch hooks.
            if hook is not None:
                setattr(self, short, hook)
                setattr(self, long_name, hook)


class RemoteMonitor(Callback):
    """POSTs each epoch's logs to a server, as JSON.

    # Arguments
        root: the server's root URL.
        path: the path appended to `root`.
        field: with `send_as_json=False`, the form field that carries the
            logs as a JSON string.
        headers: a dict of extra HTTP headers.
        send_as_json: send the logs as the JSON body (`application/json`)
            instead of a form field.

    A server that cannot be reached gives a warning, and training goes on.
    """

    def __init__(self, root='http://localhost:9000', path='/publish/epoch/end/', field='data',
                 headers=None, send_as_json=False):
        super(RemoteMonitor, self).__init__()
        self.root, self.path, self.field = root, path, field
        self.headers = dict(headers or {})
        self.send_as_json = send_as_json

    def on_epoch_end(self, epoch, logs=None):
        import json
        import urllib.parse
        import urllib.request
        record = {'epoch': epoch}
        for key, value in (logs or {}).items():
            record[key] = value.item() if isinstance(value, (np.generic, np.ndarray)) else value
        headers = dict(self.headers)
        if self.send_as_json:
            body = json.dumps(record).encode('utf-8')
            headers.setdefault('Content-Type', 'application/json')
        else:
            body = urllib.parse.urlencode({self.field: json.dumps(record)}).encode('utf-8')
        request = urllib.request.Request(self.root + self.path, data=body, headers=headers,
                                         method='POST')
        try:
            urllib.request.urlopen(request, timeout=10).close()
        except (OSError, ValueError) as e:
            warnings.warn('RemoteMonitor: could not reach the server at %s (%s).'
                          % (self.root + self.path, e))


class TerminateOnNaN(Callback):
    """Stop training when the loss becomes NaN or infinite.

    Given to `fit()` or `fit_generator()`, it is also the policy for NaN and
    Inf in the training data: they are let through (as in Keras, which never
    checks them) rather than refused with an error, and training stops at the
    first non-finite loss they cause.
    """

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get('loss')
        if loss is not None and not np.isfinite(loss):
            print('Batch %d: invalid loss, terminating training' % batch)
            self.model.stop_training = True


class ReduceLROnPlateau(_Monitor):
    """Multiplies the learning rate by `factor` when `monitor` stops improving.

    # Arguments
        monitor: The quantity watched (e.g. `"val_loss"`).
        factor: Float in (0, 1), the factor the learning rate is multiplied by.
        patience: Number of epochs without improvement before a reduction.
        verbose: 1 prints a line at each reduction.
        mode: `"auto"`, `"min"` or `"max"`: whether the monitored quantity
            improves by going down or up (`"auto"`: up for accuracies, down
            otherwise).
        min_delta: The smallest change that counts as an improvement (Keras
            2.1's `epsilon` is accepted for it, with a warning).
        cooldown: Number of epochs to wait after a reduction before watching
            again.
        min_lr: The smallest learning rate.

    # Raises
        ValueError: for a `factor` outside (0, 1), or another `mode`.
    """

    def __init__(self, monitor='val_loss', factor=0.1, patience=10, verbose=0, mode='auto',
                 min_delta=1e-4, cooldown=0, min_lr=0, **kwargs):
        if not 0. < factor < 1.:
            raise ValueError('ReduceLROnPlateau: `factor` must be in (0, 1); got %r.' % (factor,))
        if 'epsilon' in kwargs:      # Keras 2.1's name, still accepted by Keras 2.3
            min_delta = kwargs.pop('epsilon')
            warnings.warn('ReduceLROnPlateau: the `epsilon` argument is deprecated and will be '
                          'removed, use `min_delta` instead.')
        super(ReduceLROnPlateau, self).__init__(monitor, mode, min_delta)
        self.factor, self.patience, self.verbose = factor, patience, verbose
        self.cooldown, self.min_lr = cooldown, min_lr
        self.wait = self.cooldown_counter = 0

    def on_epoch_end(self, epoch, logs=None):
        from . import backend as K
        current = self._current(logs)
        if current is None:
            return
        logs['lr'] = float(K.get_value(self.model.optimizer.lr))
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self.better(current, self.best):
            self.best, self.wait = current, 0
            return
        if self.cooldown_counter > 0:
            return
        self.wait += 1
        if self.wait >= self.patience:
            old = logs['lr']
            new = max(old * self.factor, self.min_lr)
            if old > new:
                K.set_value(self.model.optimizer.lr, new)
                if self.verbose > 0:
                    print('Epoch %05d: ReduceLROnPlateau reducing learning rate to %s.'
                          % (epoch + 1, new))
            self.cooldown_counter, self.wait = self.cooldown, 0


class LearningRateScheduler(Callback):
    """Sets the learning rate at the start of each epoch from a schedule.

    # Arguments
        schedule: Function of the epoch (from 0), or of the epoch and the
            current learning rate, that returns the new learning rate.
        verbose: 1 prints the new learning rate at each epoch.
    """

    def __init__(self, schedule, verbose=0):
        super(LearningRateScheduler, self).__init__()
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        from . import backend as K
        lr = float(K.get_value(self.model.optimizer.lr))
        try:
            new = self.schedule(epoch, lr)
        except TypeError:
            new = self.schedule(epoch)
        if not isinstance(new, (float, int, np.floating, np.integer)):
            raise ValueError('LearningRateScheduler: the schedule must return a number; got %r.'
                             % (new,))
        K.set_value(self.model.optimizer.lr, float(new))
        if self.verbose > 0:
            print('Epoch %05d: LearningRateScheduler setting learning rate to %s.' % (epoch + 1, new))


class CSVLogger(Callback):
    """Writes each epoch's logs to a CSV file (a header row first).

    # Arguments
        filename: Path of the CSV file.
        separator: The character between values.
        append: Whether to append to an existing file (no new header), else
            overwrite it.
    """

    def __init__(self, filename, separator=',', append=False):
        super(CSVLogger, self).__init__()
        self.filename, self.separator, self.append = filename, separator, append
        self.keys = None

    def on_train_begin(self, logs=None):
        import os
        self._header = not (self.append and os.path.exists(self.filename) and
                            os.path.getsize(self.filename) > 0)
        self._file = open(self.filename, 'a' if self.append else 'w')

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
        if self._header:
            self._file.write(self.separator.join(['epoch'] + self.keys) + '\n')
            self._header = False
        values = ['%s' % logs.get(k, 'NA') for k in self.keys]
        self._file.write(self.separator.join([str(epoch)] + values) + '\n')
        self._file.flush()

    def on_train_end(self, logs=None):
        self._file.close()


class TensorBoard(Callback):
    """Writes logs for TensorBoard: scalars, weight histograms and images, the graph.

    Works on every backend: the event files are written with TensorBoard's
    own record writer and protocol buffers (the `tensorboard` package, imported
    when training starts), never through the backend's graph. View them with
    `tensorboard --logdir=log_dir`.

    What is written, all into one event file per `fit()` in `log_dir`:
    - at the end of each epoch, a scalar for every log entry (`loss`, each
      metric, `val_*`), tagged with its name, at step = epoch (from 0);
    - with `update_freq='batch'` (or a number of samples), also scalars for
      the training batches, tagged `batch_<name>`, at step = the number of
      batches trained so far in this `fit()` (written after each batch, or
      each time that many samples have passed since the last write);
    - with `histogram_freq` n > 0, every n epochs, a histogram of each weight
      of each layer, tagged `<layer>/<weight>` (`:` replaced by `_`), and
      with `write_images`, 2D and 4D weights as grayscale images too;
    - with `write_graph` on the TensorFlow backend, the backend's `tf.Graph`
      (Theano, CNTK and MXNet have no TensorFlow graph to show).

    # Arguments
        log_dir: the directory to write to (made if missing).
        histogram_freq: epochs between weight histograms (0: none).
        batch_size: accepted for Keras 2.3 compatibility (Keras used it for
            the validation data of gradient histograms).
        write_graph: write the model graph (TensorFlow backend).
        write_grads: gradient histograms; not written (a warning says so):
            the callback sees no batch data to take gradients on.
        write_images: write 2D and 4D weights as images with the histograms.
        embeddings_freq: accepted for compatibility; embeddings are not
            written (a warning says so when it is > 0).
        embeddings_layer_names: accepted for compatibility (embeddings).
        embeddings_metadata: accepted for compatibility (embeddings).
        embeddings_data: accepted for compatibility (embeddings).
        update_freq: `'epoch'` (default), `'batch'`, or a number of samples
            between batch-level writes.
        profile_batch: accepted for compatibility; profiling needs
            TensorFlow's eager profiler, which graph-mode backends do not
            use, so a value other than 0 or the default 2 gives a warning.

    # Raises
        ValueError: for a bad `update_freq` or `histogram_freq`.
    """

    def __init__(self, log_dir='./logs', histogram_freq=0, batch_size=32, write_graph=True,
                 write_grads=False, write_images=False, embeddings_freq=0,
                 embeddings_layer_names=None, embeddings_metadata=None, embeddings_data=None,
                 update_freq='epoch', profile_batch=2):
        super(TensorBoard, self).__init__()
        if not isinstance(histogram_freq, (int, np.integer)) or histogram_freq < 0:
            raise ValueError('TensorBoard: `histogram_freq` must be a whole number >= 0; got %r.'
                             % (histogram_freq,))
        if update_freq not in ('epoch', 'batch') and not (
                isinstance(update_freq, (int, np.integer)) and update_freq >= 1):
            raise ValueError("TensorBoard: `update_freq` must be 'epoch', 'batch' or a number of "
                             'samples >= 1; got %r.' % (update_freq,))
        self.log_dir = str(log_dir)
        self.histogram_freq = int(histogram_freq)
        self.batch_size = batch_size
        self.write_graph = write_graph
        self.write_grads = write_grads
        self.write_images = write_images
        self.embeddings_freq = embeddings_freq
        self.embeddings_layer_names = embeddings_layer_names
        self.embeddings_metadata = embeddings_metadata
        self.embeddings_data = embeddings_data
        self.update_freq = 1 if update_freq == 'batch' else update_freq
        self.profile_batch = profile_batch
        for asked, what in ((write_grads, 'gradient histograms (write_grads)'),
                            (embeddings_freq, 'embeddings (embeddings_freq)'),
                            (profile_batch not in (0, 2), 'profiles (profile_batch)')):
            if asked:
                warnings.warn('TensorBoard: %s are not written by this callback; the other '
                              'logs are.' % what)
        self._writer = None

    # -- writing events --------------------------------------------------------------------

    def _open(self):
        import os
        import socket
        import time
        from tensorboard.compat.proto import event_pb2
        from tensorboard.summary.writer.record_writer import RecordWriter
        os.makedirs(self.log_dir, exist_ok=True)
        name = 'events.out.tfevents.%010d.%s.%d.%d' % (time.time(), socket.gethostname(),
                                                       os.getpid(), id(self))
        self._writer = RecordWriter(open(os.path.join(self.log_dir, name), 'wb'))
        self._event_pb2 = event_pb2
        self._write(event_pb2.Event(file_version='brain.Event:2'))

    def _write(self, event):
        import time
        event.wall_time = time.time()
        self._writer.write(event.SerializeToString())

    def _summary(self, step, values):
        """Write summary values (`Summary.Value`s) at `step`."""
        from tensorboard.compat.proto import summary_pb2
        if values:
            self._write(self._event_pb2.Event(step=int(step),
                                              summary=summary_pb2.Summary(value=values)))

    def _scalars(self, step, logs, prefix=''):
        from tensorboard.compat.proto import summary_pb2
        values = []
        for name, value in sorted((logs or {}).items()):
            if name in ('batch', 'size') or np.size(value) != 1:
                continue
            values.append(summary_pb2.Summary.Value(tag=prefix + name,
                                                    simple_value=float(np.ravel(value)[0])))
        self._summary(step, values)

    def _weights(self, epoch):
        """Histograms (and images) of every weight of every layer."""
        from . import backend as K
        from tensorboard.compat.proto import summary_pb2
        values = []
        for layer in self.model.layers:
            weights = layer.weights
            for weight, array in zip(weights, K.batch_get_value(weights)):
                tag = str(getattr(weight, 'name', 'weight')).replace(':', '_')
                if not tag.startswith(layer.name + '/'):
                    tag = layer.name + '/' + tag
                values.append(summary_pb2.Summary.Value(tag=tag, histo=_histogram(array)))
                image = _weight_image(array) if self.write_images else None
                if image is not None:
                    values.append(summary_pb2.Summary.Value(tag=tag + '/image', image=image))
        self._summary(epoch, values)

    def _graph(self):
        from . import backend as K
        if K.backend() == 'tensorflow':
            graph = K.get_session().graph
            self._write(self._event_pb2.Event(graph_def=graph.as_graph_def().SerializeToString()))

    # -- hooks ---------------------------------------------------------------------------

    def on_train_begin(self, logs=None):
        self._open()
        self._batches = 0
        self._samples_since_write = 0
        if self.write_graph:
            self._graph()

    def on_batch_end(self, batch, logs=None):
        if self.update_freq == 'epoch' or self._writer is None:
            return
        logs = logs or {}
        self._batches += 1
        self._samples_since_write += logs.get('size', 1)
        if self._samples_since_write >= self.update_freq:
            self._scalars(self._batches, logs, prefix='batch_')
            self._samples_since_write = 0

    def on_epoch_end(self, epoch, logs=None):
        if self._writer is None:
            return
        self._scalars(epoch, logs)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._weights(epoch)
        self._writer.flush()

    def on_train_end(self, logs=None):
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def _histogram(array, bins=30):
    """A TensorBoard `HistogramProto` of the values of `array`."""
    from tensorboard.compat.proto import summary_pb2
    values = np.asarray(array, dtype='float64').ravel()
    if values.size == 0:
        return summary_pb2.HistogramProto()
    counts, edges = np.histogram(values, bins=bins)
    return summary_pb2.HistogramProto(
        min=float(values.min()), max=float(values.max()), num=float(values.size),
        sum=float(values.sum()), sum_squares=float(np.square(values).sum()),
        bucket_limit=[float(e) for e in edges[1:]], bucket=[float(c) for c in counts])


def _weight_image(array):
    """A grayscale PNG `Summary.Image` of a 2D weight (a 4D kernel as its first two
    axes by the product of the others), scaled to [0, 255]; None for other shapes."""
    import io
    from PIL import Image
    from tensorboard.compat.proto import summary_pb2
    array = np.asarray(array, dtype='float64')
    if array.ndim == 4:
        array = array.reshape(array.shape[0] * array.shape[1], -1)
    if array.ndim != 2:
        return None
    span = array.max() - array.min()
    scaled = np.zeros(array.shape) if span == 0 else (array - array.min()) / span
    buffer = io.BytesIO()
    Image.fromarray((scaled * 255).round().astype('uint8'), mode='L').save(buffer, format='PNG')
    return summary_pb2.Summary.Image(height=array.shape[0], width=array.shape[1], colorspace=1,
                                     encoded_image_string=buffer.getvalue())
