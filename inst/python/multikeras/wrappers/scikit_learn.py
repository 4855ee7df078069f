"""Models as scikit-learn estimators: `KerasClassifier` and `KerasRegressor`.

`build_fn` returns a compiled model. Keyword arguments given to the wrapper
(`sk_params`) go to whichever of `build_fn`, `fit`, `predict` and `evaluate`
accepts them, so `GridSearchCV` can tune model and training arguments alike.
"""
import copy
import inspect
import types

import numpy as np

from ..models import Model, Sequential
from ..utils.np_utils import to_categorical


def _accepts(fn, name):
    """Whether `fn` takes an argument called `name`."""
    return name in inspect.signature(fn).parameters


def _as_list(x):
    return x if isinstance(x, list) else [x]


class BaseWrapper(object):
    """Holds `build_fn` and the `sk_params`; builds and fits the model.

    # Arguments
        build_fn: a function, or an object with `__call__`, returning a
            compiled model; None for a subclass that defines `__call__`.
        **sk_params: arguments of `build_fn`, `fit`, `predict`,
            `predict_classes` and `evaluate`.

    # Raises
        ValueError: an entry of `sk_params` that none of them accepts.
    """

    def __init__(self, build_fn=None, **sk_params):
        self.build_fn = build_fn
        self.sk_params = sk_params
        self.check_params(sk_params)

    def _builder(self):
        if self.build_fn is None:
            return self.__call__
        if isinstance(self.build_fn, (types.FunctionType, types.MethodType)):
            return self.build_fn
        return self.build_fn.__call__

    def check_params(self, params):
        """Raises ValueError for a parameter that no wrapped function takes."""
        functions = [Sequential.fit, Sequential.predict, Sequential.predict_classes,
                     Model.evaluate, self._builder()]
        for name in params:
            # `nb_epoch` is Keras 1's `epochs`, still accepted by Keras 2.3.
            if name != 'nb_epoch' and not any(_accepts(fn, name) for fn in functions):
                raise ValueError('%s is not a legal parameter: none of build_fn, fit, predict, '
                                 'predict_classes and evaluate takes it.' % name)

    def get_params(self, **params):
        """The `sk_params` and `build_fn`, as scikit-learn's `get_params`."""
        result = copy.deepcopy(self.sk_params)
        result['build_fn'] = self.build_fn
        return result

    def set_params(self, **params):
        """Checks and stores new `sk_params`; returns the wrapper."""
        self.check_params(params)
        self.sk_params.update(params)
        return self

    def filter_sk_params(self, fn, override=None):
        """The `sk_params` that `fn` accepts, updated with `override`."""
        result = {name: value for name, value in self.sk_params.items() if _accepts(fn, name)}
        result.update(override or {})
        return result

    def _targets(self, y):
        """`y` one-hot encoded when the model's loss is categorical crossentropy."""
        loss = getattr(self.model.loss, '__name__', self.model.loss)
        if loss == 'categorical_crossentropy' and len(y.shape) != 2:
            return to_categorical(y)
        return y

    def fit(self, x, y, **kwargs):
        """Builds a new model with `build_fn` and fits it on `x`, `y`.

        # Arguments
            x: the inputs, shape `(n_samples, n_features)`.
            y: the targets, shape `(n_samples,)` or `(n_samples, n_outputs)`.
            **kwargs: arguments of `Sequential.fit`, over the `sk_params`.

        # Returns
            The `History` of the fit.
        """
        builder = self._builder()
        self.model = builder(**self.filter_sk_params(builder))
        fit_args = copy.deepcopy(self.filter_sk_params(Sequential.fit))
        fit_args.update(kwargs)
        return self.model.fit(x, self._targets(np.asarray(y)), **fit_args)


class KerasClassifier(BaseWrapper):
    """A scikit-learn classifier around a model (see `BaseWrapper`)."""

    def fit(self, x, y, sample_weight=None, **kwargs):
        """Fits on `x` and class labels `y` (any sortable labels, or one-hot).

        # Raises
            ValueError: `y` is not 1D, a column, or one-hot 2D.
        """
        y = np.array(y)
        if y.ndim == 2 and y.shape[1] > 1:
            self.classes_ = np.arange(y.shape[1])
        elif y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
            self.classes_ = np.unique(y)
            y = np.searchsorted(self.classes_, y)
        else:
            raise ValueError('Invalid shape for y: %s (expected (n_samples,), (n_samples, 1) or '
                             'one-hot (n_samples, n_classes)).' % (y.shape,))
        self.n_classes_ = len(self.classes_)
        if sample_weight is not None:
            kwargs['sample_weight'] = sample_weight
        return super(KerasClassifier, self).fit(x, y, **kwargs)

    def predict(self, x, **kwargs):
        """The predicted class labels of `x`, shape `(n_samples,)`."""
        kwargs = self.filter_sk_params(Sequential.predict_classes, kwargs)
        classes = self.model.predict_classes(x, **kwargs)
        return self.classes_[classes]

    def predict_proba(self, x, **kwargs):
        """Class probabilities of `x`, shape `(n_samples, n_classes)` (two
        columns for a model with one sigmoid output)."""
        kwargs = self.filter_sk_params(Sequential.predict_proba, kwargs)
        probabilities = self.model.predict_proba(x, **kwargs)
        if probabilities.shape[1] == 1:
            probabilities = np.hstack([1 - probabilities, probabilities])
        return probabilities

    def score(self, x, y, **kwargs):
        """The model's accuracy on `x`, `y`.

        # Raises
            ValueError: the model was compiled without the accuracy metric.
        """
        y = np.searchsorted(self.classes_, y)
        kwargs = self.filter_sk_params(Sequential.evaluate, kwargs)
        outputs = _as_list(self.model.evaluate(x, self._targets(y), **kwargs))
        for name, value in zip(self.model.metrics_names, outputs):
            if name in ('accuracy', 'acc'):
                return value
        raise ValueError('The model is not configured to compute accuracy: pass '
                         'metrics=["accuracy"] to model.compile().')


class KerasRegressor(BaseWrapper):
    """A scikit-learn regressor around a model (see `BaseWrapper`)."""

    def predict(self, x, **kwargs):
        """The predictions for `x`, without a last axis of length 1."""
        kwargs = self.filter_sk_params(Sequential.predict, kwargs)
        predictions = np.array(self.model.predict(x, **kwargs))
        if predictions.shape[-1] == 1:
            return np.squeeze(predictions, axis=-1)
        return predictions

    def score(self, x, y, **kwargs):
        """Minus the model's loss on `x`, `y` (scikit-learn maximises scores)."""
        kwargs = self.filter_sk_params(Sequential.evaluate, kwargs)
        loss = self.model.evaluate(x, y, **kwargs)
        return -_as_list(loss)[0]
