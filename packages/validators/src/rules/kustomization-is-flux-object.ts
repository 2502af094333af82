import { isFluxKustomization, isKustomizationPath } from "../_kustomize.ts";
import { isRecord } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";

export const kustomizationIsFluxObject: Rule = {
  id: "kustomization-is-flux-object",
  severity: "error",
  description:
    'A file named kustomization.yaml holds a kustomize Kustomization, not a Flux `kustomize.toolkit.fluxcd.io` Kustomization (kustomize fails with `unknown field "spec"`).',
  fix: "Rename the file (e.g. to the phase name, `infrastructure.yaml`) and list it from a real kustomization.yaml.",
  check(ctx) {
    return ctx.repos.flatMap((repo) =>
      repo.docs
        .filter((d) => isKustomizationPath(d.rel) && isRecord(d.value) && isFluxKustomization(d.value))
        .map((d) =>
          findingAt(
            this,
            d,
            ["apiVersion"],
            `${d.rel.split("/").pop()} holds a Flux Kustomization; kustomize reads this file name as its own configuration and will fail`,
          ),
        ),
    );
  },
};
