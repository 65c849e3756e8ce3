# shellcheck shell=bash
# Shared functions for scripts/start.sh and scripts/test.sh (source this file).
# Run directly (`bash scripts/bootstrap.sh`), it only prepares .venv.
#
# Environment:
#   PYTHON                      interpreter to build .venv with (must be Python >= 3.11)
#   KIOSQUE_SKIP_SYSTEM_DEPS=1  do not check or install Debian packages

KQ_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KQ_VAR="$KQ_ROOT/var"
KQ_VENV="$KQ_ROOT/.venv"
KQ_EXTRAS="test"
case "$(uname -s)" in
    MINGW* | MSYS* | CYGWIN*) KQ_VENV_BIN="$KQ_VENV/Scripts" ;;
    *) KQ_VENV_BIN="$KQ_VENV/bin" ;;
esac
KQ_MARKER="$KQ_VENV/.kiosque-installed"
export KQ_ROOT KQ_VAR KQ_VENV KQ_VENV_BIN

kq_say() { printf '[kiosque] %s\n' "$*"; }
kq_warn() { printf '[kiosque] WARNING: %s\n' "$*" >&2; }
kq_err() { printf '[kiosque] ERROR: %s\n' "$*" >&2; }

# --- timing -------------------------------------------------------------------------
KQ_PHASE=""
KQ_PHASE_T0=0
KQ_TIMINGS=()

kq_now_us() {  # microseconds since the epoch (seconds resolution without bash 5)
    local t=${EPOCHREALTIME:-}
    if [[ -n $t ]]; then
        printf '%s\n' "${t//[.,]/}"
    else
        printf '%s000000\n' "$(date +%s)"
    fi
}

kq_fmt_us() {  # 1234567 -> "1.2 s"
    local ds=$((($1 + 50000) / 100000))
    printf '%d.%d s' $((ds / 10)) $((ds % 10))
}

kq_phase() {  # kq_phase NAME: start timing a phase
    KQ_PHASE=$1
    KQ_PHASE_T0=$(kq_now_us)
    kq_say "== $1"
}

kq_phase_end() {  # kq_phase_end [STATUS]: stop timing the current phase
    [[ -n $KQ_PHASE ]] || return 0
    local t1 took
    t1=$(kq_now_us)
    took=$(kq_fmt_us $((t1 - KQ_PHASE_T0)))
    KQ_TIMINGS+=("$(printf '%-22s %8s  %s' "$KQ_PHASE" "$took" "${1:-ok}")")
    kq_say "== $KQ_PHASE: ${1:-ok} in $took"
    KQ_PHASE=""
}

kq_timings() {  # print the table of phases, closing an unfinished one as failed
    [[ -z $KQ_PHASE ]] || kq_phase_end "FAILED"
    ((${#KQ_TIMINGS[@]})) || return 0
    kq_say "timings:"
    local line
    for line in "${KQ_TIMINGS[@]}"; do
        printf '[kiosque]   %s\n' "$line"
    done
}

# --- system packages ----------------------------------------------------------------
kq_system_deps() {  # kq_system_deps run|test
    if [[ ${KIOSQUE_SKIP_SYSTEM_DEPS:-0} == 1 ]]; then
        kq_say "system packages: skipped (KIOSQUE_SKIP_SYSTEM_DEPS=1)"
        return 0
    fi
    bash "$KQ_ROOT/scripts/system-deps.sh" "$1"
}

# --- Python and the virtual environment ----------------------------------------------
kq_sha256() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d' ' -f1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d' ' -f1
    else
        cksum "$1" | cut -d' ' -f1,2
    fi
}

# Prints the real executable behind $1 (resolving pyenv shims) if it is Python >= 3.11.
kq_python_exe() {
    "$1" -c 'import sys
if sys.version_info < (3, 11) or not sys.executable:
    sys.exit(1)
print(sys.executable)' 2>/dev/null
}

kq_find_python() {  # prints the path of a Python >= 3.11, preferring real interpreters
    local cand exe v
    if [[ -n ${PYTHON:-} ]]; then
        if exe=$(kq_python_exe "$PYTHON"); then
            printf '%s\n' "$exe"
            return 0
        fi
        kq_err "PYTHON=$PYTHON is not a working Python >= 3.11"
        return 1
    fi
    local -a cands=()
    for v in 3.11 3.12 3.13; do
        if command -v pyenv >/dev/null 2>&1; then
            cand=$(pyenv which "python$v" 2>/dev/null) && cands+=("$cand")
        elif command -v "python$v" >/dev/null 2>&1; then
            cands+=("python$v")
        fi
    done
    cands+=(python3)
    for cand in "${cands[@]}"; do
        if exe=$(kq_python_exe "$cand"); then
            printf '%s\n' "$exe"
            return 0
        fi
    done
    kq_err "no Python >= 3.11 found (tried: ${cands[*]}); install one or set PYTHON=/path/to/python3.11"
    return 1
}

KQ_VENV_PYVER=""
kq_venv_python_ok() {  # sets KQ_VENV_PYVER when .venv's Python runs and is >= 3.11
    [[ -x $KQ_VENV_BIN/python ]] &&
        KQ_VENV_PYVER=$("$KQ_VENV_BIN/python" -c 'import sys, platform
print(platform.python_version()); sys.exit(sys.version_info < (3, 11))' 2>/dev/null)
}

# Creates .venv if needed and installs the project (editable, with the test extras)
# whenever pyproject.toml changed since the last successful install.
kq_ensure_venv() {
    local want have="" py log="$KQ_VAR/pip-install.log"
    want="$(kq_sha256 "$KQ_ROOT/pyproject.toml") [$KQ_EXTRAS]"

    if ! kq_venv_python_ok; then
        [[ ! -e $KQ_VENV ]] || kq_warn "$KQ_VENV is unusable (no working Python >= 3.11): recreating it"
        py=$(kq_find_python) || return 1
        kq_say "venv: creating .venv with $py"
        rm -rf "$KQ_VENV"
        if ! "$py" -m venv "$KQ_VENV"; then
            kq_err "could not create .venv with $py (on Debian: apt-get install python3-venv)"
            return 1
        fi
        kq_venv_python_ok || { kq_err "the new .venv does not run"; return 1; }
    fi

    [[ -f $KQ_MARKER ]] && have=$(<"$KQ_MARKER")
    if [[ $have == "$want" && -x $KQ_VENV_BIN/kiosque ]]; then
        kq_say "venv: up to date (Python ${KQ_VENV_PYVER:-?}, pyproject.toml unchanged)"
        return 0
    fi

    mkdir -p "$KQ_VAR"
    kq_say "venv: installing the project and its test tools (log: var/pip-install.log)"
    rm -f "$KQ_MARKER"
    if ! (cd "$KQ_ROOT" && PIP_NO_INPUT=1 "$KQ_VENV_BIN/python" -m pip install \
        --disable-pip-version-check -q -e ".[$KQ_EXTRAS]") >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        kq_err "pip install failed; full log in $log"
        return 1
    fi
    if [[ ! -x $KQ_VENV_BIN/kiosque ]]; then
        kq_err "pip install succeeded but $KQ_VENV_BIN/kiosque is missing (see [project.scripts])"
        return 1
    fi
    printf '%s\n' "$want" >"$KQ_MARKER"
    kq_say "venv: installed"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -euo pipefail
    kq_ensure_venv
fi
