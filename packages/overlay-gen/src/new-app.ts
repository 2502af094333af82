import { fail, ok, type Diagnostic, type Result } from "@infraflux/diagnostics";
import { renderObject, sortChanges, type FileChange } from "./emit.ts";
import { MODEL_API_VERSIONS, validateWithModel } from "./models.ts";

export const APP_TYPES = ["web-service", "worker", "cronjob"] as const;
export type AppType = (typeof APP_TYPES)[number];

export interface NewAppOptions {
  readonly name: string;
  readonly type: AppType;
  /** Environments to scaffold values for (the platform repo's environments/*). */
  readonly environments: readonly string[];
  /** Git URL of the platform repository (the ApplicationSet's source). */
  readonly repoURL: string;
  /** Existing paths in the platform repository, to refuse overwriting an app. */
  readonly existing: (path: string) => boolean;
  /** Base domain for web-service ingress hosts. Default: platform.example.com. */
  readonly domain?: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The seed's application scaffold for platform-gitops: `applications/NAME/` (a Helm chart skeleton),
 * `environments/<env>/values/NAME.yaml` per environment, and an Argo CD ApplicationSet with one entry per
 * environment (`argocd/applicationsets/NAME.yaml`), validated with the typed Argo CD model.
 */
export function planNewApp(options: NewAppOptions): Result<{ readonly changes: readonly FileChange[] }> {
  const diagnostics: Diagnostic[] = [];
  if (!DNS_LABEL.test(options.name) || options.name.length > 53)
    diagnostics.push({
      code: "invalid-name",
      severity: "error",
      message: `app name "${options.name}" must be a DNS-1123 label of at most 53 characters (Helm release limit)`,
    });
  if (options.environments.length === 0)
    diagnostics.push({
      code: "no-environments",
      severity: "error",
      message: "no environments to scaffold values for",
      hint: "create environments/<env>/ in the platform repository or pass --env",
    });
  for (const env of options.environments)
    if (!DNS_LABEL.test(env))
      diagnostics.push({
        code: "invalid-environment",
        severity: "error",
        message: `environment "${env}" must be a DNS-1123 label`,
      });
  if (options.existing(`applications/${options.name}`))
    diagnostics.push({
      code: "app-exists",
      severity: "error",
      file: `applications/${options.name}`,
      message: `application "${options.name}" already exists`,
      hint: "choose another --name or edit the existing chart",
    });
  if (diagnostics.length > 0) return fail(diagnostics);
  const changes = [
    ...chartFiles(options),
    ...options.environments.map((env) => envValues(options, env)),
    applicationSet(options, diagnostics),
  ];
  return diagnostics.some((d) => d.severity === "error") ? fail(diagnostics) : ok({ changes: sortChanges(changes) });
}

function chartFiles(o: NewAppOptions): FileChange[] {
  const dir = `applications/${o.name}`;
  const web = o.type === "web-service";
  const files: FileChange[] = [
    {
      path: `${dir}/Chart.yaml`,
      content: renderObject({
        apiVersion: "v2",
        name: o.name,
        description: `${o.name} (${o.type})`,
        type: "application",
        version: "0.1.0",
        appVersion: "0.1.0",
      }),
    },
    {
      path: `${dir}/values.yaml`,
      content: renderObject({
        image: { repository: o.name, tag: "latest", pullPolicy: "IfNotPresent" },
        ...(o.type === "cronjob" ? { schedule: "0 * * * *" } : { replicaCount: 1 }),
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
        ...(web
          ? {
              service: { port: 8080 },
              ingress: { className: "traefik", host: `${o.name}.${o.domain ?? "platform.example.com"}` },
            }
          : {}),
      }),
    },
    {
      path: `${dir}/templates/${o.type === "cronjob" ? "cronjob" : "deployment"}.yaml`,
      content: o.type === "cronjob" ? CRONJOB : deployment(web),
    },
  ];
  if (web)
    files.push(
      { path: `${dir}/templates/service.yaml`, content: SERVICE },
      { path: `${dir}/templates/ingress.yaml`, content: INGRESS },
    );
  return files;
}

function envValues(o: NewAppOptions, env: string): FileChange {
  const prod = /^prod/.test(env);
  const domain = o.domain ?? "platform.example.com";
  return {
    path: `environments/${env}/values/${o.name}.yaml`,
    content: renderObject({
      environment: env,
      image: { repository: o.name, tag: "0.1.0" },
      ...(o.type === "cronjob" ? {} : { replicaCount: prod ? 3 : 1 }),
      resources: prod
        ? { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "1000m", memory: "2Gi" } }
        : { requests: { cpu: "100m", memory: "128Mi" } },
      ...(o.type === "web-service" ? { ingress: { host: `${o.name}.${prod ? "" : `${env}.`}${domain}` } } : {}),
    }),
  };
}

function applicationSet(o: NewAppOptions, diagnostics: Diagnostic[]): FileChange {
  const object = {
    apiVersion: MODEL_API_VERSIONS.application,
    kind: "ApplicationSet",
    metadata: { name: o.name, namespace: "argocd" },
    spec: {
      goTemplate: true,
      goTemplateOptions: ["missingkey=error"],
      generators: [{ list: { elements: o.environments.map((env) => ({ env })) } }],
      template: {
        metadata: { name: `{{.env}}-${o.name}` },
        spec: {
          project: "default",
          source: {
            repoURL: o.repoURL,
            targetRevision: "main",
            path: `applications/${o.name}`,
            helm: { releaseName: o.name, valueFiles: [`../../environments/{{.env}}/values/${o.name}.yaml`] },
          },
          destination: { name: "{{.env}}", namespace: o.name },
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ["CreateNamespace=true"] },
        },
      },
    },
  };
  for (const problem of validateWithModel(object))
    diagnostics.push({
      code: "invalid-object",
      severity: "error",
      message: `generated ApplicationSet does not validate: ${problem}`,
    });
  return { path: `argocd/applicationsets/${o.name}.yaml`, content: renderObject(object) };
}

/*
 * Templates are written so that they are also plain YAML (quoted template strings, no `{{-` blocks), because
 * repository linters and the validators parse every *.yaml file; Helm renders them the same way.
 */
const LABELS = (indent: number) =>
  ['app.kubernetes.io/name: "{{ .Chart.Name }}"', 'app.kubernetes.io/instance: "{{ .Release.Name }}"']
    .map((l) => " ".repeat(indent) + l)
    .join("\n");

function deployment(web: boolean): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: "{{ .Release.Name }}"
  labels:
${LABELS(4)}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
${LABELS(6)}
  template:
    metadata:
      labels:
${LABELS(8)}
    spec:
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          imagePullPolicy: "{{ .Values.image.pullPolicy }}"
${web ? "          ports:\n            - name: http\n              containerPort: {{ .Values.service.port }}\n" : ""}          resources: {{ toYaml .Values.resources | nindent 12 }}
`;
}

const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: "{{ .Release.Name }}"
  labels:
${LABELS(4)}
spec:
  schedule: "{{ .Values.schedule }}"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: job
              image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
              resources: {{ toYaml .Values.resources | nindent 16 }}
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: "{{ .Release.Name }}"
  labels:
${LABELS(4)}
spec:
  selector:
${LABELS(4)}
  ports:
    - name: http
      port: {{ .Values.service.port }}
      targetPort: http
`;

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: "{{ .Release.Name }}"
  labels:
${LABELS(4)}
spec:
  ingressClassName: "{{ .Values.ingress.className }}"
  rules:
    - host: "{{ .Values.ingress.host }}"
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: "{{ .Release.Name }}"
                port:
                  name: http
`;
