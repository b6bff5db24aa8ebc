#!/usr/bin/env bash
# The release bundle: each runnable's production tree (compiled JavaScript, production dependencies, migrations).
#
#   tools/bundle/bundle.sh [--out DIR] [--web DIR|auto|none] [RUNNABLE...]
#
# RUNNABLE is operator, platform, gateway, backend or identity (default: all). Each tree DIR/<runnable> is what an
# image holds in /app and is started from /app as
#   node --import @tenantry/runtime/telemetry/register <package>/dist/src/main.js
# It expects `npm run build` to have run (the Dockerfile and `make bundle` do). Dependencies come from
# `npm ci --omit=dev` against the repository's lock file, restricted to the runnable's workspace, so a package
# only a test or a build needs is not there to be found at run time. A tree whose lock file and manifests are
# unchanged keeps its node_modules (re-bundling is then a copy of dist and migrations).
# --web names the gateway's web UI build folder (index.html inside); `auto` (the default) takes web/dist/browser
# when web/ exists (building it if `make web` has not), `none` leaves it out. The gateway serves it when GATEWAY_WEB_ROOT=/app/web.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/.bundle"
web="auto"
runnables=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --web) web="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "bundle: unknown option $1" >&2; exit 2 ;;
    *) runnables+=("$1"); shift ;;
  esac
done
[ ${#runnables[@]} -gt 0 ] || runnables=(operator platform gateway backend identity)
mkdir -p "$out" && out="$(cd "$out" && pwd)"

# The workspace folder of a runnable, and the repository folders its tree carries besides code.
package_of() {
  case "$1" in
    operator) echo operator ;;
    platform|gateway|backend|identity) echo "services/$1" ;;
    *) echo "bundle: unknown runnable $1 (expected operator, platform, gateway, backend or identity)" >&2; return 1 ;;
  esac
}
data_of() {
  case "$1" in
    operator) echo migrations/tenant ;;
    platform) echo migrations/platform ;;
  esac
}

workspaces() { node -p "require('$root/package.json').workspaces.join('\n')"; }

# Compiled JavaScript only: no declarations, source maps or tests.
copy_dist() {
  local from="$root/$1/dist/src" to="$2/$1/dist/src"
  [ -f "$from/main.js" ] || [ "$1" = services/runtime ] || { echo "bundle: $from/main.js is missing; run npm run build first" >&2; return 1; }
  [ -d "$from" ] || { echo "bundle: $from is missing; run npm run build first" >&2; return 1; }
  rm -rf "$2/$1/dist" && mkdir -p "$to"
  (cd "$from" && find . -name '*.js' -print0 | xargs -0 -r cp --parents -t "$to")
  cp "$root/$1/package.json" "$2/$1/package.json"
}

# The web UI: a given build folder, or web/ built now when it exists.
web_build() {
  case "$web" in
    none) return 0 ;;
    auto)
      [ -f "$root/web/package.json" ] || return 0
      # `make web` keeps web/dist/browser current; without it (a bare checkout, the image build) build it here.
      if [ ! -f "$root/web/dist/browser/index.html" ]; then
        echo "bundle: building the web UI (web/)" >&2
        (cd "$root/web" && npm ci --no-fund --no-audit --loglevel=error && npx ng build) >&2
      fi
      [ -f "$root/web/dist/browser/index.html" ] || { echo "bundle: the web build has no web/dist/browser/index.html" >&2; return 1; }
      echo "$root/web/dist/browser" ;;
    *) [ -f "$web/index.html" ] || { echo "bundle: --web $web has no index.html" >&2; return 1; }
      (cd "$web" && pwd) ;;
  esac
}

bundle_one() {
  local name="$1" package tree stamp deps
  package="$(package_of "$name")"
  tree="$out/$name"
  mkdir -p "$tree"
  # npm ci checks the lock file against the root manifest and every workspace's manifest, so all are present
  # while it runs; it installs and links only the runnable's workspace and what that depends on.
  deps="$(cat "$root/package.json" "$root/package-lock.json" $(workspaces | sed "s|\$|/package.json|; s|^|$root/|") | sha256sum | cut -c1-64)"
  stamp="$tree/node_modules/.tenantry-bundle-deps"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$deps:$package" ]; then
    echo "bundle: $name: npm ci --omit=dev --workspace $package" >&2
    rm -rf "$tree" && mkdir -p "$tree"
    cp "$root/package.json" "$root/package-lock.json" "$tree/"
    for workspace in $(workspaces); do mkdir -p "$tree/$workspace" && cp "$root/$workspace/package.json" "$tree/$workspace/"; done
    (cd "$tree" && npm ci --omit=dev --ignore-scripts --no-fund --no-audit --loglevel=error --workspace "$package" >&2)
    node "$root/tools/bundle/prune-dependencies.ts" "$tree" "$package"
    # Declarations, maps and docs are never loaded at run time.
    find "$tree/node_modules" -type f \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.map' -o -name '*.md' \) -delete
    echo "$deps:$package" > "$stamp"
  fi
  # Only the workspaces the runnable links to stay; the others' manifests were for npm ci's check.
  for workspace in $(workspaces); do
    case " $package services/runtime " in *" $workspace "*) ;; *) rm -rf "${tree:?}/$workspace" ;; esac
  done
  find "$tree" -mindepth 1 -maxdepth 1 -type d -empty -delete
  copy_dist services/runtime "$tree"
  copy_dist "$package" "$tree"
  for folder in $(data_of "$name"); do rm -rf "${tree:?}/$folder" && mkdir -p "$tree/$folder" && cp -R "$root/$folder/." "$tree/$folder/"; done
  if [ "$name" = gateway ]; then
    local built
    built="$(web_build)"
    rm -rf "$tree/web"
    if [ -n "$built" ]; then mkdir -p "$tree/web" && cp -R "$built/." "$tree/web/"; fi
  fi
  printf '{"runnable":"%s","package":"%s","entry":"%s/dist/src/main.js","version":"%s","revision":"%s"}\n' \
    "$name" "$package" "$package" "$(node -p "require('$root/$package/package.json').version")" \
    "$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)" > "$tree/bundle.json"
  echo "bundle: $name → $tree ($(du -sh "$tree" | cut -f1))" >&2
}

for name in "${runnables[@]}"; do bundle_one "$name"; done
