import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "@infraflux/diagnostics";
import { extractOverlays, planExtraction, type ClusterInput } from "@infraflux/overlay-gen";
import { expectGoldenFiles } from "../../../fixtures/golden.ts";
import { hasTool } from "../../../fixtures/oracles.ts";
import { kustomize, kustomizeOriginal, writeTemp } from "./_kustomize.ts";

const repo = join(import.meta.dirname, "../../..");
const fixture = join(repo, "fixtures/duplicated-clusters");
const golden = join(repo, "fixtures/golden/overlay-gen");
const dirs = ["fixtures/duplicated-clusters/lab", "fixtures/duplicated-clusters/phx"];

function extractFixture() {
  const result = extractOverlays({ dirs, cwd: repo });
  if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join("\n"));
  return result.value;
}

describe("overlays extract: duplicated-clusters fixture", () => {
  it("matches the golden tree", () => {
    const plan = extractFixture();
    expectGoldenFiles(join(golden, "extract"), new Map(plan.changes.map((c) => [c.path, c.content])));
  });

  it("puts shared objects in base, cluster-only ones and SOPS files in the owning overlay", () => {
    const { changes, report } = extractFixture();
    const paths = changes.map((c) => c.path);
    const place = (id: string) => report.objects.find((o) => o.id === id);
    expect(place("traefik.io/v1alpha1|Middleware|traefik|dashboard-auth")).toMatchObject({
      placement: "cluster",
      clusters: ["lab"],
    });
    expect(place("helm.toolkit.fluxcd.io/v2|HelmRelease|flux-system|metallb")).toMatchObject({
      placement: "base+patch",
      patchedIn: ["lab", "phx"],
    });
    expect(place("metallb.io/v1beta1|L2Advertisement|metallb-system|default")).toMatchObject({
      placement: "base",
      patchedIn: [],
    });
    for (const c of ["lab", "phx"]) {
      const original = readFileSync(join(fixture, c, "infrastructure-config/cloudflare-secret.sops.yaml"), "utf8");
      expect(
        changes.find((x) => x.path === `clusters/${c}/infrastructure-config/cloudflare-secret.sops.yaml`)?.content,
      ).toBe(original);
    }
    expect(paths.some((p) => p.startsWith("base/") && p.includes("sops"))).toBe(false);
    // The middleware file is unique to lab: copied verbatim, comment included.
    expect(
      changes.find((x) => x.path === "clusters/lab/infrastructure-config/traefik-middleware.yaml")?.content,
    ).toContain("# Only the homelab");
    expect(report.linesAfter).toBeLessThan(report.linesBefore);
    expect(report.linesBefore).toBe(
      ["lab", "phx"]
        .flatMap((c) =>
          readdirSync(join(fixture, c), { recursive: true })
            .map(String)
            .filter((f) => f.endsWith(".yaml"))
            .map(
              (f) =>
                readFileSync(join(fixture, c, f), "utf8")
                  .trimEnd()
                  .split("\n").length,
            ),
        )
        .reduce((a, b) => a + b, 0),
    );
  });

  it("keeps tricky scalars verbatim in the base (no re-typing of 010, 1.10, yes, dates)", () => {
    const base = extractFixture().changes.find((c) => c.path === "base/infrastructure/traefik.yaml")!.content;
    expect(base).toContain('zone: "010"\n');
    expect(base).toContain("api: 1.10\n");
    expect(base).toContain("legacy: yes\n");
    expect(base).toContain("since: 2024-03-01\n");
  });

  it("uses JSON 6902 for an explicit null and a whole-list replacement on the built-in Deployment", () => {
    const { changes } = extractFixture();
    const ops = changes.find((c) => c.path === "clusters/phx/patches/helmrelease-traefik.ops.yaml")?.content;
    expect(ops).toBe("- op: add\n  path: /spec/values/priorityClassName\n  value: ~\n");
    const deploymentPatch = changes.find(
      (c) => c.path === "clusters/lab/patches/deployment-twingate-connector.yaml",
    )!.content;
    expect(deploymentPatch).toContain("containers:\n        - name: connector\n");
  });
});

describe.skipIf(!hasTool("kubectl"))("overlays extract: kubectl kustomize oracle", () => {
  it("each overlay builds byte-identical to its original cluster directory", () => {
    const root = writeTemp(extractFixture().changes);
    for (const c of ["lab", "phx"])
      expect(kustomize(join(root, "clusters", c))).toBe(kustomizeOriginal(join(fixture, c)));
  });

  it("three clusters: an object in two of three stays in those overlays, the base holds the rest", () => {
    const hr = (name: string, values: string) =>
      `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 30m\n  values:\n${values}`;
    const clusters: ClusterInput[] = [
      {
        name: "a",
        dir: "a",
        files: [
          { path: "x.yaml", text: hr("x", "    replicas: 1\n    list: [1, 2]\n") },
          { path: "y.yaml", text: hr("y", "    k: v\n") },
        ],
      },
      {
        name: "b",
        dir: "b",
        files: [
          { path: "x.yaml", text: hr("x", "    replicas: 2\n    list: [1, 2]\n") },
          { path: "y.yaml", text: hr("y", "    k: w\n") },
        ],
      },
      {
        name: "c",
        dir: "c",
        files: [
          { path: "x.yaml", text: hr("x", "    replicas: 1\n    list: [2, 1]\n    extra: {deep: {er: true}}\n") },
        ],
      },
    ];
    const result = planExtraction(clusters);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const files = new Map(result.value.changes.map((c) => [c.path, c.content]));
    expect(files.has("base/y.yaml")).toBe(false);
    expect(files.get("clusters/a/y.yaml")).toBe(clusters[0]!.files[1]!.text);
    expect(files.get("base/x.yaml")).not.toContain("replicas");
    const root = writeTemp(result.value.changes);
    for (const c of clusters) {
      const orig = writeTemp(c.files.map((f) => ({ path: f.path, content: f.text })));
      expect(kustomize(join(root, "clusters", c.name))).toBe(kustomizeOriginal(orig));
    }
  });

  it("property: random diverging HelmRelease values, ConfigMaps and Deployment containers rebuild exactly through kustomize", () => {
    const scalar = fc.constantFrom("1", "010", "yes", "a", "~", "1.10", "2001-12-14", '"q"', "true");
    const key = fc.constantFrom("a", "b", "c", "d/e");
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, scalar, tie("map"), tie("list")),
      map: fc.dictionary(key, tie("node"), { maxKeys: 3 }),
      list: fc.array(tie("node"), { maxLength: 3 }),
    })).map;
    const render = (v: unknown, indent: string): string =>
      typeof v === "string"
        ? ` ${v}\n`
        : Array.isArray(v)
          ? v.length === 0
            ? " []\n"
            : `\n${v.map((x) => `${indent}-${render(x, `${indent}  `).replace(/^\n\s*/, " ")}`).join("")}`
          : Object.keys(v as object).length === 0
            ? " {}\n"
            : "\n" +
              Object.entries(v as object)
                .map(([k, x]) => `${indent}"${k}":${render(x, `${indent}  `)}`)
                .join("");
    const doc = (values: unknown, data: Record<string, string>) =>
      `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app\n  namespace: flux-system\nspec:\n  values:${render(values, "    ")}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n${Object.entries(
        data,
      )
        .map(([k, v]) => `  ${k}: "${v}"\n`)
        .join("")}`;
    const data = fc.dictionary(fc.constantFrom("x", "y", "z"), fc.constantFrom("1", "two"), { minKeys: 1, maxKeys: 3 });
    const containers = fc.uniqueArray(
      fc.record({
        name: fc.constantFrom("a", "b", "c"),
        image: fc.constantFrom("x:1", "y:2"),
        args: fc.array(fc.constantFrom("--v", "yes", "010"), { maxLength: 2 }),
      }),
      { selector: (c) => c.name, minLength: 1, maxLength: 3 },
    );
    const deployment = (cs: { name: string; image: string; args: string[] }[]) =>
      `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n${cs.map((c) => `        - name: ${c.name}\n          image: ${c.image}\n          args: [${c.args.join(", ")}]\n`).join("")}`;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 }), data, containers), {
          minLength: 2,
          maxLength: 3,
        }),
        (pairs) => {
          const clusters = pairs.map(([v, d, cs], i) => ({
            name: `c${i}`,
            dir: `c${i}`,
            files: [{ path: "app.yaml", text: doc(v, d) + deployment(cs) }],
          }));
          const result = planExtraction(clusters);
          if (!result.ok) throw new Error(result.diagnostics.map(formatDiagnostic).join("\n"));
          const root = writeTemp(result.value.changes);
          for (const c of clusters) {
            const orig = writeTemp([{ path: "app.yaml", content: c.files[0]!.text }]);
            expect(kustomize(join(root, "clusters", c.name))).toBe(kustomizeOriginal(orig));
          }
        },
      ),
      { numRuns: Number(process.env.OVERLAY_PROPERTY_RUNS ?? 12), endOnFailure: true },
    );
  });
});

describe("overlays extract: _error_ cases", () => {
  const errorRoot = join(golden, "_error_/extract");
  for (const name of readdirSync(errorRoot)) {
    it(`${name} is reported with file:line:col`, () => {
      const input = join(errorRoot, name, "input");
      const clusters = readdirSync(input)
        .sort()
        .map((d) => join("fixtures/golden/overlay-gen/_error_/extract", name, "input", d));
      const result = extractOverlays({ dirs: clusters, cwd: repo });
      expect(result.ok).toBe(false);
      expect(result.diagnostics.length).toBeGreaterThan(0);
      for (const d of result.diagnostics) expect(d.file).toBeTruthy();
      expectGoldenFiles(
        join(errorRoot, name, "expected"),
        new Map([["diagnostics.txt", result.diagnostics.map(formatDiagnostic).join("\n")]]),
      );
    });
  }
});
