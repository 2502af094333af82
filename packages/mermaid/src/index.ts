export { renderFlowchart, fenceMermaid, COUNTS_COMMENT, MORE_NODE_CLASS } from "./flowchart.ts";
export type {
  Flowchart,
  FlowchartDirection,
  FlowchartEdge,
  FlowchartNode,
  FlowchartSubgraph,
  EdgeLine,
  NodeShape,
  RenderedFlowchart,
} from "./flowchart-types.ts";
export { escapeMermaidLabel, quoteMermaidLabel } from "./escape.ts";
export { readDiagramCounts, extractMermaidBlocks } from "./blocks.ts";
export type { DiagramCounts, MermaidBlock } from "./blocks.ts";
