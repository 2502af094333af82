import { finding, type Rule } from "../rule.ts";

export const kustomizationBuild: Rule = {
  id: "kustomization-build",
  severity: "error",
  description:
    "With `--build`, every kustomization builds with `kubectl kustomize --load-restrictor LoadRestrictionsNone` (as Flux builds it); kustomize's own error is reported.",
  fix: "Fix what kustomize reports (a missing patch target, a duplicate resource id, a patch whose apiVersion differs from the base).",
  check(ctx) {
    return ctx.builds
      .filter((b) => !b.ok)
      .map((b) =>
        finding(this, {
          file: b.file,
          span: { line: 1, column: 1 },
          message: `kubectl kustomize failed: ${b.error ?? "unknown error"}`,
        }),
      );
  },
};
