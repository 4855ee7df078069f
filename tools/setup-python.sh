#!/usr/bin/env bash
# Creates the Python environment for the core (pinned set in
# inst/python/requirements.txt and requirements-no-deps.txt) at ${KERAS_VENV:-$HOME/.virtualenvs/r-keras}
# and installs multikeras into it, editable, from this checkout.
# Idempotent: an environment whose pins already match is left alone, and the
# editable install is redone only when it points at another checkout.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
venv=${KERAS_VENV:-$HOME/.virtualenvs/r-keras}
reqs="$here/inst/python/requirements.txt"
stamp="$venv/.keras-requirements"
python=${KERAS_BASE_PYTHON:-python3}

# pip, minus the "WARNING: Location '...' is ignored" line it prints for every
# package that a configured local index (file://) does not carry. pip's own
# exit status is kept.
pip_quiet() {
  local status
  set +e
  "$venv/bin/python" -m pip "$@" 2>&1 |
    grep -v -E "^WARNING: Location '[^']*' is ignored" 
  status=${PIPESTATUS[0]}
  set -e
  return "$status"
}

# A venv whose base Python is gone (e.g. a removed pyenv version) is remade.
if [ -d "$venv" ] && ! "$venv/bin/python" -c '' >/dev/null 2>&1; then
  echo "setup-python: $venv is broken, recreating it"
  rm -rf "$venv"
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "setup-python: creating $venv with $("$python" --version 2>&1)"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv"
fi

if [ -f "$stamp" ] && cmp -s "$stamp" "$reqs"; then
  echo "setup-python: pinned packages present in $venv"
else
  echo "setup-python: installing pinned packages into $venv (a few minutes the first time)"
  pip_quiet install -q --upgrade "pip==24.2"
  pip_quiet install -q -r "$reqs"
  cp "$reqs" "$stamp"
fi

# The pins of requirements-no-deps.txt (MXNet: its declared dependencies are not
# needed), each installed without its dependencies unless that version is there.
while read -r pin; do
  case "$pin" in ''|'#'*) continue ;; esac
  name=${pin%%==*}
  if [ "$("$venv/bin/python" -c 'import importlib.metadata as m, sys; print(m.version(sys.argv[1]))' \
        "$name" 2>/dev/null)" = "${pin#*==}" ]; then
    echo "setup-python: $pin present"
  else
    echo "setup-python: installing $pin (--no-deps)"
    pip_quiet install -q --no-deps "$pin"
  fi
done < "$here/inst/python/requirements-no-deps.txt"

# Theano compiles C against Python.h, found under sys.base_prefix. Embedded in
# R, reticulate (1.28) sets PYTHONHOME to the venv, so sys.base_prefix becomes
# the venv and Theano looks in $venv/include/python3.X, which is empty: every
# Theano compile from R then fails ("Python.h: No such file or directory").
# Linking the base Python's headers there makes both ways work.
"$venv/bin/python" - "$venv" <<'EOF'
import os, sys, sysconfig
venv = sys.argv[1]
src = sysconfig.get_config_var('INCLUDEPY')
if src and os.path.isfile(os.path.join(src, 'Python.h')):
    dst = os.path.join(venv, 'include', os.path.basename(src))
    if os.path.realpath(src) != os.path.realpath(dst):
        os.makedirs(dst, exist_ok=True)
        for entry in os.listdir(src):
            target = os.path.join(dst, entry)
            if not os.path.lexists(target):
                os.symlink(os.path.join(src, entry), target)
EOF

# The core itself, in editable mode, so the checkout is what runs.
if ! (cd / && "$venv/bin/python" - "$here" <<'EOF' 2>/dev/null
import os, sys
import multikeras
here = os.path.realpath(sys.argv[1])
path = os.path.realpath(multikeras.__path__[0])
sys.exit(0 if path.startswith(here + os.sep) else 1)
EOF
); then
  echo "setup-python: installing multikeras (editable) from $here/inst/python"
  pip_quiet install -q --no-deps -e "$here/inst/python"
fi
echo "setup-python: ready ($venv/bin/python)"
