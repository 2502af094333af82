import { kustomizationFiles, kustomizeRefs, type KustomizationFile, type KustomizeRef } from "../_kustomize.ts";
import { findCycles } from "../_graph.ts";
import { resolveRel } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";

export const kustomizationCycle: Rule = {
  id: "kustomization-cycle",
  severity: "error",
  description:
    "Kustomizations do not include each other in a cycle through resources, bases or components (kustomize fails with `cycle detected`).",
  fix: "Break the cycle: move the shared objects into a base that neither kustomization includes back.",
  check(ctx) {
    return ctx.repos.flatMap((repo) => {
      const byDir = new Map<string, KustomizationFile>();
      for (const k of kustomizationFiles(repo)) byDir.set(k.dir, k);
      const edges = new Map<string, string[]>();
      const refOf = new Map<string, KustomizeRef>();
      for (const [dir, k] of byDir) {
        const targets: string[] = [];
        for (const r of kustomizeRefs(k.value)) {
          if (r.field !== "resources" && r.field !== "bases" && r.field !== "components") continue;
          const t = resolveRel(dir, r.ref);
          if (t === undefined || !byDir.has(t)) continue;
          targets.push(t);
          refOf.set(`${dir}\u0000${t}`, r);
        }
        edges.set(dir, targets);
      }
      return findCycles([...byDir.keys()], edges).map((cycle) => {
        const from = cycle[0]!;
        const to = cycle[1] ?? from;
        const k = byDir.get(from)!;
        const ref = refOf.get(`${from}\u0000${to}`);
        const names = [...cycle, from].map((d) => d || ".");
        return findingAt(this, k.doc, ref?.docPath ?? [], `kustomization cycle: ${names.join(" -> ")}`, {
          related: cycle.slice(1).map((d) => ({
            file: byDir.get(d)!.doc.file,
            span: byDir.get(d)!.doc.spanOf([]),
            message: "part of the cycle",
          })),
        });
      });
    });
  },
};
