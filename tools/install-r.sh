#!/usr/bin/env bash
# Installs the R package from this checkout. Idempotent: skipped when the
# installed package was built from the same sources (a hash of DESCRIPTION,
# NAMESPACE, R/, man/, inst/ and vignettes/, kept in the installed package).
#
# The library is ${R_LIB:-} when set, else R's first library when writable
# (/usr/local/lib/R/site-library as root), else R_LIBS_USER (created).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

source_hash() {
  {
    for f in DESCRIPTION NAMESPACE; do [ -f "$f" ] && echo "$f"; done
    for d in R man inst vignettes; do
      [ -d "$d" ] && find "$d" -type f \
        ! -path '*/__pycache__/*' ! -name '*.pyc' ! -path '*.egg-info/*' \
        ! -path 'inst/python/build/*' ! -path '*/.pytest_cache/*'
    done
  } | LC_ALL=C sort | while IFS= read -r f; do
    printf '%s  %s\n' "$(sha1sum < "$f" | cut -d' ' -f1)" "$f"
  done | sha1sum | cut -d' ' -f1
}

lib=${R_LIB:-}
if [ -z "$lib" ]; then
  lib=$(Rscript -e 'cat(.libPaths()[1])')
  if [ ! -w "$lib" ]; then
    lib=$(Rscript -e 'cat(path.expand(Sys.getenv("R_LIBS_USER")))')
  fi
fi
mkdir -p "$lib"

want=$(source_hash)
stamp="$lib/keras/.source-hash"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "install-r: keras already installed from these sources in $lib"
  exit 0
fi

echo "install-r: installing the R package keras into $lib"
# --no-test-load: loading needs no Python, but keep the install independent of it.
R CMD INSTALL --no-test-load --no-multiarch -l "$lib" . > "${TMPDIR:-/tmp}/keras-r-install.log" 2>&1 || {
  cat "${TMPDIR:-/tmp}/keras-r-install.log"; echo
  echo "install-r: R CMD INSTALL failed" >&2
  exit 1
}
echo "$want" > "$stamp"
echo "install-r: done"
