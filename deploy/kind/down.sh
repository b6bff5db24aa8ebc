#!/usr/bin/env bash
# `make kind-down`: deletes the kind cluster `make kind-up` made (images stay in the local Docker engine).
set -euo pipefail
command -v kind >/dev/null || { echo "kind-down: kind is not installed" >&2; exit 1; }
kind delete cluster --name tenantry
