import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { formatDiagnostic } from "@infraflux/diagnostics";
import { generateOverlays, planOverlays, planPhases } from "@infraflux/overlay-gen";
import { expectGoldenFiles } from "../../../fixtures/golden.ts";

const repo = join(import.meta.dirname, "../../..");
const specPath = "fixtures/overlay-spec/spec.yaml";
/** The compiled values a cluster takes from `valuesFrom` (config-compiler layout), read independently. */
function compiledValues(cluster: { valuesFrom?: string }, component: string): unknown {
  if (!cluster.valuesFrom) return {};
  const file = join(repo, "fixtures/overlay-spec", cluster.valuesFrom, component, "values.yaml");
  return existsSync(file) ? parse(readFileSync(file, "utf8")) : {};
}

const spec = parse(readFileSync(join(repo, specPath), "utf8"));

function generate(): Map<string, string> {
  const result = generateOverlays({ specPath, cwd: repo, engine: "argocd" });
  if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join("\n"));
  return new Map(result.value.changes.map((c) => [c.path, c.content]));
}

/** Helm's value-file layering (maps merge, lists replace, null deletes), independent of the generator. */
function layer(base: unknown, over: unknown): unknown {
  if (over === null || typeof over !== "object" || Array.isArray(over)) return over;
  const out: Record<string, unknown> =
    base && typeof base === "object" && !Array.isArray(base) ? { ...(base as object) } : {};
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = layer(out[k], v);
  }
  return out;
}

describe("overlays generate --engine argocd", () => {
  it("matches the golden tree", () => {
    expectGoldenFiles(join(repo, "fixtures/golden/overlay-gen/argocd"), generate());
  });

  it("gives every child Application the sync wave of its phase, and one app-of-apps per cluster", () => {
    const files = generate();
    const waves = new Map(planPhases().map((p) => [p.name, String(p.wave)]));
    expect([...waves]).toEqual([
      ["crds", "0"],
      ["infrastructure", "1"],
      ["storage", "1"],
      ["infrastructure-config", "2"],
      ["apps", "3"],
    ]);
    for (const cluster of spec.clusters) {
      const root = parse(files.get(`argocd/clusters/${cluster.name}/root.yaml`)!);
      expect(root.spec.source.path).toBe(`argocd/clusters/${cluster.name}/applications`);
      for (const name of [...cluster.components, cluster.storage]) {
        const app = parse(files.get(`argocd/clusters/${cluster.name}/applications/${name}.yaml`)!);
        const component = spec.components.find((c: { name: string }) => c.name === name);
        expect(app.metadata.annotations["argocd.argoproj.io/sync-wave"]).toBe(waves.get(component.phase));
        expect(app.spec.destination.namespace).toBe(component.namespace);
      }
    }
  });

  it("base values file + the cluster's values file layer to the cluster's full values", () => {
    const files = generate();
    for (const cluster of spec.clusters) {
      for (const name of [...cluster.components, cluster.storage]) {
        const component = spec.components.find((c: { name: string }) => c.name === name);
        const app = parse(files.get(`argocd/clusters/${cluster.name}/applications/${name}.yaml`)!);
        const valueFiles: string[] = app.spec.sources[0].helm.valueFiles ?? [];
        const layered = valueFiles
          .map((f) => parse(files.get(f.replace(/^\$values\//, ""))!))
          .reduce((acc, v) => layer(acc, v), {});
        const expected = layer(
          layer(component.values ?? {}, compiledValues(cluster, name)),
          cluster.values?.[name] ?? {},
        );
        expect(layered, `${cluster.name}/${name}`).toEqual(expected);
      }
    }
  });

  it("requires an argocd: section", () => {
    const text = readFileSync(join(repo, specPath), "utf8").replace(/^argocd:\n( {2}.*\n)+/m, "");
    const result = planOverlays(text, specPath, "argocd");
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["missing-argocd"]);
  });
});
