import { COUNTS_COMMENT } from "./flowchart.ts";

export interface MermaidBlock {
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly text: string;
}

export interface DiagramCounts {
  readonly nodes: number;
  readonly edges: number;
  readonly subgraphs: number;
}

/** The ```mermaid fenced blocks of a Markdown text, in order. */
export function extractMermaidBlocks(markdown: string): MermaidBlock[] {
  const blocks: MermaidBlock[] = [];
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*mermaid\s*$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[2]!;
    const body: string[] = [];
    let j = i + 1;
    for (
      ;
      j < lines.length && !(lines[j]!.trim().startsWith(fence) && lines[j]!.trim().replace(/[`~]/g, "") === "");
      j++
    )
      body.push(lines[j]!);
    blocks.push({ line: i + 1, text: `${body.join("\n")}\n` });
    i = j;
  }
  return blocks;
}

/** The counts `renderFlowchart` wrote into its output's comment, or undefined for a chart it did not write. */
export function readDiagramCounts(text: string): DiagramCounts | undefined {
  const m = new RegExp(`^\\s*${COUNTS_COMMENT} nodes=(\\d+) edges=(\\d+) subgraphs=(\\d+)\\s*$`, "m").exec(text);
  return m ? { nodes: Number(m[1]), edges: Number(m[2]), subgraphs: Number(m[3]) } : undefined;
}
