{{/* Names and labels shared by every template. */}}

{{- define "segtpu-operator.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the release name alone when it already contains the chart name. */}}
{{- define "segtpu-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "segtpu-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "segtpu-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "segtpu-operator.labels" -}}
{{ include "segtpu-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: segtpu
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{- define "segtpu-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "segtpu-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "segtpu-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "segtpu-operator.leaderElection" -}}
{{- gt (int .Values.replicas) 1 }}
{{- end }}

{{- define "segtpu-operator.priceTableConfigMap" -}}
{{- if .Values.priceTable.existingConfigMap }}
{{- .Values.priceTable.existingConfigMap }}
{{- else }}
{{- printf "%s-price-table" (include "segtpu-operator.fullname" .) }}
{{- end }}
{{- end }}

{{/*
The Prometheus Operator objects render when monitoring.prometheusOperator is true, or "auto" and the
cluster serves monitoring.coreos.com/v1.
*/}}
{{- define "segtpu-operator.prometheusOperator" -}}
{{- $mode := .Values.monitoring.prometheusOperator }}
{{- if eq (toString $mode) "auto" }}
{{- .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}
{{- else }}
{{- eq (toString $mode) "true" }}
{{- end }}
{{- end }}

{{/* Namespaces with trainer pods that a NetworkPolicy protects. */}}
{{- define "segtpu-operator.trainerNamespaces" -}}
{{- $namespaces := .Values.networkPolicy.namespaces | default .Values.watchNamespaces | default (list .Release.Namespace) }}
{{- toJson $namespaces }}
{{- end }}

{{/*
What the operator does to the objects of the jobs it reconciles (see TrainingJobReconciler, GangActuator,
EventRecorder): one list for the ClusterRole (all namespaces) and the per-namespace Roles.
The RBAC test in helm/src/test checks these against every API call of a sandbox run.
*/}}
{{- define "segtpu-operator.jobRules" -}}
- apiGroups: ["segtpu.dev"]
  resources: ["segmentationtrainingjobs"]
  # no finalizer, so no patch; list also for the orphan sweep; delete: ttlSecondsAfterFinished
  verbs: ["list", "watch", "delete"]
- apiGroups: ["segtpu.dev"]
  resources: ["segmentationtrainingjobs/status"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["pods"]
  # patch: a Kueue pod group's pods are marked not retriable before their deletion
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  # the headless Service of a multi-host gang
  resources: ["services"]
  verbs: ["list", "create", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

{{/* The operator's ServiceAccount as an RBAC subject. */}}
{{- define "segtpu-operator.subject" -}}
- kind: ServiceAccount
  name: {{ include "segtpu-operator.serviceAccountName" . }}
  namespace: {{ .Release.Namespace }}
{{- end }}
