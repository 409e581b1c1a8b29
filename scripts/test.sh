#!/usr/bin/env bash
# Run the golf_membership test suite in a throwaway database.
#
#   scripts/test.sh [--tags TEST_TAGS] [--keep-db]
#
# Installs the module (without demo data) in a fresh database golf_test_<random>, next to
# Odoo's demo payment provider (payment_demo, used by the online payment tests; not a dependency),
# runs its tests (at_install + post_install, HttpCase/tours included: Odoo's HTTP
# server listens on a free port so a running demo on 8069 is not disturbed), drops the
# database and prints a last line "N passed, M failed".  Exit status 0 = all green.
# Full log: logs/test-<db>.log.   Env: see scripts/common.sh, plus GOLF_LOG_DIR.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

TAGS=""
KEEP_DB=0
while [ $# -gt 0 ]; do
    case "$1" in
        --tags) TAGS="${2:?--tags needs a value}"; shift 2 ;;
        --tags=*) TAGS="${1#--tags=}"; shift ;;
        --keep-db) KEEP_DB=1; shift ;;
        -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done
TAGS="${TAGS:-/$GOLF_MODULE}"

DB=""
DATA_DIR=""
KEEP_DB_MSG=""
cleanup() {
    [ -n "$DB" ] || return 0
    if [ "$KEEP_DB" = 1 ]; then
        KEEP_DB_MSG="kept database $DB (filestore in $DATA_DIR)"
    else
        drop_db "$DB" || info "WARNING: could not drop database $DB"
        [ -z "$DATA_DIR" ] || rm -rf "$DATA_DIR"
    fi
}
# shellcheck disable=SC2329  # invoked by the EXIT trap
on_exit() {
    local rc=$?
    cleanup
    # whatever went wrong before the summary, still end with the summary line
    [ "$rc" -eq 0 ] || echo "0 passed, 1 failed"
}
trap on_exit EXIT

ensure_system_packages
ensure_odoo
ensure_postgres
module_available || die "module '$GOLF_MODULE' not found in addons path: $(odoo_addons_path)"

DB="golf_test_$(date +%Y%m%d_%H%M%S)_$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
LOG_DIR="${GOLF_LOG_DIR:-$GOLF_REPO_ROOT/logs}"
mkdir -p "$LOG_DIR"
LOG="$LOG_DIR/test-$DB.log"
DATA_DIR="$(mktemp -d -t golf-test-data.XXXXXX)"
HTTP_PORT="$(free_port)"

drop_db "$DB"
info "database $DB, test tags '$TAGS', http port $HTTP_PORT, log $LOG"

mapfile -t COMMON < <(odoo_common_args)
set +e
odoo_cli server "${COMMON[@]}" \
    --database="$DB" \
    --init="$GOLF_MODULE,payment_demo" \
    --without-demo \
    --test-enable \
    --test-tags="$TAGS" \
    --stop-after-init \
    --http-interface=127.0.0.1 \
    --http-port="$HTTP_PORT" \
    --max-cron-threads=0 \
    --workers=0 \
    --data-dir="$DATA_DIR" \
    --log-level=info \
    </dev/null 2>&1 | tee "$LOG"
ODOO_RC="${PIPESTATUS[0]}"
set -e

set +e
SUMMARY="$("$PYTHON" "$GOLF_REPO_ROOT/scripts/test_summary.py" "$LOG" "$ODOO_RC")"
RC=$?
[ -n "$SUMMARY" ] || RC=1
set -e
trap - EXIT
cleanup
[ -z "$KEEP_DB_MSG" ] || info "$KEEP_DB_MSG"
info "full log: $LOG"
# keep this the very last line of output
echo "${SUMMARY:-0 passed, 1 failed}"
exit "$RC"
