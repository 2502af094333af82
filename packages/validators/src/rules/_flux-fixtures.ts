import { y } from "../_rule-test.ts";

/** A Flux Kustomization document (test fixture). */
export function fluxKs(
  name: string,
  opts: { path?: string; dependsOn?: string[]; wait?: boolean; source?: string; sourceKind?: string } = {},
): string {
  return y(
    "apiVersion: kustomize.toolkit.fluxcd.io/v1",
    "kind: Kustomization",
    "metadata:",
    `  name: ${name}`,
    "  namespace: flux-system",
    "spec:",
    "  interval: 1h",
    `  path: ${opts.path ?? "./apps"}`,
    "  prune: true",
    ...(opts.wait ? ["  wait: true"] : []),
    ...(opts.dependsOn ? ["  dependsOn:", ...opts.dependsOn.map((d) => `    - name: ${d}`)] : []),
    "  sourceRef:",
    `    kind: ${opts.sourceKind ?? "GitRepository"}`,
    `    name: ${opts.source ?? "flux-system"}`,
  );
}
