import { extractMermaidBlocks, readDiagramCounts } from "@infraflux/mermaid";
import { describe, expect, it } from "vitest";
import {
  planClusterGraph,
  renderClusterReadme,
  type ClusterPhaseEntry,
  type ClusterReadmeInput,
} from "./cluster-readme.ts";
import { planPhases } from "./phases.ts";

/** A cluster as the generator describes it: one Flux Kustomization per phase of `planPhases`. */
function cluster(
  options: { bootstrap?: string; contents?: Partial<Record<string, string[]>> } = {},
): ClusterReadmeInput {
  const phases: ClusterPhaseEntry[] = planPhases(options.bootstrap).map((p) => ({
    phase: p.name,
    file: `${p.name}.yaml`,
    kustomization: {
      metadata: { name: p.name, namespace: "flux-system" },
      spec: {
        ...(p.dependsOn.length > 0 ? { dependsOn: p.dependsOn.map((name) => ({ name })) } : {}),
        path: `./k8s/clusters/lab/${p.name}`,
        wait: p.wait,
      },
    },
    contents: options.contents?.[p.name] ?? [],
  }));
  return { cluster: "lab", phases };
}

/** Edges of a rendered chart as `from -> to` node ids. */
const edgesOf = (text: string) =>
  [...text.matchAll(/^\s*(n_\w+) --> (n_\w+)$/gm)].map((m) => `${m[1]} -> ${m[2]}`).sort();
const classMembers = (text: string, name: string) =>
  new RegExp(`^\\s*class (\\S+) ${name}$`, "m").exec(text)?.[1]?.split(",").sort() ?? [];

describe("planClusterGraph", () => {
  const cases: { name: string; input: ClusterReadmeInput; nodes: number; edges: string[]; external: string[] }[] = [
    {
      name: "the seed's chain",
      input: cluster(),
      nodes: 5,
      edges: [
        "n_crds -> n_infrastructure",
        "n_crds -> n_storage",
        "n_infrastructure -> n_infrastructure_config",
        "n_storage -> n_infrastructure_config",
        "n_infrastructure_config -> n_apps",
      ],
      external: [],
    },
    {
      name: "with a bootstrap Kustomization the tree does not define",
      input: cluster({ bootstrap: "flux-system" }),
      nodes: 6,
      edges: [
        "n_flux_system -> n_crds",
        "n_crds -> n_infrastructure",
        "n_crds -> n_storage",
        "n_infrastructure -> n_infrastructure_config",
        "n_storage -> n_infrastructure_config",
        "n_infrastructure_config -> n_apps",
      ],
      external: ["n_flux_system"],
    },
  ];
  for (const c of cases) {
    it(`${c.name}: one node per Kustomization in its phase's subgraph, edges from prerequisite to dependent`, () => {
      const chart = planClusterGraph(c.input);
      expect(readDiagramCounts(chart.text)).toEqual({ nodes: c.nodes, edges: c.edges.length, subgraphs: 5 });
      expect(edgesOf(chart.text)).toEqual([...c.edges].sort());
      for (const p of c.input.phases)
        expect(chart.text).toContain(`subgraph s_phase_${p.phase.replace(/-/g, "_")}["phase: ${p.phase}"]`);
      expect(classMembers(chart.text, "external")).toEqual(c.external);
      for (const id of c.external)
        expect(chart.text).toMatch(new RegExp(`${id}\\("flux-system<br>\\(not in this tree\\)"\\)`));
    });
  }

  it("marks exactly the Kustomizations with wait: true, by class and by a label line", () => {
    const input = cluster();
    const chart = planClusterGraph(input);
    const waiting = input.phases.filter((p) => p.kustomization.spec.wait).map((p) => `n_${p.phase.replace(/-/g, "_")}`);
    expect(waiting).toHaveLength(4);
    expect(classMembers(chart.text, "wait")).toEqual([...waiting].sort());
    expect(chart.text).toContain('n_apps["apps<br>./k8s/clusters/lab/apps"]');
    expect(chart.text).toContain('n_crds["crds<br>./k8s/clusters/lab/crds<br>wait: true"]');
  });

  it("lists what a phase deploys in its node, folding beyond three into +N more", () => {
    const chart = planClusterGraph(
      cluster({
        contents: {
          infrastructure: ["metallb", "traefik", "external-dns", "cert-manager", "kyverno"],
          storage: ["openebs"],
        },
      }),
    );
    expect(chart.text).toContain('wait: true<br>metallb, traefik, external-dns +2 more"]');
    expect(chart.text).toContain('wait: true<br>openebs"]');
  });
});

describe("renderClusterReadme", () => {
  it("explains every phase in order above exactly one Mermaid block holding the graph", () => {
    const input = cluster({ contents: { apps: ["Namespace/adguard"] } });
    const readme = renderClusterReadme(input);
    const blocks = extractMermaidBlocks(readme);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.text).toBe(planClusterGraph(input).text);
    const bullets = readme.split("\n").filter((l) => l.startsWith("- **"));
    expect(bullets.map((l) => /^- \*\*([\w-]+)\*\*/.exec(l)?.[1])).toEqual(input.phases.map((p) => p.phase));
    expect(readme.split("\n").findIndex((l) => l.startsWith("- **apps**"))).toBeLessThan(blocks[0]!.line);
    expect(bullets.at(-1)).toBe(
      "- **apps** (`apps.yaml` → `./k8s/clusters/lab/apps`, after `infrastructure-config`): the cluster's applications and their namespaces: Namespace/adguard.",
    );
    expect(bullets[0]).toContain("first, `wait: true`");
    expect(bullets[1]).toContain(": nothing on this cluster.");
    expect(readme.endsWith("```\n")).toBe(true);
  });
});
