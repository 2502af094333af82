import { z } from "zod";

/** The phases of the seed's Flux structure, in dependency order (storage runs beside infrastructure). */
export const PHASES = ["crds", "infrastructure", "storage", "infrastructure-config", "apps"] as const;
export type Phase = (typeof PHASES)[number];

/** Flux duration, checked here because @kubernetes-models/flux-cd 4.0.0 dropped the CRD `pattern`. */
const duration = z.string().regex(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, "must be a Go duration such as 30m or 1h30m");
const dnsName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label (lowercase letters, digits and -)");
/** Values stay free-form: they are copied verbatim from the spec. */
const values = z.record(z.string(), z.unknown());
const object = z
  .object({ apiVersion: z.string(), kind: z.string(), metadata: z.object({ name: z.string() }).loose() })
  .loose();

export const componentSchema = z
  .object({
    name: dnsName.describe("Component name: directory under k8s/base/<phase>/ and the HelmRelease name"),
    phase: z.enum(PHASES).describe("Flux phase the component installs in"),
    namespace: dnsName.describe("Target namespace of the Helm release"),
    createNamespace: z
      .boolean()
      .default(true)
      .describe("Write namespace.yaml for the target namespace (false when another component owns it)"),
    chart: z
      .object({
        name: z.string().min(1).describe("Chart name in the repository"),
        repository: z
          .string()
          .regex(/^(https?|oci):\/\//, "must be an http(s):// or oci:// URL")
          .describe("Helm repository URL"),
        version: z.string().min(1).describe("Chart version or semver range"),
      })
      .strict(),
    interval: duration.default("30m").describe("HelmRelease reconcile interval"),
    values: values.optional().describe("Base Helm values shared by every cluster"),
  })
  .strict();

export const clusterSchema = z
  .object({
    name: dnsName.describe("Cluster name: directory under k8s/clusters/"),
    components: z.array(z.string()).default([]).describe("Enabled components (names from components[])"),
    storage: z.string().optional().describe("Storage component for this cluster (a component with phase: storage)"),
    valuesFrom: z
      .string()
      .optional()
      .describe(
        "Directory of compiled Helm values (config-compiler's kubernetes/overlays/<env>/): <component>/values.yaml is merged over the base, before values:",
      ),
    values: z
      .record(z.string(), values)
      .default({})
      .describe("Per-component Helm values merged over the base (null deletes a key)"),
    versions: z.record(z.string(), z.string()).default({}).describe("Per-component chart version overrides"),
    resources: z
      .object({
        "infrastructure-config": z.array(object).default([]),
        apps: z.array(object).default([]),
      })
      .strict()
      .default({ "infrastructure-config": [], apps: [] })
      .describe("Cluster-only objects (IPAddressPools, middlewares, apps), written under the phase's directory"),
  })
  .strict();

export const overlaySpecSchema = z
  .object({
    apiVersion: z.literal("infraflux.dev/v1alpha1"),
    kind: z.literal("OverlaySpec"),
    flux: z
      .object({
        namespace: dnsName.default("flux-system"),
        sourceRef: z
          .object({ kind: z.enum(["GitRepository", "OCIRepository", "Bucket"]), name: z.string() })
          .strict()
          .default({ kind: "GitRepository", name: "flux-system" }),
        interval: duration.default("10m"),
        timeout: duration.default("5m"),
        root: z
          .string()
          .default("./k8s")
          .describe("Repository path of the generated k8s/ tree, used in Kustomization spec.path"),
        bootstrapKustomization: z
          .string()
          .optional()
          .describe(
            "Name of the bootstrap Kustomization (flux-system) for crds to depend on; leave unset when the tree does not hold flux-system/",
          ),
      })
      .strict()
      .default({
        namespace: "flux-system",
        sourceRef: { kind: "GitRepository", name: "flux-system" },
        interval: "10m",
        timeout: "5m",
        root: "./k8s",
      }),
    argocd: z
      .object({
        namespace: z.string().default("argocd"),
        repoURL: z.string().describe("Git URL of the platform-gitops repository holding the generated tree"),
        targetRevision: z.string().default("main"),
        project: z.string().default("default"),
      })
      .strict()
      .optional(),
    components: z.array(componentSchema).min(1),
    clusters: z.array(clusterSchema).min(1),
  })
  .strict();

export type OverlaySpec = z.infer<typeof overlaySpecSchema>;
export type ComponentSpec = z.infer<typeof componentSchema>;
export type ClusterSpec = z.infer<typeof clusterSchema>;

/** JSON Schema for editors (`# yaml-language-server: $schema=…`), generated from the zod schema. */
export function overlaySpecJsonSchema(): unknown {
  return z.toJSONSchema(overlaySpecSchema, { io: "input" });
}
