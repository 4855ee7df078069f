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


class CallbackList(object):
    """Calls a list of callbacks in order."""

    def __init__(self, callbacks=None):
        self.callbacks = list(callbacks or [])
        self._batch_hooks = [c for c in self.callbacks
                             if type(c).on_batch_end is not Callback.on_batch_end or
                             type(c).on_batch_begin is not Callback.on_batch_begin or
                             'on_batch_end' in vars(c) or 'on_batch_begin' in vars(c)]

    def set_params(self, params):
        for c in self.callbacks:
            c.set_params(params)

    def set_model(self, model):
        for c in self.callbacks:
            c.set_model(model)

    def on_epoch_begin(self, epoch, logs=None):
        for c in self.callbacks:
            c.on_epoch_begin(epoch, logs if logs is not None else {})

    def on_epoch_end(self, epoch, logs=None):
        for c in self.callbacks:
            c.on_epoch_end(epoch, logs if logs is not None else {})

    def on_batch_begin(self, batch, logs=None):
        for c in self._batch_hooks:
            c.on_batch_begin(batch, logs)

    def on_batch_end(self, batch, logs=None):
        for c in self._batch_hooks:
            c.on_batch_end(batch, logs)

    def on_train_begin(self, logs=None):
        for c in self.callbacks:
            c.on_train_begin(logs or {})

    def on_train_end(self, logs=None):
        for c in self.callbacks:
            c.on_train_end(logs or {})


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
    def __init__(self, monitor, mode, min_delta=0.):
        super(_Monitor, self).__init__()
        self.monitor = monitor
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
    """Stop training when `monitor` has stopped improving for `patience` epochs."""

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
    """Save the model (atomically) after each epoch, or only when `monitor` improves."""

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

    # Arguments
        on_epoch_begin, on_epoch_end: functions of `(epoch, logs)`.
        on_batch_begin, on_batch_end: functions of `(batch, logs)`, called
            for the training batches.
        on_train_begin, on_train_end: functions of `(logs)`.
        on_train_batch_begin, on_train_batch_end: Keras 2.3's names of
            `on_batch_begin` / `on_batch_end` (give one name or the other).
        on_test_begin, on_test_end, on_predict_begin, on_predict_end:
            functions of `(logs)`, for evaluation and prediction.
        on_test_batch_begin, on_test_batch_end, on_predict_batch_begin,
            on_predict_batch_end: functions of `(batch, logs)`.

    The test and predict hooks are called by the loops that call them on
    callbacks (Keras 2.3 calls them from `evaluate()` and `predict()`).

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


class TerminateOnNaN(Callback):
    """Stop training when the loss becomes NaN or infinite."""

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get('loss')
        if loss is not None and not np.isfinite(loss):
            print('Batch %d: invalid loss, terminating training' % batch)
            self.model.stop_training = True


class ReduceLROnPlateau(_Monitor):
    """Multiply the learning rate by `factor` when `monitor` stops improving for `patience` epochs."""

    def __init__(self, monitor='val_loss', factor=0.1, patience=10, verbose=0, mode='auto',
                 min_delta=1e-4, cooldown=0, min_lr=0, **kwargs):
        if not 0. < factor < 1.:
            raise ValueError('ReduceLROnPlateau: `factor` must be in (0, 1); got %r.' % (factor,))
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
    """Set the learning rate at each epoch start to `schedule(epoch)` (or `schedule(epoch, lr)`)."""

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
    """Append each epoch's logs to a CSV file (a header row first)."""

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
