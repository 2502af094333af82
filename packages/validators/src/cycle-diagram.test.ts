import { readDiagramCounts } from "@infraflux/mermaid";
import { describe, expect, it } from "vitest";
import { buildRepos } from "./_rule-test.ts";
import { defaultRulesConfig } from "./config.ts";
import { planCycleDiagram, type DependsOnCycleGraph } from "./cycle-diagram.ts";
import { renderFindingDiagram, renderJsonReport } from "./render.ts";
import { fluxKs } from "./rules/_flux-fixtures.ts";
import { fluxDependsOnCycle } from "./rules/flux-depends-on-cycle.ts";
import { validateRepositories } from "./validate.ts";

/** Edges of a chart as `from ==> to` / `from --> to`, with node ids turned back into names. */
const edgesOf = (text: string) =>
  [...text.matchAll(/^\s*n_(\w+) (-->|==>) n_(\w+)$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`).sort();
const classMembers = (text: string, name: string) =>
  new RegExp(`^\\s*class (\\S+) ${name}$`, "m").exec(text)?.[1]?.split(",").sort() ?? [];
/** Indexes given to `linkStyle` lines, and the edge lines in drawing order. */
const styledLinks = (text: string) =>
  [...text.matchAll(/^\s*linkStyle ([\d,]+) /gm)].flatMap((m) => m[1]!.split(",").map(Number));
const edgeLines = (text: string) =>
  text
    .split("\n")
    .filter((l) => / (-->|==>) /.test(l))
    .map((l) => l.trim());

const node = (name: string, line: number, wait = false) => ({
  key: `Kustomization/flux-system/${name}`,
  kind: "Kustomization",
  name,
  file: "repo/flux.yaml",
  line,
  wait,
});
const k = (name: string) => `Kustomization/flux-system/${name}`;

describe("planCycleDiagram", () => {
  const cases: { name: string; graph: DependsOnCycleGraph; edges: string[]; inCycle: string[] }[] = [
    {
      name: "a three-node cycle: edges from prerequisite to dependent, all thick",
      graph: {
        nodes: [node("a", 4), node("b", 20), node("c", 36)],
        edges: [
          { dependent: k("a"), prerequisite: k("c") },
          { dependent: k("b"), prerequisite: k("a") },
          { dependent: k("c"), prerequisite: k("b") },
        ],
        cycle: [k("a"), k("c"), k("b")],
      },
      edges: ["a ==> b", "b ==> c", "c ==> a"],
      inCycle: ["a", "b", "c"],
    },
    {
      name: "a cycle with a blocked dependent and an outside prerequisite, drawn plain",
      graph: {
        nodes: [node("a", 4), node("b", 20), node("apps", 36), node("crds", 52)],
        edges: [
          { dependent: k("a"), prerequisite: k("b") },
          { dependent: k("b"), prerequisite: k("a") },
          { dependent: k("apps"), prerequisite: k("a") },
          { dependent: k("a"), prerequisite: k("crds") },
        ],
        cycle: [k("a"), k("b")],
      },
      edges: ["a --> apps", "a ==> b", "b ==> a", "crds --> a"],
      inCycle: ["a", "b"],
    },
    {
      name: "a self dependency",
      graph: { nodes: [node("a", 4)], edges: [{ dependent: k("a"), prerequisite: k("a") }], cycle: [k("a")] },
      edges: ["a ==> a"],
      inCycle: ["a"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const chart = planCycleDiagram(c.graph);
      expect(edgesOf(chart.text)).toEqual([...c.edges].sort());
      expect(readDiagramCounts(chart.text)).toEqual({
        nodes: c.graph.nodes.length,
        edges: c.graph.edges.length,
        subgraphs: 0,
      });
      expect(classMembers(chart.text, "inCycle")).toEqual(c.inCycle.map((n) => `n_${n}`).sort());
      // linkStyle indexes count edges in drawing order: exactly the thick ones carry the cycle class.
      const lines = edgeLines(chart.text);
      expect(styledLinks(chart.text).map((i) => lines[i])).toEqual(lines.filter((l) => l.includes("==>")));
    });
  }

  it("labels nodes with kind (unless Kustomization), name, file:line and wait", () => {
    const chart = planCycleDiagram({
      nodes: [
        node("a", 4, true),
        { key: "HelmRelease/x/db", kind: "HelmRelease", name: "db", file: "repo/db.yaml", line: 3, wait: false },
      ],
      edges: [
        { dependent: k("a"), prerequisite: "HelmRelease/x/db" },
        { dependent: "HelmRelease/x/db", prerequisite: k("a") },
      ],
      cycle: [k("a"), "HelmRelease/x/db"],
    });
    expect(chart.text).toContain('["a<br>repo/flux.yaml:4<br>wait: true"]');
    expect(chart.text).toContain('["HelmRelease db<br>repo/db.yaml:3"]');
  });

  it("keeps objects that share a name apart (a Kustomization and a HelmRelease both named db)", () => {
    const chart = planCycleDiagram({
      nodes: [
        node("db", 4),
        { key: "HelmRelease/x/db", kind: "HelmRelease", name: "db", file: "repo/db.yaml", line: 3, wait: false },
      ],
      edges: [
        { dependent: k("db"), prerequisite: k("db") },
        { dependent: "HelmRelease/x/db", prerequisite: k("db") },
      ],
      cycle: [k("db")],
    });
    expect(readDiagramCounts(chart.text)).toEqual({ nodes: 2, edges: 2, subgraphs: 0 });
    expect(edgesOf(chart.text)).toEqual([
      "Kustomization_flux_system_db --> HelmRelease_x_db",
      "Kustomization_flux_system_db ==> Kustomization_flux_system_db",
    ]);
  });
});

describe("flux-depends-on-cycle draws each cycle it reports", () => {
  it("keys one diagram per cycle finding, with the cycle's neighbours and their edges, in human and JSON output", async () => {
    const repos = await buildRepos({
      name: "two cycles",
      files: {
        "flux.yaml": [
          fluxKs("crds"),
          fluxKs("a", { dependsOn: ["b", "crds"], wait: true }),
          fluxKs("b", { dependsOn: ["a"] }),
          fluxKs("apps", { dependsOn: ["b"] }),
          fluxKs("x", { dependsOn: ["y"] }),
          fluxKs("y", { dependsOn: ["x"] }),
        ].join("---\n"),
      },
    });
    const report = validateRepositories(repos, defaultRulesConfig, [], [fluxDependsOnCycle]);
    expect(report.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining("a -> b -> a"),
      expect.stringContaining("x -> y -> x"),
    ]);
    const [ab, xy] = report.diagnostics.map((d) => report.diagrams.get(d)!);
    expect(edgesOf(ab!)).toEqual(["a ==> b", "b --> apps", "b ==> a", "crds --> a"]);
    expect(ab).toContain('["a<br>repo/flux.yaml:17<br>wait: true"]');
    expect(classMembers(ab!, "inCycle")).toEqual(["n_a", "n_b"]);
    expect(edgesOf(xy!)).toEqual(["x ==> y", "y ==> x"]);

    const human = renderFindingDiagram(report, report.diagnostics[0]!)!;
    expect(human).toMatch(/^ {2}\S.*\n```mermaid\nflowchart LR\n/);
    expect(human.endsWith(`${ab}\`\`\`\n`)).toBe(true);
    const json = renderJsonReport(report) as { diagnostics: { diagram?: string }[] };
    expect(json.diagnostics.map((d) => d.diagram)).toEqual([ab, xy]);
  });

  it("keeps the diagram with its finding when the rule is re-graded", async () => {
    const repos = await buildRepos({
      name: "cycle",
      files: { "a.yaml": [fluxKs("a", { dependsOn: ["b"] }), fluxKs("b", { dependsOn: ["a"] })].join("---\n") },
    });
    const report = validateRepositories(
      repos,
      { ...defaultRulesConfig, severities: { "flux-depends-on-cycle": "warning" } },
      [],
      [fluxDependsOnCycle],
    );
    expect(report.diagnostics.map((d) => d.severity)).toEqual(["warning"]);
    expect(report.diagrams.get(report.diagnostics[0]!)).toMatch(/^flowchart LR\n/);
  });
});
