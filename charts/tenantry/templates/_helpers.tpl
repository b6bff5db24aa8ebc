{{/* Labels every object of the chart carries. */}}
{{- define "tenantry.labels" -}}
app.kubernetes.io/name: tenantry
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- with .Values.monitoring.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The labels a component's Service and Pods carry, which its monitor selects by. */}}
{{- define "tenantry.componentSelector" -}}
app.kubernetes.io/name: tenantry
app.kubernetes.io/component: {{ .component }}
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

{{/* Stops the install when both kinds of monitor are enabled: every process would be scraped twice. */}}
{{- define "tenantry.checkMonitorKinds" -}}
{{- if and .Values.monitoring.serviceMonitors.enabled .Values.monitoring.podMonitors.enabled -}}
{{- fail "monitoring.serviceMonitors.enabled and monitoring.podMonitors.enabled are both true: enable one, or every process is scraped twice" -}}
{{- end -}}
{{- end -}}
