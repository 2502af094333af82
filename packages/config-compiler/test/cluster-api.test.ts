import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { Ajv2020 } from "ajv/dist/2020.js";
import { hasTool } from "../../../fixtures/oracles.ts";
import { compileConfig } from "../src/compile.ts";
import { loadCompileInput } from "../src/load.ts";

const repo = join(import.meta.dirname, "../../../fixtures/config-repo");
const { input } = loadCompileInput({ configDir: join(repo, "config") });
const compiled = compileConfig(input, { envs: ["dev", "staging", "prod"] });
const work = mkdtempSync(join(tmpdir(), "infraflux-capi-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type K8sObject = { kind: string; metadata: { name: string; namespace: string }; spec: Record<string, unknown> };

function objectsOf(env: string): K8sObject[] {
  const result = compiled.environments.find((e) => e.env === env)!;
  return result.changes
    .filter((c) => c.path.startsWith(`clusters/workloads/${env}/`) && !c.path.endsWith("kustomization.yaml"))
    .flatMap((c) => parseAllDocuments(c.content).map((d) => d.toJS() as K8sObject));
}

const find = (objects: K8sObject[], kind: string, suffix = "") =>
  objects.find((o) => o.kind === kind && o.metadata.name.endsWith(suffix))!;

describe("outputs.clusterApi: Cluster API objects from the compiled config", () => {
  it("compiles without diagnostics", () => {
    expect(compiled.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  });

  // small (dev), medium (staging), large (prod): replicas and machine shapes come from the size template
  it.each([
    ["dev", "dev-cluster", 1, 2, 4096, 50, 2, 4, 8192, 100],
    ["staging", "staging-cluster", 3, 2, 4096, 50, 3, 4, 8192, 100],
    ["prod", "prod-cluster", 3, 4, 8192, 100, 5, 8, 16384, 200],
  ])(
    "%s: replicas and machine shapes follow its size template",
    (env, name, cp, cpCpu, cpMem, cpDisk, w, wCpu, wMem, wDisk) => {
      const objects = objectsOf(env);
      expect(objects.map((o) => o.kind).sort()).toEqual([
        "Cluster",
        "MachineDeployment",
        "ProxmoxCluster",
        "ProxmoxMachineTemplate",
        "ProxmoxMachineTemplate",
        "TalosConfigTemplate",
        "TalosControlPlane",
      ]);
      expect(objects.every((o) => o.metadata.namespace === "clusters")).toBe(true);
      expect(find(objects, "Cluster").metadata.name).toBe(name);
      expect(find(objects, "TalosControlPlane").spec).toMatchObject({ replicas: cp, version: "v1.30.0" });
      expect(find(objects, "MachineDeployment").spec).toMatchObject({ replicas: w, clusterName: name });
      const machine = (suffix: string) =>
        (find(objects, "ProxmoxMachineTemplate", suffix).spec as { template: { spec: unknown } }).template.spec;
      expect(machine("-control-plane")).toMatchObject({
        numCores: cpCpu,
        memoryMiB: cpMem,
        disks: { bootVolume: { sizeGb: cpDisk } },
      });
      expect(machine("-workers")).toMatchObject({
        numCores: wCpu,
        memoryMiB: wMem,
        disks: { bootVolume: { sizeGb: wDisk } },
      });
    },
  );

  it("takes the network and endpoint from the config", () => {
    const objects = objectsOf("prod");
    expect(find(objects, "Cluster").spec).toMatchObject({
      clusterNetwork: { pods: { cidrBlocks: ["10.244.0.0/16"] }, services: { cidrBlocks: ["10.96.0.0/12"] } },
      infrastructureRef: { kind: "ProxmoxCluster", name: "prod-cluster" },
      controlPlaneRef: { kind: "TalosControlPlane", name: "prod-cluster-control-plane" },
    });
    expect(find(objects, "ProxmoxCluster").spec).toEqual({
      controlPlaneEndpoint: { host: "10.0.30.10", port: 6443 },
      ipv4Config: { addresses: ["10.0.30.100-10.0.30.150"], prefix: 24, gateway: "10.0.30.1" },
      dnsServers: ["10.0.0.2", "10.0.0.3"],
    });
    const machine = find(objects, "ProxmoxMachineTemplate", "-workers").spec as { template: { spec: unknown } };
    expect(machine.template.spec).toMatchObject({
      sourceNode: "pve1",
      templateID: 9000,
      network: { default: { bridge: "vmbr0" } },
    });
  });

  it("reports a config path that does not hold a whole number, at the value's position", () => {
    const files = new Map(input.files);
    const env = files.get("config/environments/dev.yaml")!;
    files.set("config/environments/dev.yaml", `${env}compute:\n  workers:\n    count: two\n`);
    const broken = compileConfig({ ...input, files }, { envs: ["dev"] });
    const problem = broken.diagnostics.find((d) => d.code === "invalid-cluster-api-value");
    expect(problem).toMatchObject({ file: "config/environments/dev.yaml", path: "compute.workers.count" });
    expect(problem?.message).toContain('should be a whole number, found a "two"');
  });
});

describe.skipIf(!hasTool("kubectl"))("kubectl kustomize builds each environment's clusters/workloads/<env>", () => {
  it.each(["dev", "staging", "prod"])("%s", (env) => {
    const result = compiled.environments.find((e) => e.env === env)!;
    for (const c of result.changes.filter((x) => x.path.startsWith("clusters/"))) {
      mkdirSync(dirname(join(work, c.path)), { recursive: true });
      writeFileSync(join(work, c.path), c.content);
    }
    const built = spawnSync("kubectl", ["kustomize", join(work, "clusters/workloads", env)], { encoding: "utf8" });
    expect(built.stderr).toBe("");
    expect(parseAllDocuments(built.stdout)).toHaveLength(7);
  });
});

describe("the compiled objects are valid against the Cluster API CRDs (fixtures/cluster-api-crds)", () => {
  const crdDir = join(import.meta.dirname, "../../../fixtures/cluster-api-crds");
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const schemas = new Map<string, ReturnType<typeof ajv.compile>>();
  for (const file of readdirSync(crdDir).filter((f) => f.endsWith(".yaml"))) {
    const crd = parse(readFileSync(join(crdDir, file), "utf8"));
    for (const v of crd.spec.versions)
      schemas.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, ajv.compile(v.schema.openAPIV3Schema));
  }

  it.each(["dev", "staging", "prod"])("%s", (env) => {
    const problems = compiled.environments
      .find((e) => e.env === env)!
      .changes.filter((c) => c.path.startsWith("clusters/") && !c.path.endsWith("kustomization.yaml"))
      .flatMap((c) => parseAllDocuments(c.content).map((d) => d.toJS() as K8sObject & { apiVersion: string }))
      .flatMap((o) => {
        const validate = schemas.get(`${o.apiVersion}/${o.kind}`);
        if (!validate) return [`${o.kind}: no CRD`];
        return validate(o) ? [] : (validate.errors ?? []).map((e) => `${o.kind} ${e.instancePath} ${e.message}`);
      });
    expect(problems).toEqual([]);
  });

  it("the CRDs catch a broken object (the check above could fail)", () => {
    const validate = schemas.get("infrastructure.cluster.x-k8s.io/v1alpha1/ProxmoxCluster")!;
    expect(
      validate({
        apiVersion: "x",
        kind: "ProxmoxCluster",
        metadata: {},
        spec: { controlPlaneEndpoint: { host: "h" } },
      }),
    ).toBe(false);
    expect(validate.errors?.map((e) => e.message)).toEqual(
      expect.arrayContaining(["must have required property 'dnsServers'", "must have required property 'port'"]),
    );
  });
});
