import type { Diagnostic, Severity } from "@infraflux/diagnostics";
import { closestMatch } from "@infraflux/diagnostics";
import { globToRegExp, zodIssuesToDiagnostics } from "@infraflux/input";
import { z } from "zod";
import { parseYamlFile } from "./_yaml.ts";
import type { RepositoryRole } from "./model.ts";

const severity = z.enum(["error", "warning", "info", "off"]);
const forbid = z.strictObject({
  kinds: z.array(z.string()).default([]),
  paths: z.array(z.string()).default([]),
});
const ruleIgnore = z.strictObject({
  rule: z.string(),
  paths: z.array(z.string()).default(["**"]),
  reason: z.string().min(1, "give the reason for ignoring the rule"),
});
const rulesFileSchema = z.strictObject({
  rules: z.record(z.string(), severity).default({}),
  exclude: z.array(z.string()).default([]),
  ignore: z.array(ruleIgnore).default([]),
  boundaries: z
    .strictObject({
      repositories: z
        .array(z.strictObject({ match: z.string(), role: z.enum(["infrastructure", "platform"]) }))
        .optional(),
      roles: z
        .strictObject({
          infrastructure: z.strictObject({ forbid }).optional(),
          platform: z.strictObject({ forbid }).optional(),
        })
        .optional(),
    })
    .optional(),
});

export interface RoleBoundary {
  /** `apiVersion-group/Kind` globs (`argoproj.io/*`, `*.cluster.x-k8s.io/*`) that may not appear. */
  readonly kinds: readonly string[];
  /** Path globs (`terraform/**`, `**\/*.tf`) that may not exist. */
  readonly paths: readonly string[];
}

export interface BoundaryConfig {
  /** Directory-name globs mapped to roles; the first match wins. */
  readonly repositories: readonly { readonly match: string; readonly role: "infrastructure" | "platform" }[];
  readonly infrastructure: RoleBoundary;
  readonly platform: RoleBoundary;
}

/** A rule ignored in some paths, and why (kube-linter's per-check ignore). */
export interface RuleIgnore {
  readonly rule: string;
  /** Repository-relative path globs (default: everywhere). */
  readonly paths: readonly string[];
  readonly reason: string;
}

export interface RulesConfig {
  /** Per-rule severity overrides; "off" disables a rule. */
  readonly severities: Readonly<Record<string, Severity | "off">>;
  readonly boundaries: BoundaryConfig;
  /** Repository-relative path globs whose findings are suppressed. */
  readonly exclude: readonly string[];
  readonly ignore: readonly RuleIgnore[];
  /** The rules file, named in the justification of the suppressions it makes. */
  readonly file?: string;
}

/**
 * Defaults from the component migration matrix: ArgoCD apps, monitoring and ingress move to platform-gitops;
 * Terraform, cluster definitions (Cluster API) and Talos stay in infraflux.
 */
export const defaultBoundaries: BoundaryConfig = {
  repositories: [
    // The names the splitter's matrix gives its targets; a broader glob (`*infra*`) would hold any team's
    // `d2-infra` or `infra-live` to our split's boundaries.
    { match: "platform-gitops*", role: "platform" },
    { match: "infraflux*", role: "infrastructure" },
  ],
  infrastructure: {
    kinds: ["argoproj.io/*", "monitoring.coreos.com/*"],
    paths: ["gitops/argocd/**", "platform/**", "argocd/**", "observability/**"],
  },
  platform: {
    kinds: ["cluster.x-k8s.io/*", "*.cluster.x-k8s.io/*"],
    paths: ["**/*.tf", "**/*.tfvars", "**/*.tfvars.json", "**/.terraform.lock.hcl", "terraform/**"],
  },
};

export const defaultRulesConfig: RulesConfig = {
  severities: {},
  boundaries: defaultBoundaries,
  exclude: [],
  ignore: [],
};

/** Validates a `--rules` file: unknown rule ids and keys are diagnostics with positions. */
export function parseRulesConfig(
  file: string,
  text: string,
  knownRuleIds: readonly string[],
): { config?: RulesConfig; diagnostics: readonly Diagnostic[] } {
  const parsed = parseYamlFile(file, text);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  const doc = parsed.docs[0];
  const result = rulesFileSchema.safeParse(doc?.value ?? {});
  if (!result.success) {
    return {
      diagnostics: zodIssuesToDiagnostics(result.error.issues, {
        schema: rulesFileSchema,
        file,
        codes: { unknownKey: "rules-file-invalid", invalid: "rules-file-invalid" },
        ...(doc ? { spanOf: (path, { key }) => doc.spanOf(path, key) } : {}),
      }),
    };
  }
  const diagnostics: Diagnostic[] = [];
  const unknownRule = (id: string, at: (string | number)[], key: boolean) => {
    if (knownRuleIds.includes(id)) return;
    const guess = closestMatch(id, knownRuleIds);
    diagnostics.push({
      code: "rules-file-invalid",
      severity: "error",
      file,
      ...(doc ? { span: doc.spanOf(at, key) } : {}),
      path: at.join("."),
      message: `unknown rule "${id}".${guess ? ` Did you mean "${guess}"?` : ""}`,
    });
  };
  for (const id of Object.keys(result.data.rules)) unknownRule(id, ["rules", id], true);
  result.data.ignore.forEach((g, i) => unknownRule(g.rule, ["ignore", i, "rule"], false));
  if (diagnostics.length > 0) return { diagnostics };
  const b = result.data.boundaries;
  return {
    config: {
      severities: result.data.rules,
      exclude: result.data.exclude,
      ignore: result.data.ignore,
      file,
      boundaries: {
        repositories: b?.repositories ?? defaultBoundaries.repositories,
        infrastructure: b?.roles?.infrastructure?.forbid ?? defaultBoundaries.infrastructure,
        platform: b?.roles?.platform?.forbid ?? defaultBoundaries.platform,
      },
    },
    diagnostics: [],
  };
}

/** The role of a repository from its directory name and the boundary config. */
export function detectRole(dirName: string, boundaries: BoundaryConfig): RepositoryRole {
  for (const r of boundaries.repositories) if (globToRegExp(r.match).test(dirName)) return r.role;
  return "unknown";
}
