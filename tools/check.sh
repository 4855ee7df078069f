#!/usr/bin/env bash
# R CMD build, then R CMD check on the tarball, in a directory of its own.
# Fails when the check ends with any ERROR or WARNING; NOTEs are printed.
# Usage: tools/check.sh DIR RESULT-FILE [check args...]
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
dir=$1; result=$2; shift 2
result=$(cd "$(dirname "$result")" && pwd)/$(basename "$result")
echo "failed" > "$result"

rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1

start=$SECONDS
if ! R CMD build "$here" > build.log 2>&1; then
  cat build.log
  echo "check: R CMD build failed"
  exit 1
fi
tarball=$(ls keras_*.tar.gz)
echo "check: built $tarball in $((SECONDS - start)) s"

# R CMD check gets a writable temporary directory of its own (R CMD build
# keeps the system one: it copies the source tree, which holds this folder).
mkdir -p tmp
TMPDIR="$PWD/tmp" R CMD check "$@" "$tarball" > check.log 2>&1
rc=$?
log=keras.Rcheck/00check.log
[ -f "$log" ] || log=check.log
# Show every problem the check found, with its details.
awk '/\.\.\. (NOTE|WARNING|ERROR)/ {show=1} /^\* / && !/\.\.\. (NOTE|WARNING|ERROR)/ {show=0} show' "$log"
status=$(grep -E '^Status:' "$log" | tail -1)
echo "check: ${status:-no Status line} ($((SECONDS - start)) s; log in $dir/$log)"
if [ $rc -ne 0 ] || [ -z "$status" ] || grep -qE 'ERROR|WARNING' <<< "$status"; then
  # Test or vignette failures: show the ends of their outputs.
  for f in keras.Rcheck/tests/*.Rout.fail; do
    [ -f "$f" ] && { echo "--- tail of $f"; tail -40 "$f"; }
  done
  if ! grep -q WARNING <<< "$status" && [ -f keras.Rcheck/00install.out ]; then
    echo "--- tail of keras.Rcheck/00install.out"; tail -40 keras.Rcheck/00install.out
  fi
  [ -z "$status" ] && tail -40 check.log
  exit 1
fi
echo "ok" > "$result"
