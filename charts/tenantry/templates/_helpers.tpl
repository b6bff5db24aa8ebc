{{/* The standard labels every object of the chart carries. */}}
{{- define "tenantry.standardLabels" -}}
app.kubernetes.io/name: tenantry
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tenantry
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Labels of monitoring objects: the standard ones plus monitoring.labels (a Prometheus' selector). */}}
{{- define "tenantry.labels" -}}
{{ include "tenantry.standardLabels" . }}
{{- with .Values.monitoring.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The labels a component's Service and Pods carry, which its monitor selects by. */}}
{{- define "tenantry.componentSelector" -}}
app.kubernetes.io/name: tenantry
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* What a component's Deployment, Service, PDB and NetworkPolicy select: its pods of this release. */}}
{{- define "tenantry.selectorLabels" -}}
{{ include "tenantry.componentSelector" (dict "component" .component) }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* The standard labels and the component's. Called with (dict "root" $ "component" "operator"). */}}
{{- define "tenantry.componentLabels" -}}
{{ include "tenantry.standardLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* `<release>-<suffix>`, cut to a DNS label. */}}
{{- define "tenantry.name" -}}
{{- printf "%s-%s" .root.Release.Name .suffix | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* A component's ServiceAccount name. */}}
{{- define "tenantry.serviceAccountName" -}}
{{- $settings := index .root.Values .component -}}
{{- $settings.serviceAccount.name | default (include "tenantry.name" (dict "root" .root "suffix" .component)) -}}
{{- end -}}

{{/* A component's image: <registry>/<repository>/<component>, by digest when one is given, else by tag. */}}
{{- define "tenantry.image" -}}
{{- $image := .root.Values.image -}}
{{- $path := printf "%s/%s" $image.repository .component -}}
{{- if $image.registry }}{{ $path = printf "%s/%s" $image.registry $path }}{{ end -}}
{{- $digest := index $image.digests .component | default "" -}}
{{- if $digest -}}
{{- printf "%s@%s" $path $digest -}}
{{- else -}}
{{- printf "%s:%s" $path ($image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{/* In-cluster URL of a component's Service. */}}
{{- define "tenantry.serviceUrl" -}}
{{- printf "http://%s.%s.svc:8080" (include "tenantry.name" (dict "root" .root "suffix" .component)) .root.Release.Namespace -}}
{{- end -}}

{{/* The issuer of internal tokens the platform signs and the backend checks. */}}
{{- define "tenantry.tokenIssuer" -}}
{{- .Values.platform.tokenIssuer | default (include "tenantry.serviceUrl" (dict "root" . "component" "platform")) -}}
{{- end -}}

{{/* The local identity provider's issuer: what browsers and services use. */}}
{{- define "tenantry.identityIssuer" -}}
{{- .Values.identity.issuer | default (include "tenantry.serviceUrl" (dict "root" . "component" "identity")) -}}
{{- end -}}

{{/* The issuer of user access tokens, or a clear failure when none is known. */}}
{{- define "tenantry.oidcIssuer" -}}
{{- if .Values.oidc.issuer -}}
{{- .Values.oidc.issuer -}}
{{- else if .Values.identity.enabled -}}
{{- include "tenantry.identityIssuer" . -}}
{{- else -}}
{{- fail "oidc.issuer is required (your Cognito user pool's issuer), unless identity.enabled runs the local provider" -}}
{{- end -}}
{{- end -}}

{{/* The OIDC audience: oidc.audience, else the local provider's when it is the issuer. */}}
{{- define "tenantry.oidcAudience" -}}
{{- if .Values.oidc.audience -}}
{{- .Values.oidc.audience -}}
{{- else if and .Values.identity.enabled (not .Values.oidc.issuer) -}}
urn:tenantry:api
{{- end -}}
{{- end -}}

{{/* Names of the Secrets the services share: an existing one, or the chart's generated one. */}}
{{- define "tenantry.serviceTokenSecret" -}}
{{- .Values.secrets.serviceToken.existingSecret | default (include "tenantry.name" (dict "root" . "suffix" "service-token")) -}}
{{- end -}}
{{- define "tenantry.exchangeClientSecret" -}}
{{- .Values.secrets.exchangeClient.existingSecret | default (include "tenantry.name" (dict "root" . "suffix" "exchange-client")) -}}
{{- end -}}
{{- define "tenantry.signingKeysSecret" -}}
{{- .Values.secrets.signingKeys.existingSecret | default (include "tenantry.name" (dict "root" . "suffix" "signing-keys")) -}}
{{- end -}}
{{- define "tenantry.platformDatabaseSecret" -}}
{{- .Values.platform.database.existingSecret | default (include "tenantry.name" (dict "root" . "suffix" "platform-database")) -}}
{{- end -}}

{{/*
A value kept across upgrades: the data key of a Secret this release already holds (read with `lookup`), or a
new random one. `helm template` and dry runs cannot look up, so they show a fresh value.
Called with (dict "root" $ "secret" name "key" key "length" 48); returns base64.
*/}}
{{- define "tenantry.keptRandom" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .secret -}}
{{- $value := "" -}}
{{- if $existing }}{{ $value = index ($existing.data | default dict) .key | default "" }}{{ end -}}
{{- $value | default (randAlphaNum (.length | default 48) | b64enc) -}}
{{- end -}}

{{/* The Pod's standard volumes: /tmp, the only writable path. */}}
{{- define "tenantry.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.pods.tmpSizeLimit }}
{{- end -}}

{{/* Spread replicas across nodes and zones, without ever blocking scheduling. */}}
{{- define "tenantry.topologySpread" -}}
{{- if .root.Values.pods.topologySpread }}
topologySpreadConstraints:
  {{- range list "kubernetes.io/hostname" "topology.kubernetes.io/zone" }}
  - maxSkew: 1
    topologyKey: {{ . }}
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "tenantry.selectorLabels" $ | nindent 8 }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* Stops the install when both kinds of monitor are enabled: every process would be scraped twice. */}}
{{- define "tenantry.checkMonitorKinds" -}}
{{- if and .Values.monitoring.serviceMonitors.enabled .Values.monitoring.podMonitors.enabled -}}
{{- fail "monitoring.serviceMonitors.enabled and monitoring.podMonitors.enabled are both true: enable one, or every process is scraped twice" -}}
{{- end -}}
{{- end -}}

{{/*
One scrape endpoint of a component. Every process labels its own series service="<component>"; honorLabels
keeps that label instead of renaming it exported_service, and the relabeling gives the target's own series
(up, scrape_duration_seconds) the same label, so rules and dashboards read one label for both.
*/}}
{{- define "tenantry.scrapeEndpoint" -}}
- port: {{ .settings.port }}
  path: /metrics
  interval: {{ .monitoring.interval }}
  scrapeTimeout: {{ .monitoring.scrapeTimeout }}
  honorLabels: true
  relabelings:
    - targetLabel: service
      replacement: {{ .component }}
      action: replace
{{- end -}}
