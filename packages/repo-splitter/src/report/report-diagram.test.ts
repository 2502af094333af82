import { readDiagramCounts } from "@infraflux/mermaid";
import { describe, expect, it } from "vitest";
import type { RuleReport, SplitReport, TargetReport } from "./report-types.ts";
import { planSplitDiagram, renderSplitDiagram } from "./report-diagram.ts";

// Only the fields the diagram reads; the rest of the report grows with the splitter.
const target = (name: string, commitsKept: number): TargetReport => ({
  ...({} as TargetReport),
  name,
  url: `https://github.com/org/${name}`,
  commitsKept,
});
const rule = (
  line: number,
  from: string,
  action: string,
  to: string[],
  paths: number,
  commits: number,
): RuleReport => ({ line, from, action, to, paths, commits, examples: [] });

function report(rules: RuleReport[], dropped: string[] = []): SplitReport {
  return {
    ...({} as SplitReport),
    sourceUrl: "https://github.com/org/infraflux",
    sourceCommits: 30,
    rules,
    targets: [target("infraflux", 20), target("platform-gitops", 12)],
    droppedPaths: dropped.map((path) => ({ path, firstCommit: "a".repeat(40) })),
  };
}

const SMALL = report(
  [
    rule(3, "terraform/", "refactor", ["infraflux:terraform/modules/"], 4, 12),
    rule(7, "docs/", "split", ["infraflux:docs/", "platform-gitops:docs/"], 5, 6),
    rule(
      9,
      "gitops/argocd/apps/security/manifests/",
      "split",
      ['infraflux:kubernetes/policies/ when {"kind":["CiliumNetworkPolicy"]}', "platform-gitops:security/policies/"],
      1,
      9,
    ),
    rule(12, ".drone.yml", "drop", ["(dropped)"], 1, 2),
  ],
  [".drone.yml"],
);

const lines = (text: string) => text.split("\n").map((l) => l.trim());

describe("planSplitDiagram", () => {
  it("draws sources on the left, each target's destinations in its subgraph, and labelled edges", () => {
    const d = planSplitDiagram(SMALL);
    const text = lines(d.text);
    expect(text[0]).toBe("flowchart LR");
    expect(text).toContain('subgraph s_source["source: org/infraflux · 30 commits"]');
    expect(text).toContain('subgraph s_target_infraflux["infraflux · 20 commits kept"]');
    expect(text).toContain('n_src_terraform -->|"refactor · 4 files · 12 commits"| n_dst_infraflux_terraform_modules');
    expect(text).toContain('n_src_docs -->|"split · 5 files · 6 commits"| n_dst_infraflux_docs');
    expect(text).toContain('n_src_docs -->|"split · 5 files · 6 commits"| n_dst_platform_gitops_docs');
    expect(text).toContain(
      'n_src_gitops_argocd_apps_security_manifest -->|"split · 1 file · 9 commits · when kind: CiliumNetworkPolicy"| n_dst_infraflux_kubernetes_policies',
    );
    // 4 sources, 5 destinations, the dropped node; one edge per destination.
    expect([d.nodeCount, d.edgeCount, d.subgraphCount, d.hiddenNodes]).toEqual([10, 6, 3, 0]);
    expect(readDiagramCounts(d.text)).toEqual({ nodes: 10, edges: 6, subgraphs: 3 });
  });

  it("puts dropped paths in their own node, fed by the dropping rows", () => {
    const text = lines(planSplitDiagram(SMALL).text);
    expect(text).toContain('n_dropped[("dropped: 1 path<br>.drone.yml")]');
    expect(text).toContain('n_src_drone_yml -.->|"drop · 1 file · 2 commits"| n_dropped');
    expect(text).toContain("class n_dropped dropped");
  });

  it("shows paths dropped by `unmapped: drop` as coming from paths no rule matches, and lists a few", () => {
    const d = planSplitDiagram(
      report([rule(3, "terraform/", "refactor", ["infraflux:terraform/"], 1, 1)], ["a", "b", "c"]),
      { droppedExamples: 2 },
    );
    const text = lines(d.text);
    expect(text).toContain('n_src_unmapped -.->|"unmapped: drop · 3 files"| n_dropped');
    expect(text).toContain('n_dropped[("dropped: 3 paths<br>a<br>b<br>… and 1 more")]');
  });

  it("draws the flow of `unmapped: <target>` into that target, with its counts, whatever the limit", () => {
    const d = planSplitDiagram(
      {
        ...report([rule(3, "terraform/", "refactor", ["infraflux:terraform/"], 1, 1)]),
        unmapped: { target: "platform-gitops", paths: 120, commits: 14741 },
      },
      { maxNodes: 1 },
    );
    const text = lines(d.text);
    expect(text).toContain('n_src_unmapped["paths no rule matches"]');
    expect(text).toContain(
      'n_src_unmapped -->|"unmapped: platform-gitops · 120 files · 14741 commits"| n_dst_platform_gitops',
    );
    expect(d.text).not.toContain("dropped");
  });

  it("has no dropped node when nothing is dropped", () => {
    expect(planSplitDiagram(report([rule(3, "a/", "move", ["infraflux:a/"], 1, 1)])).text).not.toContain("dropped");
  });

  it("collapses large matrices to the rows that moved the most commits, with '+N more' nodes", () => {
    const rules = Array.from({ length: 30 }, (_, i) =>
      rule(10 + i, `app${i}/`, "move", [`platform-gitops:apps/app${i}/`], 1, i + 1),
    );
    const d = planSplitDiagram(report(rules), { maxNodes: 10 });
    const text = lines(d.text);
    // The five busiest rows (30…26 commits) keep their source and destination.
    for (const i of [29, 28, 27, 26, 25])
      expect(text).toContain(
        `n_src_app${i} -->|"move · 1 file · ${i + 1} commits"| n_dst_platform_gitops_apps_app${i}`,
      );
    expect(text).not.toContain('n_src_app24["app24/"]');
    expect(text).toContain('more_source[["+25 more"]]');
    expect(text).toContain('more_target_platform_gitops[["+25 more"]]');
    expect(text).toContain('more_source -->|"25 more rows"| more_target_platform_gitops');
    expect([d.nodeCount, d.edgeCount, d.hiddenNodes]).toEqual([12, 6, 50]);
  });

  it("keeps dropping rows and the dropped node whatever the limit", () => {
    const d = planSplitDiagram(SMALL, { maxNodes: 1 });
    expect(d.text).toContain('n_src_drone_yml -.->|"drop · 1 file · 2 commits"| n_dropped');
  });

  it("is deterministic and fenced for Markdown", () => {
    const fenced = renderSplitDiagram(SMALL);
    expect(fenced).toBe(renderSplitDiagram(structuredClone(SMALL)));
    expect(fenced.startsWith("```mermaid\nflowchart LR\n")).toBe(true);
    expect(fenced.endsWith("\n```\n")).toBe(true);
  });
});
