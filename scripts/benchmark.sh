#!/usr/bin/env bash
# Dues billing benchmark (issues 3 and 12): builds a database with N memberships (default 10,000;
# a third with one or two dependents) and prints the billing run's invoices per second (in this
# process, then with one and with two cron workers: Odoo servers sharing the database, each with
# --max-cron-threads=1), a worker killed with SIGKILL mid-chunk, the time of _cron_daily with
# 10 % of the dues overdue and of the notices job it wakes, statement PDFs per second and SQL
# queries per billed membership.
#
#   scripts/benchmark.sh [N]        (env GOLF_BENCH_DB, default golf_bench; kept afterwards)
#   env GOLF_BENCH_WORKERS=1,2      worker counts to measure; GOLF_BENCH_KILL=0 skips the SIGKILL run
#
# The billing run and the daily cron run with the company's restrictive audit trail and mail tracking
# on, as in production; GOLF_BENCH_AUDIT_TRAIL=0 runs them with both off (what the audit trail costs).
#
# Side by side with OCA `contract`: when that module is on the addons path (e.g. `pip download --no-deps
# odoo-addon-contract`, unzip the wheel, EXTRA_ADDONS=<dir>/odoo/addons), the same members are billed in the
# database ${GOLF_BENCH_DB}_oca by contract's recurring cron (yearly contracts, invoices created then posted)
# and the ratio to the golf billing run in one process is printed. GOLF_BENCH_OCA=0 skips it.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

N="${1:-10000}"
DB="${GOLF_BENCH_DB:-golf_bench}"
ensure_system_packages
ensure_odoo
ensure_postgres

mapfile -t COMMON < <(odoo_common_args)
drop_db "$DB"
info "installing $GOLF_MODULE in $DB"
odoo_cli server "${COMMON[@]}" --database="$DB" --init="$GOLF_MODULE" --without-demo \
    --stop-after-init --no-http --max-cron-threads=0 --log-level=warn </dev/null
# A server for the report assets: wkhtmltopdf loads the statements' CSS over HTTP.
PORT="$(free_port)"
"$PYTHON" -m odoo server "${COMMON[@]}" --database="$DB" --http-interface=127.0.0.1 --http-port="$PORT" \
    --max-cron-threads=0 --log-level=warn </dev/null >/dev/null 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
for _ in $(seq 60); do port_in_use "$PORT" && break; sleep 1; done
info "benchmark with $N memberships"
RESULTS="$(mktemp -d -t golf-bench.XXXXXX)"
trap 'kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$RESULTS"' EXIT
GOLF_BENCH_ODOO_ARGS="$(printf '%s\n' "${COMMON[@]}")" GOLF_BENCH_RESULT="$RESULTS/golf" \
GOLF_BENCH_REPORT_URL="http://127.0.0.1:$PORT" GOLF_BENCH_N="$N" odoo_cli shell "${COMMON[@]}" --database="$DB" --no-http --log-level=warn \
    < "$GOLF_REPO_ROOT/scripts/benchmark_billing.py"
kill "$SERVER_PID" 2>/dev/null || true

if [ "${GOLF_BENCH_OCA:-1}" = 1 ] && GOLF_MODULE=contract module_available; then
    OCA_DB="${DB}_oca"
    drop_db "$OCA_DB"
    info "installing OCA contract in $OCA_DB"
    odoo_cli server "${COMMON[@]}" --database="$OCA_DB" --init=contract --without-demo \
        --stop-after-init --no-http --max-cron-threads=0 --log-level=warn </dev/null
    GOLF_BENCH_RESULT="$RESULTS/oca" GOLF_BENCH_N="$N" odoo_cli shell "${COMMON[@]}" --database="$OCA_DB" --no-http \
        --log-level=warn < "$GOLF_REPO_ROOT/scripts/benchmark_oca_contract.py"
    "$PYTHON" - "$RESULTS/golf" "$RESULTS/oca" <<'EOF'
import sys
golf, oca = (float(open(path).read()) for path in sys.argv[1:])
print(f"side by side, one process each, created and posted: golf billing run {golf:.1f} invoices/s, "
      f"OCA contract {oca:.1f} invoices/s: ratio {golf / oca:.2f}")
EOF
else
    info "OCA contract is not on the addons path (EXTRA_ADDONS): no side-by-side comparison"
fi
