import { extractMermaidBlocks, readDiagramCounts } from "@infraflux/mermaid";
import { describe, expect, it } from "vitest";
import { renderCheckMarkdown } from "./check-markdown.ts";
import { type FileDrift, unifiedDiff } from "@infraflux/file-output";
import type { CheckReport } from "./check-markdown.ts";
import type { EnvironmentReport } from "./run.ts";

const env = (name: string, files: string[]): EnvironmentReport => ({
  env: name,
  layers: [
    { layer: "defaults", file: "config/defaults/00-base.yaml" },
    { layer: "environment", file: `config/environments/${name}.yaml` },
  ],
  files,
  requiredVariables: [],
  secretReferences: [],
  finalConfig: "",
});

const changed = (path: string, before: string, after: string): FileDrift => ({
  path,
  status: "changed",
  diff: unifiedDiff(before, after, `a/${path}`, `b/${path}`),
});
const missing = (path: string, after: string): FileDrift => ({
  path,
  status: "missing",
  diff: unifiedDiff("", after, "/dev/null", `b/${path}`),
});

function report(drift: FileDrift[]): CheckReport {
  return {
    outDir: "/repo",
    mode: "check",
    environments: [
      env("dev", ["dev/a.tfvars", "dev/values.yaml"]),
      env("prod", ["prod/a.tfvars", "prod/values.yaml", "prod/cluster-info.yaml"]),
    ],
    changes: [],
    drift,
    diagnostics: [],
  };
}

describe("renderCheckMarkdown", () => {
  it("says all is up to date, with one row per environment and no sections", () => {
    const md = renderCheckMarkdown(report([]));
    expect(md.split("\n").slice(0, 6)).toEqual([
      "## Generated config: up to date (5 files)",
      "",
      "| environment | outputs | changed | missing | status |",
      "|---|---:|---:|---:|---|",
      "| dev | 2 | 0 | 0 | ✅ up to date |",
      "| prod | 3 | 0 | 0 | ✅ up to date |",
    ]);
    expect(md).not.toContain("###");
    expect(md).not.toContain("<details>");
  });

  it("gives a drifted environment its outputs' status, line counts, a graph and the diff folded in <details>", () => {
    const md = renderCheckMarkdown(
      report([
        changed("prod/a.tfvars", "a = 1\nb = 2\n", "a = 1\nb = 3\nc = 4\n"),
        missing("prod/values.yaml", "x: 1\n"),
      ]),
    );
    expect(md).toContain("## Generated config: 2 of 5 files out of date");
    expect(md).toContain("| prod | 3 | 1 | 1 | ❌ out of date |");
    expect(md).toContain("| dev | 2 | 0 | 0 | ✅ up to date |");
    expect(md).not.toContain("### dev");
    expect(md).toContain("| `prod/a.tfvars` | changed | +2 −1 |");
    expect(md).toContain("| `prod/values.yaml` | missing | +1 −0 |");
    expect(md).toContain("| `prod/cluster-info.yaml` | unchanged |  |");
    expect(md).toContain(
      "<details><summary>Diff of 2 files in prod</summary>\n\n```diff\n--- a/prod/a.tfvars\n+++ b/prod/a.tfvars\n",
    );
    expect(md).toContain("+++ b/prod/values.yaml\n@@ -0,0 +1,1 @@\n+x: 1\n```\n\n</details>");

    const [block, ...rest] = extractMermaidBlocks(md);
    expect(rest).toEqual([]);
    // 2 layers, the final config, 3 outputs; one edge per layer and one per output.
    expect(readDiagramCounts(block!.text)).toEqual({ nodes: 6, edges: 5, subgraphs: 2 });
    expect(block!.text).toContain('["prod/a.tfvars<br>(changed)"]');
    expect(block!.text).toMatch(/class n_out_prod_values_yaml missing/);
    expect(block!.text).toMatch(/linkStyle 2,3 /);
  });

  it("leaves out diffs past the size budget and names them", () => {
    const big = "x".repeat(300);
    const md = renderCheckMarkdown(
      report([changed("prod/a.tfvars", "a\n", `${big}\n`), changed("prod/values.yaml", "b\n", `${big}\n`)]),
      { maxDiffChars: 400, diagrams: false },
    );
    expect(md).toContain("+++ b/prod/a.tfvars");
    expect(md).not.toContain("+++ b/prod/values.yaml");
    expect(md).toContain("Left out to keep this comment short: `prod/values.yaml`.");
    expect(md).not.toContain("```mermaid");
  });

  it("fences a diff that itself contains a code fence with a longer fence", () => {
    const md = renderCheckMarkdown(report([changed("prod/values.yaml", "a\n", "```\nb\n")]), { diagrams: false });
    expect(md).toContain("````diff\n");
    expect(md).toContain("\n````\n");
  });
});
