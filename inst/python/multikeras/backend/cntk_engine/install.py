"""Install the CNTK engine: `python -m multikeras.backend.cntk_engine.install`.

Runs setup-cntk.sh beside this file (Python 2.7 and cntk 2.7 into a private
prefix, `$KERAS_CNTK_PREFIX` or `$KERAS_HOME/cntk-engine`); idempotent.
"""
import os
import subprocess
import sys


def main(argv=None):
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'setup-cntk.sh')
    return subprocess.call(['bash', script] + list(argv or []))


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
