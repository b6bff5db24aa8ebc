#!/usr/bin/env bash
# `make kind-up`: a kind cluster with Tenantry installed from this checkout — images built and loaded into the
# nodes, ingress-nginx, PostgreSQL, the chart with values-kind.yaml, the sample tenants — then the URLs.
# Needs docker, kind, kubectl and helm on PATH. `make kind-down` deletes the cluster.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cluster=tenantry
namespace=tenantry-system
tag=dev
for tool in docker kind kubectl helm; do command -v "$tool" >/dev/null || { echo "kind-up: $tool is not installed" >&2; exit 1; }; done
docker info >/dev/null 2>&1 || { echo "kind-up: no Docker engine answers (docker info failed)" >&2; exit 1; }

kind get clusters | grep -qx "$cluster" || kind create cluster --config "$root/deploy/kind/kind-config.yaml"
kubectl config use-context "kind-$cluster" >/dev/null

echo "kind-up: building the images (tag $tag) and loading them into the nodes"
make -C "$root" images IMAGE_REGISTRY=tenantry IMAGE_TAG="$tag"
for runnable in operator platform gateway backend identity; do kind load docker-image --name "$cluster" "tenantry/$runnable:$tag"; done

echo "kind-up: ingress-nginx, and tenantry.localtest.me resolving to it inside the cluster"
kubectl apply -f https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.13.0/deploy/static/provider/kind/deploy.yaml
kubectl -n ingress-nginx wait deployment/ingress-nginx-controller --for=condition=Available --timeout=3m
# Pods reach the issuer by the name browsers use: CoreDNS answers tenantry.localtest.me with the controller's Service.
kubectl -n kube-system get configmap coredns -o jsonpath='{.data.Corefile}' | grep -q tenantry.localtest.me || {
  kubectl -n kube-system get configmap coredns -o json \
    | python3 -c 'import json,sys; c=json.load(sys.stdin); c["data"]["Corefile"]=c["data"]["Corefile"].replace("ready\n", "ready\n    rewrite name tenantry.localtest.me ingress-nginx-controller.ingress-nginx.svc.cluster.local\n", 1); print(json.dumps(c))' \
    | kubectl apply -f -
  kubectl -n kube-system rollout restart deployment/coredns
}

echo "kind-up: namespace $namespace (PodSecurity restricted), PostgreSQL and its Secrets"
kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f -
kubectl label namespace "$namespace" --overwrite pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/enforce-version=latest
if ! kubectl -n "$namespace" get secret postgres-admin >/dev/null 2>&1; then
  password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
  kubectl -n "$namespace" create secret generic postgres-admin --from-literal=username=postgres --from-literal=password="$password"
  kubectl -n "$namespace" create secret generic postgres-platform \
    --from-literal=url="postgres://postgres:$password@postgres.$namespace.svc:5432/tenantry_platform?sslmode=disable"
fi
kubectl apply -f "$root/deploy/kind/postgres.yaml"
kubectl -n "$namespace" rollout status statefulset/postgres --timeout=3m

echo "kind-up: helm upgrade --install tenantry (values-kind.yaml)"
helm upgrade --install tenantry "$root/charts/tenantry" --namespace "$namespace" \
  --values "$root/charts/tenantry/values-kind.yaml" --set image.tag="$tag" --wait --timeout 5m
helm test tenantry --namespace "$namespace"

echo "kind-up: the sample tenants"
kubectl apply -k "$root/examples/gitops/tenants"
kubectl wait tenants --all --for=condition=Ready --timeout=3m

cat <<TEXT

Tenantry runs on kind (context kind-$cluster).
  web UI and API   http://tenantry.localtest.me/            (gateway: /api/*, /platform/*, /openapi.json)
  OIDC issuer      http://tenantry.localtest.me/identity    (discovery: /identity/.well-known/openid-configuration)
  demo users       alice@acme.example (acme admin), hank@globex.example (globex admin), admin@tenantry.dev
                   (platform admin); their passwords: services/identity/src/demo-users.ts
  tenants          kubectl get tenants
  remove it all    make kind-down
TEXT
