import { collapseNodes, isMoreNodeKey } from "./collapse.ts";
import { isMermaidClassName, planIdentifiers, quoteMermaidLabel } from "./escape.ts";
import type {
  EdgeLine,
  Flowchart,
  FlowchartNode,
  FlowchartSubgraph,
  NodeShape,
  RenderedFlowchart,
} from "./flowchart-types.ts";

/** The style of "+N more" nodes; override it by defining a node class of this name. */
export const MORE_NODE_CLASS = "more";
const MORE_NODE_CSS = "fill:#f6f6f6,stroke:#999,stroke-dasharray:4 3,color:#555";

const SHAPES: Readonly<Record<NodeShape, readonly [string, string]>> = {
  box: ["[", "]"],
  round: ["(", ")"],
  stadium: ["([", "])"],
  subroutine: ["[[", "]]"],
  cylinder: ["[(", ")]"],
  hexagon: ["{{", "}}"],
  flag: [">", "]"],
};

const TOP = "\u0000top";
const ARROWS: Readonly<Record<EdgeLine, string>> = { solid: "-->", dotted: "-.->", thick: "==>" };

/** The first line of every chart after `flowchart`: a comment with the counts, read back by tests. */
export const COUNTS_COMMENT = "%% infraflux-diagram";

/**
 * Renders a flowchart as Mermaid source. Pure and deterministic: the same input gives the same
 * text. Subgraphs that hold no node (directly or below) are left out, since Mermaid draws them
 * as stray boxes. Throws on programming errors: duplicate keys, edges or nodes naming a key
 * that does not exist, class names that are not identifiers.
 */
export function renderFlowchart(chart: Flowchart): RenderedFlowchart {
  checkChart(chart);
  const nodeClasses: Readonly<Record<string, string>> = { [MORE_NODE_CLASS]: MORE_NODE_CSS, ...chart.nodeClasses };
  const collapsed = collapseNodes(
    chart.nodes,
    chart.edges ?? [],
    chart.maxNodes,
    MORE_NODE_CLASS,
    chart.foldedEdgeLabel,
  );
  const subgraphs = (chart.subgraphs ?? []).filter((s) => holdsNodes(s.key, chart.subgraphs ?? [], collapsed.nodes));
  const nodeIds = planIdentifiers(
    "n",
    collapsed.nodes.filter((n) => !isMoreNodeKey(n.key)).map((n) => n.key),
  );
  const moreIds = planIdentifiers(
    "more",
    collapsed.nodes.filter((n) => isMoreNodeKey(n.key)).map((n) => n.subgraph ?? TOP),
  );
  for (const node of collapsed.nodes)
    if (isMoreNodeKey(node.key)) nodeIds.set(node.key, moreIds.get(node.subgraph ?? TOP)!);
  const subgraphIds = planIdentifiers(
    "s",
    subgraphs.map((s) => s.key),
  );

  const lines: string[] = [];
  const nodeLine = (node: FlowchartNode, indent: string) => {
    const [open, close] = SHAPES[node.shape ?? "box"];
    return `${indent}${nodeIds.get(node.key)}${open}${quoteMermaidLabel(node.label)}${close}`;
  };
  const writeContainer = (parent: string | undefined, indent: string) => {
    for (const node of collapsed.nodes) if (node.subgraph === parent) lines.push(nodeLine(node, indent));
    for (const sub of subgraphs) {
      if (sub.parent !== parent) continue;
      lines.push(`${indent}subgraph ${subgraphIds.get(sub.key)}[${quoteMermaidLabel(sub.label)}]`);
      if (sub.direction) lines.push(`${indent}  direction ${sub.direction}`);
      writeContainer(sub.key, `${indent}  `);
      lines.push(`${indent}end`);
    }
  };
  writeContainer(undefined, "  ");

  collapsed.edges.forEach((edge) => {
    const arrow = ARROWS[edge.line ?? "solid"];
    const label = edge.label === undefined ? "" : `|${quoteMermaidLabel(edge.label)}|`;
    lines.push(`  ${nodeIds.get(edge.from)} ${arrow}${label} ${nodeIds.get(edge.to)}`);
  });

  const usedNodeClasses = [...new Set(collapsed.nodes.flatMap((n) => (n.className ? [n.className] : [])))].sort();
  for (const name of usedNodeClasses) {
    lines.push(`  classDef ${name} ${nodeClasses[name]}`);
    lines.push(
      `  class ${collapsed.nodes
        .filter((n) => n.className === name)
        .map((n) => nodeIds.get(n.key))
        .join(",")} ${name}`,
    );
  }
  const usedEdgeClasses = [...new Set(collapsed.edges.flatMap((e) => (e.className ? [e.className] : [])))].sort();
  for (const name of usedEdgeClasses) {
    const indexes = collapsed.edges.flatMap((e, i) => (e.className === name ? [i] : []));
    lines.push(`  linkStyle ${indexes.join(",")} ${chart.edgeClasses?.[name]}`);
  }

  const counts = {
    nodeCount: collapsed.nodes.length,
    edgeCount: collapsed.edges.length,
    subgraphCount: subgraphs.length,
  };
  const header = [
    `flowchart ${chart.direction ?? "LR"}`,
    `  ${COUNTS_COMMENT} nodes=${counts.nodeCount} edges=${counts.edgeCount} subgraphs=${counts.subgraphCount}`,
  ];
  return { text: `${[...header, ...lines].join("\n")}\n`, ...counts, hiddenNodes: collapsed.hidden };
}

/** The chart in a Markdown fenced block, as GitHub and GitLab render it. */
export function fenceMermaid(text: string): string {
  return `\`\`\`mermaid\n${text.endsWith("\n") ? text : `${text}\n`}\`\`\`\n`;
}

function holdsNodes(key: string, subgraphs: readonly FlowchartSubgraph[], nodes: readonly FlowchartNode[]): boolean {
  if (nodes.some((n) => n.subgraph === key)) return true;
  return subgraphs.some((s) => s.parent === key && holdsNodes(s.key, subgraphs, nodes));
}

function checkChart(chart: Flowchart): void {
  const problems: string[] = [];
  const duplicates = (keys: readonly string[]) => keys.filter((k, i) => keys.indexOf(k) !== i);
  const subgraphKeys = new Set((chart.subgraphs ?? []).map((s) => s.key));
  const nodeKeys = new Set(chart.nodes.map((n) => n.key));
  for (const k of duplicates(chart.nodes.map((n) => n.key))) problems.push(`duplicate node key ${JSON.stringify(k)}`);
  for (const k of duplicates((chart.subgraphs ?? []).map((s) => s.key)))
    problems.push(`duplicate subgraph key ${JSON.stringify(k)}`);
  for (const n of chart.nodes) {
    if (n.subgraph !== undefined && !subgraphKeys.has(n.subgraph))
      problems.push(`node ${JSON.stringify(n.key)} names unknown subgraph ${JSON.stringify(n.subgraph)}`);
    if (n.className !== undefined && !(n.className in (chart.nodeClasses ?? {})) && n.className !== MORE_NODE_CLASS)
      problems.push(`node ${JSON.stringify(n.key)} names undefined node class ${JSON.stringify(n.className)}`);
  }
  for (const s of chart.subgraphs ?? []) {
    if (s.parent !== undefined && !subgraphKeys.has(s.parent))
      problems.push(`subgraph ${JSON.stringify(s.key)} names unknown parent ${JSON.stringify(s.parent)}`);
    for (let p = s.parent, depth = 0; p !== undefined; p = chart.subgraphs?.find((x) => x.key === p)?.parent, depth++) {
      if (p === s.key || depth > subgraphKeys.size) {
        problems.push(`subgraph ${JSON.stringify(s.key)} is its own ancestor`);
        break;
      }
    }
  }
  for (const e of chart.edges ?? []) {
    for (const end of [e.from, e.to])
      if (!nodeKeys.has(end))
        problems.push(
          `edge ${JSON.stringify(e.from)} → ${JSON.stringify(e.to)} names unknown node ${JSON.stringify(end)}`,
        );
    if (e.className !== undefined && !(e.className in (chart.edgeClasses ?? {})))
      problems.push(
        `edge ${JSON.stringify(e.from)} → ${JSON.stringify(e.to)} names undefined edge class ${JSON.stringify(e.className)}`,
      );
  }
  for (const name of [...Object.keys(chart.nodeClasses ?? {}), ...Object.keys(chart.edgeClasses ?? {})])
    if (!isMermaidClassName(name)) problems.push(`class name ${JSON.stringify(name)} is not an identifier`);
  if (chart.maxNodes !== undefined && !(Number.isInteger(chart.maxNodes) && chart.maxNodes >= 0))
    problems.push(`maxNodes must be a non-negative integer, got ${chart.maxNodes}`);
  if (problems.length)
    throw new Error(`invalid flowchart (a bug in the caller; please report it):\n- ${problems.join("\n- ")}`);
}
