#!/usr/bin/env bash
# Creates the Python environment for the core (pinned set in
# inst/python/requirements.txt) and installs multikeras into it.
# Idempotent: an environment whose pins already match is left alone.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
venv=${KERAS_VENV:-$HOME/.virtualenvs/r-keras}
reqs="$here/inst/python/requirements.txt"
stamp="$venv/.keras-requirements"

python=${KERAS_BASE_PYTHON:-python3}
if [ ! -x "$venv/bin/python" ]; then
  echo "setup-python: creating $venv"
  "$python" -m venv "$venv"
fi

if [ -f "$stamp" ] && cmp -s "$stamp" "$reqs"; then
  echo "setup-python: pinned packages present in $venv"
else
  echo "setup-python: installing pinned packages into $venv"
  "$venv/bin/python" -m pip install -q --upgrade "pip==24.2"
  "$venv/bin/python" -m pip install -q -r "$reqs"
  cp "$reqs" "$stamp"
fi

# The core itself, in editable mode, so the checkout is what runs.
if ! "$venv/bin/python" -c "import multikeras, os, sys; sys.exit(0 if os.path.realpath(multikeras.__path__[0]).startswith(os.path.realpath('$here')) else 1)" 2>/dev/null; then
  echo "setup-python: installing multikeras from $here/inst/python"
  "$venv/bin/python" -m pip install -q --no-deps -e "$here/inst/python"
fi
echo "setup-python: ready ($venv/bin/python)"
