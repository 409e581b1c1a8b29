#!/usr/bin/env bash
# Bring up the club: a database with golf_membership + demo data + Chinese, served by Odoo.
#
#   scripts/demo.sh              create (or update) the database, then serve it in the
#                                foreground on http://localhost:8069 (Ctrl-C stops it)
#   scripts/demo.sh --init-only  only create/update the database, then exit
#
# Env (besides scripts/common.sh): GOLF_DEMO_DB [golf_demo], GOLF_HTTP_PORT [8069],
# GOLF_HTTP_INTERFACE [0.0.0.0], GOLF_DEMO_LANG extra language [zh_CN; empty = none],
# GOLF_DEMO_MAIN_LANG default language of a new database [en_US],
# GOLF_DATA_DIR [Odoo default, ~/.local/share/Odoo].
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

INIT_ONLY=0
while [ $# -gt 0 ]; do
    case "$1" in
        --init-only) INIT_ONLY=1; shift ;;
        -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done

DB="${GOLF_DEMO_DB:-golf_demo}"
HTTP_PORT="${GOLF_HTTP_PORT:-8069}"
HTTP_INTERFACE="${GOLF_HTTP_INTERFACE:-0.0.0.0}"
LANG_CODE="${GOLF_DEMO_LANG-zh_CN}"
MAIN_LANG="${GOLF_DEMO_MAIN_LANG:-en_US}"
[[ "$DB" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] || die "invalid database name: $DB"

if [ "$INIT_ONLY" = 0 ] && port_in_use "$HTTP_PORT"; then
    die "port $HTTP_PORT is already in use (another Odoo running?). Stop it or set GOLF_HTTP_PORT."
fi

ensure_system_packages
ensure_odoo
ensure_postgres
module_available || die "module '$GOLF_MODULE' not found in addons path: $(odoo_addons_path)"

mapfile -t COMMON < <(odoo_common_args)
[ -n "${GOLF_DATA_DIR:-}" ] && COMMON+=("--data-dir=$GOLF_DATA_DIR")

# --- create or update the database -------------------------------------------------
module_state() {  # state of module $1 in $DB, empty if the database/table is missing
    golf_psql -d "$DB" -tAc "SELECT state FROM ir_module_module WHERE name = '$1'" 2>/dev/null || true
}
# Online payment in the demo club: wire transfer to its bank account and Odoo's demo provider (test mode).
# Installed with the module, never dependencies of it; they load before it, so the club gets these methods.
DEMO_PAYMENT_MODULES="payment_custom,payment_demo"
ARGS=(--database="$DB" --stop-after-init --max-cron-threads=0 --workers=0 --no-http)
base_state=""
golf_state=""
if db_exists "$DB"; then
    base_state="$(module_state base)"
    golf_state="$(module_state "$GOLF_MODULE")"
fi
if [ "$golf_state" = installed ]; then
    info "database $DB exists: updating $GOLF_MODULE"
    ARGS+=(--update="$GOLF_MODULE")
elif [ "$base_state" = installed ]; then
    info "database $DB exists without $GOLF_MODULE installed: installing it (with demo data)"
    ARGS+=(--init="$GOLF_MODULE,$DEMO_PAYMENT_MODULES" --with-demo)
else
    info "creating database $DB with $GOLF_MODULE and demo data"
    ARGS+=(--init="$GOLF_MODULE,$DEMO_PAYMENT_MODULES" --with-demo)
fi
if [ "$base_state" != installed ]; then
    # On a new database the first --load-language entry becomes the language of the
    # company/admin (res.lang install_lang): keep MAIN_LANG first, LANG_CODE after it.
    ARGS+=(--load-language="$(printf '%s\n' "$MAIN_LANG" "$LANG_CODE" | awk 'NF && !seen[$0]++' | paste -sd,)")
elif [ -n "$LANG_CODE" ]; then
    lang_active="$(golf_psql -d "$DB" -tAc \
        "SELECT active FROM res_lang WHERE code = '$LANG_CODE'" 2>/dev/null || true)"
    [ "$lang_active" = t ] || ARGS+=(--load-language="$LANG_CODE")
fi

odoo_cli server "${COMMON[@]}" "${ARGS[@]}" </dev/null \
    || die "Odoo failed to create/update database $DB (see the log above)"

state="$(module_state "$GOLF_MODULE")"
[ "$state" = installed ] || die "$GOLF_MODULE is not installed in $DB (state: '${state:-missing}')"
info "database $DB is ready ($GOLF_MODULE installed)"

[ "$INIT_ONLY" = 1 ] && exit 0

# --- serve -------------------------------------------------------------------------
cat <<EOF

  Golf club is starting:   http://localhost:$HTTP_PORT
  Login:     admin
  Password:  admin
  Database:  $DB${LANG_CODE:+   (language $LANG_CODE loaded: switch in the user preferences)}
  Stop with Ctrl-C.

EOF
exec "$PYTHON" -m odoo server "${COMMON[@]}" \
    --database="$DB" \
    --db-filter="^${DB//./\\.}\$" \
    --no-database-list \
    --http-interface="$HTTP_INTERFACE" \
    --http-port="$HTTP_PORT" \
    --workers=0
