#!/usr/bin/env bash
# Installs the system packages the project needs (R, BLAS, a C++ compiler),
# from Debian, without recommends. Skips the whole step when all are present.
set -euo pipefail

packages=(
  r-base-core r-base-dev r-cran-reticulate r-cran-r6 r-cran-testthat
  r-cran-jsonlite r-cran-knitr r-cran-rmarkdown r-cran-roxygen2 pandoc
  libopenblas-dev g++ make python3-venv
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

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
