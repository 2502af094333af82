/** The shapes a flowchart is built from; in a file of their own so the renderer and collapse share them. */
export type FlowchartDirection = "LR" | "RL" | "TB" | "BT";

/** box `[ ]`, round `( )`, stadium `([ ])`, subroutine `[[ ]]`, cylinder `[( )]`, hexagon `{{ }}`, flag `> ]`. */
export type NodeShape = "box" | "round" | "stadium" | "subroutine" | "cylinder" | "hexagon" | "flag";

/** solid `-->`, dotted `-.->`, thick `==>`. */
export type EdgeLine = "solid" | "dotted" | "thick";

export interface FlowchartNode {
  /** Your identifier for the node; edges name nodes by key. Any string. */
  readonly key: string;
  /** Shown text; any characters, `\n` for a line break. */
  readonly label: string;
  /** Key of the subgraph that holds the node (default: top level). */
  readonly subgraph?: string;
  /** Default "box". */
  readonly shape?: NodeShape;
  /** A name from `nodeClasses`. */
  readonly className?: string;
  /** With `maxNodes`, nodes of higher priority are kept first (default 0; ties keep declaration order). */
  readonly priority?: number;
}

export interface FlowchartEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** Default "solid". */
  readonly line?: EdgeLine;
  /** A name from `edgeClasses` (e.g. "cycle"), drawn with that class's CSS through `linkStyle`. */
  readonly className?: string;
}

export interface FlowchartSubgraph {
  readonly key: string;
  readonly label: string;
  /** Key of the enclosing subgraph (default: top level). */
  readonly parent?: string;
  /** Layout direction inside the subgraph (default: the chart's). */
  readonly direction?: FlowchartDirection;
}

export interface Flowchart {
  /** Default "LR". */
  readonly direction?: FlowchartDirection;
  readonly subgraphs?: readonly FlowchartSubgraph[];
  readonly nodes: readonly FlowchartNode[];
  readonly edges?: readonly FlowchartEdge[];
  /** Class name → Mermaid CSS (`"fill:#fee,stroke:#c00"`), applied to nodes with that `className`. */
  readonly nodeClasses?: Readonly<Record<string, string>>;
  /** Class name → CSS for `linkStyle`, applied to edges with that `className`. */
  readonly edgeClasses?: Readonly<Record<string, string>>;
  /**
   * Draw at most this many of `nodes` (default: all). The rest of each subgraph is folded into
   * one "+N more" node; see `collapseNodes`.
   */
  readonly maxNodes?: number;
  /** Label of an edge that stands for several folded edges (default: "N edges"). */
  readonly foldedEdgeLabel?: (count: number) => string;
}

export interface RenderedFlowchart {
  /** Mermaid source, ending with a newline; starts with `flowchart <direction>`. */
  readonly text: string;
  /** Nodes drawn, "+N more" nodes included (what a renderer shows). */
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly subgraphCount: number;
  /** Caller's nodes folded into "+N more" nodes. */
  readonly hiddenNodes: number;
}
