"""wrappers.scikit_learn: KerasClassifier and KerasRegressor as in Keras 2.3."""
import numpy as np
import pytest

from multikeras import layers
from multikeras.models import Sequential
from multikeras.wrappers.scikit_learn import KerasClassifier, KerasRegressor


def classifier(hidden=4, classes=3):
    model = Sequential([layers.Dense(hidden, activation='relu', input_shape=(5,)),
                        layers.Dense(classes, activation='softmax' if classes > 1 else 'sigmoid')])
    model.compile('sgd', 'categorical_crossentropy' if classes > 1 else 'binary_crossentropy',
                  metrics=['accuracy'])
    return model


def regressor(hidden=4):
    model = Sequential([layers.Dense(hidden, activation='relu', input_shape=(5,)),
                        layers.Dense(1)])
    model.compile('sgd', 'mae')
    return model


def data(rng, n=20):
    return rng.rand(n, 5).astype('float32'), rng.randint(0, 3, n)


def test_classifier_with_string_labels(backend, rng):
    x, y = data(rng)
    labels = np.array(['a', 'b', 'c'])[y]
    clf = KerasClassifier(build_fn=classifier, hidden=3, epochs=1, batch_size=8, verbose=0)
    clf.fit(x, labels, sample_weight=np.ones(len(x)))
    assert clf.model.layers[0].units == 3            # hidden went to build_fn
    assert list(clf.classes_) == ['a', 'b', 'c'] and clf.n_classes_ == 3
    score = clf.score(x, labels, batch_size=8)
    assert np.isscalar(score) and 0 <= score <= 1
    predictions = clf.predict(x[:7])
    assert predictions.shape == (7,) and set(predictions) <= {'a', 'b', 'c'}
    np.testing.assert_allclose(clf.predict_proba(x[:7]).sum(axis=1), np.ones(7), rtol=1e-5)


def test_classifier_subclass_builds_with_call(backend, rng):
    class Clf(KerasClassifier):
        def __call__(self, hidden):
            return classifier(hidden, classes=1)

    x, y = data(rng)
    y = (y > 0).astype('int32')
    clf = Clf(build_fn=None, hidden=2, epochs=1, verbose=0)
    clf.fit(x, y)
    assert clf.predict_proba(x[:4]).shape == (4, 2)    # one sigmoid-like column -> two


def test_classifier_score_needs_accuracy(backend, rng):
    def no_accuracy():
        model = classifier()
        model.compile('sgd', 'categorical_crossentropy')
        return model

    x, y = data(rng)
    clf = KerasClassifier(no_accuracy, epochs=1, verbose=0)
    clf.fit(x, y)
    with pytest.raises(ValueError, match='accuracy'):
        clf.score(x, y)


def test_regressor_predicts_flat_and_scores_minus_loss(backend, rng):
    class Builder(object):
        def __call__(self, hidden):
            return regressor(hidden)

    x, y = data(rng)
    reg = KerasRegressor(build_fn=Builder(), hidden=2, epochs=1, verbose=0)
    reg.fit(x, y.astype('float32'))
    assert reg.predict(x[:6]).shape == (6,)
    assert reg.predict(x[:0]).shape == (0,)
    loss = reg.model.evaluate(x, y, verbose=0)
    assert reg.score(x, y, verbose=0) == pytest.approx(-loss, rel=1e-5)


def test_params_are_checked():
    with pytest.raises(ValueError, match='not_an_argument is not a legal parameter'):
        KerasRegressor(build_fn=regressor, not_an_argument=1)
    reg = KerasRegressor(build_fn=regressor, hidden=2, epochs=3)
    assert reg.get_params() == {'build_fn': regressor, 'hidden': 2, 'epochs': 3}
    assert reg.set_params(batch_size=4) is reg and reg.sk_params['batch_size'] == 4
    assert reg.filter_sk_params(Sequential.fit, {'epochs': 1}) == {'epochs': 1, 'batch_size': 4}
