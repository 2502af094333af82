import {
  fenceMermaid,
  renderFlowchart,
  type FlowchartEdge,
  type FlowchartNode,
  type RenderedFlowchart,
} from "@infraflux/mermaid";
import type { FileDrift } from "@infraflux/file-output";
import type { CompileReport, EnvironmentReport } from "./run.ts";

export interface CheckMarkdownOptions {
  /**
   * Characters of unified diff included in all, before the remaining diffs are left out with a
   * note. Default 40,000: GitHub refuses comments over 65,536 characters.
   */
  readonly maxDiffChars?: number;
  /** Draw the layers → outputs graph of each drifted environment. Default true. */
  readonly diagrams?: boolean;
}

/** A compile report together with the drift `--check` found on disk (file-output's `applyOutput`). */
export type CheckReport = CompileReport & { readonly drift: readonly FileDrift[] };

type OutputStatus = "unchanged" | FileDrift["status"];

/**
 * A pull-request comment for `compile --check`: a table of environments, then for each drifted
 * environment a graph of its layers and outputs, the outputs' status, and the diff folded in a
 * `<details>` block. Pure; the report comes from `runCompile`, the drift from applying its changes in check mode.
 */
export function renderCheckMarkdown(report: CheckReport, options: CheckMarkdownOptions = {}): string {
  const drift = new Map(report.drift.map((d) => [d.path, d]));
  const statusOf = (path: string): OutputStatus => drift.get(path)?.status ?? "unchanged";
  const total = report.environments.reduce((n, e) => n + e.files.length, 0);
  const out: string[] = [];
  out.push(
    report.drift.length
      ? `## Generated config: ${report.drift.length} of ${count(total, "file")} out of date`
      : `## Generated config: up to date (${count(total, "file")})`,
    "",
  );
  out.push("| environment | outputs | changed | missing | status |", "|---|---:|---:|---:|---|");
  for (const e of report.environments) {
    const changed = e.files.filter((f) => statusOf(f) === "changed").length;
    const missing = e.files.filter((f) => statusOf(f) === "missing").length;
    out.push(
      `| ${e.env} | ${e.files.length} | ${changed} | ${missing} | ${changed + missing ? "❌ out of date" : "✅ up to date"} |`,
    );
  }
  const stale = report.drift.filter((d) => d.status === "stale");
  if (stale.length)
    out.push(
      "",
      `Stale outputs of environments that no longer exist (delete them): ${stale.map((d) => `\`${d.path}\``).join(", ")}`,
    );
  let budget = options.maxDiffChars ?? 40_000;
  for (const e of report.environments) {
    const drifted = e.files.flatMap((f) => drift.get(f) ?? []);
    if (drifted.length === 0) continue;
    out.push("", `### ${e.env}`, "");
    if (options.diagrams ?? true) out.push(fenceMermaid(planCheckDiagram(e, statusOf).text).trimEnd(), "");
    out.push("| output | status | lines |", "|---|---|---:|");
    for (const f of e.files) {
      const d = drift.get(f);
      out.push(`| \`${f}\` | ${statusOf(f)} | ${d ? lineCounts(d.diff) : ""} |`);
    }
    const shown: string[] = [];
    const left: string[] = [];
    for (const d of drifted) {
      if (d.diff.length <= budget) {
        shown.push(d.diff.endsWith("\n") ? d.diff : `${d.diff}\n`);
        budget -= d.diff.length;
      } else left.push(d.path);
    }
    out.push("", `<details><summary>Diff of ${count(drifted.length, "file")} in ${e.env}</summary>`, "");
    if (shown.length) {
      const diff = shown.join("");
      const fence = "`".repeat(Math.max(3, longestBacktickRun(diff) + 1));
      out.push(`${fence}diff`, diff.trimEnd(), fence);
    }
    if (left.length)
      out.push(
        "",
        `Left out to keep this comment short: ${left.map((p) => `\`${p}\``).join(", ")}. Run \`infraflux compile --check\` to see them.`,
      );
    out.push("", "</details>");
  }
  if (report.drift.length)
    out.push(
      "",
      "Run `infraflux compile` (without `--check`) and commit the result to bring the generated files up to date.",
    );
  return `${out.join("\n")}\n`;
}

/** An environment's layers (numbered in merge order) into the final config, out to each output; drifted outputs marked. */
export function planCheckDiagram(
  e: EnvironmentReport,
  statusOf: (path: string) => OutputStatus,
  maxNodes = 30,
): RenderedFlowchart {
  const nodes: FlowchartNode[] = [];
  const edges: FlowchartEdge[] = [];
  e.layers.forEach((l, i) => {
    nodes.push({ key: `layer:${i}`, label: `${i + 1}. ${l.layer}\n${l.file}`, subgraph: "layers", priority: 2 });
    edges.push({ from: `layer:${i}`, to: "final" });
  });
  nodes.push({ key: "final", label: `final config: ${e.env}`, shape: "stadium", priority: 3 });
  for (const f of e.files) {
    const status = statusOf(f);
    nodes.push({
      key: `out:${f}`,
      label: `${f}\n(${status})`,
      subgraph: "outputs",
      priority: status === "unchanged" ? 0 : 1,
      ...(status === "unchanged" ? {} : { className: status }),
    });
    edges.push({
      from: "final",
      to: `out:${f}`,
      ...(status === "unchanged" ? { line: "dotted" as const } : { className: "drift", line: "thick" as const }),
    });
  }
  return renderFlowchart({
    direction: "LR",
    subgraphs: [
      { key: "layers", label: "layers, in merge order" },
      { key: "outputs", label: "outputs" },
    ],
    nodes,
    edges,
    nodeClasses: {
      changed: "fill:#fff4e5,stroke:#e65100,color:#e65100",
      missing: "fill:#fdecea,stroke:#b71c1c,color:#b71c1c",
    },
    edgeClasses: { drift: "stroke:#e65100,stroke-width:2px" },
    maxNodes,
    foldedEdgeLabel: (n) => count(n, "output"),
  });
}

function lineCounts(diff: string): string {
  let added = 0;
  let removed = 0;
  let inHunk = false;
  for (const line of diff.split("\n")) {
    if (line.startsWith("@@")) inHunk = true;
    else if (!inHunk) continue;
    else if (line.startsWith("+")) added++;
    else if (line.startsWith("-")) removed++;
  }
  return `+${added} −${removed}`;
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
