import { describe, expect, it } from "vitest";
import { readDiagramCounts } from "./blocks.ts";
import { escapeMermaidLabel } from "./escape.ts";
import { fenceMermaid, renderFlowchart } from "./flowchart.ts";
import type { Flowchart } from "./flowchart-types.ts";

const body = (text: string) => text.split("\n").filter((l) => l && !l.includes("%%"));

describe("renderFlowchart", () => {
  it("writes nodes, subgraphs and labelled edges with generated identifiers", () => {
    const chart: Flowchart = {
      direction: "LR",
      subgraphs: [{ key: "repo:infraflux", label: "infraflux" }],
      nodes: [
        { key: "src:terraform/", label: "terraform/" },
        {
          key: "dst:infraflux:terraform/modules/",
          label: "terraform/modules/",
          subgraph: "repo:infraflux",
          shape: "round",
        },
      ],
      edges: [{ from: "src:terraform/", to: "dst:infraflux:terraform/modules/", label: "refactor · 4 files" }],
    };
    expect(body(renderFlowchart(chart).text)).toEqual([
      "flowchart LR",
      '  n_src_terraform["terraform/"]',
      '  subgraph s_repo_infraflux["infraflux"]',
      '    n_dst_infraflux_terraform_modules("terraform/modules/")',
      "  end",
      '  n_src_terraform -->|"refactor · 4 files"| n_dst_infraflux_terraform_modules',
    ]);
  });

  it("reports its counts in a comment that readDiagramCounts reads back", () => {
    const r = renderFlowchart({
      subgraphs: [
        { key: "g", label: "g" },
        { key: "empty", label: "nothing here" },
      ],
      nodes: [
        { key: "a", label: "a", subgraph: "g" },
        { key: "b", label: "b" },
      ],
      edges: [
        { from: "a", to: "b" },
        { from: "b", to: "a" },
      ],
    });
    expect([r.nodeCount, r.edgeCount, r.subgraphCount]).toEqual([2, 2, 1]);
    expect(readDiagramCounts(r.text)).toEqual({ nodes: 2, edges: 2, subgraphs: 1 });
    expect(r.text).not.toContain("nothing here");
  });

  it("gives keys that slug alike distinct identifiers, and keeps them away from keywords", () => {
    const r = renderFlowchart({
      nodes: [
        { key: "a/b", label: "1" },
        { key: "a b", label: "2" },
        { key: "end", label: "3" },
        { key: "ö", label: "4" },
        { key: "✓", label: "5" },
        { key: "", label: "6" },
      ],
    });
    const ids = body(r.text)
      .slice(1)
      .map((l) => l.trim().split("[")[0]);
    expect(ids).toEqual(["n_a_b", "n_a_b_2", "n_end", "n_o", "n", "n_2"]);
  });

  it.each([
    { label: 'say "hi"', escaped: "say #quot;hi#quot;" },
    { label: "#1 & <b>", escaped: "#35;1 #amp; #lt;b#gt;" },
    { label: "a|b;c", escaped: "a#124;b#59;c" },
    { label: "`code`", escaped: "#96;code#96;" },
    { label: "[x] (y) {z}", escaped: "[x] (y) {z}" },
    { label: "Zürich ✓ 日本", escaped: "Zürich ✓ 日本" },
    { label: "two\nlines", escaped: "two<br>lines" },
    { label: "", escaped: " " },
  ])("escapes $label", ({ label, escaped }) => {
    expect(escapeMermaidLabel(label)).toBe(escaped);
    expect(renderFlowchart({ nodes: [{ key: "k", label }] }).text).toContain(`n_k["${escaped}"]`);
  });

  it("draws edge kinds and marks edges of a class with linkStyle by their index", () => {
    const r = renderFlowchart({
      nodes: ["a", "b", "c"].map((k) => ({ key: k, label: k, ...(k === "b" ? { className: "bad" } : {}) })),
      edges: [
        { from: "a", to: "b", line: "dotted" },
        { from: "b", to: "c", line: "thick", className: "cycle", label: "cycle" },
        { from: "c", to: "b", className: "cycle" },
      ],
      nodeClasses: { bad: "stroke:#c00" },
      edgeClasses: { cycle: "stroke:#d00,stroke-width:3px" },
    });
    expect(body(r.text).slice(4)).toEqual([
      "  n_a -.-> n_b",
      '  n_b ==>|"cycle"| n_c',
      "  n_c --> n_b",
      "  classDef bad stroke:#c00",
      "  class n_b bad",
      "  linkStyle 1,2 stroke:#d00,stroke-width:3px",
    ]);
  });

  it("nests subgraphs with their own direction", () => {
    const r = renderFlowchart({
      subgraphs: [
        { key: "outer", label: "Outer" },
        { key: "inner", label: "Inner", parent: "outer", direction: "TB" },
      ],
      nodes: [{ key: "x", label: "x", subgraph: "inner" }],
    });
    expect(body(r.text)).toEqual([
      "flowchart LR",
      '  subgraph s_outer["Outer"]',
      '    subgraph s_inner["Inner"]',
      "      direction TB",
      '      n_x["x"]',
      "    end",
      "  end",
    ]);
    expect(r.subgraphCount).toBe(2);
  });

  it("is deterministic", () => {
    const chart: Flowchart = {
      nodes: [
        { key: "b", label: "b" },
        { key: "a", label: "a" },
      ],
      edges: [{ from: "a", to: "b" }],
    };
    expect(renderFlowchart(chart).text).toBe(renderFlowchart(structuredClone(chart)).text);
  });

  it("rejects charts that name unknown nodes, subgraphs or classes, all problems at once", () => {
    expect(() =>
      renderFlowchart({
        nodes: [
          { key: "a", label: "a", subgraph: "nope" },
          { key: "a", label: "again" },
        ],
        edges: [{ from: "a", to: "zz", className: "x" }],
        nodeClasses: { "bad name": "fill:#fff" },
      }),
    ).toThrow(
      /duplicate node key "a"[\s\S]*unknown subgraph "nope"[\s\S]*unknown node "zz"[\s\S]*undefined edge class "x"[\s\S]*"bad name" is not an identifier/,
    );
  });
});

describe("renderFlowchart with maxNodes", () => {
  const chart: Flowchart = {
    subgraphs: [
      { key: "L", label: "left" },
      { key: "R", label: "right" },
    ],
    nodes: [
      { key: "l1", label: "l1", subgraph: "L", priority: 5 },
      { key: "l2", label: "l2", subgraph: "L", priority: 1 },
      { key: "l3", label: "l3", subgraph: "L", priority: 1 },
      { key: "r1", label: "r1", subgraph: "R", priority: 5 },
      { key: "r2", label: "r2", subgraph: "R", priority: 1 },
      { key: "r3", label: "r3", subgraph: "R", priority: 2 },
    ],
    edges: [
      { from: "l1", to: "r1", label: "kept" },
      { from: "l2", to: "r2", label: "x" },
      { from: "l3", to: "r2", label: "y" },
      { from: "l2", to: "l3", label: "inside" },
      { from: "l1", to: "r3", label: "to r3" },
    ],
    maxNodes: 3,
  };

  it("keeps the nodes of highest priority and folds each subgraph's rest into one '+N more' node", () => {
    const r = renderFlowchart(chart);
    expect(r.hiddenNodes).toBe(3);
    expect(r.nodeCount).toBe(5);
    expect(body(r.text)).toEqual([
      "flowchart LR",
      '  subgraph s_L["left"]',
      '    n_l1["l1"]',
      '    more_L[["+2 more"]]',
      "  end",
      '  subgraph s_R["right"]',
      '    n_r1["r1"]',
      '    n_r3["r3"]',
      '    more_R[["+1 more"]]',
      "  end",
      '  n_l1 -->|"kept"| n_r1',
      '  more_L -->|"2 edges"| more_R',
      '  n_l1 -->|"to r3"| n_r3',
      "  classDef more fill:#f6f6f6,stroke:#999,stroke-dasharray:4 3,color:#555",
      "  class more_L,more_R more",
    ]);
  });

  it("changes nothing when the chart is within the limit", () => {
    const { maxNodes: _, ...unlimited } = chart;
    expect(renderFlowchart({ ...chart, maxNodes: 6 }).text).toBe(renderFlowchart(unlimited).text);
  });

  it("with a limit of zero, draws only '+N more' nodes", () => {
    const r = renderFlowchart({ ...chart, maxNodes: 0 });
    expect([r.nodeCount, r.edgeCount, r.hiddenNodes]).toEqual([2, 1, 6]);
  });
});

describe("fenceMermaid", () => {
  it("wraps a chart in a mermaid code fence", () => {
    expect(fenceMermaid("flowchart LR\n  a\n")).toBe("```mermaid\nflowchart LR\n  a\n```\n");
  });
});
