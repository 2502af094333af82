import { InternalError, type Diagnostic } from "@infraflux/diagnostics";
import { planAppliedModel, type AppliedModel } from "./_entry-points.ts";
import { isKustomizationPath } from "./_kustomize.ts";
import { planCrdSchemas, type CrdSchemas } from "./_crd-schemas.ts";
import { hasSchema } from "./_schemas.ts";
import { applySuppressions, type SuppressedFinding } from "./_suppressions.ts";
import type { RulesConfig } from "./config.ts";
import type { Repository } from "./model.ts";
import { rules as allRules } from "./registry.ts";
import type { KustomizeBuild, Rule, RuleContext } from "./rule.ts";
import { schemaSubjects } from "./rules/schema-invalid.ts";

export interface UnknownKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly count: number;
}

export interface ValidationStats {
  readonly repositories: number;
  readonly files: number;
  readonly yamlDocuments: number;
  readonly objects: number;
  readonly schemaValidated: number;
  readonly unknownKinds: readonly UnknownKind[];
  /** How many template files (Helm, Jinja, Go templates) were skipped, not validated. */
  readonly templateFiles: number;
}

export interface ValidationReport {
  /** Sorted by file, line, column, code. */
  readonly diagnostics: readonly Diagnostic[];
  readonly stats: ValidationStats;
  /** The rules that ran, with the severities in effect. */
  readonly rules: readonly Rule[];
  /** Findings a suppression silenced (not in `diagnostics`, not counted for the exit code). */
  readonly suppressed: readonly SuppressedFinding[];
  /** Mermaid flowcharts explaining some findings (a dependsOn cycle as a graph), keyed by finding. */
  readonly diagrams: ReadonlyMap<Diagnostic, string>;
}

/** Runs every enabled rule over loaded repositories. Pure: the same repositories give the same report. */
export function validateRepositories(
  repos: readonly Repository[],
  config: RulesConfig,
  builds: readonly KustomizeBuild[] = [],
  rules: readonly Rule[] = allRules,
): ValidationReport {
  const applied = planAppliedModel(repos);
  const crds = planCrdSchemas(repos);
  const ctx: RuleContext = { repos: appliedView(repos, applied), boundaries: config.boundaries, builds, applied, crds };
  const active = rules.flatMap((r) => {
    const s = config.severities[r.id];
    if (s === "off") return [];
    return [s ? { ...r, severity: s } : r];
  });
  const regraded = (id: string) => config.severities[id] !== undefined;
  const diagnostics: Diagnostic[] = [];
  const diagrams = new Map<Diagnostic, string>();
  for (const rule of active) {
    let found: readonly Diagnostic[];
    let pictures: readonly (string | undefined)[];
    try {
      found = rule.check(ctx);
      pictures = found.length > 0 && rule.diagrams ? rule.diagrams(ctx) : [];
    } catch (error) {
      throw new InternalError(`rule ${rule.id} failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    if (pictures.length > 0 && pictures.length !== found.length) {
      throw new InternalError(`rule ${rule.id} drew ${pictures.length} diagrams for ${found.length} findings`);
    }
    for (const [i, d] of found.entries()) {
      const finding = regraded(rule.id) && d.severity !== rule.severity ? { ...d, severity: rule.severity } : d;
      diagnostics.push(finding);
      const picture = pictures[i];
      if (picture !== undefined) diagrams.set(finding, picture);
    }
  }
  let stats: ValidationStats | undefined;
  const { kept, suppressed } = applySuppressions(diagnostics, repos, config);
  return {
    diagnostics: sortDiagnostics(kept),
    suppressed,
    // Computed on first access: it needs the schema registry, which runs without schema rules need not load.
    get stats() {
      return (stats ??= computeStats(ctx.repos, applied, crds));
    },
    rules: active,
    diagrams,
  };
}

/**
 * The repositories as the rules see them: in a repository with entry points, documents of files no entry point
 * applies are left out (they were parsed, so YAML problems are still reported); other repositories stay whole.
 */
function appliedView(repos: readonly Repository[], applied: AppliedModel): Repository[] {
  return repos.map((repo) => {
    const reached = applied.reached.get(repo);
    if (!reached) return repo;
    const keep = (doc: { rel: string; value: unknown }) =>
      reached.has(doc.rel) || (!isKustomizationPath(doc.rel) && !isK8sValue(doc.value));
    return { ...repo, docs: repo.docs.filter(keep), objects: repo.objects.filter((o) => keep(o.doc)) };
  });
}

function isK8sValue(v: unknown): boolean {
  return typeof v === "object" && v !== null && "apiVersion" in v && "kind" in v;
}

export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      compare(a.file ?? "", b.file ?? "") ||
      (a.span?.line ?? 0) - (b.span?.line ?? 0) ||
      (a.span?.column ?? 0) - (b.span?.column ?? 0) ||
      compare(a.code, b.code) ||
      compare(a.message, b.message),
  );
}

/** Code-unit order: the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function computeStats(repos: readonly Repository[], applied: AppliedModel, crds: CrdSchemas): ValidationStats {
  const unknown = new Map<string, UnknownKind>();
  let validated = 0;
  for (const repo of repos) {
    for (const o of schemaSubjects(repo, applied)) {
      if (hasSchema(o.apiVersion, o.kind, crds)) {
        validated++;
        continue;
      }
      const key = `${o.apiVersion} ${o.kind}`;
      const prev = unknown.get(key);
      unknown.set(key, { apiVersion: o.apiVersion, kind: o.kind, count: (prev?.count ?? 0) + 1 });
    }
  }
  return {
    repositories: repos.length,
    files: repos.reduce((n, r) => n + r.files.size, 0),
    yamlDocuments: repos.reduce((n, r) => n + r.docs.length, 0),
    objects: repos.reduce((n, r) => n + r.objects.length, 0),
    schemaValidated: validated,
    templateFiles: repos.reduce((n, r) => n + r.templateFiles.length, 0),
    unknownKinds: [...unknown.values()].sort((a, b) =>
      compare(`${a.apiVersion} ${a.kind}`, `${b.apiVersion} ${b.kind}`),
    ),
  };
}
