#!/usr/bin/env bash
# Builds the PyInstaller bundle dist/kiosque/ (kiosque.spec) and checks it:
#   bash scripts/build.sh
# Phases, failing fast: system packages (Qt's libraries, NSIS), .venv with PyInstaller
# (the `build` extra), pyinstaller, the bundle's own `self-test` run with an empty
# environment from a folder outside the repository (so nothing but the bundle can be
# imported), the time of `--version` and of `self-test`, the bundle's size, and the
# Windows installer script compiled by makensis against a dummy tree (a Windows .exe
# cannot be built here: PyInstaller does not cross-compile; see .github/workflows/windows.yml).
#
# The figures are printed and written to var/build-figures.json (the bench compares them).
# Environment: KIOSQUE_DIST_DIR (default dist), KIOSQUE_WORK_DIR (default build),
# KIOSQUE_BUNDLE_POSTGRES=1 (also bundle psycopg), CI=true (a missing makensis fails).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh

DIST=${KIOSQUE_DIST_DIR:-$KQ_ROOT/dist}
WORK=${KIOSQUE_WORK_DIR:-$KQ_ROOT/build}
BUNDLE="$DIST/kiosque"
FIGURES="$KQ_VAR/build-figures.json"
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/kiosque-build.XXXXXX")
KQ_T_START=$(kq_now_us)

on_exit() {
    local rc=$?
    trap - EXIT INT TERM
    [[ -z $KQ_PHASE ]] || kq_phase_end "FAILED"
    rm -rf "$SCRATCH"
    kq_timings
    if ((rc == 0)); then
        kq_say "build: all phases passed in $(kq_fmt_us $(($(kq_now_us) - KQ_T_START)))"
    else
        kq_say "build: FAILED (exit status $rc)"
    fi
    exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

seconds() {  # microseconds -> "1.234"
    printf '%d.%03d' $(($1 / 1000000)) $((($1 % 1000000) / 1000))
}

# --- system packages -------------------------------------------------------------------
kq_phase "system packages"
kq_system_deps run
if ! command -v makensis >/dev/null 2>&1; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        kq_say "installing nsis (makensis) with apt-get"
        mkdir -p "$KQ_VAR"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            --no-install-recommends nsis; } </dev/null >"$KQ_VAR/nsis-install.log" 2>&1 ||
            kq_warn "apt-get install nsis failed (log: var/nsis-install.log)"
    else
        kq_warn "makensis not found: install it with: sudo apt-get install nsis"
    fi
fi
kq_phase_end

# --- .venv with PyInstaller --------------------------------------------------------------
kq_phase "virtual environment"
kq_ensure_venv
# keep in step with the `build` extra of pyproject.toml
if ! "$KQ_VENV_BIN/python" -c 'import sys, PyInstaller
major, minor = (int(n) for n in PyInstaller.__version__.split(".")[:2])
sys.exit(not ((6, 10) <= (major, minor) < (7, 0)))' 2>/dev/null; then
    kq_say "venv: installing the build tools (pip install -e '.[build]')"
    PIP_NO_INPUT=1 "$KQ_VENV_BIN/python" -m pip install --disable-pip-version-check -q \
        -e ".[build]" >"$KQ_VAR/pip-install-build.log" 2>&1 || {
        tail -n 20 "$KQ_VAR/pip-install-build.log" >&2
        kq_err "pip install -e '.[build]' failed; log in var/pip-install-build.log"
        exit 1
    }
fi
kq_say "PyInstaller $("$KQ_VENV_BIN/python" -m PyInstaller --version), $("$KQ_VENV_BIN/python" --version)"
kq_phase_end

# --- the bundle ----------------------------------------------------------------------------
kq_phase "pyinstaller"
t0=$(kq_now_us)
if ! "$KQ_VENV_BIN/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" kiosque.spec >"$KQ_VAR/pyinstaller.log" 2>&1; then
    tail -n 30 "$KQ_VAR/pyinstaller.log" >&2
    kq_err "pyinstaller failed; full log in var/pyinstaller.log"
    exit 1
fi
build_us=$(($(kq_now_us) - t0))
kq_say "built $BUNDLE (log: var/pyinstaller.log)"
kq_phase_end

# --- the bundle's own self-test: no Python, no variable, no folder of ours ----------------
kq_phase "bundle self-test"
mkdir -p "$SCRATCH/home"
bare() {  # runs the bundle's command line with an empty environment, outside the repository
    (cd "$SCRATCH" && env -i PATH=/usr/bin:/bin HOME="$SCRATCH/home" LANG=C.UTF-8 \
        "$BUNDLE/kiosque-cli" "$@")
}
t0=$(kq_now_us)
bare self-test
self_test_us=$(($(kq_now_us) - t0))
kq_phase_end

kq_phase "start time"
version_line=$(bare --version)
version=${version_line#kiosque }
best_us=0
first_us=0
for i in 1 2 3; do
    t0=$(kq_now_us)
    bare --version >/dev/null
    took=$(($(kq_now_us) - t0))
    ((i > 1)) || first_us=$took
    ((best_us != 0 && best_us <= took)) || best_us=$took
done
kq_say "$version_line: --version in $(seconds "$first_us") s (first), $(seconds "$best_us") s (best of 3)"
kq_say "self-test in $(seconds "$self_test_us") s"
kq_phase_end

kq_phase "bundle size"
size_bytes=$(du -sb "$BUNDLE" | cut -f1)
files=$(find "$BUNDLE" -type f | wc -l)
kq_say "$BUNDLE: $(du -sh "$BUNDLE" | cut -f1) ($size_bytes bytes, $files files)"
kq_phase_end

# --- the Windows installer script ------------------------------------------------------
kq_phase "NSIS script"
nsis="compiled"
if command -v makensis >/dev/null 2>&1; then
    tree="$SCRATCH/nsis-tree"
    mkdir -p "$tree/_internal"
    printf 'dummy\n' >"$tree/kiosque.exe"
    printf 'dummy\n' >"$tree/kiosque-cli.exe"
    printf 'dummy\n' >"$tree/_internal/base_library.zip"
    if ! makensis -V2 -WX -DVERSION="$version" -DSOURCE_DIR="$tree" \
        -DOUT_FILE="$SCRATCH/kiosque-setup.exe" "$KQ_ROOT/packaging/windows/kiosque.nsi" \
        >"$KQ_VAR/makensis.log" 2>&1; then
        cat "$KQ_VAR/makensis.log" >&2
        kq_err "makensis failed on packaging/windows/kiosque.nsi"
        exit 1
    fi
    kq_say "packaging/windows/kiosque.nsi compiles ($(makensis -VERSION), dummy tree, warnings as errors)"
elif [[ ${CI:-} == true ]]; then
    kq_err "makensis not found: CI must compile the installer script (apt-get install nsis)"
    exit 1
else
    nsis="skipped"
    kq_warn "makensis not found: the installer script was not compiled"
fi
kq_phase_end

mkdir -p "$KQ_VAR"
cat >"$FIGURES" <<EOF
{
  "version": "$version",
  "bundle": "$BUNDLE",
  "bundle_bytes": $size_bytes,
  "bundle_files": $files,
  "build_seconds": $(seconds "$build_us"),
  "version_seconds_first": $(seconds "$first_us"),
  "version_seconds_best": $(seconds "$best_us"),
  "self_test_seconds": $(seconds "$self_test_us"),
  "nsis": "$nsis"
}
EOF
kq_say "figures: size=$((size_bytes / 1048576)) MiB files=$files build=$(seconds "$build_us")s version=$(seconds "$best_us")s self_test=$(seconds "$self_test_us")s (var/build-figures.json)"
