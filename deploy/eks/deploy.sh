#!/usr/bin/env bash
# `make eks-deploy`: pushes the images to ECR and installs the chart with values-eks.yaml on the current
# kubectl context (an EKS cluster from deploy/eks/cluster.yaml), with the account's real identifiers.
# Needs aws, docker (buildx), helm, kubectl, and these variables (deploy/README.md says where each comes from):
#   AWS_REGION AWS_ACCOUNT_ID RDS_ENDPOINT RDS_SECRET_ID COGNITO_USER_POOL_ID COGNITO_WEB_CLIENT_ID
#   COGNITO_CLI_CLIENT_ID TENANTRY_HOST ACM_CERTIFICATE_ARN [IMAGE_TAG] [NAMESPACE]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
missing=()
for variable in AWS_REGION AWS_ACCOUNT_ID RDS_ENDPOINT RDS_SECRET_ID COGNITO_USER_POOL_ID COGNITO_WEB_CLIENT_ID COGNITO_CLI_CLIENT_ID TENANTRY_HOST ACM_CERTIFICATE_ARN; do
  [ -n "${!variable:-}" ] || missing+=("$variable")
done
[ ${#missing[@]} -eq 0 ] || { echo "eks-deploy: set ${missing[*]} (see deploy/README.md)" >&2; exit 1; }
for tool in aws docker helm kubectl; do command -v "$tool" >/dev/null || { echo "eks-deploy: $tool is not installed" >&2; exit 1; }; done

tag="${IMAGE_TAG:-$(node -p "require('$root/package.json').version")}"
namespace="${NAMESPACE:-tenantry-system}"
registry="$AWS_ACCOUNT_ID.dkr.ecr.$AWS_REGION.amazonaws.com"

echo "eks-deploy: pushing the images to $registry/tenantry/*:$tag"
aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$registry"
for runnable in operator platform gateway backend identity; do
  aws ecr describe-repositories --region "$AWS_REGION" --repository-names "tenantry/$runnable" >/dev/null 2>&1 \
    || aws ecr create-repository --region "$AWS_REGION" --repository-name "tenantry/$runnable" \
         --image-scanning-configuration scanOnPush=true --image-tag-mutability IMMUTABLE >/dev/null
  docker buildx build --platform linux/arm64,linux/amd64 --target "$runnable" --push \
    --build-arg VERSION="$tag" --build-arg REVISION="$(git -C "$root" rev-parse HEAD)" \
    --build-arg CREATED="$(date -u +%Y-%m-%dT%H:%M:%SZ)" --tag "$registry/tenantry/$runnable:$tag" "$root"
done

echo "eks-deploy: namespace $namespace (PodSecurity restricted) and the External Secrets it reads"
kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f -
kubectl label namespace "$namespace" --overwrite pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/enforce-version=latest
sed -e "s/eu-west-1/$AWS_REGION/g" -e "s/rds!db-00000000-0000-0000-0000-000000000000/$RDS_SECRET_ID/g" -e "s/namespace: tenantry-system/namespace: $namespace/g" \
  "$root/deploy/eks/external-secrets.yaml" | kubectl apply -f -
kubectl -n "$namespace" wait externalsecret --all --for=condition=Ready --timeout=2m

echo "eks-deploy: helm upgrade --install tenantry"
helm upgrade --install tenantry "$root/charts/tenantry" --namespace "$namespace" \
  --values "$root/charts/tenantry/values-eks.yaml" \
  --set image.registry="$registry" --set image.tag="$tag" \
  --set "databaseServers[0].host=$RDS_ENDPOINT" \
  --set oidc.issuer="https://cognito-idp.$AWS_REGION.amazonaws.com/$COGNITO_USER_POOL_ID" \
  --set "oidc.clientIds={$COGNITO_WEB_CLIENT_ID,$COGNITO_CLI_CLIENT_ID}" \
  --set ingress.host="$TENANTRY_HOST" \
  --set-string "ingress.annotations.alb\.ingress\.kubernetes\.io/certificate-arn=$ACM_CERTIFICATE_ARN" \
  --wait --timeout 10m
helm test tenantry --namespace "$namespace"
echo "eks-deploy: done — https://$TENANTRY_HOST/ (the ALB's DNS name: kubectl -n $namespace get ingress tenantry)"
