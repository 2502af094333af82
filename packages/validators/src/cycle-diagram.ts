import { renderFlowchart, type FlowchartEdge, type FlowchartNode, type RenderedFlowchart } from "@infraflux/mermaid";

/** A Flux Kustomization or HelmRelease of a dependsOn graph, where it is defined. */
export interface DependsOnNode {
  /** Unique key (`kind/namespace/name`). */
  readonly key: string;
  readonly kind: string;
  readonly name: string;
  /** Display path of its file and the line of its `metadata.name`. */
  readonly file: string;
  readonly line: number;
  readonly wait: boolean;
}

/** One dependsOn entry: `dependent` lists `prerequisite` in its `spec.dependsOn`. */
export interface DependsOnEdge {
  readonly dependent: string;
  readonly prerequisite: string;
}

/** A dependsOn cycle and its surroundings, as the `flux-depends-on-cycle` rule found them. */
export interface DependsOnCycleGraph {
  /** The cycle's nodes, then their direct dependents and prerequisites. */
  readonly nodes: readonly DependsOnNode[];
  /** The dependsOn entries between those nodes. */
  readonly edges: readonly DependsOnEdge[];
  /** Node keys in dependsOn order: `cycle[0]` depends on `cycle[1]`, …, the last on `cycle[0]`. */
  readonly cycle: readonly string[];
}

export const CYCLE_NODE_CLASS = "inCycle";
export const CYCLE_EDGE_CLASS = "cycle";

/**
 * The cycle as a Mermaid flowchart, drawn like a cluster's Flux graph: one node per object (name, file:line,
 * `wait`), an edge from each prerequisite to its dependent. The cycle's nodes carry the `inCycle` class and its
 * edges the `cycle` class, thick and red; other dependents and prerequisites are plain, so the picture shows
 * what the cycle blocks too.
 */
export function planCycleDiagram(graph: DependsOnCycleGraph): RenderedFlowchart {
  const id = chartKeys(graph.nodes);
  const inCycle = new Set(graph.cycle);
  const cycleEdges = new Set(graph.cycle.map((k, i) => edgeKey(k, graph.cycle[(i + 1) % graph.cycle.length]!)));
  const nodes: FlowchartNode[] = graph.nodes.map((n) => ({
    key: id(n.key),
    label: [
      `${n.kind === "Kustomization" ? "" : `${n.kind} `}${n.name}`,
      `${n.file}:${n.line}`,
      ...(n.wait ? ["wait: true"] : []),
    ].join("\n"),
    ...(inCycle.has(n.key) ? { className: CYCLE_NODE_CLASS } : {}),
  }));
  const edges: FlowchartEdge[] = graph.edges.map((e) =>
    cycleEdges.has(edgeKey(e.dependent, e.prerequisite))
      ? { from: id(e.prerequisite), to: id(e.dependent), className: CYCLE_EDGE_CLASS, line: "thick" }
      : { from: id(e.prerequisite), to: id(e.dependent) },
  );
  return renderFlowchart({
    direction: "LR",
    nodes,
    edges,
    nodeClasses: { [CYCLE_NODE_CLASS]: "fill:#fdecea,stroke:#b71c1c,stroke-width:2px" },
    edgeClasses: { [CYCLE_EDGE_CLASS]: "stroke:#d00000,stroke-width:3px" },
  });
}

/** Chart keys: the object's name where no other drawn object shares it (short Mermaid ids), else its full key. */
function chartKeys(nodes: readonly DependsOnNode[]): (key: string) => string {
  const names = new Map<string, number>();
  for (const n of nodes) names.set(n.name, (names.get(n.name) ?? 0) + 1);
  const byKey = new Map(
    nodes.map((n) => [n.key, names.get(n.name) === 1 && !nodes.some((o) => o.key === n.name) ? n.name : n.key]),
  );
  return (key) => byKey.get(key) ?? key;
}

const edgeKey = (dependent: string, prerequisite: string) => `${dependent}\u0000${prerequisite}`;
