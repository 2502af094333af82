import { z } from "zod";

const configPath = z.string().regex(/^[A-Za-z0-9_.*-]+$/, "a dot path into the config, e.g. networking.cilium");
const outPath = z.string().min(1).describe("output path relative to --out; {env} is replaced by the environment name");

export const layerNameSchema = z.enum(["defaults", "template", "environment", "cluster", "custom"]);

export const listStrategySchema = z.union([
  z.enum(["replace", "append", "prepend"]),
  z.strictObject({ mergeBy: z.string().min(1) }),
]);

const valuesPath = z
  .string()
  .regex(/^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/, "a dot path into the Helm values, e.g. admin.existingSecret");

export const helmSecretSchema = z.strictObject({
  secret: configPath.describe("config path of the value tagged !secret <ref>"),
  name: z
    .string()
    .min(1)
    .optional()
    .describe("the Kubernetes Secret's name; default: metadata.name of the sops:// file (read, never decrypted)"),
  key: z.string().min(1).optional().describe("the key inside the Secret; default: the reference's #KEY"),
  keyPath: valuesPath.optional().describe("values path that receives the key (e.g. admin.passwordKey)"),
});

export const helmOutputSchema = z.strictObject({
  component: z.string().min(1),
  template: z
    .string()
    .min(1)
    .describe('values template relative to the repository root, with "${PLACEHOLDER}" markers'),
  path: outPath,
  placeholders: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), configPath).default({}),
  secrets: z
    .record(
      valuesPath.describe("values path that receives the Kubernetes Secret's name (the chart's existingSecret)"),
      helmSecretSchema,
    )
    .default({})
    .describe(
      "how each secret reaches the chart: by the name (and key) of an existing Kubernetes Secret, never its value",
    ),
});

export const projectConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    layers: z
      .array(layerNameSchema)
      .min(1)
      .default(["defaults", "template", "environment", "cluster", "custom"])
      .describe("layer order, first to last (later wins)"),
    sizeKey: configPath.default("cluster.size").describe("config key that picks config/templates/<size>.yaml"),
    clusterKey: configPath.default("cluster.name").describe("config key that picks config/clusters/<name>.yaml"),
    schema: z.string().optional().describe("JSON Schema for the final config, relative to config/"),
    openPaths: z.array(configPath).default([]).describe("maps that accept keys the defaults do not define"),
    listStrategies: z
      .record(configPath, listStrategySchema)
      .default({})
      .describe("list merge strategy per path (numeric segments as *)"),
    outputs: z
      .strictObject({
        finalConfig: z.strictObject({ path: outPath }).default({ path: "build/{env}/final-config.yaml" }),
        terraform: z
          .strictObject({
            path: outPath.describe("the .tfvars path; the .tfvars.json is written beside it"),
            variablesFile: z
              .string()
              .optional()
              .describe("variables.tf the tfvars target, checked for undeclared variables"),
            variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, "a Terraform identifier"), configPath),
          })
          .optional(),
        helm: z.array(helmOutputSchema).default([]),
        handoff: z
          .strictObject({
            clusterInfo: z
              .strictObject({
                path: outPath,
                namespace: z.string().default("kube-public"),
                data: z.record(z.string(), configPath),
              })
              .optional(),
            argocdCluster: z
              .strictObject({
                path: outPath,
                namespace: z.string().default("argocd"),
                name: configPath,
                server: configPath,
                credentials: configPath.optional(),
              })
              .optional(),
          })
          .optional(),
        clusterApi: z
          .strictObject({
            path: outPath.describe("directory of the cluster's Cluster API objects, e.g. clusters/workloads/{env}"),
            namespace: z.string().min(1).default("default"),
            name: configPath.default("cluster.name"),
            kubernetesVersion: configPath.default("cluster.version"),
            controlPlaneEndpoint: configPath.default("cluster.apiServer"),
            podCidr: configPath.default("networking.pod_cidr"),
            serviceCidr: configPath.default("networking.service_cidr"),
            controlPlane: configPath
              .default("compute.control_plane")
              .describe("a map with count, cpu, memory (MiB) and disk (GB)"),
            workers: configPath
              .default("compute.workers")
              .describe("a map with count, cpu, memory (MiB) and disk (GB)"),
            dnsServers: configPath.default("networking.dns_servers").describe("a list of DNS server addresses"),
            nodeAddresses: configPath
              .default("networking.node_ipv4")
              .describe("a map with addresses (list of ranges or CIDRs), prefix and gateway: the nodes' IPv4 pool"),
            proxmox: configPath
              .default("proxmox")
              .describe("a map with source_node, template_id and bridge: where machines are cloned from"),
          })
          .optional()
          .describe(
            "Cluster API objects per environment: Cluster, ProxmoxCluster, TalosControlPlane, MachineDeployment",
          ),
      })
      .default({ finalConfig: { path: "build/{env}/final-config.yaml" }, helm: [] }),
    promotion: z
      .strictObject({
        order: z
          .array(z.string().min(1))
          .min(2)
          .describe("environments in promotion order, e.g. [dev, staging, prod]: values move forward only"),
        paths: z
          .array(
            z
              .string()
              .regex(
                /^(?:[A-Za-z0-9_-]+|\*\*?)(?:\.(?:[A-Za-z0-9_-]+|\*\*?))*$/,
                "a dot path; * is one segment, ** any",
              ),
          )
          .min(1)
          .describe("dot paths that may be promoted, e.g. images.*, charts.*.version"),
      })
      .optional()
      .describe("what `infraflux promote` may copy from one environment to the next"),
  })
  .describe("infraflux config compiler settings (config/infraflux.config.yaml)");

export type ProjectConfig = z.infer<typeof projectConfigSchema>;
export type HelmOutput = z.infer<typeof helmOutputSchema>;
export type LayerName = z.infer<typeof layerNameSchema>;

/** The published JSON Schema for infraflux.config.yaml (editors: `# yaml-language-server: $schema=…`). */
export function projectConfigJsonSchema(): unknown {
  return z.toJSONSchema(projectConfigSchema, { io: "input" });
}
