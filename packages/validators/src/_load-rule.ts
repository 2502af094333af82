import type { Severity } from "@infraflux/diagnostics";
import type { Rule } from "./rule.ts";

/** A rule whose findings the loader produced (parse and read problems); it only selects them by code. */
export function loaderRule(id: string, severity: Severity, description: string, fix: string): Rule {
  return {
    id,
    severity,
    description,
    fix,
    check(ctx) {
      return ctx.repos.flatMap((r) => r.loadDiagnostics.filter((d) => d.code === id));
    },
  };
}
