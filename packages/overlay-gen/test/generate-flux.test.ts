import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { formatDiagnostic } from "@infraflux/diagnostics";
import { extractMermaidBlocks, readDiagramCounts } from "@infraflux/mermaid";
import { generateOverlays, planOverlays, type FileChange } from "@infraflux/overlay-gen";
import { expectGoldenFiles } from "../../../fixtures/golden.ts";
import { hasTool } from "../../../fixtures/oracles.ts";
import { kustomize, writeTemp } from "./_kustomize.ts";

const repo = join(import.meta.dirname, "../../..");
const specPath = "fixtures/overlay-spec/spec.yaml";
/** The compiled values a cluster takes from `valuesFrom` (config-compiler layout), read independently. */
function compiledValues(cluster: { valuesFrom?: string }, component: string): unknown {
  if (!cluster.valuesFrom) return {};
  const file = join(repo, "fixtures/overlay-spec", cluster.valuesFrom, component, "values.yaml");
  return existsSync(file) ? parse(readFileSync(file, "utf8")) : {};
}

const spec = parse(readFileSync(join(repo, specPath), "utf8")) as {
  components: {
    name: string;
    phase: string;
    namespace: string;
    createNamespace?: boolean;
    chart: { version: string };
    values?: Record<string, unknown>;
  }[];
  clusters: {
    name: string;
    components: string[];
    storage?: string;
    valuesFrom?: string;
    values?: Record<string, unknown>;
    versions?: Record<string, string>;
    resources?: Record<string, { kind: string; metadata: { name: string } }[]>;
  }[];
};

function generate(): FileChange[] {
  const result = generateOverlays({ specPath, cwd: repo, engine: "flux" });
  if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join("\n"));
  return [...result.value.changes];
}

/** RFC 7396 JSON merge patch, written independently of the generator as the test's oracle. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target !== null && typeof target === "object" && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const fluxKustomizations = (files: Map<string, string>, cluster: string) =>
  ["crds", "infrastructure", "storage", "infrastructure-config", "apps"].map((phase) => ({
    phase,
    object: parse(files.get(`k8s/clusters/${cluster}/${phase}.yaml`)!),
  }));

describe("overlays generate --engine flux", () => {
  it("matches the golden tree", () => {
    expectGoldenFiles(
      join(repo, "fixtures/golden/overlay-gen/flux"),
      new Map(generate().map((c) => [c.path, c.content])),
    );
  });

  it("is byte-stable: generating twice gives identical files", () => {
    expect(generate()).toEqual(generate());
  });

  it("writes the seed's tree: base components with kustomization, namespace, helmrepo, helmrelease", () => {
    const paths = new Set(generate().map((c) => c.path));
    for (const c of spec.components) {
      const dir = `k8s/base/${c.phase}/${c.name}`;
      for (const f of ["kustomization.yaml", "helmrepo.yaml", "helmrelease.yaml"])
        expect(paths.has(`${dir}/${f}`), `${dir}/${f}`).toBe(true);
      expect(paths.has(`${dir}/namespace.yaml`)).toBe(c.createNamespace !== false);
    }
    for (const cl of spec.clusters)
      for (const p of ["crds", "infrastructure", "storage", "infrastructure-config", "apps", "kustomization"])
        expect(paths.has(`k8s/clusters/${cl.name}/${p}.yaml`)).toBe(true);
  });

  it("chains phases crds → infrastructure ∥ storage → infrastructure-config → apps, with wait on every depended-upon phase", () => {
    const files = new Map(generate().map((c) => [c.path, c.content]));
    for (const cl of spec.clusters) {
      const ks = fluxKustomizations(files, cl.name);
      const deps = Object.fromEntries(
        ks.map(({ phase, object }) => [phase, (object.spec.dependsOn ?? []).map((d: { name: string }) => d.name)]),
      );
      expect(deps).toEqual({
        crds: [],
        infrastructure: ["crds"],
        storage: ["crds"],
        "infrastructure-config": ["infrastructure", "storage"],
        apps: ["infrastructure-config"],
      });
      const dependedOn = new Set(Object.values(deps).flat());
      for (const { phase, object } of ks) {
        expect(object.apiVersion).toBe("kustomize.toolkit.fluxcd.io/v1");
        expect(object.spec.wait, `${cl.name}/${phase}`).toBe(dependedOn.has(phase));
      }
    }
  });

  it("writes k8s/clusters/<c>/README.md graphing the cluster's Flux Kustomizations as written, listed by no kustomization", () => {
    const changes = generate();
    const files = new Map(changes.map((c) => [c.path, c.content]));
    const listed = changes
      .filter((c) => c.path.endsWith("kustomization.yaml"))
      .flatMap((c) => (parse(c.content).resources as string[]) ?? []);
    expect(listed.filter((r) => r.endsWith(".md"))).toEqual([]);
    for (const cl of spec.clusters) {
      const readme = files.get(`k8s/clusters/${cl.name}/README.md`);
      expect(readme, cl.name).toBeDefined();
      const [block, ...more] = extractMermaidBlocks(readme!);
      expect(more).toEqual([]);
      // The oracle: the Flux Kustomizations parsed back from the generated YAML.
      const ks = fluxKustomizations(files, cl.name);
      const id = (name: string) => `n_${name.replace(/-/g, "_")}`;
      const expectedEdges = ks.flatMap(({ object }) =>
        (object.spec.dependsOn ?? []).map((d: { name: string }) => `${id(d.name)} --> ${id(object.metadata.name)}`),
      );
      const drawnEdges = block!.text
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l.includes(" --> "));
      expect(drawnEdges.sort()).toEqual(expectedEdges.sort());
      expect(readDiagramCounts(block!.text)).toEqual({
        nodes: ks.length,
        edges: expectedEdges.length,
        subgraphs: ks.length,
      });
      for (const { phase, object } of ks) {
        expect(block!.text).toContain(
          `["${object.metadata.name}<br>${object.spec.path}${object.spec.wait ? "<br>wait: true" : ""}`,
        );
        expect(readme).toContain(`- **${phase}** (\`${phase}.yaml\` → \`${object.spec.path}\``);
      }
    }
  });

  it("cluster overlays hold only differences: no overlay dir for a component whose values equal the base", () => {
    const paths = generate().map((c) => c.path);
    // edge changes nothing on traefik and external-dns, and phx nothing on metallb.
    expect(paths.filter((p) => p.startsWith("k8s/clusters/edge/infrastructure/traefik/"))).toEqual([]);
    expect(paths.filter((p) => p.startsWith("k8s/clusters/phx/infrastructure/metallb/"))).toEqual([]);
    const files = new Map(generate().map((c) => [c.path, c.content]));
    const labDns = parse(files.get("k8s/clusters/lab/infrastructure/external-dns/values.yaml")!);
    expect(labDns.spec).toEqual({
      values: {
        provider: { name: "pihole" },
        domainFilters: ["lab.example.net"],
        extraArgs: ["--pihole-server=http://adguard.adguard.svc:80"],
      },
    });
    const phxTraefik = parse(files.get("k8s/clusters/phx/infrastructure/traefik/values.yaml")!);
    expect(phxTraefik.spec.chart).toEqual({ spec: { version: "33.0.0" } });
    expect(Object.keys(phxTraefik.spec.values).sort()).toEqual(["deployment", "logs", "service"]);
    // lab takes traefik values from the compiled config (valuesFrom), with its inline values on top.
    const labTraefik = parse(files.get("k8s/clusters/lab/infrastructure/traefik/values.yaml")!);
    expect(labTraefik.spec.values.logs).toEqual({ general: { level: "DEBUG" } });
    // Every cluster enables all crds components without changes, so crds.yaml points at the shared base.
    expect(parse(files.get("k8s/clusters/lab/crds.yaml")!).spec.path).toBe("./k8s/base/crds");
  });
});

describe.skipIf(!hasTool("kubectl"))("overlays generate --engine flux: kubectl kustomize oracle", () => {
  const files = generate();
  const root = writeTemp(files);
  const byPath = new Map(files.map((c) => [c.path, c.content]));

  it("every kustomization.yaml in the tree builds", () => {
    const dirs = files
      .filter((c) => c.path.endsWith("kustomization.yaml"))
      .map((c) => c.path.slice(0, -"/kustomization.yaml".length));
    expect(dirs.length).toBeGreaterThan(20);
    for (const dir of dirs) expect(() => kustomize(join(root, dir)), dir).not.toThrow();
  });

  for (const cluster of spec.clusters) {
    it(`${cluster.name}: each phase's Flux path builds to the enabled components with base values merged with the cluster's`, () => {
      const enabled = new Set([...cluster.components, ...(cluster.storage ? [cluster.storage] : [])]);
      for (const { phase, object } of fluxKustomizations(byPath, cluster.name)) {
        const dir = join(root, object.spec.path.replace(/^\.\//, ""));
        expect(existsSync(dir), object.spec.path).toBe(true);
        const built = parseAllDocuments(kustomize(dir))
          .map((d) => d.toJS())
          .filter(Boolean);
        const releases = built.filter((o) => o.kind === "HelmRelease");
        const expected = spec.components.filter((c) => c.phase === phase && enabled.has(c.name));
        expect(releases.map((r) => r.metadata.name).sort()).toEqual(expected.map((c) => c.name).sort());
        for (const c of expected) {
          const release = releases.find((r) => r.metadata.name === c.name);
          const values = mergePatch(
            mergePatch(c.values ?? {}, compiledValues(cluster, c.name)),
            cluster.values?.[c.name] ?? {},
          );
          expect(release.spec.values ?? {}, `${cluster.name}/${c.name} values`).toEqual(values);
          expect(release.spec.chart.spec.version).toBe(cluster.versions?.[c.name] ?? c.chart.version);
          expect(release.spec.targetNamespace).toBe(c.namespace);
          expect(built.some((o) => o.kind === "HelmRepository" && o.metadata.name === c.name)).toBe(true);
        }
        const own = (cluster.resources?.[phase] ?? []).map((o) => `${o.kind}/${o.metadata.name}`).sort();
        const others = built.filter(
          (o) =>
            !["HelmRelease", "HelmRepository"].includes(o.kind) &&
            !(o.kind === "Namespace" && expected.some((c) => c.namespace === o.metadata.name)),
        );
        expect(others.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(own);
      }
    });
  }

  it("each cluster's root kustomization builds to its five Flux Kustomizations", () => {
    for (const cluster of spec.clusters) {
      const built = parseAllDocuments(kustomize(join(root, "k8s/clusters", cluster.name))).map((d) => d.toJS());
      expect(built.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
        ["apps", "crds", "infrastructure", "infrastructure-config", "storage"].map((n) => `Kustomization/${n}`),
      );
    }
  });
});

describe("overlays generate: _error_ specs", () => {
  const errorRoot = join(repo, "fixtures/golden/overlay-gen/_error_/generate");
  for (const name of ["unknown-references", "bad-fields", "invalid-yaml"]) {
    it(`${name} is reported with file:line:col and nothing is generated`, () => {
      const file = `fixtures/golden/overlay-gen/_error_/generate/${name}/input/spec.yaml`;
      const result = planOverlays(readFileSync(join(repo, file), "utf8"), file, "flux");
      expect(result.ok).toBe(false);
      for (const d of result.diagnostics) expect(d.span, formatDiagnostic(d)).toBeDefined();
      expectGoldenFiles(
        join(errorRoot, name, "expected"),
        new Map([["diagnostics.txt", result.diagnostics.map(formatDiagnostic).join("\n")]]),
      );
    });
  }
});
