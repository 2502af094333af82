import { finding, type Rule } from "../rule.ts";

export const kustomizationBuild: Rule = {
  id: "kustomization-build",
  severity: "error",
  description:
    "With `--build`, every directory a Flux Kustomization renders (every kustomization in a repository without entry points) builds with `kubectl kustomize --load-restrictor LoadRestrictionsNone` (as Flux builds it); kustomize's own error is reported. A remote resource this machine cannot fetch is info (not checked), not an error.",
  fix: "Fix what kustomize reports (a missing patch target, a duplicate resource id, a patch whose apiVersion differs from the base).",
  check(ctx) {
    return ctx.builds
      .filter((b) => !b.ok)
      .map((b) => {
        const offline = isEnvironmentFailure(b.error ?? "");
        const d = finding(this, {
          file: b.file,
          span: { line: 1, column: 1 },
          message: offline
            ? `not built: a remote resource could not be fetched from here (${firstLine(b.error ?? "")}); not checked`
            : `kubectl kustomize failed: ${b.error ?? "unknown error"}`,
        });
        return offline ? { ...d, severity: "info" as const } : d;
      });
  },
};

/** A failure of this machine (no network, no git, no kubectl), not of the kustomization: never the user's error. */
export function isEnvironmentFailure(error: string): boolean {
  return /no such host|Could not resolve host|dial tcp|i\/o timeout|network is unreachable|cannot run kubectl/i.test(
    error,
  );
}

function firstLine(s: string): string {
  const m =
    /(no such host|Could not resolve host[^'\n]*|dial tcp[^'\n]*|network is unreachable|cannot run kubectl[^\n]*)/i.exec(
      s,
    );
  return m ? m[1]! : (s.split("\n")[0] ?? s);
}
