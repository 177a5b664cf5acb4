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

{{/*
The PostgreSQL connections the release's pods could hold at their most replicas (the autoscaler's maximum) plus the
one more a rolling update starts (maxSurge 1), as JSON: {"primary": n, "replica": n, "detail": "..."}. Each pod: its
reactive pool, plus the connections outside it (the migrations' JDBC pool, 3 at start and 1 for readiness after; a
LISTEN connection per listener). query-service's count toward the replica when database.queryUrl is set.
*/}}
{{- define "hotcrm.connections" -}}
{{- $outside := dict "gateway" 0 "auth" 3 "records" 4 "query" 1 "ai" 3 "webhook" 5 -}}
{{- $primary := 0 -}}
{{- $replica := 0 -}}
{{- $detail := list -}}
{{- range $key, $svc := .Values.services -}}
{{- if $svc.database -}}
{{- $pods := int $svc.replicas -}}
{{- if $svc.autoscaling.enabled -}}
{{- $pods = int $svc.autoscaling.maxReplicas -}}
{{- end -}}
{{- $pods = add $pods 1 | int -}}
{{- $extra := 3 -}}
{{- if hasKey $outside $key -}}
{{- $extra = index $outside $key -}}
{{- end -}}
{{- $perPod := add ($.Values.database.poolSize | default $svc.poolSize | int) $extra | int -}}
{{- $count := mul $pods $perPod | int -}}
{{- if and (eq $key "query") $.Values.database.queryUrl -}}
{{- $replica = add $replica $count -}}
{{- $detail = append $detail (printf "%s %d x %d on the replica" $svc.name $pods $perPod) -}}
{{- else -}}
{{- $primary = add $primary $count -}}
{{- $detail = append $detail (printf "%s %d x %d" $svc.name $pods $perPod) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- dict "primary" $primary "replica" $replica "detail" (join ", " $detail) | toJson -}}
{{- end -}}
