"""Prints the summary of `make test` from the files its parts left in DIR.

The last line is "total: N passed, N failed, N skipped". A part that left no
result (it crashed before writing one) counts as one failure.
Usage: python tools/summary.py build/results
"""
import os
import sys
import xml.etree.ElementTree as ET


def pytest_counts(path):
    if not os.path.exists(path):
        return None
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == 'testsuite' else root.findall('testsuite')
    tests = failed = skipped = 0
    for s in suites:
        tests += int(s.get('tests', 0))
        failed += int(s.get('failures', 0)) + int(s.get('errors', 0))
        skipped += int(s.get('skipped', 0))
    return tests - failed - skipped, failed, skipped


def testthat_counts(path):
    if not os.path.exists(path):
        return None
    fields = open(path).read().split()
    if len(fields) != 3:
        return None
    return tuple(int(f) for f in fields)


def check_counts(path):
    if not os.path.exists(path):
        return None
    return (1, 0, 0) if open(path).read().strip() == 'ok' else (0, 1, 0)


def main(directory):
    parts = [('pytest', pytest_counts(os.path.join(directory, 'pytest.xml'))),
             ('pytest TF oneDNN off',
              pytest_counts(os.path.join(directory, 'pytest-onednn0.xml'))),
             ('pytest TF oneDNN on',
              pytest_counts(os.path.join(directory, 'pytest-onednn1.xml'))),
             ('testthat', testthat_counts(os.path.join(directory, 'testthat.txt'))),
             ('R CMD check', check_counts(os.path.join(directory, 'check.txt')))]
    total = [0, 0, 0]
    print('==> summary')
    for name, counts in parts:
        if counts is None:
            print('  %-20s no result (the step did not finish)' % name)
            counts = (0, 1, 0)
        else:
            print('  %-20s %d passed, %d failed, %d skipped' % ((name,) + tuple(counts)))
        total = [a + b for a, b in zip(total, counts)]
    print('total: %d passed, %d failed, %d skipped' % tuple(total))
    return 1 if total[1] else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else 'build/results'))
