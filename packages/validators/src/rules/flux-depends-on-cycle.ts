import type { Diagnostic } from "@infraflux/diagnostics";
import { findCycles } from "../_graph.ts";
import { allObjects, dependsOn, isDependable, nodeKey, spec, type Located } from "../_flux.ts";
import { resolveInScopes } from "../_scope.ts";
import {
  planCycleDiagram,
  type DependsOnCycleGraph,
  type DependsOnEdge,
  type DependsOnNode,
} from "../cycle-diagram.ts";
import { apiGroup } from "../model.ts";
import { findingAt, type Rule, type RuleContext } from "../rule.ts";

/** A cycle found in the dependsOn graph: node keys in dependsOn order, and where its first edge is written. */
interface FoundCycle {
  readonly cycle: readonly string[];
  readonly edgeIndex: number;
}

interface DependsOnGraph {
  readonly nodes: ReadonlyMap<string, Located>;
  /** dependent → prerequisites (resolved dependsOn entries). */
  readonly edges: ReadonlyMap<string, readonly string[]>;
  readonly cycles: readonly FoundCycle[];
}

const graphCache = new WeakMap<RuleContext["repos"], DependsOnGraph>();

/** The dependsOn graph of every Flux Kustomization and HelmRelease, and its cycles (memoised per run). */
function planDependsOnGraph(ctx: RuleContext): DependsOnGraph {
  const hit = graphCache.get(ctx.repos);
  if (hit) return hit;
  const all = allObjects(ctx);
  const nodes = new Map<string, Located>();
  const edges = new Map<string, string[]>();
  const edgeIndex = new Map<string, number>();
  for (const l of all) if (isDependable(l.obj)) nodes.set(nodeKey(l.obj), l);
  for (const [key, { obj }] of nodes) {
    const targets: string[] = [];
    for (const d of dependsOn(obj)) {
      const t = resolveInScopes(ctx, obj, obj.kind, d.name, d.namespace, apiGroup(obj.apiVersion));
      if (!t) continue;
      const tk = nodeKey(t.obj);
      if (!targets.includes(tk)) targets.push(tk);
      if (!edgeIndex.has(`${key}\u0000${tk}`)) edgeIndex.set(`${key}\u0000${tk}`, d.index);
    }
    edges.set(key, targets);
  }
  const cycles = findCycles([...nodes.keys()], edges).map((cycle) => ({
    cycle,
    edgeIndex: edgeIndex.get(`${cycle[0]}\u0000${cycle[1] ?? cycle[0]}`) ?? 0,
  }));
  const graph = { nodes, edges, cycles };
  graphCache.set(ctx.repos, graph);
  return graph;
}

/** The cycle with its direct dependents and prerequisites, and every dependsOn edge that touches the cycle. */
function planCycleGraph(graph: DependsOnGraph, found: FoundCycle): DependsOnCycleGraph {
  const inCycle = new Set(found.cycle);
  const edges: DependsOnEdge[] = [];
  for (const [dependent, prerequisites] of graph.edges) {
    for (const prerequisite of prerequisites)
      if (inCycle.has(dependent) || inCycle.has(prerequisite)) edges.push({ dependent, prerequisite });
  }
  const neighbours = [...new Set(edges.flatMap((e) => [e.dependent, e.prerequisite]))]
    .filter((k) => !inCycle.has(k))
    .sort();
  const nodes = [...found.cycle, ...neighbours].map((key): DependsOnNode => {
    const { obj } = graph.nodes.get(key)!;
    return {
      key,
      kind: obj.kind,
      name: obj.name,
      file: obj.doc.file,
      line: obj.doc.spanOf(["metadata", "name"]).line,
      wait: spec(obj).wait === true,
    };
  });
  return { nodes, edges, cycle: found.cycle };
}

export const fluxDependsOnCycle: Rule = {
  id: "flux-depends-on-cycle",
  severity: "error",
  description:
    "The `dependsOn` graph of Flux Kustomizations and HelmReleases is acyclic. Flux does not reject cycles: a cycle silently stops reconciliation (kustomize-controller #1712).",
  fix: "Remove one `dependsOn` edge of the reported cycle; phases should only depend on earlier phases.",
  check(ctx): Diagnostic[] {
    const { nodes, cycles } = planDependsOnGraph(ctx);
    return cycles.map(({ cycle, edgeIndex }) => {
      const first = nodes.get(cycle[0]!)!;
      const names = [...cycle, cycle[0]!].map((k) => nodes.get(k)!.obj.name);
      return findingAt(
        this,
        first.obj.doc,
        ["spec", "dependsOn", edgeIndex, "name"],
        `dependsOn cycle: ${first.obj.kind} ${names.join(" -> ")}; Flux will never reconcile these`,
        {
          related: cycle.slice(1).map((k) => {
            const o = nodes.get(k)!.obj;
            return {
              file: o.doc.file,
              span: o.doc.spanOf(["spec", "dependsOn"]),
              message: `${o.kind} "${o.name}" is part of the cycle`,
            };
          }),
        },
      );
    });
  },
  diagrams(ctx) {
    const graph = planDependsOnGraph(ctx);
    return graph.cycles.map((found) => planCycleDiagram(planCycleGraph(graph, found)).text);
  },
};
