#!/usr/bin/env bash
# Checks, and as root installs, the Debian packages Kiosque needs.
#   bash scripts/system-deps.sh run    Qt's runtime libraries and a font (to start the kiosk)
#   bash scripts/system-deps.sh test   those, plus PostgreSQL, poppler, zbar, Xvfb, a speech
#                                      server and AT-SPI (tests)
# Only missing packages are installed, so a prepared machine spends no time here.
# Not root: prints the missing packages and the command to install them, then goes on.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOG="$ROOT/var/system-deps.log"
profile=${1:-test}

run_pkgs=(
    libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6
    libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
    libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1
    libx11-xcb1 fonts-dejavu-core
)
test_pkgs=(
    postgresql    # a private cluster for the store's PostgreSQL tests (scripts/pg.sh)
    poppler-utils # pdftoppm, pdftotext: read back the PDFs
    zbar-tools    # zbarimg: decode the QR codes
    cups printer-driver-cups-pdf # a real printer queue for the printing tests
    xvfb xauth    # a real X server for the tests that need one
    nsis          # makensis: the Windows installer script compiles (tests/packaging)
    speech-dispatcher speech-dispatcher-espeak-ng # a real speech server for « Écouter »
    espeak-ng     # its French voice (tests/ui/test_real_speech.py)
    libspeechd2 libpulse0 # what QtTextToSpeech's speechd plugin loads
    sox           # sox --ignore-length out.wav -n stat: look at what the speech test heard
    python3-pyatspi gir1.2-atspi-2.0 # read the kiosk as a screen reader (test_screen_reader)
    at-spi2-core dbus # the accessibility bus and a session bus for it
)

case $profile in
    run) wanted=("${run_pkgs[@]}") ;;
    test) wanted=("${run_pkgs[@]}" "${test_pkgs[@]}") ;;
    *)
        echo "usage: $0 run|test" >&2
        exit 2
        ;;
esac

say() { printf '[kiosque] %s\n' "$*"; }

if [[ $(uname -s) != Linux ]]; then
    say "system packages: $(uname -s), nothing to check"
    exit 0
fi
if ! command -v dpkg-query >/dev/null 2>&1; then
    say "system packages: not a Debian-based system; make sure the equivalents of these are installed: ${wanted[*]}"
    exit 0
fi

missing_pkgs() {
    local -A ok=()
    local name status p
    while read -r name status; do
        [[ $status == "install ok installed" ]] && ok[$name]=1
    done < <(dpkg-query -W -f='${Package} ${Status}\n' "${wanted[@]}" 2>/dev/null || true)
    for p in "${wanted[@]}"; do
        [[ -n ${ok[$p]:-} ]] || printf '%s\n' "$p"
    done
}

mapfile -t missing < <(missing_pkgs)
if ((${#missing[@]} == 0)); then
    say "system packages ($profile): all ${#wanted[@]} present"
    exit 0
fi

if [[ $(id -u) != 0 ]]; then
    sudo=""
    command -v sudo >/dev/null 2>&1 && sudo="sudo "
    say "system packages ($profile): ${#missing[@]} missing: ${missing[*]}"
    say "  install them with: ${sudo}apt-get install -y --no-install-recommends ${missing[*]}"
    say "  going on without them (what needs them will fail or be skipped)"
    exit 0
fi

mkdir -p "$(dirname "$LOG")"
: >"$LOG"
export DEBIAN_FRONTEND=noninteractive
apt_opts=(
    -y -q --no-install-recommends
    -o DPkg::Lock::Timeout=300
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold
)
t0=$SECONDS
say "system packages ($profile): installing ${#missing[@]}: ${missing[*]} (log: var/system-deps.log)"
fail() {
    tail -n 20 "$LOG" >&2
    printf '[kiosque] ERROR: %s; full log in %s\n' "$1" "$LOG" >&2
    exit 1
}
apt-get update -qq </dev/null >>"$LOG" 2>&1 || fail "apt-get update failed"
apt-get install "${apt_opts[@]}" "${missing[@]}" </dev/null >>"$LOG" 2>&1 ||
    fail "apt-get install failed"

mapfile -t still < <(missing_pkgs)
((${#still[@]} == 0)) || fail "still missing after apt-get install: ${still[*]}"
say "system packages ($profile): installed ${#missing[@]} in $((SECONDS - t0)) s"
