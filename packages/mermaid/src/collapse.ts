import type { FlowchartEdge, FlowchartNode } from "./flowchart-types.ts";

/** The key of the "+N more" node of a subgraph (or of the top level, for `undefined`). */
export const moreNodeKey = (subgraph: string | undefined): string => `\u0000more\u0000${subgraph ?? ""}`;
export const isMoreNodeKey = (key: string): boolean => key.startsWith("\u0000more\u0000");

export interface CollapsedGraph {
  readonly nodes: readonly FlowchartNode[];
  readonly edges: readonly FlowchartEdge[];
  /** How many of the caller's nodes were folded into "+N more" nodes. */
  readonly hidden: number;
}

/**
 * Keeps the `maxNodes` nodes of highest priority (ties: declaration order) and folds the rest
 * of each subgraph into one "+N more" node, drawn after the subgraph's kept nodes. Edges that
 * touch a hidden node are redirected to its "+N more" node; redirected edges that end up
 * joining the same two nodes are drawn once (with their own label if there was just one, else
 * `foldedEdgeLabel(count)`, and the first one's line and class); edges inside one "+N more"
 * node disappear.
 */
export function collapseNodes(
  nodes: readonly FlowchartNode[],
  edges: readonly FlowchartEdge[],
  maxNodes: number | undefined,
  moreClass: string | undefined,
  foldedEdgeLabel = (count: number) => `${count} edges`,
): CollapsedGraph {
  if (maxNodes === undefined || nodes.length <= maxNodes) return { nodes, edges, hidden: 0 };
  const ranked = nodes
    .map((node, index) => ({ node, index }))
    .sort((a, b) => (b.node.priority ?? 0) - (a.node.priority ?? 0) || a.index - b.index);
  const kept = new Set(ranked.slice(0, Math.max(0, maxNodes)).map((r) => r.node.key));

  const hiddenPer = new Map<string | undefined, number>();
  for (const node of nodes)
    if (!kept.has(node.key)) hiddenPer.set(node.subgraph, (hiddenPer.get(node.subgraph) ?? 0) + 1);

  const outNodes: FlowchartNode[] = nodes.filter((n) => kept.has(n.key));
  for (const [subgraph, hidden] of hiddenPer) {
    outNodes.push({
      key: moreNodeKey(subgraph),
      label: `+${hidden} more`,
      shape: "subroutine",
      ...(subgraph !== undefined ? { subgraph } : {}),
      ...(moreClass ? { className: moreClass } : {}),
    });
  }

  const subgraphOf = new Map(nodes.map((n) => [n.key, n.subgraph]));
  const representative = (key: string) => (kept.has(key) ? key : moreNodeKey(subgraphOf.get(key)));
  const merged = new Map<string, { edge: FlowchartEdge; count: number }>();
  const order: string[] = [];
  for (const edge of edges) {
    const from = representative(edge.from);
    const to = representative(edge.to);
    const redirected = from !== edge.from || to !== edge.to;
    if (redirected && from === to) continue;
    const id = redirected ? `${from}\u0000${to}` : `\u0000edge${order.length}`;
    const seen = merged.get(id);
    if (seen) {
      seen.count++;
      continue;
    }
    merged.set(id, { edge: { ...edge, from, to }, count: 1 });
    order.push(id);
  }
  const outEdges = order.map((id) => {
    const { edge, count } = merged.get(id)!;
    if (count === 1) return edge;
    const { label: _label, ...rest } = edge;
    return { ...rest, label: foldedEdgeLabel(count) };
  });
  return { nodes: outNodes, edges: outEdges, hidden: nodes.length - kept.size };
}
