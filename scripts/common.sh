# shellcheck shell=bash
# Shared helpers for scripts/demo.sh and scripts/test.sh.  Source it, don't run it.
#
# Everything can be overridden through environment variables:
#   PYTHON             python interpreter that can (or will) `import odoo`      [python3]
#   ODOO_SRC           where Odoo 19 is cloned if it is not importable yet     [/opt/odoo19]
#   GOLF_MODULE        module to install / test                                [golf_membership]
#   EXTRA_ADDONS       extra addons dirs (comma separated), put first in path  []
#   GOLF_DB_HOST       PostgreSQL host      [$PGHOST or 127.0.0.1]
#   GOLF_DB_PORT       PostgreSQL port      [$PGPORT or 5432]
#   GOLF_DB_USER       PostgreSQL role      [odoo]   (Odoo refuses to run as `postgres`)
#   GOLF_DB_PASSWORD   its password         [odoo]
#   GOLF_PG_VERSION    local Debian cluster version to start if needed [newest in /usr/lib/postgresql]
#   GOLF_PG_CLUSTER    local Debian cluster name                       [main]
#   GOLF_SKIP_APT=1    never call apt-get (just warn about missing packages)

GOLF_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
ODOO_SRC="${ODOO_SRC:-/opt/odoo19}"
GOLF_MODULE="${GOLF_MODULE:-golf_membership}"
EXTRA_ADDONS="${EXTRA_ADDONS:-}"
GOLF_DB_HOST="${GOLF_DB_HOST:-${PGHOST:-127.0.0.1}}"
GOLF_DB_PORT="${GOLF_DB_PORT:-${PGPORT:-5432}}"
GOLF_DB_USER="${GOLF_DB_USER:-odoo}"
GOLF_DB_PASSWORD="${GOLF_DB_PASSWORD:-odoo}"
GOLF_PG_CLUSTER="${GOLF_PG_CLUSTER:-main}"

info() { printf '[golf] %s\n' "$*" >&2; }
die() {
    printf '[golf] ERROR: %s\n' "$*" >&2
    exit 1
}

# Run a command as root (directly if we are root, else through sudo).
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root privileges (or sudo) to run: $*"
    fi
}

# Run a command as the `postgres` OS user (local cluster administration).
as_postgres() {
    if [ "$(id -un)" = postgres ]; then
        "$@"
    elif [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && sudo -u postgres "$@")
    fi
}

# --------------------------------------------------------------------------- apt
ensure_system_packages() {
    local pkgs=(postgresql wkhtmltopdf chromium fonts-noto-cjk libpq-dev)
    local missing=() p
    for p in "${pkgs[@]}"; do
        # `dpkg -s` alone also succeeds for removed packages whose config files remain
        [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "${GOLF_SKIP_APT:-0}" = 1 ] || ! command -v apt-get >/dev/null 2>&1; then
        info "WARNING: missing system packages (not installing them): ${missing[*]}"
        return 0
    fi
    info "installing system packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q \
        || die "apt-get update failed"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q "${missing[@]}" \
        || die "apt-get install failed for: ${missing[*]}"
}

# ------------------------------------------------------------------------- odoo
_odoo_importable() {
    "$PYTHON" -c 'import odoo.release as r; assert r.version_info[0] == 19' >/dev/null 2>&1
}

# Python modules Odoo needs at runtime + what the test suite needs (websocket-client is
# required by HttpCase/tours, otherwise they are silently *skipped*).
_GOLF_PY_IMPORTS=(psycopg2 werkzeug lxml babel PIL reportlab passlib jinja2 markupsafe dateutil psutil
    docutils polib pytz requests rjsmin zeep urllib3 OpenSSL cryptography num2words xlsxwriter openpyxl
    xlrd xlwt stdnum qrcode freezegun geoip2 asn1crypto cbor2 chardet ofxparse serial usb vobject magic
    PyPDF2 gevent greenlet idna websocket)

_py_missing() {
    # prints (space separated) the modules of _GOLF_PY_IMPORTS that are not installed
    "$PYTHON" - "${_GOLF_PY_IMPORTS[@]}" <<'EOF'
import importlib.util, sys
for name in sys.argv[1:]:
    try:
        found = importlib.util.find_spec(name) is not None  # cheap: locate, don't import
    except Exception:
        found = False
    if not found:
        print(name, end=" ")
EOF
}

# Odoo's requirements.txt minus python-ldap (needs libldap headers, only used by auth_ldap),
# with the cbor2 pin replaced (5.4.2 does not build on current toolchains).
_filtered_requirements() {
    grep -viE '^[[:space:]]*python-ldap' "$1" \
        | sed -E 's/^([[:space:]]*cbor2)[[:space:]]*==[^;#[:space:]]*/\1==5.6.5/'
}

_pip() { "$PYTHON" -m pip install -q --disable-pip-version-check "$@"; }

# Root of the Odoo source tree the interpreter imports (dir that contains odoo/ and addons/).
odoo_root() {
    "$PYTHON" -c 'import os, odoo; print(os.path.dirname(os.path.abspath(list(odoo.__path__)[0])))'
}

ensure_odoo() {
    if ! _odoo_importable; then
        info "Odoo 19 is not importable by $PYTHON; installing it into $ODOO_SRC"
        if [ ! -f "$ODOO_SRC/odoo/release.py" ]; then
            command -v git >/dev/null 2>&1 || die "git is missing; cannot download Odoo 19"
            if ! git clone --depth 1 --branch 19.0 https://github.com/odoo/odoo "$ODOO_SRC"; then
                die "Odoo 19 is not importable by '$PYTHON' and could not be downloaded from github.
        Provide it yourself: put an Odoo 19 source checkout somewhere and run with
        ODOO_SRC=/path/to/odoo (the directory holding odoo/ and addons/), or make
        '$PYTHON -c \"import odoo\"' work (e.g. a .pth file / PYTHONPATH / PYTHON=<venv python>)."
            fi
        fi
        local req filtered site
        req="$ODOO_SRC/requirements.txt"
        filtered="$(mktemp)"
        _filtered_requirements "$req" >"$filtered"
        _pip -r "$filtered" || die "pip install of Odoo requirements failed (see above)"
        rm -f "$filtered"
        site="$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
        echo "$ODOO_SRC" >"$site/odoo19.pth" || die "cannot write $site/odoo19.pth"
        _odoo_importable || die "Odoo 19 still not importable after installing it in $ODOO_SRC"
    fi

    # Fast path: a single python process checking imports; pip only when something is missing.
    local missing
    missing="$(_py_missing)"
    [ -z "$missing" ] && return 0
    info "missing python modules: $missing"
    local root req filtered
    root="$(odoo_root)"
    req="$root/requirements.txt"
    if [ -f "$req" ]; then
        filtered="$(mktemp)"
        _filtered_requirements "$req" >"$filtered"
        _pip -r "$filtered" || info "WARNING: pip install -r $req reported errors"
        rm -f "$filtered"
    fi
    case " $missing " in *" psycopg2 "*)
        "$PYTHON" -c 'import psycopg2' 2>/dev/null || _pip psycopg2 || _pip psycopg2-binary ;;
    esac
    case " $missing " in *" websocket "*) _pip websocket-client ;; esac
    missing="$(_py_missing)"
    [ -z "$missing" ] || die "python modules still missing after pip install: $missing"
}

# Comma separated addons path: EXTRA_ADDONS, this repo, <odoo root>/addons, odoo/addons.
odoo_addons_path() {
    "$PYTHON" - "$GOLF_REPO_ROOT" "$EXTRA_ADDONS" <<'EOF'
import os, sys
import odoo
repo, extra = sys.argv[1], sys.argv[2]
pkg = os.path.abspath(list(odoo.__path__)[0])
candidates = [p for p in extra.split(",") if p.strip()]
candidates += [repo, os.path.join(os.path.dirname(pkg), "addons"), os.path.join(pkg, "addons")]

def is_addons_dir(path):
    try:
        return any(os.path.isfile(os.path.join(path, d, "__manifest__.py")) for d in os.listdir(path))
    except OSError:
        return False

out = []
for p in candidates:
    p = os.path.abspath(os.path.expanduser(p.strip()))
    if p not in out and is_addons_dir(p):
        out.append(p)
print(",".join(out))
EOF
}

# Run the Odoo CLI with the current interpreter (no dependency on an odoo-bin path):
# odoo/__main__.py calls odoo.cli.main(), exactly like odoo-bin does.
odoo_cli() {
    "$PYTHON" -m odoo "$@"
}

# Connection + addons options shared by every odoo invocation.
odoo_common_args() {
    printf '%s\n' \
        "--addons-path=$(odoo_addons_path)" \
        "--db_host=$GOLF_DB_HOST" \
        "--db_port=$GOLF_DB_PORT" \
        "--db_user=$GOLF_DB_USER" \
        "--db_password=$GOLF_DB_PASSWORD"
}

module_available() {
    local p
    IFS=, read -r -a _paths <<<"$(odoo_addons_path)"
    for p in "${_paths[@]}"; do
        [ -f "$p/$GOLF_MODULE/__manifest__.py" ] && return 0
    done
    return 1
}

# -------------------------------------------------------------------- postgres
_pg_bin() {
    # psql / pg_isready: prefer the Debian wrappers, else the newest versioned binary
    local name="$1" b
    if command -v "$name" >/dev/null 2>&1; then
        command -v "$name"
        return
    fi
    b="$(printf '%s\n' /usr/lib/postgresql/*/bin/"$name" | grep -v '\*' | sort -V | tail -n1)"
    [ -n "$b" ] || die "$name not found (is PostgreSQL installed?)"
    echo "$b"
}

# psql as the application role, over TCP with password auth.
golf_psql() {
    PGPASSWORD="$GOLF_DB_PASSWORD" PGCONNECT_TIMEOUT=5 "$(_pg_bin psql)" -X -q -v ON_ERROR_STOP=1 \
        -h "$GOLF_DB_HOST" -p "$GOLF_DB_PORT" -U "$GOLF_DB_USER" "$@"
}

_pg_ready() {
    "$(_pg_bin pg_isready)" -q -h "$GOLF_DB_HOST" -p "$GOLF_DB_PORT" -t 2 >/dev/null 2>&1
}

_pg_role_ok() {
    [ "$(golf_psql -d postgres -tAc \
        'SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user' 2>/dev/null)" = t ]
}

_pg_is_local() {
    case "$GOLF_DB_HOST" in
        127.0.0.1 | localhost | ::1 | /*) return 0 ;;
        *) return 1 ;;
    esac
}

_pg_version() {
    if [ -n "${GOLF_PG_VERSION:-}" ]; then
        echo "$GOLF_PG_VERSION"
    else
        find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n1
    fi
}

_pg_start_local_cluster() {
    local ver
    ver="$(_pg_version)"
    [ -n "$ver" ] || die "no PostgreSQL server found in /usr/lib/postgresql"
    command -v pg_ctlcluster >/dev/null 2>&1 || die "pg_ctlcluster not found (postgresql-common missing?)"
    if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$ver $GOLF_PG_CLUSTER"; then
        info "creating PostgreSQL cluster $ver/$GOLF_PG_CLUSTER on port $GOLF_DB_PORT"
        as_root pg_createcluster -p "$GOLF_DB_PORT" "$ver" "$GOLF_PG_CLUSTER" >/dev/null \
            || die "pg_createcluster $ver $GOLF_PG_CLUSTER failed"
    fi
    local cport
    cport="$(pg_lsclusters -h | awk -v v="$ver" -v c="$GOLF_PG_CLUSTER" '$1==v && $2==c {print $3}')"
    if [ -n "$cport" ] && [ "$cport" != "$GOLF_DB_PORT" ]; then
        die "cluster $ver/$GOLF_PG_CLUSTER listens on port $cport, not $GOLF_DB_PORT (set GOLF_DB_PORT=$cport)"
    fi
    if ! pg_lsclusters -h | awk -v v="$ver" -v c="$GOLF_PG_CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
        info "starting PostgreSQL cluster $ver/$GOLF_PG_CLUSTER"
        as_root pg_ctlcluster "$ver" "$GOLF_PG_CLUSTER" start \
            || die "pg_ctlcluster $ver $GOLF_PG_CLUSTER start failed (see /var/log/postgresql/)"
    fi
}

ensure_postgres() {
    if ! _pg_ready; then
        if _pg_is_local; then
            _pg_start_local_cluster
        else
            info "PostgreSQL at $GOLF_DB_HOST:$GOLF_DB_PORT not reachable yet, waiting"
        fi
        local _
        for _ in $(seq 1 60); do
            _pg_ready && break
            sleep 0.5
        done
        _pg_ready || die "PostgreSQL at $GOLF_DB_HOST:$GOLF_DB_PORT does not accept connections"
    fi
    _pg_role_ok && return 0

    _pg_is_local || die "cannot log into PostgreSQL at $GOLF_DB_HOST:$GOLF_DB_PORT as '$GOLF_DB_USER'
        (with CREATEDB); create that role or set GOLF_DB_USER/GOLF_DB_PASSWORD"
    [[ "$GOLF_DB_USER" =~ ^[a-z_][a-z0-9_]*$ ]] || die "unsupported role name: $GOLF_DB_USER"
    [ "$GOLF_DB_USER" != postgres ] || die "Odoo refuses to run as db user 'postgres'; pick another GOLF_DB_USER"
    info "creating/updating PostgreSQL role '$GOLF_DB_USER'"
    local pw="${GOLF_DB_PASSWORD//\'/\'\'}"
    as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$GOLF_DB_PORT" -d postgres <<SQL >/dev/null \
        || die "could not create role '$GOLF_DB_USER' (as OS user postgres)"
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$GOLF_DB_USER') THEN
    CREATE ROLE $GOLF_DB_USER LOGIN CREATEDB PASSWORD '$pw';
  ELSE
    ALTER ROLE $GOLF_DB_USER LOGIN CREATEDB PASSWORD '$pw';
  END IF;
END \$\$;
SQL
    _pg_role_ok || die "role '$GOLF_DB_USER' still cannot log in over TCP at $GOLF_DB_HOST:$GOLF_DB_PORT
        (check pg_hba.conf allows password auth for host connections)"
}

db_exists() {
    [ "$(golf_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

drop_db() {
    PGOPTIONS="-c client_min_messages=warning" golf_psql -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
}

# Prints a free TCP port on localhost.
free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_in_use() {
    "$PYTHON" - "$1" <<'EOF'
import socket, sys
s = socket.socket()
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
EOF
}
