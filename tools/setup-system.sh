#!/usr/bin/env bash
# Installs the system packages the project needs (R and the R packages it
# uses, pandoc for the vignettes, OpenBLAS for Theano, a C++ compiler) from
# Debian, without recommends. Idempotent: installs only what is missing and
# does nothing (not even `apt-get update`) when everything is present.
#
# Python: the core's environment is built by tools/setup-python.sh from
# ${KERAS_BASE_PYTHON:-python3}. Debian's python3 needs python3-venv for
# `python3 -m venv` and python3-dev for Theano's C compiles; they are added
# only when that Python lacks them (a pyenv Python has both).
set -euo pipefail

packages=(
  r-base-core r-base-dev
  r-cran-reticulate r-cran-r6 r-cran-magrittr r-cran-jsonlite
  r-cran-testthat r-cran-knitr r-cran-rmarkdown r-cran-roxygen2 r-cran-zeallot r-cran-png
  pandoc libopenblas-dev g++ make graphviz
)

python=${KERAS_BASE_PYTHON:-python3}
venv=${KERAS_VENV:-$HOME/.virtualenvs/r-keras}

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done

if ! command -v "$python" >/dev/null 2>&1; then
  # No Python at all: take Debian's, with venv and headers.
  missing+=(python3 python3-venv python3-dev)
elif [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c '' 2>/dev/null; then
  # The environment still has to be made: check that it can be.
  tmp=$(mktemp -d)
  if ! "$python" -m venv "$tmp/v" >/dev/null 2>&1; then
    missing+=(python3-venv)
  fi
  rm -rf "$tmp"
fi
if command -v "$python" >/dev/null 2>&1 &&
   ! "$python" -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null; then
  missing+=(python3-dev)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all Debian packages present"
  exit 0
fi

echo "setup-system: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup-system: done"
