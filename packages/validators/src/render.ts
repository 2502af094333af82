import { formatDiagnostic, summarizeDiagnostics, type Diagnostic } from "@infraflux/diagnostics";
import { fenceMermaid } from "@infraflux/mermaid";
import type { ValidationReport } from "./validate.ts";

/** The summary line: counts of findings, files and objects, and the kinds that had no schema. */
export function renderSummary(report: ValidationReport): string {
  const s = report.stats;
  const infos = report.diagnostics.filter((d) => d.severity === "info").length;
  const unknown = s.unknownKinds.reduce((n, k) => n + k.count, 0);
  return `${summarizeDiagnostics(report.diagnostics)}, ${infos} info — ${s.repositories} repositor${s.repositories === 1 ? "y" : "ies"}, ${s.files} files, ${s.objects} objects (${s.schemaValidated} schema-validated, ${unknown} of ${s.unknownKinds.length} unknown kind${s.unknownKinds.length === 1 ? "" : "s"})${s.templateFiles > 0 ? `, skipped ${s.templateFiles} template file${s.templateFiles === 1 ? "" : "s"}` : ""}${report.suppressed.length > 0 ? `, ${report.suppressed.length} suppressed` : ""}`;
}

/** `--format json`: stable, machine-readable. A finding explained by a graph carries it as `diagram` (Mermaid source). */
export function renderJsonReport(report: ValidationReport): unknown {
  const count = (sev: string) => report.diagnostics.filter((d) => d.severity === sev).length;
  return {
    ok: count("error") === 0,
    summary: { errors: count("error"), warnings: count("warning"), infos: count("info") },
    stats: report.stats,
    diagnostics: report.diagnostics.map((d) => {
      const diagram = report.diagrams.get(d);
      return diagram === undefined ? d : { ...d, diagram };
    }),
    ...(report.suppressed.length > 0
      ? {
          suppressed: report.suppressed.map((s) => ({
            ...s.diagnostic,
            suppression: { kind: s.kind, justification: s.justification },
          })),
        }
      : {}),
  };
}

/**
 * The diagram explaining a finding, for a terminal, printed after the finding: a caption and a fenced
 * ```mermaid block, unindented so that it pastes as is into a pull request or Markdown file, where it is drawn.
 */
export function renderFindingDiagram(report: ValidationReport, finding: Diagnostic): string | undefined {
  const diagram = report.diagrams.get(finding);
  if (diagram === undefined) return undefined;
  return `  dependsOn graph, arrows from prerequisite to dependent, the cycle in red (Mermaid: GitHub and GitLab draw it in Markdown):\n${fenceMermaid(diagram)}`;
}

/** Findings one per line (`file:line:col severity [code] message`), each followed by its diagram if it has one. */
export function renderFindings(report: ValidationReport): string {
  return report.diagnostics.map((d) => `${formatDiagnostic(d)}\n${renderFindingDiagram(report, d) ?? ""}`).join("");
}

const level = (s: Diagnostic["severity"]) => (s === "info" ? "note" : s);

/** `--format sarif`: SARIF 2.1.0, one run, so CI systems can annotate pull requests. */
export function renderSarif(report: ValidationReport): unknown {
  const ruleIds = report.rules.map((r) => r.id);
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "infraflux-validate",
            version: "0.1.0",
            rules: report.rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              help: { text: r.fix },
              defaultConfiguration: { level: level(r.severity) },
            })),
          },
        },
        results: [
          ...report.diagnostics.map((d) => sarifResult(d, ruleIds)),
          ...report.suppressed.map((s) => ({
            ...sarifResult(s.diagnostic, ruleIds),
            suppressions: [{ kind: s.kind, justification: s.justification }],
          })),
        ],
      },
    ],
  };
}

function sarifResult(d: Diagnostic, ruleIds: readonly string[]): Record<string, unknown> {
  return {
    ruleId: d.code,
    ...(ruleIds.includes(d.code) ? { ruleIndex: ruleIds.indexOf(d.code) } : {}),
    level: level(d.severity),
    message: { text: d.hint ? `${d.message} (${d.hint})` : d.message },
    ...(d.file
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(d.file) },
                ...(d.span ? { region: { startLine: d.span.line, startColumn: d.span.column } } : {}),
              },
            },
          ],
        }
      : {}),
    ...(d.related && d.related.length > 0
      ? {
          relatedLocations: d.related.map((r, id) => ({
            id,
            message: { text: r.message },
            physicalLocation: {
              artifactLocation: { uri: encodeURI(r.file) },
              ...(r.span ? { region: { startLine: r.span.line, startColumn: r.span.column } } : {}),
            },
          })),
        }
      : {}),
  };
}
