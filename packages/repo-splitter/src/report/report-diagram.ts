import {
  fenceMermaid,
  renderFlowchart,
  type FlowchartEdge,
  type FlowchartNode,
  type FlowchartSubgraph,
  type RenderedFlowchart,
} from "@infraflux/mermaid";
import type { RuleReport, SplitReport } from "./report-types.ts";

export interface SplitDiagramOptions {
  /**
   * Most matrix-row nodes drawn (sources and destinations); the rows that moved the fewest
   * commits are folded into "+N more" nodes. Default 40, which GitHub draws legibly. The
   * dropped node, the rows that drop paths and the `unmapped:` flow are always drawn, on top of this limit.
   */
  readonly maxNodes?: number;
  /** Dropped paths named in the "dropped" node before "… and N more". Default 5. */
  readonly droppedExamples?: number;
}

const DROPPED = "dropped";
const UNMAPPED = "src:(unmapped)";
const SOURCE = "source";
const PINNED = Number.MAX_SAFE_INTEGER;

/**
 * The split as a Mermaid flowchart, fenced for Markdown: one node per matrix row's source
 * (left), one per destination inside a subgraph per target repository (right), edges labelled
 * with the row's action and its file and commit counts, and one node for dropped paths.
 */
export function renderSplitDiagram(report: SplitReport, options: SplitDiagramOptions = {}): string {
  return fenceMermaid(planSplitDiagram(report, options).text);
}

/** `renderSplitDiagram` before fencing, with the counts of what is drawn. */
export function planSplitDiagram(report: SplitReport, options: SplitDiagramOptions = {}): RenderedFlowchart {
  const targets = report.targets.map((t) => t.name);
  const rank = rowPriorities(report.rules);
  const subgraphs: FlowchartSubgraph[] = [
    {
      key: SOURCE,
      label: `source: ${report.sourceUrl ? shortUrl(report.sourceUrl) : "source"} · ${report.sourceCommits} commits`,
    },
    ...report.targets.map((t) => ({ key: `target:${t.name}`, label: `${t.name} · ${t.commitsKept} commits kept` })),
  ];
  const nodes = new Map<string, FlowchartNode>();
  const edges: FlowchartEdge[] = [];
  const upsert = (node: FlowchartNode) => {
    const seen = nodes.get(node.key);
    if (!seen || (seen.priority ?? 0) < (node.priority ?? 0)) nodes.set(node.key, { ...seen, ...node });
  };

  for (const rule of layoutOrder(report.rules, targets)) {
    // Dropping rows stay visible whatever the limit: the dropped node is the one to check.
    const priority = rule.to.includes("(dropped)") ? PINNED : (rank.get(rule.line) ?? 0);
    const source = `src:${rule.from}`;
    upsert({ key: source, label: rule.from, subgraph: SOURCE, priority });
    for (const destination of rule.to.map((to) => parseDestination(to, targets))) {
      if (destination.kind === "dropped") {
        edges.push({ from: source, to: DROPPED, label: edgeLabel(rule), line: "dotted" });
        continue;
      }
      const key = `dst:${destination.target}:${destination.path}`;
      upsert({ key, label: destination.path, subgraph: `target:${destination.target}`, priority });
      edges.push({ from: source, to: key, label: edgeLabel(rule, destination.when) });
    }
  }

  if (report.unmapped) {
    // `unmapped: <target>` keeps each path as it is, at the target's root.
    const { target, paths, commits } = report.unmapped;
    const key = `dst:${target}:`;
    upsert({ key: UNMAPPED, label: "paths no rule matches", subgraph: SOURCE, priority: PINNED });
    upsert({ key, label: "(same paths)", subgraph: `target:${target}`, priority: PINNED });
    const label = `unmapped: ${target} · ${count(paths, "file")} · ${count(commits, "commit")}`;
    edges.push({ from: UNMAPPED, to: key, label });
  }
  const droppedByRules = report.rules.filter((r) => r.to.includes("(dropped)")).reduce((n, r) => n + r.paths, 0);
  if (report.droppedPaths.length > droppedByRules) {
    upsert({ key: UNMAPPED, label: "paths no rule matches", subgraph: SOURCE, priority: PINNED });
    edges.push({
      from: UNMAPPED,
      to: DROPPED,
      label: `unmapped: drop · ${count(report.droppedPaths.length - droppedByRules, "file")}`,
      line: "dotted",
    });
  }
  if (report.droppedPaths.length > 0 || edges.some((e) => e.to === DROPPED)) {
    upsert({
      key: DROPPED,
      label: droppedLabel(report, options.droppedExamples ?? 5),
      shape: "cylinder",
      className: "dropped",
      priority: PINNED,
    });
  }

  // The dropped node and the rows that feed it are drawn on top of the limit.
  const pinned = [...nodes.values()].filter((n) => n.priority === PINNED).length;
  return renderFlowchart({
    direction: "LR",
    subgraphs,
    nodes: [...nodes.values()],
    edges,
    nodeClasses: { dropped: "fill:#fdecea,stroke:#b71c1c,color:#b71c1c" },
    maxNodes: (options.maxNodes ?? 40) + pinned,
    foldedEdgeLabel: (n) => `${n} more rows`,
  });
}

type Destination = { kind: "dropped" } | { kind: "path"; target: string; path: string; when: string | undefined };

/** Reads RuleReport.to entries: `target:path`, `target:path when {json}`, `(dropped)`. */
function parseDestination(to: string, targets: readonly string[]): Destination {
  if (to === "(dropped)") return { kind: "dropped" };
  const target = targets.find((t) => to.startsWith(`${t}:`)) ?? to.slice(0, Math.max(0, to.indexOf(":")));
  const rest = to.slice(target.length + 1);
  const at = rest.indexOf(" when ");
  if (at < 0) return { kind: "path", target, path: rest, when: undefined };
  return { kind: "path", target, path: rest.slice(0, at), when: describeCondition(rest.slice(at + 6)) };
}

function describeCondition(json: string): string {
  try {
    const condition = JSON.parse(json) as Record<string, unknown>;
    return Object.entries(condition)
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`)
      .join("; ");
  } catch {
    return json;
  }
}

/**
 * Rows grouped by the targets they feed (first target's rows, rows feeding several, the next
 * target's…, dropping rows last), matrix order within a group: the layout engine starts from
 * this order, and grouping keeps edges from crossing between the target subgraphs.
 */
function layoutOrder(rules: readonly RuleReport[], targets: readonly string[]): RuleReport[] {
  const group = (rule: RuleReport) => {
    const used = [...new Set(rule.to.map((to) => targets.findIndex((t) => to.startsWith(`${t}:`))))];
    if (used.includes(-1)) return targets.length * 2;
    return used.length === 1 ? used[0]! * 2 : Math.min(...used) * 2 + 1;
  };
  return rules
    .map((rule, index) => ({ rule, index, group: group(rule) }))
    .sort((a, b) => a.group - b.group || a.index - b.index)
    .map((r) => r.rule);
}

/** Rows that moved more commits (then more paths, then earlier in the matrix) come first. */
function rowPriorities(rules: readonly RuleReport[]): Map<number, number> {
  const ordered = [...rules].sort((a, b) => b.commits - a.commits || b.paths - a.paths || a.line - b.line);
  return new Map(ordered.map((r, i) => [r.line, ordered.length - i]));
}

function edgeLabel(rule: RuleReport, when?: string): string {
  return [
    rule.action,
    count(rule.paths, "file"),
    count(rule.commits, "commit"),
    ...(when ? [`when ${when}`] : []),
  ].join(" · ");
}

function droppedLabel(report: SplitReport, examples: number): string {
  const paths = report.droppedPaths.map((d) => d.path);
  const shown = paths.slice(0, examples);
  const more = paths.length - shown.length;
  return [`dropped: ${count(paths.length, "path")}`, ...shown, ...(more > 0 ? [`… and ${more} more`] : [])].join("\n");
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
/** `https://github.com/org/repo.git` → `org/repo` (subgraph titles wider than their box are clipped). */
const shortUrl = (url: string) =>
  url
    .replace(/\.git$/, "")
    .split(/[/:]/)
    .filter(Boolean)
    .slice(-2)
    .join("/");
