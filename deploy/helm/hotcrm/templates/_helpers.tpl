{{/* The name of a service's objects: <release>-<service>, e.g. hotcrm-records-service. */}}
{{- define "hotcrm.name" -}}
{{- printf "%s-%s" .root.Release.Name .svc.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object carries. */}}
{{- define "hotcrm.labels" -}}
app.kubernetes.io/name: {{ .svc.name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: hotcrm
app.kubernetes.io/version: {{ .root.Values.image.tag | default .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* What selects one service's pods. */}}
{{- define "hotcrm.selector" -}}
app.kubernetes.io/name: {{ .svc.name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* The Secret the pods read. */}}
{{- define "hotcrm.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" .Release.Name) -}}
{{- end -}}

{{/* A service's base URL inside the cluster, by its key in .Values.services. */}}
{{- define "hotcrm.url" -}}
{{- $svc := index .root.Values.services .key -}}
{{- printf "http://%s-%s:%v" .root.Release.Name $svc.name $svc.port -}}
{{- end -}}
