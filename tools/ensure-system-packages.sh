#!/usr/bin/env bash
# Installs, from Debian, the system packages the tests need when they are missing; fails clearly otherwise.
set -euo pipefail

missing=()
[ -x "${TENANTRY_PG_BIN:-/usr/lib/postgresql/15/bin}/initdb" ] || missing+=(postgresql-15)
[ -x "${TENANTRY_PG_BIN:-/usr/lib/postgresql/15/bin}/psql" ] || missing+=(postgresql-client-15)
command -v openssl >/dev/null || missing+=(openssl)
# The credentials Secret's jdbc-uri is checked with the real JDBC driver, fetched by Maven.
command -v java >/dev/null || missing+=(default-jre-headless)
command -v mvn >/dev/null || missing+=(maven)
# The Python tools that judge our documents (openapi-spec-validator) live in a venv.
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
# The release bundle runs under bubblewrap (a read-only root as user 65532); Argo CD's Lua health checks run on Lua 5.4.
command -v bwrap >/dev/null || missing+=(bubblewrap)
command -v lua5.4 >/dev/null || missing+=(lua5.4)
# The browser tests drive Debian's Chromium through playwright-core (never a browser download of its own).
[ -x "${TENANTRY_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
# The routing benchmark's peer is Debian's PgBouncer.
[ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "system-packages: missing ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "system-packages: installing ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
