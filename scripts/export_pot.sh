#!/usr/bin/env bash
# Regenerate golf_membership/i18n/golf_membership.pot from the module's code, views and data.
#
#   scripts/export_pot.sh
#
# Installs the module (without demo data) in a throwaway database, exports its terms with
# Odoo's own `i18n export`, and drops the database.  Odoo loads only the .po entries whose
# term is in the .pot, so run this after adding user-visible strings (TestTranslations checks it).
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ensure_system_packages
ensure_odoo
ensure_postgres
module_available || die "module '$GOLF_MODULE' not found in addons path: $(odoo_addons_path)"

DB="golf_pot_$(date +%Y%m%d_%H%M%S)_$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
DATA_DIR="$(mktemp -d -t golf-pot-data.XXXXXX)"
# shellcheck disable=SC2329  # invoked by the EXIT trap
cleanup() { drop_db "$DB" || true; rm -rf "$DATA_DIR"; }
CONF="$DATA_DIR/odoo.conf"
trap cleanup EXIT

mapfile -t COMMON < <(odoo_common_args)
odoo_cli server "${COMMON[@]}" --database="$DB" --init="$GOLF_MODULE" --without-demo \
    --stop-after-init --max-cron-threads=0 --workers=0 --data-dir="$DATA_DIR" --log-level=warn </dev/null
POT="$GOLF_REPO_ROOT/$GOLF_MODULE/i18n/$GOLF_MODULE.pot"
# `i18n export` takes its connection from a configuration file only
cat >"$CONF" <<CONF
[options]
addons_path = $(odoo_addons_path)
data_dir = $DATA_DIR
db_host = $GOLF_DB_HOST
db_port = $GOLF_DB_PORT
db_user = $GOLF_DB_USER
db_password = $GOLF_DB_PASSWORD
CONF
odoo_cli i18n export -c "$CONF" -d "$DB" -o "$POT" "$GOLF_MODULE" </dev/null
info "wrote $POT"
