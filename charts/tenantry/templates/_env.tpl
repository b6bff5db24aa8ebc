{{/*
Each component's environment: its settings as the services' config modules read them (each service's src/config.ts,
operator/src/config.ts). Plain settings go through the component's ConfigMap (so `checksum/config` changes with
them); secrets are referenced from their Secrets. Called with the root context.
*/}}

{{- define "tenantry.settings.operator" -}}
OPERATOR_NAMESPACE: {{ .Release.Namespace | quote }}
OPERATOR_CONCURRENCY: {{ .Values.operator.concurrency | quote }}
OPERATOR_RESYNC_PERIOD: {{ .Values.operator.resyncPeriod | quote }}
OPERATOR_LEADER_ELECTION: {{ .Values.operator.leaderElection | quote }}
OPERATOR_LEASE_NAME: {{ include "tenantry.name" (dict "root" . "suffix" "operator") | quote }}
OPERATOR_HTTP_PORT: "8080"
{{- end -}}

{{- define "tenantry.settings.platform" -}}
PLATFORM_PORT: "8080"
PLATFORM_OIDC_ISSUER: {{ include "tenantry.oidcIssuer" . | quote }}
PLATFORM_OIDC_CLIENT_IDS: {{ join "," .Values.oidc.clientIds | quote }}
{{- with include "tenantry.oidcAudience" . }}
PLATFORM_OIDC_AUDIENCE: {{ . | quote }}
{{- end }}
PLATFORM_ADMIN_GROUP: {{ .Values.platform.adminGroup | quote }}
PLATFORM_TENANT_SECRETS_NAMESPACE: {{ .Release.Namespace | quote }}
PLATFORM_TOKEN_ISSUER: {{ include "tenantry.tokenIssuer" . | quote }}
PLATFORM_TOKEN_AUDIENCE: {{ .Values.platform.tokenAudience | quote }}
PLATFORM_TOKEN_TTL: {{ .Values.platform.tokenTtl | quote }}
PLATFORM_SIGNING_KEYS_SECRET: {{ printf "%s/%s" .Release.Namespace (include "tenantry.signingKeysSecret" .) | quote }}
{{- end -}}

{{- define "tenantry.settings.backend" -}}
BACKEND_PORT: "8080"
BACKEND_PLATFORM_URL: {{ include "tenantry.serviceUrl" (dict "root" . "component" "platform") | quote }}
BACKEND_TOKEN_ISSUER: {{ include "tenantry.tokenIssuer" . | quote }}
BACKEND_TOKEN_AUDIENCE: {{ .Values.platform.tokenAudience | quote }}
BACKEND_MAX_CONNECTIONS: {{ .Values.backend.maxConnections | quote }}
BACKEND_TENANT_MAX_CONCURRENCY: {{ .Values.backend.tenantMaxConcurrency | quote }}
{{- end -}}

{{- define "tenantry.settings.gateway" -}}
GATEWAY_PORT: "8080"
GATEWAY_OIDC_ISSUER: {{ include "tenantry.oidcIssuer" . | quote }}
GATEWAY_OIDC_CLIENT_IDS: {{ join "," .Values.oidc.clientIds | quote }}
{{- with include "tenantry.oidcAudience" . }}
GATEWAY_OIDC_AUDIENCE: {{ . | quote }}
{{- end }}
GATEWAY_PLATFORM_URL: {{ include "tenantry.serviceUrl" (dict "root" . "component" "platform") | quote }}
GATEWAY_BACKEND_URL: {{ include "tenantry.serviceUrl" (dict "root" . "component" "backend") | quote }}
GATEWAY_EXCHANGE_CLIENT_ID: {{ .Values.secrets.exchangeClient.id | quote }}
GATEWAY_RATE_LIMITS: {{ .Values.gateway.rateLimits | quote }}
GATEWAY_DEFAULT_PLAN: {{ .Values.gateway.defaultPlan | quote }}
{{- if .Values.gateway.web }}
GATEWAY_WEB_ROOT: /app/web
{{- end }}
{{- end -}}

{{- define "tenantry.settings.identity" -}}
IDENTITY_PORT: "8080"
IDENTITY_HOST: 0.0.0.0
IDENTITY_ISSUER: {{ include "tenantry.identityIssuer" . | quote }}
IDENTITY_WEB_REDIRECT_URIS: {{ .Values.identity.webRedirectUris | quote }}
{{- end -}}

{{/* Secret-backed variables of a component: (dict "root" $ "component" name). */}}
{{- define "tenantry.secretEnv" -}}
{{- $root := .root -}}
{{- $token := dict "name" (include "tenantry.serviceTokenSecret" $root) "key" $root.Values.secrets.serviceToken.key -}}
{{- $client := include "tenantry.exchangeClientSecret" $root -}}
{{- if eq .component "platform" }}
- name: PLATFORM_DATABASE_URL
  valueFrom: { secretKeyRef: { name: {{ include "tenantry.platformDatabaseSecret" $root }}, key: {{ $root.Values.platform.database.key }} } }
- name: PLATFORM_SERVICE_TOKEN
  valueFrom: { secretKeyRef: { name: {{ $token.name }}, key: {{ $token.key }} } }
- name: EXCHANGE_CLIENT_SECRET
  valueFrom: { secretKeyRef: { name: {{ $client }}, key: {{ $root.Values.secrets.exchangeClient.key }} } }
# `id:secret` of the one exchange client, composed by Kubernetes from the variable above.
- name: PLATFORM_EXCHANGE_CLIENTS
  value: {{ printf "%s:$(EXCHANGE_CLIENT_SECRET)" $root.Values.secrets.exchangeClient.id | quote }}
{{- with $root.Values.platform.webhooks.secretsKeySecret }}
- name: PLATFORM_WEBHOOK_SECRETS_KEY
  valueFrom: { secretKeyRef: { name: {{ . }}, key: {{ $root.Values.platform.webhooks.secretsKeyKey }} } }
{{- end }}
{{- if $root.Values.platform.webhooks.allowPrivateAddresses }}
- name: PLATFORM_WEBHOOK_ALLOW_PRIVATE_ADDRESSES
  value: "true"
{{- end }}
{{- else if eq .component "backend" }}
- name: BACKEND_PLATFORM_SERVICE_TOKEN
  valueFrom: { secretKeyRef: { name: {{ $token.name }}, key: {{ $token.key }} } }
{{- else if eq .component "gateway" }}
- name: GATEWAY_EXCHANGE_CLIENT_SECRET
  valueFrom: { secretKeyRef: { name: {{ $client }}, key: {{ $root.Values.secrets.exchangeClient.key }} } }
{{- else if eq .component "operator" }}
# Each replica's name in the Lease: its pod's.
- name: OPERATOR_IDENTITY
  valueFrom: { fieldRef: { fieldPath: metadata.name } }
{{- end }}
{{- end -}}
