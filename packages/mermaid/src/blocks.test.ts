import { describe, expect, it } from "vitest";
import { extractMermaidBlocks, readDiagramCounts } from "./blocks.ts";

describe("extractMermaidBlocks", () => {
  it("finds mermaid fences with their line, and ignores other code blocks", () => {
    const md = [
      "# Report",
      "",
      "```mermaid",
      "flowchart LR",
      "  a --> b",
      "```",
      "",
      "```yaml",
      "a: 1",
      "```",
      "~~~~ mermaid",
      "flowchart TB",
      "~~~~",
      "",
    ].join("\n");
    expect(extractMermaidBlocks(md)).toEqual([
      { line: 3, text: "flowchart LR\n  a --> b\n" },
      { line: 11, text: "flowchart TB\n" },
    ]);
  });
});

describe("readDiagramCounts", () => {
  it("reads the counts comment, and nothing from a hand-written chart", () => {
    expect(readDiagramCounts("flowchart LR\n  %% infraflux-diagram nodes=3 edges=2 subgraphs=1\n  a\n")).toEqual({
      nodes: 3,
      edges: 2,
      subgraphs: 1,
    });
    expect(readDiagramCounts("flowchart LR\n  a --> b\n")).toBeUndefined();
  });
});
