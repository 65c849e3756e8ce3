# shellcheck shell=bash
# pg_start / pg_stop: a private, throw-away PostgreSQL cluster for the tests, listening on
# 127.0.0.1 only (source this file). pg_start exports
#   KIOSQUE_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/postgres
# Without PostgreSQL it warns and leaves the URL unset (the PostgreSQL tests skip), except
# under CI=true, where that is an error. The server log is kept in var/postgres.log.
#
# Environment: PG_BIN (folder holding initdb and pg_ctl), KIOSQUE_TEST_PG_PORT (first port
# to try, default 55433).

KQ_PG_DIR=""
KQ_PG_BIN=""
KQ_PG_OWNER=""

_pg_say() { printf '[kiosque] PostgreSQL: %s\n' "$*"; }
_pg_err() { printf '[kiosque] ERROR: PostgreSQL: %s\n' "$*" >&2; }

_pg_find_bin() {  # prints the folder holding initdb and pg_ctl, newest version first
    local d
    if [[ -n ${PG_BIN:-} ]]; then
        [[ -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl ]] && printf '%s\n' "$PG_BIN"
        return
    fi
    while read -r d; do
        if [[ -x $d/initdb && -x $d/pg_ctl ]]; then
            printf '%s\n' "$d"
            return 0
        fi
    done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r)
    d=$(command -v pg_ctl 2>/dev/null) || return 1
    d=$(dirname "$d")
    [[ -x $d/initdb ]] && printf '%s\n' "$d"
}

_pg_as_owner() {  # runs a command as the cluster's owner (initdb refuses root)
    # from a folder the owner can read: the checkout may be under a private home
    (
        cd "${KQ_PG_DIR:-/tmp}" || exit 1
        if [[ $KQ_PG_OWNER == "$(id -un)" ]]; then
            "$@"
        elif command -v runuser >/dev/null 2>&1; then
            runuser -u "$KQ_PG_OWNER" -- "$@"
        else
            su "$KQ_PG_OWNER" -s /bin/sh -c "$(printf '%q ' "$@")"
        fi
    )
}

_pg_port_in_use() {  # something already accepts connections on 127.0.0.1:$1
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pg_start() {
    unset KIOSQUE_TEST_PG_URL
    if ! KQ_PG_BIN=$(_pg_find_bin); then
        if [[ ${CI:-} == true ]]; then
            _pg_err "initdb/pg_ctl not found (apt-get install postgresql); CI must run the PostgreSQL tests"
            return 1
        fi
        printf '[kiosque] WARNING: PostgreSQL not found (apt-get install postgresql): its tests will be skipped\n' >&2
        return 0
    fi

    if [[ $(id -u) == 0 ]]; then
        KQ_PG_OWNER=postgres
        if ! id -u "$KQ_PG_OWNER" >/dev/null 2>&1; then
            _pg_err "running as root but there is no 'postgres' user to own the cluster"
            return 1
        fi
    else
        KQ_PG_OWNER=$(id -un)
    fi

    # Under /tmp, not $TMPDIR: the postgres user must reach it, and a Unix socket path is
    # limited to about 100 characters.
    KQ_PG_DIR=$(mktemp -d /tmp/kiosque-pg.XXXXXX)
    [[ $KQ_PG_OWNER == "$(id -un)" ]] || chown "$KQ_PG_OWNER": "$KQ_PG_DIR"

    if ! _pg_as_owner "$KQ_PG_BIN/initdb" -D "$KQ_PG_DIR/data" -U postgres -A trust \
        -E UTF8 --locale=C.UTF-8 --no-sync >"$KQ_PG_DIR/initdb.log" 2>&1; then
        cat "$KQ_PG_DIR/initdb.log" >&2
        _pg_err "initdb failed"
        pg_stop
        return 1
    fi

    local port=${KIOSQUE_TEST_PG_PORT:-55433} tries=0
    while :; do
        if ((tries++ >= 20)); then
            _pg_err "no free port found from ${KIOSQUE_TEST_PG_PORT:-55433} to $((port - 1))"
            pg_stop
            return 1
        fi
        if _pg_port_in_use "$port"; then
            port=$((port + 1))
            continue
        fi
        if _pg_as_owner "$KQ_PG_BIN/pg_ctl" -D "$KQ_PG_DIR/data" -l "$KQ_PG_DIR/server.log" \
            -w -t 60 -o "-c listen_addresses=127.0.0.1 -p $port -k $KQ_PG_DIR -c fsync=off" \
            start >"$KQ_PG_DIR/pg_ctl.log" 2>&1; then
            break
        fi
        if grep -qi -e "could not bind" -e "address already in use" \
            "$KQ_PG_DIR/server.log" 2>/dev/null; then
            port=$((port + 1))  # taken between the check and the start: try the next one
            continue
        fi
        cat "$KQ_PG_DIR/pg_ctl.log" "$KQ_PG_DIR/server.log" >&2 2>/dev/null || true
        _pg_err "pg_ctl start failed"
        pg_stop
        return 1
    done

    export KIOSQUE_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    _pg_say "$("$KQ_PG_BIN/pg_ctl" --version | sed 's/^pg_ctl (PostgreSQL) //') on 127.0.0.1:$port (KIOSQUE_TEST_PG_URL set)"
}

pg_stop() {  # stops the cluster and removes its files; safe to call twice
    [[ -n $KQ_PG_DIR ]] || return 0
    local dir=$KQ_PG_DIR stopped=1
    unset KIOSQUE_TEST_PG_URL
    if [[ -f $dir/data/postmaster.pid ]]; then
        _pg_as_owner "$KQ_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
            _pg_as_owner "$KQ_PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 ||
            stopped=0
    fi
    KQ_PG_DIR=""
    if [[ -f $dir/server.log && -n ${KQ_VAR:-} ]]; then
        { mkdir -p "$KQ_VAR" && cp "$dir/server.log" "$KQ_VAR/postgres.log"; } 2>/dev/null ||
            true
    fi
    if ((stopped)); then
        rm -rf "$dir"
        _pg_say "stopped"
    else
        _pg_err "could not stop the server of $dir (left in place)"
    fi
}
