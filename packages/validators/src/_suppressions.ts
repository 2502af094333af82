import type { Diagnostic } from "@infraflux/diagnostics";
import type { ParsedYamlDoc } from "./_yaml.ts";
import { globToRegExp } from "@infraflux/input";
import type { RulesConfig } from "./config.ts";
import { displayPath, isRecord, type InlineSuppression, type Repository } from "./model.ts";

const COMMENT = /#\s*infraflux-ignore:\s*([a-z0-9][a-z0-9-]*)\s*(.*)$/;
export const IGNORE_ANNOTATION = "validate.infraflux.io/ignore";

/**
 * Suppressions written in a YAML file. `# infraflux-ignore: <rule-id> <reason>`: at the end of a line it covers
 * that line; alone on a line it covers the next line, or, above a document's first key, the whole object. The
 * annotation `validate.infraflux.io/ignore: <rule-id>[,<rule-id>…]` covers its object.
 */
export function planInlineSuppressions(rel: string, text: string, docs: readonly ParsedYamlDoc[]): InlineSuppression[] {
  const out: InlineSuppression[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const m = COMMENT.exec(line);
    if (!m) return;
    const n = i + 1;
    const reason = m[2]!.trim() || "no reason given";
    const alone = line.slice(0, m.index).trim() === "";
    const doc = alone
      ? docs.find((d) => d.lines.start <= n + 1 && firstContentLine(lines, d.lines.start) > n)
      : undefined;
    const [from, to] = doc ? [doc.lines.start, doc.lines.end] : alone ? [n + 1, n + 1] : [n, n];
    out.push({ rel, rule: m[1]!, reason, from, to, source: "comment" });
  });
  for (const d of docs) {
    const meta = isRecord(d.value) && isRecord(d.value.metadata) ? d.value.metadata : {};
    const value = isRecord(meta.annotations) ? meta.annotations[IGNORE_ANNOTATION] : undefined;
    if (typeof value !== "string") continue;
    for (const rule of value.split(/[\s,]+/).filter((r) => r !== ""))
      out.push({
        rel,
        rule,
        reason: `annotation ${IGNORE_ANNOTATION}`,
        from: d.lines.start,
        to: d.lines.end,
        source: "annotation",
      });
  }
  return out;
}

/** The first line at or after `start` that is not blank, a comment or a `---` marker. */
function firstContentLine(lines: readonly string[], start: number): number {
  for (let i = start - 1; i < lines.length; i++) {
    const t = (lines[i] ?? "").trim();
    if (t !== "" && !t.startsWith("#") && t !== "---") return i + 1;
  }
  return lines.length + 1;
}

/** A finding that a suppression silenced: kept for SARIF (`suppressions`) and counted in the summary. */
export interface SuppressedFinding {
  readonly diagnostic: Diagnostic;
  /** SARIF's kinds: `inSource` (a comment or annotation in the file), `external` (the rules file). */
  readonly kind: "inSource" | "external";
  readonly justification: string;
}

/** Splits findings into kept and suppressed (rules-file `exclude`/`ignore`, inline comments, annotations). Pure. */
export function applySuppressions(
  diagnostics: readonly Diagnostic[],
  repos: readonly Repository[],
  config: Pick<RulesConfig, "exclude" | "ignore" | "file">,
): { kept: Diagnostic[]; suppressed: SuppressedFinding[] } {
  const byFile = new Map<string, { repo: Repository; rel: string }>();
  for (const repo of repos) for (const rel of repo.files) byFile.set(displayPath(repo.label, rel), { repo, rel });
  const excludes = config.exclude.map((g) => globToRegExp(g));
  const ignores = config.ignore.map((g) => ({ ...g, res: g.paths.map((p) => globToRegExp(p)) }));
  const inline = new Map<string, InlineSuppression[]>();
  for (const repo of repos)
    for (const s of repo.suppressions) {
      const key = displayPath(repo.label, s.rel);
      inline.set(key, [...(inline.get(key) ?? []), s]);
    }
  const source = config.file ? `rules file ${config.file}` : "rules file";
  const kept: Diagnostic[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const d of diagnostics) {
    const at = d.file !== undefined ? byFile.get(d.file) : undefined;
    const line = d.span?.line;
    const comment =
      line === undefined
        ? undefined
        : inline
            .get(d.file ?? "")
            ?.find((s) => (s.rule === d.code || s.rule === "all") && line >= s.from && line <= s.to);
    const ignore = at ? ignores.find((g) => g.rule === d.code && g.res.some((r) => r.test(at.rel))) : undefined;
    if (comment) suppressed.push({ diagnostic: d, kind: "inSource", justification: comment.reason });
    else if (at && excludes.some((r) => r.test(at.rel)))
      suppressed.push({ diagnostic: d, kind: "external", justification: `path excluded by the ${source}` });
    else if (ignore) suppressed.push({ diagnostic: d, kind: "external", justification: ignore.reason });
    else kept.push(d);
  }
  return { kept, suppressed };
}
