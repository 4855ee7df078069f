"""pytest plugin for running Keras 2.3.1's tests against multikeras.

Loaded with `-p ksuite_plugin` (before the suite's conftest files), it
- installs the `keras` -> `multikeras` import alias (keras_alias.py);
- marks the tests listed in the not-applicable file as skipped with the reason
  prefixed by "not applicable: ";
- appends one JSON line per test outcome to a results file as the tests run,
  so a file whose process crashes still reports what ran before the crash;
- gives `pytest.warns(None)` back the meaning it had in the pytest of Keras
  2.3.1's time (before pytest 7): record every warning, expect none in
  particular (pytest 8 refuses None).

Set by run.py through the environment: KSUITE_SDIST (the unpacked sdist),
KSUITE_NA (the not-applicable file), KSUITE_RESULTS (the JSON-lines output),
KERAS_BACKEND (the backend, for backend-restricted entries).
"""
import contextlib
import json
import os
import warnings

import pytest

import keras_alias
from na_list import NA_PREFIX, not_applicable_reason, read_not_applicable

keras_alias.install(os.environ['KSUITE_SDIST'])

_pytest_warns = pytest.warns


@contextlib.contextmanager
def _record_warnings():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        yield caught


def _warns(expected_warning=Warning, *args, **kwargs):
    """`pytest.warns`, where `None` records the warnings (the list of them) as pytest < 7."""
    if expected_warning is None and not args:
        return _record_warnings()
    return _pytest_warns(expected_warning, *args, **kwargs)


pytest.warns = _warns


def _write(record):
    with open(os.environ['KSUITE_RESULTS'], 'a') as f:
        f.write(json.dumps(record) + '\n')


def _message(report):
    """The line that says what went wrong: the exception line of a test, the
    last `E ` line of a collection error."""
    crash = getattr(report.longrepr, 'reprcrash', None)
    if crash is not None:
        text = crash.message
    else:
        text = str(report.longrepr)
        raised = [l[1:].strip() for l in text.splitlines() if l.startswith('E ')]
        text = raised[-1] if raised else text
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return (lines[0] if lines else '')[:500]


def pytest_collection_modifyitems(config, items):
    entries = read_not_applicable(os.environ['KSUITE_NA'])
    backend = os.environ.get('KERAS_BACKEND')
    for item in items:
        reason = not_applicable_reason(item.nodeid, entries, backend)
        if reason is not None:
            item.add_marker(pytest.mark.skip(reason=NA_PREFIX + reason))


def pytest_collection_finish(session):
    _write({'collected': [item.nodeid for item in session.items]})


def pytest_collectreport(report):
    if report.failed:
        _write({'collect_error': report.nodeid, 'message': _message(report)})


_outcomes = {}


def pytest_runtest_logreport(report):
    """One record per test, after its teardown: passed, failed, error,
    skipped or n/a (an error in setup or teardown makes the test an error)."""
    current = _outcomes.setdefault(report.nodeid, {'outcome': 'passed', 'message': ''})
    if report.failed and current['outcome'] in ('passed', 'skipped'):
        current['outcome'] = 'failed' if report.when == 'call' else 'error'
        current['message'] = _message(report)
    elif report.skipped and current['outcome'] == 'passed':
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if hasattr(report, 'wasxfail'):
            reason = 'xfail: ' + str(report.wasxfail)
        if reason.startswith('Skipped: '):
            reason = reason[len('Skipped: '):]
        current['outcome'] = 'n/a' if reason.startswith(NA_PREFIX) else 'skipped'
        current['message'] = reason[len(NA_PREFIX):] if reason.startswith(NA_PREFIX) else reason
    if report.when == 'teardown':
        _write(dict(_outcomes.pop(report.nodeid), test=report.nodeid))
