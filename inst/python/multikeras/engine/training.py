"""`Model`: a network with `compile()`, `fit()`, `evaluate()` and `predict()`.

`compile()` records the loss, metrics and optimizer; the first `fit`,
`evaluate` or `predict` builds one compiled backend function for its mode
(`K.function(inputs, outputs, updates)`) and caches it. Each epoch is a tight
loop over numpy batches.
"""
import numpy as np

from .. import backend as K
from .. import losses as losses_module
from .. import metrics as metrics_module
from .. import optimizers
from .. import callbacks as cbks
from ..utils.generic_utils import to_list, unpack_singleton, custom_object_scope
from .network import Network
from . import data_checks


class Model(Network):
    """A trainable network. Build it from tensors: `Model(inputs, outputs)`."""

    def __init__(self, inputs=None, outputs=None, name=None, **kwargs):
        super(Model, self).__init__(inputs=inputs, outputs=outputs, name=name, **kwargs)
        self.optimizer = None
        self._compile_args = None
        self._functions = {}
        self._carried = None
        self.stop_training = False
        self.history = None
        K.register_model(self)

    # -- compile ---------------------------------------------------------------------

    def compile(self, optimizer, loss=None, metrics=None, loss_weights=None,
                sample_weight_mode=None, weighted_metrics=None, target_tensors=None, **kwargs):
        """Configure training.

        # Arguments
            optimizer: name ("sgd", "adam", "rmsprop") or optimizer object.
            loss: name or function; a list or dict gives one per output.
            metrics: list of names or functions (e.g. `['accuracy']`).
            loss_weights: list or dict of scalars weighting each output's loss.

        # Raises
            ValueError: for unknown names or a loss list of the wrong length.
        """
        if kwargs:
            raise TypeError('compile() got unexpected keyword arguments: %s' % sorted(kwargs))
        if loss is None:
            raise ValueError('compile(): `loss` is required, e.g. loss="categorical_crossentropy".')
        self._ensure_backend()
        if not self.built:
            raise RuntimeError('The model %r has no input shape yet, so it cannot be compiled: give '
                               'the first layer an input_shape (or call build()).' % self.name)
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        self._compile_args = {'optimizer': optimizers.serialize(self.optimizer), 'loss': loss,
                              'metrics': metrics, 'loss_weights': loss_weights}
        self.loss_functions = [losses_module.get(l) for l in self._per_output(loss, 'loss')]
        weights = self._per_output(loss_weights, 'loss_weights') if loss_weights is not None \
            else [1.] * len(self.outputs)
        self.loss_weights = [float(w) for w in weights]
        self.metrics = metrics
        self._metric_specs = self._per_output_metrics(metrics)
        self._functions = {}
        # As in Keras: the weights trained are the ones trainable now, at compile
        # time (a GAN freezes the discriminator after compiling it).
        self._collected_trainable_weights = self.trainable_weights
        self._build_training_graph()

    def _per_output(self, value, argument):
        if isinstance(value, dict):
            unknown = set(value) - set(self.output_names)
            if unknown:
                raise ValueError('%s: unknown output names %s; the outputs are %s.'
                                 % (argument, sorted(unknown), self.output_names))
            missing = [n for n in self.output_names if n not in value]
            if missing and argument == 'loss':
                raise ValueError('loss: no loss given for outputs %s.' % missing)
            return [value.get(n, 1.) for n in self.output_names]
        if isinstance(value, (list, tuple)):
            if len(value) != len(self.outputs):
                raise ValueError('%s: the model has %d outputs, but %d values were given: %r.'
                                 % (argument, len(self.outputs), len(value), value))
            return list(value)
        return [value] * len(self.outputs)

    def _per_output_metrics(self, metrics):
        if metrics is None:
            return [[] for _ in self.outputs]
        if isinstance(metrics, dict):
            return [to_list(metrics.get(n)) for n in self.output_names]
        metrics = to_list(metrics)
        if metrics and all(isinstance(m, (list, tuple)) for m in metrics) and \
                len(metrics) == len(self.outputs):
            return [list(m) for m in metrics]
        return [list(metrics) for _ in self.outputs]

    def _build_training_graph(self):
        self.targets, self.sample_weights = [], []
        output_losses = []
        metric_tensors, metric_names = [], []
        many = len(self.outputs) > 1
        for i, (output, name, fn) in enumerate(zip(self.outputs, self.output_names,
                                                    self.loss_functions)):
            target = K.placeholder(ndim=len(K.int_shape(output)), dtype=K.dtype(output),
                                   name=name + '_target')
            weights = K.placeholder(ndim=1, name=name + '_sample_weights')
            self.targets.append(target)
            self.sample_weights.append(weights)
            scores = fn(target, output)
            if K.ndim(scores) > 1:
                scores = K.mean(scores, axis=list(range(1, K.ndim(scores))))
            nonzero = K.mean(K.cast(K.not_equal(weights, 0), K.floatx()))
            output_losses.append(K.mean(scores * weights) / (nonzero + K.epsilon()))
            for metric in self._metric_specs[i]:
                if metric in ('accuracy', 'acc'):
                    metric_fn = metrics_module.accuracy_for(fn, K.int_shape(output))
                    label = metric
                else:
                    metric_fn = metrics_module.get(metric)
                    label = metric if isinstance(metric, str) else metric_fn.__name__
                value = metric_fn(target, output)
                metric_tensors.append(K.mean(value))
                metric_names.append('%s_%s' % (name, label) if many else label)
        total = 0.
        for weight, value in zip(self.loss_weights, output_losses):
            total = total + weight * value
        for penalty in self.losses:
            total = total + penalty
        self.total_loss = total
        self._output_losses = output_losses if many else []
        self._metric_tensors = metric_tensors
        self.metrics_names = ['loss'] + ['%s_loss' % n for n in self.output_names if many] + \
            metric_names

    # -- compiled functions ------------------------------------------------------------

    def _feeds_learning_phase(self):
        # Fed whenever it is symbolic: a layer may use it without saying so,
        # and an unused scalar input costs nothing.
        return not isinstance(K.learning_phase(), int)

    @property
    def state_updates(self):
        """Updates of stateful layers (RNN states), run in every mode."""
        return [u for layer in self.layers if getattr(layer, 'stateful', False)
                for u in layer.updates]

    def _function(self, mode):
        f = self._functions.get(mode)
        if f is not None:
            return f
        inputs = list(self.inputs)
        if mode in ('train', 'test'):
            if self.optimizer is None:
                raise RuntimeError('You must compile the model before training or evaluating it: '
                                   'call compile(optimizer, loss) first.')
            inputs += self.targets + self.sample_weights
            outputs = [self.total_loss] + self._output_losses + self._metric_tensors
        else:
            outputs = list(self.outputs)
        if self._feeds_learning_phase():
            inputs.append(K.learning_phase())
        updates = [] if mode == 'train' else self.state_updates
        if mode == 'train':
            updates = self.optimizer.get_updates(self.total_loss,
                                                 self._collected_trainable_weights)
            updates += self.updates
            pending = getattr(self, '_pending_optimizer_weights', None)
            if pending is not None:
                self._pending_optimizer_weights = None
                if len(pending) == len(self.optimizer.weights):
                    self.optimizer.set_weights(pending)
        f = K.function(inputs, outputs, updates=updates, name=mode + '_function')
        self._functions[mode] = f
        return f

    def _make_train_function(self):
        self._function('train')

    # -- fit / evaluate / predict ----------------------------------------------------------

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None,
            validation_split=0., validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_freq=1, **kwargs):
        """Train for `epochs` epochs; returns a `History` callback with `.history`.

        # Arguments
            x, y: numpy arrays (or lists/dicts of them for several inputs/outputs).
            batch_size: samples per step (default 32).
            epochs: index of the last epoch to train.
            verbose: 0 silent, 1 progress bar, 2 one line per epoch.
            callbacks: list of `Callback`s.
            validation_split: fraction of the data (taken from the end, before
                shuffling) held out for validation.
            validation_data: `(x_val, y_val)` or `(x_val, y_val, sample_weights)`.
            shuffle: shuffle the training data before each epoch.
            class_weight: dict mapping class index to a loss weight.
            sample_weight: per-sample loss weights.
            initial_epoch: epoch at which to start (to resume training).
        """
        if kwargs:
            raise TypeError('fit() got unexpected keyword arguments: %s' % sorted(kwargs))
        batch_size = data_checks.check_batch_size(batch_size)
        epochs = data_checks.check_count(epochs, 'epochs', minimum=0)
        initial_epoch = data_checks.check_count(initial_epoch, 'initial_epoch', minimum=0)
        if verbose not in (0, 1, 2):
            raise ValueError('fit(): `verbose` must be 0, 1 or 2; got %r.' % (verbose,))
        self._build_if_deferred(x)
        self._ensure_backend()
        ins = self._standardize(x, y, sample_weight, class_weight)
        val_ins = None
        if validation_data is not None:
            if not isinstance(validation_data, (list, tuple)) or len(validation_data) not in (2, 3):
                raise ValueError('fit(): `validation_data` must be a tuple (x_val, y_val) or '
                                 '(x_val, y_val, sample_weight); got %r.' % (type(validation_data),))
            val_w = validation_data[2] if len(validation_data) == 3 else None
            val_ins = self._standardize(validation_data[0], validation_data[1], val_w, None)
        elif validation_split:
            if not 0. < validation_split < 1.:
                raise ValueError('fit(): `validation_split` must be in [0, 1); got %r.'
                                 % (validation_split,))
            n = ins[0].shape[0]
            split = int(n * (1. - validation_split))
            if split == 0 or split == n:
                raise ValueError('fit(): validation_split=%r of %d samples leaves an empty '
                                 'training or validation set.' % (validation_split, n))
            ins, val_ins = [a[:split] for a in ins], [a[split:] for a in ins]
        f = self._function('train')
        val_f = self._function('test') if val_ins is not None else None
        lp = [np.uint8(1)] if self._feeds_learning_phase() else []
        out_labels = self.metrics_names
        callback_metrics = list(out_labels) + (['val_' + n for n in out_labels] if val_ins else [])
        self.history = cbks.History()
        callback_list = [cbks.BaseLogger(stateful_metrics=[])]
        if verbose:
            callback_list.append(cbks.ProgbarLogger(count_mode='samples'))
        callback_list += to_list(callbacks) + [self.history]
        callback_list = cbks.CallbackList(callback_list)
        callback_list.set_model(self)
        n = ins[0].shape[0]
        callback_list.set_params({'batch_size': batch_size, 'epochs': epochs, 'steps': None,
                                  'samples': n, 'verbose': verbose, 'do_validation': bool(val_ins),
                                  'metrics': callback_metrics})
        self.stop_training = False
        callback_list.on_train_begin()
        index = np.arange(n)
        for epoch in range(initial_epoch, epochs):
            callback_list.on_epoch_begin(epoch)
            epoch_logs = {}
            if shuffle:
                np.random.shuffle(index)
            for batch_index, start in enumerate(range(0, n, batch_size)):
                if shuffle:
                    ids = index[start:start + batch_size]
                    batch = [a[ids] for a in ins]
                else:
                    batch = [a[start:start + batch_size] for a in ins]
                size = batch[0].shape[0]
                batch_logs = {'batch': batch_index, 'size': size}
                callback_list.on_batch_begin(batch_index, batch_logs)
                outs = f(batch + lp)
                for label, value in zip(out_labels, outs):
                    batch_logs[label] = float(value)
                callback_list.on_batch_end(batch_index, batch_logs)
                if self.stop_training:
                    break
            if val_ins is not None and (epoch + 1) % validation_freq == 0:
                val_outs = self._test_loop(val_f, val_ins, batch_size)
                for label, value in zip(out_labels, val_outs):
                    epoch_logs['val_' + label] = value
            callback_list.on_epoch_end(epoch, epoch_logs)
            if self.stop_training:
                break
        callback_list.on_train_end()
        return self.history

    def _test_loop(self, f, ins, batch_size):
        lp = [np.uint8(0)] if self._feeds_learning_phase() else []
        n = ins[0].shape[0]
        totals = None
        for start in range(0, n, batch_size):
            batch = [a[start:start + batch_size] for a in ins]
            outs = f(batch + lp)
            size = batch[0].shape[0]
            if totals is None:
                totals = [0.] * len(outs)
            for i, value in enumerate(outs):
                totals[i] += float(value) * size
        return [t / n for t in totals]

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1, sample_weight=None,
                 steps=None, callbacks=None, **kwargs):
        """The loss (and metrics) on `x`, `y`: a scalar, or a list in `metrics_names` order."""
        if kwargs:
            raise TypeError('evaluate() got unexpected keyword arguments: %s' % sorted(kwargs))
        batch_size = data_checks.check_batch_size(batch_size)
        self._ensure_backend()
        ins = self._standardize(x, y, sample_weight, None)
        outs = self._test_loop(self._function('test'), ins, batch_size)
        if verbose:
            print(' - '.join('%s: %.4f' % (n, v) for n, v in zip(self.metrics_names, outs)))
        return unpack_singleton(outs)

    def predict(self, x, batch_size=None, verbose=0, steps=None, callbacks=None, **kwargs):
        """Outputs for the samples in `x` (a numpy array, or a list for several outputs)."""
        if kwargs:
            raise TypeError('predict() got unexpected keyword arguments: %s' % sorted(kwargs))
        batch_size = data_checks.check_batch_size(batch_size)
        self._build_if_deferred(x)
        self._ensure_backend()
        ins = data_checks.standardize_inputs(self, x)
        f = self._function('predict')
        lp = [np.uint8(0)] if self._feeds_learning_phase() else []
        n = ins[0].shape[0]
        chunks = []
        for start in range(0, n, batch_size):
            chunks.append(f([a[start:start + batch_size] for a in ins] + lp))
        if not chunks:
            return unpack_singleton([np.zeros((0,) + tuple(K.int_shape(o)[1:]), K.floatx())
                                     for o in self.outputs])
        return unpack_singleton([np.concatenate([c[i] for c in chunks])
                                 for i in range(len(self.outputs))])

    def train_on_batch(self, x, y, sample_weight=None, class_weight=None):
        """One gradient step on one batch; returns the loss (and metrics)."""
        self._ensure_backend()
        ins = self._standardize(x, y, sample_weight, class_weight)
        lp = [np.uint8(1)] if self._feeds_learning_phase() else []
        return unpack_singleton([float(v) for v in self._function('train')(ins + lp)])

    def test_on_batch(self, x, y, sample_weight=None):
        self._ensure_backend()
        ins = self._standardize(x, y, sample_weight, None)
        lp = [np.uint8(0)] if self._feeds_learning_phase() else []
        return unpack_singleton([float(v) for v in self._function('test')(ins + lp)])

    def predict_on_batch(self, x):
        return self.predict(x, batch_size=max(len(to_list(x)[0]) if len(to_list(x)) else 1, 1))

    def _standardize(self, x, y, sample_weight, class_weight):
        if self.optimizer is None:
            raise RuntimeError('You must compile the model before training or evaluating it: '
                               'call compile(optimizer, loss) first.')
        return data_checks.standardize_training_data(self, x, y, sample_weight, class_weight)

    def _build_if_deferred(self, x):
        """Hook for Sequential models whose input shape comes from the first data seen."""

    # -- moving between backends ------------------------------------------------------------

    def _snapshot_weights(self):
        """Keep config and weights in numpy, before the backend session goes away."""
        if not self.built or getattr(self, '_backend_tag', None) != K.session_tag():
            return
        classes = {}
        stack = list(self.layers)
        while stack:
            layer = stack.pop()
            classes[layer.__class__.__name__] = layer.__class__
            stack.extend(getattr(layer, 'layers', []))
        optimizer_weights = None
        if 'train' in self._functions and self.optimizer is not None:
            optimizer_weights = self.optimizer.get_weights()
        self._carried = {'config': self.get_config(), 'weights': super(Model, self).get_weights(),
                         'classes': classes, 'compile': self._compile_args,
                         'optimizer_weights': optimizer_weights, 'from': K.session_tag()[0]}

    def _ensure_backend(self):
        """Rebuild the model on the active backend if it was built under another one."""
        if not self.built or getattr(self, '_backend_tag', None) == K.session_tag():
            return
        carried = self._carried
        advice = ('Build the model again on the %r backend, or save it with save_model_hdf5() / '
                  'model.save() before switching and load it after.' % K.backend())
        if carried is None:
            reason = getattr(self, '_carry_error', None)
            raise RuntimeError(
                'The model %r was built on the %r backend, whose session has since been cleared '
                'without its weights being kept%s. %s'
                % (self.name, self._backend_tag[0], ' (%s)' % reason if reason else '', advice))
        try:
            with custom_object_scope(carried['classes']):
                fresh = self.__class__.from_config(carried['config'])
            fresh.set_weights(carried['weights'])
        except Exception as e:  # noqa: BLE001 - say what to do instead of an engine traceback
            raise RuntimeError(
                'The model %r was built on the %r backend and could not be rebuilt on the %r '
                'backend from its config (%s: %s). Custom layers must return every constructor '
                'argument from get_config(). %s'
                % (self.name, carried['from'], K.backend(), type(e).__name__, e, advice)) from e
        state = fresh.__dict__
        self.__dict__.clear()
        self.__dict__.update(state)
        K.register_model(self)
        if carried['compile'] is not None:
            args = dict(carried['compile'])
            args['optimizer'] = optimizers.deserialize(args['optimizer'])
            self.compile(**args)
            self._pending_optimizer_weights = carried['optimizer_weights']

    # -- saving --------------------------------------------------------------------------

    def save(self, filepath, overwrite=True, include_optimizer=True):
        """Save architecture, weights and training config to one HDF5 file (atomically)."""
        from .saving import save_model
        save_model(self, filepath, overwrite, include_optimizer)

    def save_weights(self, filepath, overwrite=True):
        from .saving import save_weights
        save_weights(self, filepath, overwrite)

    def load_weights(self, filepath, by_name=False):
        from .saving import load_weights
        self._ensure_backend()
        load_weights(self, filepath, by_name)

    def get_weights(self):
        self._ensure_backend()
        return super(Model, self).get_weights()

    def set_weights(self, weights):
        self._ensure_backend()
        super(Model, self).set_weights(weights)

    def to_json(self, **kwargs):
        import json
        from .saving import json_default
        return json.dumps({'class_name': self.__class__.__name__, 'config': self.get_config()},
                          default=json_default, **kwargs)
