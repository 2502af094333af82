/**
 * Renders every Mermaid diagram the project produces with the real Mermaid in headless Chromium:
 * the ```mermaid blocks of every file under fixtures/golden/, the split diagram of the mixed
 * fixture repository, the `compile --check --format markdown` graphs of the config fixture, and
 * the builder's own edge cases. Each must render, with as many nodes, edges and subgraphs in the
 * SVG as the builder wrote in its counts comment. PNGs land in test-output/diagrams/ for review.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { COMPILE_MANIFEST, renderCheckMarkdown, runCompile } from "@infraflux/config-compiler";
import { applyOutput } from "@infraflux/file-output";
import { parseMatrix, planSplitDiagram, runSplit, type SplitReport } from "@infraflux/repo-splitter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { materializeFixtureRepo } from "../../../fixtures/materialize.ts";
import { hasTool } from "../../../fixtures/oracles.ts";
import { extractMermaidBlocks, readDiagramCounts, renderFlowchart, type Flowchart } from "../src/index.ts";
import { openMermaidPage, type MermaidPage, type RenderedSvg } from "./_browser.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const OUTPUT = join(ROOT, "test-output/diagrams");
const tempDir = (label: string) => mkdtempSync(join(tmpdir(), `infraflux-${label}-`));

/** The split report of the mixed fixture repository (a dry run: the history is read, nothing is written). */
async function mixedRepoReport(): Promise<SplitReport> {
  const matrixText = readFileSync(join(ROOT, "fixtures/mixed-repo/matrix.yaml"), "utf8");
  const parsed = parseMatrix("fixtures/mixed-repo/matrix.yaml", matrixText);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
  const source = materializeFixtureRepo("mixed-repo", join(tempDir("diagram-src"), "repo"));
  return (
    await runSplit({
      source,
      matrix: parsed.matrix,
      matrixText,
      out: join(tempDir("diagram-out"), "out"),
      dryRun: true,
    })
  ).report;
}

/** Every ```mermaid block in the golden fixtures, named by file and line. */
function goldenDiagrams(): { name: string; text: string }[] {
  const found: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.size < 2_000_000) {
        const text = readFileSync(path, "utf8");
        if (!text.includes("mermaid")) continue;
        for (const block of extractMermaidBlocks(text))
          found.push({ name: `${relative(join(ROOT, "fixtures/golden"), path)}:${block.line}`, text: block.text });
      }
    }
  };
  walk(join(ROOT, "fixtures/golden"));
  return found;
}

const fileName = (name: string) => `${name.replace(/[^A-Za-z0-9.-]+/g, "_")}.png`;

function expectCounts(svg: RenderedSvg, text: string): void {
  expect(svg.error).toBeUndefined();
  expect(svg.ok).toBe(true);
  const counts = readDiagramCounts(text);
  expect(counts, "diagram was not written by @infraflux/mermaid, so its expected counts are unknown").toBeDefined();
  expect({ nodes: svg.nodes, edges: svg.edges, subgraphs: svg.subgraphs }).toEqual(counts);
}

describe.skipIf(!hasTool("chromium"))("Mermaid diagrams render in headless Chromium", () => {
  let page: MermaidPage;
  let split: SplitReport;

  beforeAll(async () => {
    page = await openMermaidPage();
    split = await mixedRepoReport();
  });
  afterAll(async () => {
    await page?.close();
  });

  async function renderAndSave(name: string, text: string): Promise<RenderedSvg> {
    const svg = await page.render(text);
    if (svg.ok) await page.screenshot(join(OUTPUT, fileName(name)));
    return svg;
  }

  for (const { name, text } of goldenDiagrams()) {
    it(`golden ${name}`, async () => {
      expectCounts(await renderAndSave(`golden-${name}`, text), text);
    });
  }

  it("the split diagram of the mixed fixture repository, collapsed to 40 matrix rows", async () => {
    const d = planSplitDiagram(split);
    expect(d.hiddenNodes).toBeGreaterThan(0);
    const svg = await renderAndSave("split-diagram", d.text);
    expectCounts(svg, d.text);
    expect(svg.subgraphTexts).toEqual(
      expect.arrayContaining([
        "source: org/infraflux · 167 commits",
        expect.stringMatching(/^platform-gitops · \d+ commits kept$/),
      ]),
    );
    expect(svg.nodeTexts).toContain("gitops/argocd/");
    expect(svg.nodeTexts).toContain("dropped: 1 path.drone.yml");
    expect(svg.nodeTexts.filter((t) => /^\+\d+ more$/.test(t)).length).toBeGreaterThanOrEqual(2);
    expect(svg.edgeLabelTexts).toContain("move · 19 files · 26 commits");
  });

  it("the split diagram of the mixed fixture repository with every matrix row", async () => {
    const d = planSplitDiagram(split, { maxNodes: 1000 });
    expect(d.hiddenNodes).toBe(0);
    const svg = await renderAndSave("split-diagram-full", d.text);
    expectCounts(svg, d.text);
    // Every row's source is drawn, and every row with a destination has a labelled edge.
    for (const rule of split.rules) expect(svg.nodeTexts).toContain(rule.from);
    expect(svg.edgeLabels).toBe(d.edgeCount);
  });

  it("the compile --check --format markdown graphs of the config fixture", async () => {
    const outDir = tempDir("empty-out");
    const report = runCompile({
      configDir: join(ROOT, "fixtures/config-repo/config"),
      all: true,
      mode: "check",
      outDir,
    });
    expect(report.diagnostics).toEqual([]);
    const { drift } = applyOutput(report.changes, { outDir, mode: "check", manifest: COMPILE_MANIFEST });
    const blocks = extractMermaidBlocks(renderCheckMarkdown({ ...report, drift }));
    expect(blocks.map((b) => b.line).length).toBe(report.environments.length);
    for (const [i, block] of blocks.entries()) {
      const svg = await renderAndSave(`compile-check-${report.environments[i]!.env}`, block.text);
      expectCounts(svg, block.text);
      expect(svg.nodeTexts.filter((t) => t.endsWith("(missing)")).length).toBe(report.environments[i]!.files.length);
    }
  });

  it("labels come out exactly as given, whatever their characters", async () => {
    const labels = [
      'say "hi"',
      "#1 & <b>bold</b>",
      "a|b;c",
      "`code` [x] (y) {z}",
      "Zürich ✓ 日本",
      "end",
      "graph",
      "%% not a comment",
      "x --> y",
      "a\nb",
      "#35; and #quot; stay literal",
      "C#; F#",
    ];
    const chart: Flowchart = {
      subgraphs: [{ key: "g", label: 'group "#1" <i>' }],
      nodes: labels.map((label, i) => ({ key: label, label, ...(i % 2 ? { subgraph: "g" } : {}) })),
      edges: labels.slice(1).map((label, i) => ({ from: labels[i]!, to: label, label: `edge ${label}` })),
    };
    const d = renderFlowchart(chart);
    const svg = await renderAndSave("labels", d.text);
    expectCounts(svg, d.text);
    const flat = (s: string) => s.replace(/\n/g, "");
    expect([...svg.nodeTexts].sort()).toEqual(labels.map(flat).sort());
    expect(svg.subgraphTexts).toEqual(['group "#1" <i>']);
    expect([...svg.edgeLabelTexts].sort()).toEqual(
      labels
        .slice(1)
        .map((l) => flat(`edge ${l}`))
        .sort(),
    );
  });

  it("a dependency cycle with its edges marked, as validate draws it", async () => {
    const d = renderFlowchart({
      direction: "LR",
      subgraphs: [
        { key: "phase:1", label: "phase 1" },
        { key: "phase:2", label: "phase 2" },
      ],
      nodes: [
        { key: "a", label: "infrastructure", subgraph: "phase:1", className: "inCycle" },
        { key: "b", label: "cert-manager", subgraph: "phase:2", className: "inCycle" },
        { key: "c", label: "ingress", subgraph: "phase:2", className: "inCycle" },
        { key: "d", label: "apps", subgraph: "phase:2" },
      ],
      edges: [
        { from: "a", to: "b", className: "cycle" },
        { from: "b", to: "c", className: "cycle" },
        { from: "c", to: "a", className: "cycle" },
        { from: "d", to: "c", line: "dotted" },
      ],
      nodeClasses: { inCycle: "fill:#fdecea,stroke:#b71c1c" },
      edgeClasses: { cycle: "stroke:#d00000,stroke-width:3px" },
    });
    const svg = await renderAndSave("cycle", d.text);
    expectCounts(svg, d.text);
    expect(svg.edgeStrokes.filter((s) => s === "rgb(208, 0, 0)").length).toBe(3);
  });

  it("reports Mermaid's error for a broken chart instead of passing", async () => {
    const svg = await page.render("flowchart LR\n  a --> \n");
    expect(svg.ok).toBe(false);
    expect(svg.error).toMatch(/Parse error/);
  });
});
