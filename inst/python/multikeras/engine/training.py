"""`Model`: a network with `compile()`, `fit()`, `evaluate()` and `predict()`.

`compile()` records the loss, metrics and optimizer; the first `fit`,
`evaluate` or `predict` builds one compiled backend function for its mode
(`K.function(inputs, outputs, updates)`) and caches it. Each epoch is a tight
loop over numpy batches: the slices of arrays, or the batches of a generator
or `Sequence` (`training_generator.py`), through the same loops.
"""
import warnings

import numpy as np

from .. import backend as K
from .. import losses as losses_module
from .. import metrics as metrics_module
from .. import optimizers
from .. import callbacks as cbks
from ..utils.generic_utils import to_list, unpack_singleton, custom_object_scope, Progbar
from ..legacy import interfaces
from .network import Network
from . import base_layer
from . import data_checks
from . import training_generator


def _check_verbose(verbose, caller):
    if verbose not in (0, 1, 2):
        raise ValueError('%s(): `verbose` must be 0, 1 or 2; got %r.' % (caller, verbose))


def _is_count(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value >= 1


def _check_validation_freq(validation_freq):
    if isinstance(validation_freq, (list, tuple, set, range)):
        if all(_is_count(e) for e in validation_freq):
            return
    elif _is_count(validation_freq):
        return
    raise ValueError('`validation_freq` must be a whole number >= 1 or a list of epochs '
                     '(counted from 1); got %r.' % (validation_freq,))


def _batch_rows(batch):
    """The samples of a batch (its first array's rows); 1 for a step fed no arrays."""
    return batch[0].shape[0] if batch else 1


def _check_steps(steps, argument, caller):
    """`steps` (a whole number >= 1) for data counted in steps, not samples.

    # Raises
        ValueError: when `steps` is None: the model is fed no arrays (its data
            are tensors), so there are no samples to count batches in.
    """
    if steps is None:
        raise ValueError('%s(): if your data is in the form of symbolic tensors, you should '
                         'specify the `%s` argument (instead of the `batch_size` argument, '
                         'because symbolic tensors are expected to produce batches of input '
                         'data).' % (caller, argument))
    return data_checks.check_count(steps, argument, minimum=1)


def _should_validate(validation_freq, epoch):
    if isinstance(validation_freq, (int, np.integer)):
        return (epoch + 1) % validation_freq == 0
    return epoch + 1 in validation_freq


class Model(Network):
    """A trainable network. Build it from tensors: `Model(inputs, outputs)`.

    # Arguments
        inputs: An input tensor (from `Input()`) or a list of them.
        outputs: An output tensor computed from the inputs by layers, or a
            list of them.
        name: The model's name (default: a unique name from its class).
    """

    @interfaces.legacy_model_constructor_support
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
            loss: name, function or `losses.Loss` object; a list or dict gives
                one per output. An output without a loss (None in the list,
                or missing from the dict, with a warning) takes no target
                data and is not trained on directly; with `loss=None` the
                model trains on the losses added with `add_loss()` only.
            metrics: list of names, functions or `metrics.Metric` objects (e.g.
                `['accuracy', metrics.AUC()]`); a list of lists or a dict gives
                them per output. Every metric is stateful: its value covers all
                the batches of the epoch (or evaluation) so far. Metrics
                added with `add_metric()` are reported after these.
            loss_weights: list or dict of scalars weighting each output's loss.
            sample_weight_mode: None (one weight per sample) or `'temporal'`
                (one weight per sample and timestep, for outputs of 3 or more
                dimensions); a list or dict gives one per output.
            weighted_metrics: metrics weighted by the sample weights (named
                as in `metrics`, as in Keras 2.3: give a `Metric` object a
                `name` to tell it apart).
            target_tensors: tensors to use as the targets instead of data
                fed to `fit()`: one tensor (one output), a list of one per
                output, or a dict keyed by output names. A placeholder
                given here is still fed from `y`; other tensors are not.

        # Raises
            ValueError: for unknown names, arguments of the wrong length, or
                no loss at all. A failed compile() leaves the model as it was
                before the call.
            TypeError: for `loss_weights` or `target_tensors` of another type.
        """
        if kwargs:
            raise TypeError('compile() got unexpected keyword arguments: %s' % sorted(kwargs))
        self._ensure_backend()
        if not self.built or not self.outputs:
            # As Keras 2.3: a model that does not know its inputs yet (a Sequential
            # without input shape, a subclassed Model) is compiled at its first
            # fit/evaluate/predict, once the data has built it.
            self.optimizer = optimizers.get(optimizer)
            self.loss = loss
            self._deferred_compile = {
                'optimizer': self.optimizer, 'loss': loss, 'metrics': metrics,
                'loss_weights': loss_weights, 'sample_weight_mode': sample_weight_mode,
                'weighted_metrics': weighted_metrics, 'target_tensors': target_tensors}
            return
        self._deferred_compile = None
        # All or nothing: every attribute compile() sets is rebound, never
        # mutated in place, so the state before the call is a shallow copy.
        before = dict(self.__dict__)
        try:
            self._compile(optimizer, loss, metrics, loss_weights, sample_weight_mode,
                          weighted_metrics, target_tensors)
        except BaseException:
            self.__dict__.clear()
            self.__dict__.update(before)
            raise

    def _compile(self, optimizer, loss, metrics, loss_weights, sample_weight_mode,
                 weighted_metrics, target_tensors):
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        self._compile_args = {'optimizer': optimizers.serialize(self.optimizer), 'loss': loss,
                              'metrics': metrics, 'loss_weights': loss_weights,
                              'sample_weight_mode': sample_weight_mode,
                              'weighted_metrics': weighted_metrics}
        self.loss_functions = [None if l is None else losses_module.get(l)
                               for l in self._per_output_losses(loss)]
        if loss_weights is not None and not isinstance(loss_weights, (dict, list, int, float)):
            raise TypeError('compile(): `loss_weights` must be a list (one weight per output) or a '
                            'dict keyed by output names; got %r.' % (loss_weights,))
        weights = self._per_output(loss_weights, 'loss_weights') if loss_weights is not None \
            else [1.] * len(self.outputs)
        self.loss_weights = [float(w) for w in weights]
        self.sample_weight_mode = sample_weight_mode
        self._sample_weight_modes = self._per_output_modes(sample_weight_mode)
        self._target_tensors = self._per_output_targets(target_tensors)
        self._compile_metrics = metrics or []
        self._compile_weighted_metrics = weighted_metrics
        self.weighted_metrics = weighted_metrics
        self._metric_specs = self._per_output_metrics(metrics)
        self._weighted_metric_specs = self._per_output_metrics(weighted_metrics)
        self._functions = {}
        # As in Keras: the weights trained are the ones trainable now, at compile
        # time (a GAN freezes the discriminator after compiling it).
        self._collected_trainable_weights = self.trainable_weights
        self._build_training_graph()

    def _per_output_losses(self, loss):
        """One loss (or None: no loss) per output; a dict that leaves outputs out warns."""
        if isinstance(loss, dict) and 'class_name' not in loss:
            missing = [n for n in self.output_names if n not in loss]
            if missing and set(loss) <= set(self.output_names):
                warnings.warn('Outputs %s are missing from the loss dictionary: they get no loss, '
                              'and no target data is expected for them in training.' % missing,
                              stacklevel=4)
            return self._per_output({k: v for k, v in loss.items()}, 'loss', default=None)
        if isinstance(loss, (list, tuple)) and not loss:
            raise ValueError('compile(): `loss` is an empty list; give one loss per output (the '
                             'model has %d), or one loss for all.' % len(self.outputs))
        return self._per_output(loss, 'loss')

    def _per_output(self, value, argument, default=1.):
        # A dict with 'class_name' is one serialized loss object, not one per output.
        if isinstance(value, dict) and 'class_name' not in value:
            unknown = set(value) - set(self.output_names)
            if unknown:
                raise ValueError('%s: unknown output names %s; the outputs are %s.'
                                 % (argument, sorted(unknown), self.output_names))
            return [value.get(n, default) for n in self.output_names]
        if isinstance(value, (list, tuple)):
            if len(value) != len(self.outputs):
                raise ValueError('%s: the model has %d outputs, but %d values were given: %r.'
                                 % (argument, len(self.outputs), len(value), value))
            return list(value)
        return [value] * len(self.outputs)

    def _per_output_modes(self, mode):
        """`sample_weight_mode` as one mode (None or 'temporal') per output."""
        if isinstance(mode, dict):
            unknown = sorted(set(mode) - set(self.output_names))
            missing = [n for n in self.output_names if n not in mode]
            if unknown or missing:
                raise ValueError('compile(): `sample_weight_mode` as a dict needs one entry per '
                                 'output (%s); %s.'
                                 % (', '.join(self.output_names),
                                    'unknown names %s' % unknown if unknown
                                    else 'missing %s' % missing))
            modes = [mode[n] for n in self.output_names]
        elif isinstance(mode, (list, tuple)):
            if len(mode) != len(self.outputs):
                raise ValueError('compile(): `sample_weight_mode` as a list needs one entry per '
                                 'output: the model has %d outputs, but got %r.'
                                 % (len(self.outputs), mode))
            modes = list(mode)
        else:
            modes = [mode] * len(self.outputs)
        for m in modes:
            if m not in (None, 'temporal'):
                raise ValueError('compile(): `sample_weight_mode` must be None or "temporal" (per '
                                 'output); got %r.' % (m,))
        return modes

    def _per_output_targets(self, target_tensors):
        """`target_tensors` as one tensor (or None: a placeholder is made) per output."""
        n = len(self.outputs)
        if target_tensors is None:
            return [None] * n
        if isinstance(target_tensors, dict):
            unknown = [k for k in target_tensors if k not in self.output_names]
            if unknown:
                raise ValueError('Unknown entry in `target_tensors` dictionary: %r. Only expected '
                                 'the following keys: %s' % (unknown[0], self.output_names))
            targets = [target_tensors.get(name) for name in self.output_names]
        elif isinstance(target_tensors, list):
            if len(target_tensors) != n:
                raise ValueError('When passing a list as `target_tensors`, it should have one '
                                 'entry per model output. The model has %d outputs, but you '
                                 'passed target_tensors=%s' % (n, target_tensors))
            targets = list(target_tensors)
        elif K.is_tensor(target_tensors):
            if n != 1:
                raise ValueError('The model has %d outputs, but you passed a single tensor as '
                                 '`target_tensors`. Expected a list or a dict of tensors.' % n)
            targets = [target_tensors]
        else:
            raise TypeError('Expected `target_tensors` to be a tensor, a list of tensors, or a '
                            'dict of tensors, but got: %r' % (target_tensors,))
        for name, target in zip(self.output_names, targets):
            if target is not None and not K.is_tensor(target):
                raise TypeError('`target_tensors` for output %r must be a backend tensor; got %r.'
                                % (name, target))
        return targets

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

    def _metric_object(self, metric, loss_fn, output, used):
        """The `Metric` object and its label for one entry of `metrics` on one output.

        Functions and names become `MeanMetricWrapper`s (as in Keras 2.3); a
        `Metric` object already used on another output, or made under
        another backend session, is cloned.
        """
        if isinstance(metric, str) and metric in ('accuracy', 'acc', 'crossentropy', 'ce'):
            fn = metrics_module.accuracy_for(loss_fn, K.int_shape(output), metric)
            return metrics_module.MeanMetricWrapper(fn, name=metric), metric
        found = metrics_module.get(metric)
        if isinstance(found, metrics_module.Metric):
            if id(found) in used or getattr(found, '_backend_tag', None) != K.session_tag():
                found = metrics_module.clone_metric(found)
            used.add(id(found))
            return found, found.name
        label = metric if isinstance(metric, str) else getattr(found, '__name__', 'metric')
        return metrics_module.MeanMetricWrapper(found, name=label), label

    def _add_metric(self, metric_obj, target, output, weights, output_name):
        """`metric_obj` updated on one output: its result tensor and its updates.

        # Raises
            ValueError: when the metric does not fit the output, naming the
                metric, the output and the shapes.
        """
        try:
            value, updates = metric_obj.update_and_result(target, output, sample_weight=weights)
        except Exception as e:  # noqa: BLE001 - say which metric and output, keep the cause
            state = ', '.join('%s %s' % (getattr(w, 'name', '?'), K.int_shape(w))
                              for w in metric_obj.weights)
            raise ValueError('Metric %r does not fit output %r of shape %s (targets of shape %s; '
                             'metric state: %s): %s: %s'
                             % (metric_obj.name, output_name, K.int_shape(output),
                                K.int_shape(target), state or 'none', type(e).__name__, e)) from e
        for variable, new_value in updates:
            shape, new_shape = K.int_shape(variable), K.int_shape(new_value)
            if new_shape is not None and None not in new_shape and tuple(new_shape) != shape:
                raise ValueError('Metric %r does not fit output %r of shape %s: its state %r has '
                                 'shape %s, but the update has shape %s.'
                                 % (metric_obj.name, output_name, K.int_shape(output),
                                    getattr(variable, 'name', '?'), shape, new_shape))
        return value, updates

    def _output_loss(self, loss_fn, target, output, weights):
        """The weighted loss of one output; a `Loss` object with reduction 'sum'
        gives the weighted sum over the batch, every other loss the weighted mean.

        `weights` holds one weight per sample (or per sample and timestep,
        with `sample_weight_mode='temporal'`), or is None (all weights 1).
        Where the output has a mask, masked entries add nothing and, as in
        Keras's `weighted_masked_objective`, the others are scaled by
        1 / mean(mask).
        """
        if isinstance(loss_fn, losses_module.Loss):
            scores = loss_fn.call(target, output)
        else:
            scores = loss_fn(target, output)
        mask = getattr(output, '_keras_mask', None)
        if mask is not None:
            mask = K.cast(mask, K.floatx())
            while K.ndim(mask) > K.ndim(scores):
                mask = K.mean(mask, axis=-1)
            while K.ndim(mask) < K.ndim(scores):
                mask = K.expand_dims(mask)
            scores = scores * mask
        if isinstance(loss_fn, losses_module.Loss) and \
                loss_fn.reduction == losses_module.Reduction.SUM:
            return losses_module.reduce_weighted(scores, weights, losses_module.Reduction.SUM)
        if mask is not None:
            scores = scores / (K.mean(mask) + K.epsilon())
        weight_ndim = 1 if weights is None else K.ndim(weights)
        if K.ndim(scores) > weight_ndim:
            scores = K.mean(scores, axis=list(range(weight_ndim, K.ndim(scores))))
        if weights is None:
            return K.mean(scores)
        nonzero = K.mean(K.cast(K.not_equal(weights, 0), K.floatx()))
        return K.mean(scores * weights) / (nonzero + K.epsilon())

    @staticmethod
    def _unique_label(label, taken):
        unique, n = label, 1
        while unique in taken:
            unique = '%s_%d' % (label, n)
            n += 1
        taken.add(unique)
        return unique

    def _build_training_graph(self):
        """The targets, sample weights, total loss and metric tensors of the compiled model.

        An output with no loss gets no target; one whose target is a tensor
        given in `target_tensors` (not a placeholder) is not fed targets nor
        sample weights. `_fed_outputs` lists the outputs that are fed.
        """
        self.targets, self.sample_weights, self._fed_outputs = [], [], []
        output_losses, loss_names = [], []
        metric_tensors, metric_names = [], []
        self._metric_objects, self._metric_updates = [], []
        many = len(self.outputs) > 1
        used, taken = set(), {'loss'} | {'%s_loss' % n for n in self.output_names if many}
        for i, (output, name, fn) in enumerate(zip(self.outputs, self.output_names,
                                                    self.loss_functions)):
            if fn is None:
                self.targets.append(None)
                self.sample_weights.append(None)
                continue
            target = self._target_tensors[i]
            if target is None:
                target = K.placeholder(ndim=len(K.int_shape(output)), dtype=K.dtype(output),
                                       name=name + '_target')
            weights = None
            if K.is_placeholder(target):
                temporal = self._sample_weight_modes[i] == 'temporal'
                weights = K.placeholder(ndim=2 if temporal else 1, name=name + '_sample_weights')
                self._fed_outputs.append(i)
            self.targets.append(target)
            self.sample_weights.append(weights)
            output_losses.append((self.loss_weights[i],
                                  self._output_loss(fn, target, output, weights)))
            loss_names.append('%s_loss' % name)
            for specs, metric_weights in ((self._metric_specs[i], None),
                                          (self._weighted_metric_specs[i], weights)):
                for metric in specs:
                    metric_obj, label = self._metric_object(metric, fn, output, used)
                    value, updates = self._add_metric(metric_obj, target, output,
                                                      metric_weights, name)
                    self._metric_objects.append(metric_obj)
                    self._metric_updates += updates
                    metric_tensors.append(value)
                    metric_names.append(self._unique_label(
                        '%s_%s' % (name, label) if many else label, taken))
        self._compile_metric_functions = list(self._metric_objects)
        # The metrics of add_metric(): the model's own, then its layers'.
        added = self._added_metrics()
        self._added_metric_ids = [id(m) for m in added]
        for metric_obj in added:
            if id(metric_obj) in used:
                continue
            used.add(id(metric_obj))
            self._metric_objects.append(metric_obj)
            self._metric_updates += list(metric_obj._call_updates)
            metric_tensors.append(metric_obj._call_result)
            metric_names.append(self._unique_label(metric_obj.name, taken))
        penalties = self.losses
        if not output_losses and not penalties:
            raise ValueError('compile(): the model %r has no loss to optimize: give `loss` (e.g. '
                             'loss="mse"), or add losses to the model with add_loss().'
                             % self.name)
        total = 0.
        for weight, value in output_losses:
            total = total + weight * value
        for penalty in penalties:
            total = total + penalty
        self.total_loss = total
        # As in Keras, each output's loss is reported without its loss weight.
        self._output_losses = [value for _, value in output_losses] if many else []
        self._feed_targets = [self.targets[i] for i in self._fed_outputs]
        self._feed_sample_weights = [self.sample_weights[i] for i in self._fed_outputs]
        self._metric_tensors = metric_tensors
        self.metrics_names = ['loss'] + (loss_names if many else []) + metric_names
        self._stateful_metric_names = metric_names
        self._metrics_fresh = False

    @property
    def metrics(self):
        """The model's `Metric` objects: those of `compile()` (once compiled), then those
        added with `add_metric()` to the model and to its layers."""
        compiled = list(getattr(self, '_compile_metric_functions', []))
        return compiled + [m for m in super(Model, self).metrics
                           if not any(m is c for c in compiled)]

    def _added_metrics(self):
        """The metrics of `add_metric()` (the model's, then its layers') that have a result."""
        self._metrics_version = base_layer.metric_changes()
        return [m for m in super(Model, self).metrics
                if getattr(m, '_call_result', None) is not None]

    @property
    def stateful_metric_functions(self):
        """The `Metric` objects updated by the train and test functions."""
        return list(getattr(self, '_metric_objects', []))

    def reset_metrics(self):
        """Set the state of every metric back to zero (done at the start of each
        epoch and of each evaluation)."""
        metric_objects = self.stateful_metric_functions
        if metric_objects and not getattr(self, '_metrics_fresh', False):
            for metric in metric_objects:
                metric.reset_states()
        self._metrics_fresh = True

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

    def _inference_outputs(self):
        """The outputs predict() computes: the network run once more with the
        learning phase fixed to 0, when it would otherwise be fed. The graph then
        holds the inference ops alone rather than a switch on the phase, which
        lets TensorFlow fold batch normalization and activations into the
        convolutions. Nothing is added to the model or its layers. Models with
        stateful layers keep their outputs, whose state updates predict() runs."""
        rebuild = (self._feeds_learning_phase() and getattr(self, 'uses_learning_phase', False)
                   and type(self).call is Network.call and not self.state_updates)
        if not rebuild:
            return list(self.outputs)
        with base_layer.graph_records_off(), K.learning_phase_scope(0):
            return to_list(self.call(unpack_singleton(list(self.inputs))))

    def _function(self, mode):
        if mode in ('train', 'test') and self.optimizer is not None and \
                getattr(self, '_metrics_version', None) != base_layer.metric_changes():
            # Metrics may have been added (add_metric()) since compile(): if so,
            # the graph is built again with them.
            if [id(m) for m in self._added_metrics()] != self._added_metric_ids:
                self._functions = {}
                self._build_training_graph()
        f = self._functions.get(mode)
        if f is not None:
            return f
        inputs = list(self._feed_inputs)
        if mode in ('train', 'test'):
            if self.optimizer is None:
                raise RuntimeError('You must compile the model before training or evaluating it: '
                                   'call compile(optimizer, loss) first.')
            inputs += self._feed_targets + self._feed_sample_weights
            outputs = [self.total_loss] + self._output_losses + self._metric_tensors
        else:
            outputs = self._inference_outputs()
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
        if mode in ('train', 'test'):
            updates = updates + self._metric_updates
        f = K.function(inputs, outputs, updates=updates, name=mode + '_function')
        self._functions[mode] = f
        return f

    def _make_train_function(self):
        self._function('train')

    # -- fit / evaluate / predict ----------------------------------------------------------

    @interfaces.legacy_fit_support
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None,
            validation_split=0., validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_freq=1, max_queue_size=10, workers=1, use_multiprocessing=False, **kwargs):
        """Train for `epochs` epochs; returns a `History` callback with `.history`.

        # Arguments
            x, y: numpy arrays (or lists/dicts of them for several inputs/outputs).
                `x` may also be a generator or a `Sequence` yielding
                `(x, y)` or `(x, y, sample_weight)` batches: training then
                goes through `fit_generator()` (and `y` must be None).
            batch_size: samples per step (default 32).
            epochs: index of the last epoch to train.
            verbose: 0 silent, 1 progress bar, 2 one line per epoch.
            callbacks: list of `Callback`s.
            validation_split: fraction of the data (taken from the end, before
                shuffling) held out for validation.
            validation_data: `(x_val, y_val)` or `(x_val, y_val, sample_weights)`,
                or a generator or `Sequence` of such batches.
            shuffle: shuffle the training data before each epoch (for a
                `Sequence`: the order of its batches).
            class_weight: dict mapping class index to a loss weight.
            sample_weight: per-sample loss weights.
            initial_epoch: epoch at which to start (to resume training).
            steps_per_epoch: batches per epoch when `x` is a generator (default
                for a `Sequence`: its length).
            validation_steps: batches per validation when `validation_data` is
                a generator (default for a `Sequence`: its length).
            validation_freq: validate every `validation_freq` epochs, or at the
                epochs (counted from 1) in a list.
            max_queue_size, workers, use_multiprocessing: how generators and
                Sequences are read; see `fit_generator()`.

        # Returns
            The `History` callback of the run.

        # Raises
            ValueError: for data that does not fit the model, and bad arguments.
        """
        if kwargs:
            raise TypeError('fit() got unexpected keyword arguments: %s' % sorted(kwargs))
        if training_generator.is_generator_or_sequence(x):
            training_generator.check_generator_arguments('fit', y, sample_weight, validation_split)
            return training_generator.fit_generator(
                self, x, steps_per_epoch=steps_per_epoch, epochs=epochs, verbose=verbose,
                callbacks=callbacks, validation_data=validation_data,
                validation_steps=validation_steps, validation_freq=validation_freq,
                class_weight=class_weight, max_queue_size=max_queue_size, workers=workers,
                use_multiprocessing=use_multiprocessing, shuffle=shuffle,
                initial_epoch=initial_epoch, caller='fit')
        if training_generator.is_symbolic_data(x, y, sample_weight):
            return self._fit_symbolic(
                x, y, sample_weight, epochs=epochs, verbose=verbose, callbacks=callbacks,
                validation_split=validation_split, validation_data=validation_data,
                class_weight=class_weight, initial_epoch=initial_epoch,
                steps_per_epoch=steps_per_epoch, validation_steps=validation_steps,
                validation_freq=validation_freq)
        batch_size = data_checks.check_batch_size(batch_size)
        epochs = data_checks.check_count(epochs, 'epochs', minimum=0)
        initial_epoch = data_checks.check_count(initial_epoch, 'initial_epoch', minimum=0)
        _check_verbose(verbose, 'fit')
        self._build_if_deferred(x)
        self._ensure_backend()
        ins = self._standardize(x, y, sample_weight, class_weight,
                                finite=not training_generator.terminates_on_nan(callbacks))
        # With `steps_per_epoch` (or no arrays at all: the data are tensors of the
        # model), each step takes all the arrays, as in Keras.
        steps = None
        if steps_per_epoch is not None or not ins:
            steps = _check_steps(steps_per_epoch, 'steps_per_epoch', 'fit')
        else:
            data_checks.check_stateful_batches(self, ins[0].shape[0], batch_size, 'fit')
        validation = None
        if validation_data is not None:
            validation = training_generator.make_validation(
                self, validation_data, validation_steps, batch_size, workers,
                use_multiprocessing, max_queue_size, 'fit')
        elif validation_split:
            if not 0. < validation_split < 1.:
                raise ValueError('fit(): `validation_split` must be in [0, 1); got %r.'
                                 % (validation_split,))
            if not ins:
                raise ValueError('fit(): the model is fed no arrays (its data are tensors), so '
                                 'you cannot use `validation_split`.')
            n = ins[0].shape[0]
            split = int(n * (1. - validation_split))
            if split == 0 or split == n:
                raise ValueError('fit(): validation_split=%r of %d samples leaves an empty '
                                 'training or validation set.' % (validation_split, n))
            ins, val_ins = [a[:split] for a in ins], [a[split:] for a in ins]
            validation = training_generator.Validation(self, ins=val_ins, batch_size=batch_size,
                                                       steps=validation_steps)
        elif validation_steps and not ins:
            # As Keras: the model's data tensors, evaluated `validation_steps` times.
            validation = training_generator.Validation(self, ins=[], steps=validation_steps)
        if steps is not None:
            params = {'batch_size': None, 'epochs': epochs, 'steps': steps, 'samples': None}
            epoch_batches = lambda epoch: [data_checks.dense(ins)] * steps  # noqa: E731
            progbar = cbks.ProgbarLogger(count_mode='steps')
        else:
            n = ins[0].shape[0]
            index = np.arange(n)

            def epoch_batches(epoch):
                if not shuffle:
                    return self._slices(ins, batch_size)
                np.random.shuffle(index)
                return self._slices(ins, batch_size, index)

            params = {'batch_size': batch_size, 'epochs': epochs, 'steps': None, 'samples': n}
            progbar = None
        try:
            if validation is not None:
                validation.start()
            return self._fit_loop(epoch_batches, params, callbacks=callbacks, verbose=verbose,
                                  progbar=progbar, initial_epoch=initial_epoch,
                                  validation=validation, validation_freq=validation_freq)
        finally:
            if validation is not None:
                validation.stop()

    def _fit_symbolic(self, x, y, sample_weight, steps_per_epoch=None, validation_split=0.,
                      validation_data=None, validation_steps=None, **kwargs):
        """`fit()` on data given as backend tensors: each step evaluates them and
        trains on their values (see `training_generator.SymbolicData`)."""
        if validation_split:
            raise ValueError('fit(): if your data is in the form of symbolic tensors, you cannot '
                             'use `validation_split`; give `validation_data` instead.')
        if steps_per_epoch is None:
            raise ValueError('fit(): if your data is in the form of symbolic tensors, you should '
                             'specify the `steps_per_epoch` argument (instead of the `batch_size` '
                             'argument, because symbolic tensors are expected to produce batches '
                             'of input data).')
        self._ensure_backend()
        data = training_generator.SymbolicData(x, y, sample_weight)
        if isinstance(validation_data, (list, tuple)) and \
                training_generator.is_symbolic_data(*validation_data):
            validation_data = training_generator.SymbolicData(*validation_data).batches()
        return training_generator.fit_generator(
            self, data.batches(), steps_per_epoch=steps_per_epoch, validation_data=validation_data,
            validation_steps=validation_steps, workers=0, caller='fit', **kwargs)

    def _fit_loop(self, epoch_batches, params, callbacks=None, verbose=1, progbar=None,
                  initial_epoch=0, validation=None, validation_freq=1, epoch_params=None):
        """The epoch loop of `fit()` and `fit_generator()`: train steps, callbacks, validation.

        # Arguments
            epoch_batches: function of the epoch index giving that epoch's
                batches, each the list of arrays the train function takes
                (inputs, targets, sample weights).
            params: the callbacks' `params` (`epochs` is the last epoch);
                `verbose`, `do_validation` and `metrics` are added.
            callbacks: the user's callbacks.
            verbose: 0, 1 or 2.
            progbar: the progress bar callback (default: counting samples).
            initial_epoch: the first epoch.
            validation: None, or a function giving the validation outputs
                (called with the callbacks, whose `on_test_*` hooks it runs).
            validation_freq: see `fit()`.
            epoch_params: None, or a function giving the params that change
                after each epoch (e.g. the steps of a Sequence whose length
                changed): the callbacks get them with `set_params`.

        # Returns
            The `History` callback.
        """
        _check_verbose(verbose, 'fit')
        _check_validation_freq(validation_freq)
        self._check_trainable_weights_consistency()
        f = self._function('train')
        lp = [np.uint8(1)] if self._feeds_learning_phase() else []
        out_labels = self.metrics_names
        callback_metrics = list(out_labels)
        if validation is not None:
            callback_metrics += ['val_' + n for n in out_labels]
        self.history = cbks.History()
        stateful = list(self._stateful_metric_names)
        callback_list = [cbks.BaseLogger(stateful_metrics=stateful)]
        if verbose:
            progbar = progbar or cbks.ProgbarLogger(count_mode='samples')
            progbar.stateful_metrics = set(progbar.stateful_metrics) | set(stateful)
            callback_list.append(progbar)
        callback_list += to_list(callbacks or []) + [self.history]
        callback_list = cbks.CallbackList(callback_list)
        callback_list.set_model(self)
        params = dict(params, verbose=verbose, do_validation=validation is not None,
                      metrics=callback_metrics)
        callback_list.set_params(params)
        if validation is not None and validation.ins is not None:
            # As in Keras: callbacks see the validation arrays (inputs, targets, weights).
            for callback in callback_list.callbacks:
                callback.validation_data = validation.ins
        self.stop_training = False
        callback_list.on_train_begin()
        for epoch in range(initial_epoch, params['epochs']):
            callback_list.on_epoch_begin(epoch)
            self.reset_metrics()
            epoch_logs = {}
            for batch_index, batch in enumerate(epoch_batches(epoch)):
                batch_logs = {'batch': batch_index, 'size': _batch_rows(batch)}
                callback_list.on_batch_begin(batch_index, batch_logs)
                self._metrics_fresh = False
                outs = f(batch + lp)
                for label, value in zip(out_labels, outs):
                    batch_logs[label] = float(value)
                callback_list.on_batch_end(batch_index, batch_logs)
                if self.stop_training:
                    break
            if validation is not None and _should_validate(validation_freq, epoch):
                for label, value in zip(out_labels, validation(callbacks=callback_list)):
                    epoch_logs['val_' + label] = value
            callback_list.on_epoch_end(epoch, epoch_logs)
            if self.stop_training:
                break
            if epoch_params is not None:
                params = dict(params, **epoch_params())
                callback_list.set_params(params)
        callback_list.on_train_end()
        return self.history

    @staticmethod
    def _slices(ins, batch_size, index=None):
        """The batches of the arrays `ins`, in order, or in the order of `index`
        (scipy sparse matrices are made dense batch by batch)."""
        for start in range(0, ins[0].shape[0], batch_size):
            if index is None:
                yield data_checks.dense([a[start:start + batch_size] for a in ins])
            else:
                ids = index[start:start + batch_size]
                yield data_checks.dense([a[ids] for a in ins])

    def _hooks(self, callbacks):
        """The user's `callbacks` of evaluate()/predict(), ready to call (None if none);
        a `CallbackList` (fit()'s, for validation) is used as it is."""
        if isinstance(callbacks, cbks.CallbackList):
            return callbacks
        if not callbacks:
            return None
        hooks = cbks.CallbackList(to_list(callbacks))
        hooks.set_model(self)
        return hooks

    def _test_loop(self, f, batches, callbacks=None):
        """Loss and metrics over `batches`: the losses averaged weighted by the batch
        sizes, the (stateful) metrics as they stand after the last batch. The
        `on_test_*` hooks of `callbacks` run around the loop and each batch."""
        lp = [np.uint8(0)] if self._feeds_learning_phase() else []
        self.reset_metrics()
        averaged = len(self.metrics_names) - len(self._stateful_metric_names)
        totals = None
        seen = 0
        hooks = self._hooks(callbacks)
        if hooks:
            hooks.on_test_begin()
        for step, batch in enumerate(batches):
            self._metrics_fresh = False
            size = _batch_rows(batch)
            if hooks:
                hooks.on_test_batch_begin(step, {'batch': step, 'size': size})
            outs = f(batch + lp)
            if hooks:
                logs = dict(zip(self.metrics_names, (float(v) for v in outs)))
                logs.update(batch=step, size=size)
                hooks.on_test_batch_end(step, logs)
            if totals is None:
                totals = [0.] * len(outs)
            for i, value in enumerate(outs):
                if i < averaged:
                    totals[i] += float(value) * size
                else:
                    totals[i] = float(value)
            seen += size
        if not seen:
            raise ValueError('evaluate(): there are no samples to evaluate.')
        results = [t / seen for t in totals[:averaged]] + totals[averaged:]
        if hooks:
            hooks.on_test_end(dict(zip(self.metrics_names, results)))
        return results

    def _predict_loop(self, f, batches, steps=None, callbacks=None):
        """The outputs for `batches` (lists of input arrays), concatenated.

        With `steps`, a progress bar counts the batches. The `on_predict_*`
        hooks of `callbacks` run around the loop and each batch.
        """
        lp = [np.uint8(0)] if self._feeds_learning_phase() else []
        progbar = Progbar(target=steps) if steps else None
        chunks = []
        hooks = self._hooks(callbacks)
        if hooks:
            hooks.on_predict_begin()
        for step, batch in enumerate(batches):
            size = _batch_rows(batch)
            if hooks:
                hooks.on_predict_batch_begin(step, {'batch': step, 'size': size})
            chunks.append(f(batch + lp))
            if hooks:
                hooks.on_predict_batch_end(step, {'batch': step, 'size': size,
                                                  'outputs': chunks[-1]})
            if progbar is not None:
                progbar.update(step + 1)
        if hooks:
            hooks.on_predict_end()
        if not chunks:
            return unpack_singleton([np.zeros((0,) + tuple(K.int_shape(o)[1:]), K.floatx())
                                     for o in self.outputs])
        return unpack_singleton([np.concatenate([c[i] for c in chunks])
                                 for i in range(len(self.outputs))])

    def evaluate(self, x=None, y=None, batch_size=None, verbose=1, sample_weight=None,
                 steps=None, callbacks=None, max_queue_size=10, workers=1,
                 use_multiprocessing=False, **kwargs):
        """The loss (and metrics) on `x`, `y`: a scalar, or a list in `metrics_names` order.

        # Arguments
            x, y: numpy arrays (or lists/dicts of them); `x` may also be a
                generator or a `Sequence` of `(x, y)` or
                `(x, y, sample_weight)` batches (then `y` must be None).
            batch_size: samples per step (default 32).
            verbose: 0 silent, 1 prints the results.
            sample_weight: per-sample weights.
            steps: batches to read from a generator (default for a
                `Sequence`: its length).
            callbacks: `Callback`s whose `on_test_*` hooks run.
            max_queue_size, workers, use_multiprocessing: see `fit_generator()`.

        # Returns
            A scalar (the loss) or the list of the loss and metrics.
        """
        if kwargs:
            raise TypeError('evaluate() got unexpected keyword arguments: %s' % sorted(kwargs))
        if training_generator.is_generator_or_sequence(x):
            training_generator.check_generator_arguments('evaluate', y, sample_weight)
            outs = training_generator.evaluate_generator(
                self, x, steps=steps, max_queue_size=max_queue_size, workers=workers,
                use_multiprocessing=use_multiprocessing, callbacks=callbacks, caller='evaluate')
        elif training_generator.is_symbolic_data(x, y, sample_weight):
            data = training_generator.SymbolicData(x, y, sample_weight)
            outs = training_generator.evaluate_generator(
                self, data.batches(), steps=_check_steps(steps, 'steps', 'evaluate'), workers=0,
                callbacks=callbacks, caller='evaluate')
        else:
            batch_size = data_checks.check_batch_size(batch_size)
            self._build_if_deferred(x)
            self._ensure_backend()
            ins = self._standardize(x, y, sample_weight, None)
            if steps is not None or not ins:
                batches = [data_checks.dense(ins)] * _check_steps(steps, 'steps', 'evaluate')
            else:
                data_checks.check_stateful_batches(self, ins[0].shape[0], batch_size, 'evaluate')
                batches = self._slices(ins, batch_size)
            outs = self._test_loop(self._function('test'), batches, callbacks=callbacks)
        return self._evaluation_result(outs, verbose)

    def _evaluation_result(self, outs, verbose):
        if verbose:
            print(' - '.join('%s: %.4f' % (n, v) for n, v in zip(self.metrics_names, outs)))
        return unpack_singleton(outs)

    def predict(self, x, batch_size=None, verbose=0, steps=None, callbacks=None,
                max_queue_size=10, workers=1, use_multiprocessing=False, **kwargs):
        """Outputs for the samples in `x` (a numpy array, or a list for several outputs).

        # Arguments
            x: numpy array (or a list/dict of them); or a generator or a
                `Sequence` yielding the inputs of each batch (or `(x, y)` or
                `(x, y, sample_weight)` tuples, whose `x` is used).
            batch_size: samples per step (default 32).
            verbose: 0 silent, 1 a progress bar (for generators).
            steps: batches to read from a generator (default for a
                `Sequence`: its length).
            callbacks: `Callback`s whose `on_predict_*` hooks run.
            max_queue_size, workers, use_multiprocessing: see `fit_generator()`.

        # Returns
            The predictions: an array, or a list of arrays for several outputs.
        """
        if kwargs:
            raise TypeError('predict() got unexpected keyword arguments: %s' % sorted(kwargs))
        if training_generator.is_generator_or_sequence(x):
            return training_generator.predict_generator(
                self, x, steps=steps, max_queue_size=max_queue_size, workers=workers,
                use_multiprocessing=use_multiprocessing, verbose=verbose, callbacks=callbacks,
                caller='predict')
        if training_generator.is_symbolic_data(x):
            data = training_generator.SymbolicData(x)
            return training_generator.predict_generator(
                self, (values[0] for values in data.batches()),
                steps=_check_steps(steps, 'steps', 'predict'), workers=0, verbose=verbose,
                callbacks=callbacks, caller='predict')
        batch_size = data_checks.check_batch_size(batch_size)
        self._build_if_deferred(x)
        self._ensure_backend()
        ins = data_checks.standardize_inputs(self, x)
        if steps is not None or not ins:
            # As Keras: each step predicts on all the arrays (or on the model's
            # data tensors, when it is fed none).
            steps = _check_steps(steps, 'steps', 'predict')
            return self._predict_loop(self._function('predict'), [data_checks.dense(ins)] * steps,
                                      steps=steps if verbose else None, callbacks=callbacks)
        data_checks.check_stateful_batches(self, ins[0].shape[0], batch_size, 'predict')
        return self._predict_loop(self._function('predict'), self._slices(ins, batch_size),
                                  callbacks=callbacks)

    # -- generators --------------------------------------------------------------------------

    @interfaces.legacy_generator_methods_support
    def fit_generator(self, generator, steps_per_epoch=None, epochs=1, verbose=1,
                      callbacks=None, validation_data=None, validation_steps=None,
                      validation_freq=1, class_weight=None, max_queue_size=10, workers=1,
                      use_multiprocessing=False, shuffle=True, initial_epoch=0):
        """Train on batches read from a generator or a `Sequence`.

        The batches are read ahead, while the model trains, by `workers`
        threads (or processes); the callbacks get the same logs as with
        `fit()`, and the epoch metrics are averaged weighted by batch size.
        A `Sequence` has its `on_epoch_end()` called after each complete pass
        over it (each epoch when `steps_per_epoch` is its length), on the
        calling thread.

        Data marked main-thread-only (`utils.main_thread_only(data)`, i.e. the
        attribute `_keras_main_thread_only = True` on the generator or
        Sequence) is always read synchronously on the calling thread, whatever
        `workers` says (R functions must only run on R's main thread).

        # Arguments
            generator: a generator (or iterator) yielding `(x, y)` or
                `(x, y, sample_weight)` batches endlessly, or a `Sequence`.
            steps_per_epoch: batches per epoch; required for a generator,
                default `len()` of a Sequence.
            epochs: index of the last epoch to train.
            verbose: 0 silent, 1 progress bar (counting steps), 2 one line per
                epoch.
            callbacks: list of `Callback`s.
            validation_data: a generator or `Sequence` of validation batches,
                or a tuple `(x_val, y_val)` or `(x_val, y_val, sample_weight)`.
            validation_steps: batches per validation when `validation_data`
                is a generator; default `len()` of a Sequence.
            validation_freq: validate every `validation_freq` epochs, or at the
                epochs (counted from 1) in a list.
            class_weight: dict mapping class index to a loss weight.
            max_queue_size: most batches read ahead.
            workers: threads (or processes) reading the data; 0 reads on the
                calling thread.
            use_multiprocessing: read a `Sequence` in forked processes (its
                batches must be picklable); a generator is read in threads
                anyway, with a warning.
            shuffle: shuffle the order of the batches of a `Sequence` at each
                pass (whatever `workers` is); no effect on generators.
            initial_epoch: epoch at which to start (to resume training).

        # Returns
            The `History` callback of the run.

        # Raises
            ValueError: when `steps_per_epoch` is missing for a generator,
                and when a batch does not fit the model (the message names the
                step and the expected and received shapes). An exception raised
                by the generator stops training and is raised again as it is.
        """
        return training_generator.fit_generator(
            self, generator, steps_per_epoch=steps_per_epoch, epochs=epochs, verbose=verbose,
            callbacks=callbacks, validation_data=validation_data,
            validation_steps=validation_steps, validation_freq=validation_freq,
            class_weight=class_weight, max_queue_size=max_queue_size, workers=workers,
            use_multiprocessing=use_multiprocessing, shuffle=shuffle, initial_epoch=initial_epoch)

    @interfaces.legacy_generator_methods_support
    def evaluate_generator(self, generator, steps=None, callbacks=None, max_queue_size=10,
                           workers=1, use_multiprocessing=False, verbose=0):
        """The loss (and metrics) over batches read from a generator or a `Sequence`.

        The outputs are averaged over the batches weighted by their sizes, so
        the result equals `evaluate()` on the concatenated batches.

        # Arguments
            generator: a generator yielding `(x, y)` or `(x, y, sample_weight)`
                batches, or a `Sequence`.
            steps: batches to read; required for a generator, default `len()`
                of a Sequence.
            callbacks: `Callback`s whose `on_test_*` hooks run.
            max_queue_size, workers, use_multiprocessing: see `fit_generator()`
                (main-thread-only data is read on the calling thread).
            verbose: 0 silent, 1 prints the results.

        # Returns
            A scalar (the loss) or the list of the loss and metrics, in
            `metrics_names` order.

        # Raises
            ValueError: when `steps` is missing for a generator, and when a
                batch does not fit the model.
        """
        outs = training_generator.evaluate_generator(
            self, generator, steps=steps, callbacks=callbacks, max_queue_size=max_queue_size,
            workers=workers, use_multiprocessing=use_multiprocessing)
        return self._evaluation_result(outs, verbose)

    @interfaces.legacy_generator_methods_support
    def predict_generator(self, generator, steps=None, callbacks=None, max_queue_size=10,
                          workers=1, use_multiprocessing=False, verbose=0):
        """Predictions for the inputs read from a generator or a `Sequence`.

        # Arguments
            generator: a generator or a `Sequence` yielding the inputs of each
                batch, or `(x, y)` / `(x, y, sample_weight)` tuples (whose
                `x` is used).
            steps, callbacks, max_queue_size, workers, use_multiprocessing:
                as for `evaluate_generator()`.
            verbose: 0 silent, 1 a progress bar.

        # Returns
            The predictions, concatenated: an array, or a list of arrays for
            several outputs.

        # Raises
            ValueError: as `evaluate_generator()` does.
        """
        return training_generator.predict_generator(
            self, generator, steps=steps, callbacks=callbacks, max_queue_size=max_queue_size,
            workers=workers, use_multiprocessing=use_multiprocessing, verbose=verbose)

    def train_on_batch(self, x, y, sample_weight=None, class_weight=None, reset_metrics=True):
        """One gradient step on one batch; returns the loss (and metrics).

        With `reset_metrics` (default) the metrics cover this batch only; without,
        they accumulate over the calls since the last reset.
        """
        return self._on_batch('train', x, y, sample_weight, class_weight, reset_metrics)

    def test_on_batch(self, x, y, sample_weight=None, reset_metrics=True):
        """The loss (and metrics) on one batch; `reset_metrics` as for `train_on_batch`."""
        return self._on_batch('test', x, y, sample_weight, None, reset_metrics)

    def _on_batch(self, mode, x, y, sample_weight, class_weight, reset_metrics):
        self._build_if_deferred(x)
        self._ensure_backend()
        if training_generator.is_symbolic_data(x, y, sample_weight):
            x, y, sample_weight = training_generator.SymbolicData(x, y, sample_weight)()
        ins = data_checks.dense(self._standardize(x, y, sample_weight, class_weight))
        lp = [np.uint8(mode == 'train')] if self._feeds_learning_phase() else []
        if mode == 'train':
            self._check_trainable_weights_consistency()
        f = self._function(mode)
        if reset_metrics:
            self.reset_metrics()
        self._metrics_fresh = False
        return unpack_singleton([float(v) for v in f(ins + lp)])

    def predict_on_batch(self, x):
        """The outputs for one batch of samples `x` (all of them at once)."""
        self._build_if_deferred(x)
        self._ensure_backend()
        if training_generator.is_symbolic_data(x):
            x = training_generator.SymbolicData(x)()[0]
        ins = data_checks.dense(data_checks.standardize_inputs(self, x))
        lp = [np.uint8(0)] if self._feeds_learning_phase() else []
        return unpack_singleton(list(self._function('predict')(ins + lp)))

    def _standardize(self, x, y, sample_weight, class_weight, finite=True):
        if self.optimizer is None:
            raise RuntimeError('You must compile the model before training or evaluating it: '
                               'call compile(optimizer, loss) first.')
        return data_checks.standardize_training_data(self, x, y, sample_weight, class_weight,
                                                     finite=finite)

    def _set_inputs(self, inputs, outputs=None, training=None):
        """Give a model without inputs its inputs, and its outputs by calling it on them
        (Keras 2.3's `_set_inputs`, for models that learn their inputs from data).

        # Arguments
            inputs: an array, a tensor, or a list of them. Arrays give inputs
                of their shape (any batch size); Keras tensors are used as
                they are; other tensors become `Input(tensor=...)` (not fed).
            outputs: the output tensors, when already computed.
            training: passed to `call()` when it takes a `training` argument.

        # Raises
            ValueError: when the model already has inputs.
        """
        if self.inputs:
            raise ValueError('Model inputs are already set.')
        from .input_layer import Input
        tensors = []
        for value in to_list(inputs):
            if isinstance(value, list):
                value = np.asarray(value)
            if isinstance(value, np.ndarray):
                value = Input(shape=(value.shape[1:] if value.ndim > 1 else (1,)))
            elif getattr(value, '_keras_history', None) is None:
                value = Input(tensor=value)
            tensors.append(value)
        if outputs is None:
            coordinates = getattr(self, '_input_coordinates', None)
            if coordinates:
                # A graph network calls its layers from its own input tensors.
                self.inputs = [layer._inbound_nodes[node].output_tensors[index]
                               for layer, node, index in coordinates]
            kwargs = {'training': training} if base_layer._accepts(self.call, 'training') else {}
            try:
                outputs = self.call(unpack_singleton(tensors), **kwargs)
            finally:
                self.inputs = []
        self._init_graph_network(tensors, outputs)
        self._functions = {}

    def _build_if_deferred(self, x):
        """Build a model that does not know its inputs yet from the data `x` it is first
        given (a Sequential without input shape, a subclassed Model), and compile
        it as a `compile()` made before asked, as Keras 2.3 does.

        # Raises
            ValueError: when there is no data to build from, saying what to do.
        """
        if not self.built or (not self._is_graph_network and not self.inputs):
            if x is None:
                raise ValueError(
                    'The model %r has no input shape yet, and no input data was given to build '
                    'it from: give the first layer an input_shape (e.g. layer_dense(units = 32, '
                    'input_shape = c(784))), call build() with the input shape, or pass `x`.'
                    % self.name)
            self._set_inputs(x)
        pending = self.__dict__.get('_deferred_compile')
        if pending is not None and self.built:
            self._deferred_compile = None
            self.compile(**pending)

    def _set_inputs(self, inputs, outputs=None, training=None):
        """Give the model its inputs, from data or tensors (as Keras 2.3 does for a
        model that does not know them at creation, e.g. a subclassed Model).

        # Arguments
            inputs: an array or tensor, or a list of them. Arrays give
                placeholders of their shape (any batch size) that the data
                feeds; placeholders are fed too; other tensors are computed
                from and take no data.
            outputs: the output tensors, if already computed; by default the
                model's `call` on the inputs.
            training: passed to `call` when it takes `training`.

        # Raises
            ValueError: when the model already has inputs, or for a dict.
        """
        if self.inputs:
            raise ValueError('The inputs of model %r are already set.' % self.name)
        if isinstance(inputs, dict):
            raise ValueError('The model %r does not know its input names yet: give its first '
                             'data as an array or a list of arrays, not a dict.' % self.name)
        values = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        tensors, feeds, names = [], [], []
        for i, value in enumerate(values):
            name = 'input_%d' % (i + 1)
            if not K.is_tensor(value):
                value = np.asarray(value)
                if value.ndim == 1:
                    value = value[:, None]
                value = K.placeholder(shape=(None,) + value.shape[1:], name=name)
            tensors.append(value)
            if K.is_placeholder(value):
                feeds.append(value)
                names.append(name)
        previous, self.inputs = self.inputs, tensors   # a graph network's call reads them
        if outputs is None:
            kwargs = {'training': training} if self._expects_training_arg else {}
            try:
                outputs = self.call(unpack_singleton(tensors), **kwargs)
            except BaseException:
                self.inputs = previous
                raise
        self.input_names = ['input_%d' % (i + 1) for i in range(len(tensors))]
        self._feed_inputs, self._feed_input_names = feeds, names
        self._feed_input_shapes = [K.int_shape(x) for x in feeds]
        self.outputs = to_list(outputs)
        self.output_names = ['output_%d' % (i + 1) for i in range(len(self.outputs))]
        self._functions = {}
        self.built = True
        self._backend_tag = K.session_tag()

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

    def __getstate__(self):
        """What `pickle` keeps: the model as its HDF5 model file (see `saving.pickle_model`)."""
        from .saving import pickle_model
        return pickle_model(self)

    def __setstate__(self, state):
        from .saving import unpickle_model
        self.__dict__.update(unpickle_model(state).__dict__)

    def save_weights(self, filepath, overwrite=True):
        from .saving import save_weights
        save_weights(self, filepath, overwrite)

    def load_weights(self, filepath, by_name=False, skip_mismatch=False, reshape=False):
        """Load weights from an HDF5 file, all or nothing (see `saving.load_weights`)."""
        from .saving import load_weights
        self._ensure_backend()
        load_weights(self, filepath, by_name, skip_mismatch, reshape)

    def get_weights(self):
        self._ensure_backend()
        return super(Model, self).get_weights()

    def set_weights(self, weights):
        self._ensure_backend()
        super(Model, self).set_weights(weights)

