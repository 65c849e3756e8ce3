#!/usr/bin/env bash
# Installs what is needed and starts the kiosk on its embedded defaults (SQLite,
# simulation connectors):  bash scripts/start.sh [KIOSQUE ARGS...]   e.g. --windowed
# Arguments are passed to `kiosque` unchanged; the current folder is kept, so relative
# paths in them mean what they say.
set -euo pipefail

# shellcheck source=scripts/bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

kq_system_deps run
kq_ensure_venv
exec "$KQ_VENV_BIN/kiosque" "$@"
