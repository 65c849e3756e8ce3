#!/usr/bin/env bash
# Installs what is needed and runs the whole test suite:
#   bash scripts/test.sh [PYTEST ARGS...]       e.g.  bash scripts/test.sh -k rules -x
# Phases, failing fast: system packages, .venv, a private PostgreSQL on 127.0.0.1,
# ruff check, ruff format --check, mypy, pytest (QT_QPA_PLATFORM=offscreen).
# KIOSQUE_SKIP_LINT=1 skips ruff and mypy. Paths given to pytest are relative to the
# repository root.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh
# shellcheck source=scripts/pg.sh
source scripts/pg.sh

KQ_T_START=$(kq_now_us)
on_exit() {
    local rc=$?
    trap - EXIT INT TERM
    [[ -z $KQ_PHASE ]] || kq_phase_end "FAILED"
    pg_stop
    kq_timings
    local total
    total=$(kq_fmt_us $(($(kq_now_us) - KQ_T_START)))
    if ((rc == 0)); then
        kq_say "tests: all phases passed in $total"
    else
        kq_say "tests: FAILED (exit status $rc) after $total"
    fi
    exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

kq_phase "system packages"
kq_system_deps test
kq_phase_end

kq_phase "virtual environment"
kq_ensure_venv
kq_phase_end

kq_phase "PostgreSQL"
pg_start
kq_phase_end

if [[ ${KIOSQUE_SKIP_LINT:-0} == 1 ]]; then
    kq_say "ruff and mypy skipped (KIOSQUE_SKIP_LINT=1)"
else
    lint_paths=()
    for p in kiosque tests; do
        [[ -d $p ]] && lint_paths+=("$p")
    done

    kq_phase "ruff check"
    "$KQ_VENV_BIN/ruff" check "${lint_paths[@]}"
    kq_phase_end

    kq_phase "ruff format --check"
    "$KQ_VENV_BIN/ruff" format --check "${lint_paths[@]}"
    kq_phase_end

    kq_phase "mypy"
    "$KQ_VENV_BIN/mypy"
    kq_phase_end
fi

export QT_QPA_PLATFORM=offscreen
kq_phase "pytest"
rc=0
"$KQ_VENV_BIN/python" -m pytest "$@" || rc=$?
if ((rc == 5)); then
    kq_phase_end "FAILED"
    kq_err "pytest collected no tests (exit status 5): the suite, or the selection given, is empty"
    exit 5
elif ((rc != 0)); then
    kq_phase_end "FAILED"
    exit "$rc"
fi
kq_phase_end
