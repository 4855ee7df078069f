#!/usr/bin/env bash
# Install the private CNTK engine: Python 2.7 + Open MPI from Debian bullseye
# (unpacked with dpkg -x, nothing installed system-wide) and the cp27mu wheels
# of cntk 2.7 and its run-time needs, into
#   ${KERAS_CNTK_PREFIX:-${KERAS_HOME:-$HOME/.keras}/cntk-engine}
# Run cntk-python (beside this script) afterwards to use it. Idempotent: a complete prefix
# whose python imports cntk is left alone (KERAS_CNTK_FORCE=1 reinstalls).
#
# Environment:
#   KERAS_CNTK_PREFIX         install prefix (see above)
#   KERAS_CNTK_DEBIAN_MIRROR  Debian mirror URL (default: the one the system's
#                             apt sources use for the main archive)
#   KERAS_CNTK_SIGNED_BY      keyring for that mirror (default: the system's)
#   KERAS_CNTK_PIP            pip to download wheels with
#   KERAS_CNTK_KEEP_DOWNLOADS=1  keep .debs, wheels and apt lists
set -euo pipefail

TOOLS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PREFIX="${KERAS_CNTK_PREFIX:-${KERAS_HOME:-$HOME/.keras}/cntk-engine}"
LAUNCHER="$TOOLS_DIR/cntk-python"
T0=$(date +%s.%N)

step() { printf '[setup-cntk] %s\n' "$*"; }
die()  { printf '[setup-cntk] ERROR: %s\n' "$*" >&2; exit 1; }
elapsed() { awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'; }

# Debian packages: Python 2.7 and Open MPI (libmpi.so.40) from bullseye;
# libevent from bookworm (what the measured recipe used).
BULLSEYE_DEBS=(python2.7 python2.7-minimal libpython2.7 libpython2.7-stdlib
  libpython2.7-minimal libssl1.1 libffi7
  libopenmpi3 libhwloc15 libfabric1 libpmix2 libucx0 libpsm-infinipath1
  libpsm2-2 librdmacm1 libibverbs1)
BOOKWORM_DEBS=(libevent-core-2.1-7 libevent-pthreads-2.1-7)
# cp27mu wheels; cntk imports scipy and pip at start-up.
WHEELS=(cntk==2.7.post2 numpy==1.16.6 scipy==1.2.3 enum34==1.1.10 pip==20.3.4)

step "prefix: $PREFIX"

# ---- 0. already done? ------------------------------------------------------
if [[ "${KERAS_CNTK_FORCE:-0}" != 1 && -f "$PREFIX/.complete" ]]; then
  if KERAS_CNTK_PREFIX="$PREFIX" bash "$LAUNCHER" -c 'import cntk' >/dev/null 2>&1; then
    step "already installed ($(cat "$PREFIX/.complete")); import cntk ok; nothing to do ($(elapsed)s)"
    exit 0
  fi
  step "prefix marked complete but 'import cntk' fails: reinstalling"
fi

# ---- 1. prerequisites ------------------------------------------------------
[[ "$(uname -m)" == x86_64 ]] || die "CNTK 2.7 wheels exist for x86_64 only (this is $(uname -m))"
for t in apt-get dpkg; do
  command -v "$t" >/dev/null || die "'$t' not found: this installer needs Debian's apt-get and dpkg"
done
PIP="${KERAS_CNTK_PIP:-}"
if [[ -z "$PIP" ]]; then
  for c in "${RETICULATE_PYTHON_ENV:-/nonexistent}/bin/pip" "$HOME/.virtualenvs/r-keras/bin/pip" \
           "$(command -v pip3 || true)" "$(command -v pip || true)"; do
    [[ -n "$c" && -x "$c" ]] && { PIP="$c"; break; }
  done
fi
[[ -n "$PIP" && -x "$PIP" ]] || die "no pip found (set KERAS_CNTK_PIP=/path/to/pip)"
if command -v unzip >/dev/null; then
  unzip_to() { unzip -q -o "$1" -d "$2"; }
elif command -v python3 >/dev/null; then
  unzip_to() { python3 -m zipfile -e "$1" "$2"; }
else
  die "need 'unzip' or 'python3' to unpack wheels"
fi

# Mirror and keyring: reuse what the system's apt sources use for the main
# Debian archive (deb822 .sources or one-line .list entries).
find_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    awk '
      function flush() { if (uri != "" && types ~ /(^| )deb( |$)/) { print uri "\t" key; found=1; exit } uri=""; key=""; types="" }
      /^[[:space:]]*$/ { flush(); next }
      /^[[:space:]]*#/ { next }
      tolower($1) == "types:"     { types=$0; sub(/^[^:]*:[[:space:]]*/, "", types) }
      tolower($1) == "uris:"      { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { uri=$i; break } }
      tolower($1) == "signed-by:" { key=$2 }
      END { if (!found) flush() }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    awk '$1 == "deb" { key=""; u="";
           for (i = 2; i <= NF; i++) {
             if ($i ~ /^\[/) { for (; i <= NF; i++) { if ($i ~ /signed-by=/) { k=$i; sub(/.*signed-by=/, "", k); sub(/\].*/, "", k); key=k } if ($i ~ /\]$/) break } continue }
             u=$i; break }
           if (u ~ /\/debian\/?$/) { print u "\t" key; exit } }' "$f"
  done
}
MIRROR_LINE="$(find_mirror | head -n1 || true)"
MIRROR="${KERAS_CNTK_DEBIAN_MIRROR:-${MIRROR_LINE%%$'\t'*}}"
SIGNED_BY="${KERAS_CNTK_SIGNED_BY:-}"
if [[ -z "$SIGNED_BY" && "$MIRROR_LINE" == *$'\t'* ]]; then SIGNED_BY="${MIRROR_LINE#*$'\t'}"; fi
[[ -n "$SIGNED_BY" ]] || SIGNED_BY=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -n "$MIRROR" ]] || die "no Debian mirror found in /etc/apt/sources* (set KERAS_CNTK_DEBIAN_MIRROR)"
[[ -r "$SIGNED_BY" ]] || die "Debian archive keyring '$SIGNED_BY' not readable (install debian-archive-keyring or set KERAS_CNTK_SIGNED_BY)"
step "debian mirror: $MIRROR (Signed-By: $SIGNED_BY); pip: $PIP"

# ---- 2. fresh prefix -------------------------------------------------------
mkdir -p "$PREFIX"
rm -rf "$PREFIX/.complete" "$PREFIX/root" "$PREFIX/lib" "$PREFIX/site-packages"
DL="$PREFIX/downloads"
APTDIR="$DL/apt"
mkdir -p "$APTDIR/etc/sources.list.d" "$APTDIR/etc/preferences.d" "$APTDIR/state/lists/partial" \
         "$APTDIR/cache/archives/partial" "$DL/debs" "$DL/wheels" \
         "$PREFIX/root" "$PREFIX/lib" "$PREFIX/site-packages"
: > "$APTDIR/etc/sources.list"
cat > "$APTDIR/etc/sources.list.d/cntk-engine.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: bullseye bookworm
Components: main
Signed-By: $SIGNED_BY
EOF
# As root, apt downloads as user _apt: let it write there, or (prefix in a
# directory _apt cannot enter, e.g. /root) download as root, which apt
# would otherwise do anyway after a warning.
SANDBOX_OPT=()
if [[ $EUID -eq 0 ]] && id _apt >/dev/null 2>&1; then
  chown _apt "$DL/debs" "$APTDIR/state/lists/partial" "$APTDIR/cache/archives/partial" 2>/dev/null || true
  if ! command -v runuser >/dev/null || ! runuser -u _apt -- test -w "$APTDIR/state/lists/partial" 2>/dev/null; then
    SANDBOX_OPT=(-o APT::Sandbox::User=root)
  fi
fi
APT_OPTS=(-q
  -o "Dir::Etc::sourcelist=$APTDIR/etc/sources.list"
  -o "Dir::Etc::sourceparts=$APTDIR/etc/sources.list.d"
  -o "Dir::Etc::preferencesparts=$APTDIR/etc/preferences.d"
  -o "Dir::State=$APTDIR/state"
  -o "Dir::State::status=/var/lib/dpkg/status"
  -o "Dir::Cache=$APTDIR/cache"
  ${SANDBOX_OPT[@]+"${SANDBOX_OPT[@]}"})

# ---- 3. Debian packages ----------------------------------------------------
step "apt-get update (private lists: bullseye + bookworm)"
apt-get "${APT_OPTS[@]}" update >"$DL/apt-update.log" 2>&1 \
  || { tail -n 20 "$DL/apt-update.log" >&2; die "apt-get update of the private sources failed (log: $DL/apt-update.log)"; }
# apt-get update exits 0 when an index cannot be fetched: check the log
if grep -qE '^(E:|W: Failed to fetch|W: Some index files failed)' "$DL/apt-update.log"; then
  grep -E '^(W|E):' "$DL/apt-update.log" >&2
  die "apt-get update could not fetch bullseye/bookworm from $MIRROR (log: $DL/apt-update.log)"
fi

PKGS=()
for p in "${BULLSEYE_DEBS[@]}"; do PKGS+=("$p/bullseye"); done
for p in "${BOOKWORM_DEBS[@]}"; do PKGS+=("$p/bookworm"); done
step "apt-get download ${#PKGS[@]} .debs"
( cd "$DL/debs" && rm -f ./*.deb && apt-get "${APT_OPTS[@]}" download "${PKGS[@]}" ) >"$DL/apt-download.log" 2>&1 \
  || { tail -n 20 "$DL/apt-download.log" >&2; die "apt-get download failed (log: $DL/apt-download.log)"; }
n=$(ls "$DL/debs"/*.deb 2>/dev/null | wc -l)
[[ "$n" -eq ${#PKGS[@]} ]] || die "expected ${#PKGS[@]} .debs, got $n (log: $DL/apt-download.log)"

step "dpkg -x $n .debs into $PREFIX/root"
for d in "$DL/debs"/*.deb; do dpkg -x "$d" "$PREFIX/root" || die "dpkg -x $d failed"; done
PY="$PREFIX/root/usr/bin/python2.7"
[[ -x "$PY" ]] || die "python2.7 missing after unpacking ($PY)"

# ---- 4. libmpi compatibility names (CNTK links Open MPI 1.10 sonames) -------
step "libmpi.so.12 / libmpi_cxx.so.1 -> Open MPI 4 (.so.40) symlinks in $PREFIX/lib"
ML="$PREFIX/root/usr/lib/x86_64-linux-gnu"
[[ -e "$ML/libmpi.so.40" && -e "$ML/libmpi_cxx.so.40" ]] || die "libmpi.so.40/libmpi_cxx.so.40 missing in $ML"
ln -sfn "$ML/libmpi.so.40" "$PREFIX/lib/libmpi.so.12"
ln -sfn "$ML/libmpi_cxx.so.40" "$PREFIX/lib/libmpi_cxx.so.1"

# ---- 5. wheels ---------------------------------------------------------------
step "pip download ${WHEELS[*]} (cp27mu manylinux1)"
"$PIP" download --no-deps --disable-pip-version-check -q \
  --python-version 2.7 --implementation cp --abi cp27mu --platform manylinux1_x86_64 \
  --only-binary=:all: -d "$DL/wheels" "${WHEELS[@]}" >"$DL/pip-download.log" 2>&1 \
  || { tail -n 20 "$DL/pip-download.log" >&2; die "pip download of the cp27mu wheels failed (log: $DL/pip-download.log)"; }
step "unzip wheels into $PREFIX/site-packages"
for w in "${WHEELS[@]}"; do
  name="${w%%==*}"; ver="${w#*==}"
  f=$(ls "$DL/wheels/$name-$ver-"*.whl 2>/dev/null | head -n1)
  [[ -n "$f" ]] || die "wheel for $w not downloaded"
  unzip_to "$f" "$PREFIX/site-packages" || die "unpacking $f failed"
done

# ---- 6. check ----------------------------------------------------------------
step "check: import cntk"
out=$(KERAS_CNTK_PREFIX="$PREFIX" bash "$LAUNCHER" -c 'import cntk, numpy, sys; print("python %s cntk %s numpy %s" % (sys.version.split()[0], cntk.__version__, numpy.__version__))' 2>&1) \
  || { printf '%s\n' "$out" >&2; die "the installed engine cannot import cntk"; }
out=$(printf '%s\n' "$out" | tail -n1)
step "$out"

if [[ "${KERAS_CNTK_KEEP_DOWNLOADS:-0}" != 1 ]]; then rm -rf "$DL"; fi
printf '%s\n' "$out" > "$PREFIX/.complete"
step "done in $(elapsed)s"
