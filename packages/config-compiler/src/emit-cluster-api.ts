import type { Diagnostic } from "@infraflux/diagnostics";
import { stringify } from "yaml";
import { yamlHeader } from "./emit-values.ts";
import { type ConfigNode, type MapNode, nodeAt } from "./tree.ts";

/**
 * The Cluster API objects of one workload cluster, from its compiled config: the restructuring plan's
 * `Cluster` → `ProxmoxCluster` + `TalosControlPlane` (+ its `ProxmoxMachineTemplate`) and one worker
 * `MachineDeployment` (+ `ProxmoxMachineTemplate`, `TalosConfigTemplate`). Pure and byte-stable.
 */

/** Config paths the objects are built from (`outputs.clusterApi` in infraflux.config.yaml). */
export interface ClusterApiSpec {
  readonly path: string;
  readonly namespace: string;
  readonly name: string;
  readonly kubernetesVersion: string;
  readonly controlPlaneEndpoint: string;
  readonly podCidr: string;
  readonly serviceCidr: string;
  /** Maps with `count`, `cpu`, `memory` (MiB) and `disk` (GB): the size template's node shapes. */
  readonly controlPlane: string;
  readonly workers: string;
  readonly dnsServers: string;
  /** A map with `addresses` (list), `prefix` and `gateway`: the IPv4 pool the nodes' addresses come from. */
  readonly nodeAddresses: string;
  /** A map with `source_node`, `template_id` and `bridge`: the Proxmox VM template machines are cloned from. */
  readonly proxmox: string;
}

/** API versions of the objects (the seed's: CAPI v1beta1, CAPMOX v1alpha1, CACPPT/CABPT v1alpha3). */
export const CLUSTER_API_VERSIONS = {
  cluster: "cluster.x-k8s.io/v1beta1",
  infrastructure: "infrastructure.cluster.x-k8s.io/v1alpha1",
  controlPlane: "controlplane.cluster.x-k8s.io/v1alpha3",
  bootstrap: "bootstrap.cluster.x-k8s.io/v1alpha3",
} as const;

interface NodeShape {
  readonly count: number;
  readonly cpu: number;
  readonly memory: number;
  readonly disk: number;
}

interface ClusterFacts {
  readonly name: string;
  readonly namespace: string;
  readonly version: string;
  readonly endpoint: string;
  readonly podCidr: string;
  readonly serviceCidr: string;
  readonly controlPlane: NodeShape;
  readonly workers: NodeShape;
  readonly dnsServers: readonly string[];
  readonly ipv4: { readonly addresses: readonly string[]; readonly prefix: number; readonly gateway: string };
  readonly clone: { readonly sourceNode: string; readonly templateId: number; readonly bridge: string };
}

/** The files of `clusters/workloads/<env>/`: cluster, control plane, workers and their kustomization. */
export function renderClusterApi(
  config: MapNode,
  spec: ClusterApiSpec,
  header: string,
  file: string,
): { files: { name: string; text: string }[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const facts = readFacts(config, spec, file, diagnostics);
  if (!facts) return { files: [], diagnostics };
  const docs = (objects: object[]) =>
    yamlHeader(header) + objects.map((o) => stringify(o, { lineWidth: 0, version: "1.1" })).join("---\n");
  return {
    files: [
      { name: "cluster.yaml", text: docs(clusterObjects(facts)) },
      { name: "control-plane.yaml", text: docs(controlPlaneObjects(facts)) },
      { name: "workers.yaml", text: docs(workerObjects(facts)) },
      {
        name: "kustomization.yaml",
        text: docs([
          {
            apiVersion: "kustomize.config.k8s.io/v1beta1",
            kind: "Kustomization",
            namespace: facts.namespace,
            resources: ["cluster.yaml", "control-plane.yaml", "workers.yaml"],
          },
        ]),
      },
    ],
    diagnostics,
  };
}

function clusterObjects(f: ClusterFacts): object[] {
  const { cluster, infrastructure, controlPlane } = CLUSTER_API_VERSIONS;
  return [
    {
      apiVersion: cluster,
      kind: "Cluster",
      metadata: metadata(f),
      spec: {
        clusterNetwork: { pods: { cidrBlocks: [f.podCidr] }, services: { cidrBlocks: [f.serviceCidr] } },
        infrastructureRef: { apiVersion: infrastructure, kind: "ProxmoxCluster", name: f.name },
        controlPlaneRef: { apiVersion: controlPlane, kind: "TalosControlPlane", name: `${f.name}-control-plane` },
      },
    },
    {
      apiVersion: infrastructure,
      kind: "ProxmoxCluster",
      metadata: metadata(f),
      spec: {
        controlPlaneEndpoint: { host: f.endpoint, port: 6443 },
        ipv4Config: { addresses: f.ipv4.addresses, prefix: f.ipv4.prefix, gateway: f.ipv4.gateway },
        dnsServers: f.dnsServers,
      },
    },
  ];
}

function controlPlaneObjects(f: ClusterFacts): object[] {
  const name = `${f.name}-control-plane`;
  return [
    {
      apiVersion: CLUSTER_API_VERSIONS.controlPlane,
      kind: "TalosControlPlane",
      metadata: metadata(f, name),
      spec: {
        version: `v${f.version.replace(/^v/, "")}`,
        replicas: f.controlPlane.count,
        infrastructureTemplate: {
          apiVersion: CLUSTER_API_VERSIONS.infrastructure,
          kind: "ProxmoxMachineTemplate",
          name,
        },
        controlPlaneConfig: { controlplane: { generateType: "controlplane" } },
      },
    },
    machineTemplate(f, name, f.controlPlane),
  ];
}

function workerObjects(f: ClusterFacts): object[] {
  const name = `${f.name}-workers`;
  return [
    {
      apiVersion: CLUSTER_API_VERSIONS.cluster,
      kind: "MachineDeployment",
      metadata: metadata(f, name),
      spec: {
        clusterName: f.name,
        replicas: f.workers.count,
        selector: { matchLabels: { "cluster.x-k8s.io/cluster-name": f.name } },
        template: {
          metadata: { labels: { "cluster.x-k8s.io/cluster-name": f.name } },
          spec: {
            clusterName: f.name,
            version: `v${f.version.replace(/^v/, "")}`,
            bootstrap: { configRef: { apiVersion: CLUSTER_API_VERSIONS.bootstrap, kind: "TalosConfigTemplate", name } },
            infrastructureRef: {
              apiVersion: CLUSTER_API_VERSIONS.infrastructure,
              kind: "ProxmoxMachineTemplate",
              name,
            },
          },
        },
      },
    },
    machineTemplate(f, name, f.workers),
    {
      apiVersion: CLUSTER_API_VERSIONS.bootstrap,
      kind: "TalosConfigTemplate",
      metadata: metadata(f, name),
      spec: { template: { spec: { generateType: "worker" } } },
    },
  ];
}

function machineTemplate(f: ClusterFacts, name: string, shape: NodeShape): object {
  return {
    apiVersion: CLUSTER_API_VERSIONS.infrastructure,
    kind: "ProxmoxMachineTemplate",
    metadata: metadata(f, name),
    spec: {
      template: {
        spec: {
          sourceNode: f.clone.sourceNode,
          templateID: f.clone.templateId,
          full: true,
          numSockets: 1,
          numCores: shape.cpu,
          memoryMiB: shape.memory,
          disks: { bootVolume: { disk: "scsi0", sizeGb: shape.disk } },
          network: { default: { bridge: f.clone.bridge, model: "virtio" } },
        },
      },
    },
  };
}

function metadata(f: ClusterFacts, name = f.name): object {
  return {
    name,
    namespace: f.namespace,
    labels: { "app.kubernetes.io/managed-by": "infraflux", "cluster.x-k8s.io/cluster-name": f.name },
  };
}

function readFacts(config: MapNode, spec: ClusterApiSpec, file: string, out: Diagnostic[]): ClusterFacts | undefined {
  const text = (option: keyof ClusterApiSpec) => scalarAt(config, spec[option], `clusterApi ${option}`, file, out);
  const facts = {
    name: text("name"),
    namespace: spec.namespace,
    version: text("kubernetesVersion"),
    endpoint: text("controlPlaneEndpoint"),
    podCidr: text("podCidr"),
    serviceCidr: text("serviceCidr"),
    controlPlane: shapeAt(config, spec.controlPlane, "clusterApi controlPlane", file, out),
    workers: shapeAt(config, spec.workers, "clusterApi workers", file, out),
    dnsServers: stringListAt(config, spec.dnsServers, "clusterApi dnsServers", file, out),
    ipv4: mapAt(config, spec.nodeAddresses, "clusterApi nodeAddresses", file, out, (m, at) => ({
      addresses: stringListAt(m, "addresses", `${at}.addresses`, file, out),
      prefix: wholeNumberAt(m, "prefix", `${at}.prefix`, file, out),
      gateway: scalarAt(m, "gateway", `${at}.gateway`, file, out),
    })),
    clone: mapAt(config, spec.proxmox, "clusterApi proxmox", file, out, (m, at) => ({
      sourceNode: scalarAt(m, "source_node", `${at}.source_node`, file, out),
      templateId: wholeNumberAt(m, "template_id", `${at}.template_id`, file, out),
      bridge: scalarAt(m, "bridge", `${at}.bridge`, file, out),
    })),
  };
  return out.length > 0 ? undefined : (facts as ClusterFacts);
}

function scalarAt(config: MapNode, path: string, what: string, file: string, out: Diagnostic[]): string | undefined {
  const node = nodeAt(config, path);
  if (node?.kind === "scalar" && node.value !== null && node.value !== "") return String(node.value);
  out.push(problem(node, path, `${what} maps to "${path}"`, "a non-empty scalar", file));
  return undefined;
}

function shapeAt(config: MapNode, path: string, what: string, file: string, out: Diagnostic[]): NodeShape | undefined {
  return mapAt(config, path, what, file, out, (m, at) => ({
    count: wholeNumberAt(m, "count", `${at}.count`, file, out),
    cpu: wholeNumberAt(m, "cpu", `${at}.cpu`, file, out),
    memory: wholeNumberAt(m, "memory", `${at}.memory`, file, out),
    disk: wholeNumberAt(m, "disk", `${at}.disk`, file, out),
  })) as NodeShape | undefined;
}

/** The map at `path`, read by `read` (which reports its own problems), or a problem. */
function mapAt<T>(
  config: MapNode,
  path: string,
  what: string,
  file: string,
  out: Diagnostic[],
  read: (map: MapNode, at: string) => T,
): T | undefined {
  const node = nodeAt(config, path);
  if (node?.kind === "map") return read(node, path);
  out.push(problem(node, path, `${what} maps to "${path}"`, "a map", file));
  return undefined;
}

function wholeNumberAt(map: MapNode, key: string, path: string, file: string, out: Diagnostic[]): number | undefined {
  const node = map.entries.get(key)?.value;
  const value = node?.kind === "scalar" ? node.value : undefined;
  if ((typeof value === "number" || typeof value === "bigint") && Number(value) >= 0 && Number.isInteger(Number(value)))
    return Number(value);
  out.push(problem(node, path, path, "a whole number", file, map));
  return undefined;
}

function stringListAt(
  config: MapNode,
  path: string,
  what: string,
  file: string,
  out: Diagnostic[],
): string[] | undefined {
  const node = nodeAt(config, path);
  if (
    node?.kind === "list" &&
    node.items.length > 0 &&
    node.items.every((i) => i.kind === "scalar" && i.value !== null)
  )
    return node.items.map((i) => String((i as { value: unknown }).value));
  out.push(problem(node, path, `${what} maps to "${path}"`, "a non-empty list of strings", file));
  return undefined;
}

function problem(
  node: ConfigNode | undefined,
  path: string,
  what: string,
  expected: string,
  file: string,
  parent?: ConfigNode,
): Diagnostic {
  const at = node ?? parent;
  return {
    code: "invalid-cluster-api-value",
    severity: "error",
    message: node
      ? `${what} should be ${expected}, found a ${node.kind === "scalar" ? JSON.stringify(node.value) : node.kind}`
      : `${what}, which is not in the final config`,
    file: at?.origin.file ?? file,
    ...(at ? { span: at.origin.span } : {}),
    path,
  };
}
