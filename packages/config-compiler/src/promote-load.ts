import type { Diagnostic } from "@infraflux/diagnostics";
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { loadCompileInput } from "./load.ts";
import { PROJECT_FILE, parseProjectConfig } from "./project.ts";
import {
  type PromoteOptions,
  type PromotionPlan,
  planEnvironmentPromotion,
  planValuesPromotion,
  promotionRulesOf,
} from "./promote.ts";

export interface LoadPromotionOptions extends PromoteOptions {
  /** The repository root (absolute): `config/` for environments, `environments/<env>/values/` for apps. */
  readonly root: string;
  /** Promote `environments/<env>/values/<app>.yaml` instead of the environment config. */
  readonly app?: string;
}

/** Reads what a promotion needs and plans it. The only IO of `infraflux promote`; writes nothing. */
export function loadPromotion(options: LoadPromotionOptions): PromotionPlan {
  if (options.app === undefined) {
    const loaded = loadCompileInput({ configDir: join(options.root, "config") });
    const { rules, diagnostics } = promotionRulesOf(loaded.input);
    const failed = [...loaded.diagnostics, ...diagnostics].filter((d) => d.severity === "error");
    if (failed.length > 0) return emptyPlan(options, failed);
    return planEnvironmentPromotion(loaded.input, rules, options);
  }
  const rel = (env: string) => `environments/${env}/values/${options.app}.yaml`;
  const missing = [options.from, options.to].filter((env) => !existsSync(join(options.root, rel(env))));
  if (missing.length > 0)
    return emptyPlan(
      options,
      missing.map((env) => ({
        code: "missing-file",
        severity: "error",
        file: rel(env),
        message: `${rel(env)} does not exist under ${options.root}`,
        hint: "--app promotes environments/<env>/values/<app>.yaml between two environments",
      })),
    );
  const rules = readValuesRules(options.root);
  if ("diagnostics" in rules) return emptyPlan(options, rules.diagnostics);
  const [fromText, toText] = [options.from, options.to].map((env) =>
    readFileSync(join(options.root, rel(env)), "utf8"),
  );
  return planValuesPromotion(
    { from: rel(options.from), fromText: fromText!, to: rel(options.to), toText: toText! },
    rules,
    options,
  );
}

/** `promotion:` from `<root>/infraflux.config.yaml` or `<root>/config/infraflux.config.yaml`. */
function readValuesRules(
  root: string,
): { order: string[]; paths: string[]; file: string } | { diagnostics: Diagnostic[] } {
  const candidates = [PROJECT_FILE, `config/${PROJECT_FILE}`];
  const found = candidates.find((f) => existsSync(join(root, f)));
  const file = found ?? PROJECT_FILE;
  const { project, diagnostics } = found
    ? parseProjectConfig(readFileSync(join(root, found), "utf8"), file)
    : parseProjectConfig(undefined, file);
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const declared = project.config.promotion;
  if (declared) return { ...declared, file };
  return {
    diagnostics: [
      {
        code: "promote-not-configured",
        severity: "error",
        file: relative(root, resolve(root, file)) || file,
        message: `no promotion rules: ${candidates.join(" or ")} declares no promotion:`,
        hint: 'add e.g.  promotion: { order: [dev, staging, prod], paths: ["**.tag"] }',
      },
    ],
  };
}

function emptyPlan(options: PromoteOptions, diagnostics: readonly Diagnostic[]): PromotionPlan {
  return {
    from: options.from,
    to: options.to,
    file: "",
    before: "",
    after: "",
    promoted: [],
    outputs: [],
    diagnostics,
  };
}
