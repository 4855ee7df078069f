"""Keras 2.3.1's own test suite against multikeras, on each installed backend.

Fetches the Keras 2.3.1 sdist with pip (cached, never committed), unpacks its
`tests/` folder and `keras/utils/test_utils.py`, and runs every test file in
its own pytest process per backend through the import shim in `shim/`
(`import keras.X` gives `multikeras.X`). Prints a line per file:

    tests/keras/activations_test.py: P passed, F failed, E errors, S skipped, X n/a of N

N counts every test of the file; S are the tests the suite itself skips on this
backend (its own `skipif` conditions), X those listed in not_applicable.txt.
A file that cannot be imported or collected counts all its tests as errors (read
from its source by count_tests.py, less those not_applicable.txt lists); tests a
crashed or killed process never reported are errors too. The last line per backend is

    keras 2.3.1 suite on BACKEND: P passed, F failed, E errors of P+F+E

Results per test (outcome and first line of the error) are written to
OUT/BACKEND/*.jsonl, the pytest output to OUT/BACKEND/*.log, every failure and
error to OUT/BACKEND/failures.txt. Exit status 1 when any test failed or erred.

Usage: python tools/keras-suite/run.py [--backends tensorflow,theano]
           [--cache DIR] [--out DIR] [--timeout SECONDS] [FILE_FILTER ...]
"""
import argparse
import glob
import importlib.metadata
import json
import os
import subprocess
import sys
import tarfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SHIM = os.path.join(HERE, 'shim')
NA_FILE = os.path.join(HERE, 'not_applicable.txt')
REQUIREMENTS = os.path.join(HERE, 'requirements.txt')
VERSION = '2.3.1'
SDIST_DIR = 'Keras-' + VERSION
BACKENDS = ['tensorflow', 'theano', 'cntk', 'mxnet']

sys.path.insert(0, SHIM)
from count_tests import count_tests, test_counts  # noqa: E402
from na_list import not_applicable_reason, read_not_applicable  # noqa: E402


def pip(*args):
    """pip, minus the warning it prints for each package a configured local
    index does not carry."""
    result = subprocess.run([sys.executable, '-m', 'pip'] + list(args), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for line in result.stdout.splitlines():
        if not line.startswith("WARNING: Location '"):
            print(line)
    if result.returncode:
        raise SystemExit('keras-suite: pip %s failed' % ' '.join(args))


def ensure_test_packages():
    """Installs the pinned test-only packages that are missing or differ."""
    wanted = []
    for line in open(REQUIREMENTS):
        line = line.split('#')[0].strip()
        if not line:
            continue
        name, version = line.split('==')
        try:
            if importlib.metadata.version(name) == version:
                continue
        except importlib.metadata.PackageNotFoundError:
            pass
        wanted.append(line)
    if wanted:
        print('keras-suite: installing %s' % ' '.join(wanted), flush=True)
        pip('install', '-q', *wanted)


def fetch_sdist(cache):
    """The unpacked sdist's directory under `cache`, downloaded when missing."""
    root = os.path.join(cache, SDIST_DIR)
    if os.path.isdir(os.path.join(root, 'tests')):
        return root
    os.makedirs(cache, exist_ok=True)
    tarballs = glob.glob(os.path.join(cache, SDIST_DIR + '.tar.gz'))
    if not tarballs:
        print('keras-suite: fetching the Keras %s sdist with pip' % VERSION, flush=True)
        pip('download', '-q', '--no-deps', '--no-binary', ':all:', 'keras==' + VERSION, '-d', cache)
        tarballs = glob.glob(os.path.join(cache, SDIST_DIR + '.tar.gz'))
    with tarfile.open(tarballs[0]) as tar:
        wanted = [m for m in tar.getmembers()
                  if m.name.startswith(SDIST_DIR + '/tests/')
                  or m.name == SDIST_DIR + '/keras/utils/test_utils.py']
        tar.extractall(cache, members=wanted, filter='data')
    return root


def test_files(root, filters):
    """Every file of the sdist's tests/ that defines a test, relative to root."""
    files = []
    for path in sorted(glob.glob(os.path.join(root, 'tests', '**', '*.py'), recursive=True)):
        rel = os.path.relpath(path, root)
        if os.path.basename(path) == 'conftest.py' or 'def test' not in open(path).read():
            continue
        if not filters or any(f in rel for f in filters):
            files.append(rel)
    return files


def backend_available(backend):
    """None when multikeras can activate `backend`, else the reason it cannot."""
    code = 'from multikeras import backend as K; K.use_backend(%r)' % backend
    result = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True)
    if result.returncode == 0:
        return None
    lines = result.stderr.strip().splitlines()
    return lines[-1] if lines else 'exit status %d' % result.returncode


def uncollected_records(root, rel, backend, message):
    """Records of a file pytest could not collect: each test, as its source
    names it, is an error, unless not_applicable.txt lists it."""
    entries = read_not_applicable(NA_FILE)
    records = []
    for name, count in test_counts(os.path.join(root, rel)):
        nodeid = '%s::%s' % (rel, name)
        reason = not_applicable_reason(nodeid, entries, backend)
        record = {'test': nodeid, 'outcome': 'error', 'message': message} if reason is None \
            else {'test': nodeid, 'outcome': 'n/a', 'message': reason}
        records += [record] * count
    return records


def run_file(root, rel, backend, out_dir, timeout, file_timeout):
    """Runs one file in its own pytest process; returns its test records."""
    stem = rel.replace(os.sep, '.')[:-3]
    results = os.path.join(out_dir, stem + '.jsonl')
    if os.path.exists(results):
        os.remove(results)
    env = dict(os.environ, KERAS_BACKEND=backend, KSUITE_SDIST=root, KSUITE_NA=NA_FILE,
               KSUITE_RESULTS=results,
               PYTHONPATH=os.pathsep.join([SHIM] + [p for p in [os.environ.get('PYTHONPATH')] if p]))
    cmd = [sys.executable, '-m', 'pytest', '-p', 'ksuite_plugin', '-p', 'no:cacheprovider',
           '-q', '-rfE', '--timeout=%d' % timeout, '--rootdir', root,
           '-c', os.path.join(SHIM, 'pytest.ini'), rel]
    with open(os.path.join(out_dir, stem + '.log'), 'w') as log:
        try:
            status = subprocess.run(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                    timeout=file_timeout).returncode
        except subprocess.TimeoutExpired:
            status = 'killed after %d s' % file_timeout
    collected, records, collect_error = None, {}, None
    if os.path.exists(results):
        for line in open(results):
            record = json.loads(line)
            if 'collected' in record:
                collected = record['collected']
            elif 'collect_error' in record:
                collect_error = record['message']
            else:
                records[record['test']] = record
    if collect_error is not None or collected is None:
        message = collect_error or 'pytest ended before collecting (status %s)' % status
        return uncollected_records(root, rel, backend, 'not collected: ' + message)
    for nodeid in collected:
        if nodeid not in records:
            records[nodeid] = {'test': nodeid, 'outcome': 'error',
                               'message': 'no result: the process ended (status %s)' % status}
    return [records[nodeid] for nodeid in collected]


def run_backend(root, files, backend, out, timeout, file_timeout):
    """Runs every file on `backend`, printing its line; returns the totals."""
    out_dir = os.path.join(out, backend)
    os.makedirs(out_dir, exist_ok=True)
    entries = read_not_applicable(NA_FILE)
    totals = dict.fromkeys(['passed', 'failed', 'error', 'skipped', 'n/a'], 0)
    summary = open(os.path.join(out_dir, 'summary.txt'), 'w')
    failures = open(os.path.join(out_dir, 'failures.txt'), 'w')
    for rel in files:
        start = time.time()
        reason = not_applicable_reason(rel, entries, backend)
        if reason is not None:
            records = [{'test': rel, 'outcome': 'n/a', 'message': reason}
                       for _ in range(count_tests(os.path.join(root, rel)))]
        else:
            records = run_file(root, rel, backend, out_dir, timeout, file_timeout)
        counts = dict.fromkeys(totals, 0)
        for record in records:
            counts[record['outcome']] += 1
        written = set()
        for record in records:
            line = '%s %s: %s\n' % (record['outcome'], record['test'], record['message'])
            if record['outcome'] in ('failed', 'error') and line not in written:
                failures.write(line)
                written.add(line)
        failures.flush()
        for key in totals:
            totals[key] += counts[key]
        line = ('%s: %d passed, %d failed, %d errors, %d skipped, %d n/a of %d  (%.0f s)'
                % (rel, counts['passed'], counts['failed'], counts['error'], counts['skipped'],
                   counts['n/a'], len(records), time.time() - start))
        print(line, flush=True)
        summary.write(line + '\n')
    applicable = totals['passed'] + totals['failed'] + totals['error']
    lines = ['keras %s suite on %s: %d skipped by the suite, %d not applicable (not_applicable.txt)'
             % (VERSION, backend, totals['skipped'], totals['n/a']),
             'keras %s suite on %s: %d passed, %d failed, %d errors of %d'
             % (VERSION, backend, totals['passed'], totals['failed'], totals['error'], applicable)]
    summary.write('\n'.join(lines) + '\n')
    summary.close()
    failures.close()
    return lines, totals


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('filters', nargs='*', help='run only files whose path contains one of these')
    parser.add_argument('--backends', default=','.join(BACKENDS),
                        help='comma-separated; those not installed are skipped with the reason')
    parser.add_argument('--cache', default=os.path.join(os.path.expanduser('~'), '.cache', 'keras-suite'),
                        help='where the sdist is downloaded and unpacked')
    parser.add_argument('--out', default=os.path.join('build', 'keras-suite'),
                        help='where results are written')
    parser.add_argument('--timeout', type=int, default=600, help='seconds per test')
    parser.add_argument('--file-timeout', type=int, default=3 * 3600, help='seconds per file')
    args = parser.parse_args()

    ensure_test_packages()
    root = fetch_sdist(os.path.abspath(args.cache))
    files = test_files(root, args.filters)
    out = os.path.abspath(args.out)
    last_lines, bad = [], 0
    for backend in args.backends.split(','):
        reason = backend_available(backend)
        if reason is not None:
            line = 'keras %s suite on %s: not run, backend not installed: %s' % (VERSION, backend, reason)
            print(line, flush=True)
            last_lines.append(line)
            continue
        print('==> keras %s suite on %s (%d files)' % (VERSION, backend, len(files)), flush=True)
        lines, totals = run_backend(root, files, backend, out, args.timeout, args.file_timeout)
        print('\n'.join(lines), flush=True)
        last_lines += lines
        bad += totals['failed'] + totals['error']
    print('\n'.join(last_lines))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
