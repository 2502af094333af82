import { findCycles } from "../_graph.ts";
import { allObjects, dependsOn, findObject, isDependable, nodeKey, type Located } from "../_flux.ts";
import { apiGroup } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";

export const fluxDependsOnCycle: Rule = {
  id: "flux-depends-on-cycle",
  severity: "error",
  description: "The `dependsOn` graph of Flux Kustomizations and HelmReleases is acyclic. Flux does not reject cycles: a cycle silently stops reconciliation (kustomize-controller #1712).",
  fix: "Remove one `dependsOn` edge of the reported cycle; phases should only depend on earlier phases.",
  check(ctx) {
    const all = allObjects(ctx);
    const nodes = new Map<string, Located>();
    const edges = new Map<string, string[]>();
    const edgeIndex = new Map<string, number>();
    for (const l of all) if (isDependable(l.obj)) nodes.set(nodeKey(l.obj), l);
    for (const [key, { obj }] of nodes) {
      const targets: string[] = [];
      for (const d of dependsOn(obj)) {
        const t = findObject(all, obj.kind, d.name, d.namespace, apiGroup(obj.apiVersion));
        if (!t) continue;
        const tk = nodeKey(t.obj);
        targets.push(tk);
        edgeIndex.set(`${key}\u0000${tk}`, d.index);
      }
      edges.set(key, targets);
    }
    return findCycles([...nodes.keys()], edges).map((cycle) => {
      const first = nodes.get(cycle[0]!)!;
      const index = edgeIndex.get(`${cycle[0]}\u0000${cycle[1] ?? cycle[0]}`) ?? 0;
      const names = [...cycle, cycle[0]!].map((k) => nodes.get(k)!.obj.name);
      return findingAt(this, first.obj.doc, ["spec", "dependsOn", index, "name"], `dependsOn cycle: ${first.obj.kind} ${names.join(" -> ")}; Flux will never reconcile these`, {
        related: cycle.slice(1).map((k) => {
          const o = nodes.get(k)!.obj;
          return { file: o.doc.file, span: o.doc.spanOf(["spec", "dependsOn"]), message: `${o.kind} "${o.name}" is part of the cycle` };
        }),
      });
    });
  },
};
