/** A 1-based position range inside one file. */
export interface SourceSpan {
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

export type Severity = "error" | "warning" | "info";

export interface RelatedLocation {
  readonly file: string;
  readonly span?: SourceSpan;
  readonly message: string;
}

/** A problem in the user's input. Collected and reported together, never thrown one at a time. */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Repository-relative (or as given by the user) path of the file the problem is in. */
  readonly file?: string;
  readonly span?: SourceSpan;
  /** Dot path into the document, e.g. `rules.3.from`. */
  readonly path?: string;
  readonly hint?: string;
  readonly related?: readonly RelatedLocation[];
}

export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

export function ok<T>(value: T, diagnostics: readonly Diagnostic[] = []): Result<T> {
  return { ok: true, value, diagnostics };
}

export function fail<T>(diagnostics: readonly Diagnostic[]): Result<T> {
  return { ok: false, diagnostics };
}

/** Keeps the first of diagnostics that share code, file, position and message (order otherwise kept). */
export function dedupeDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}|${d.file}|${d.span?.line}|${d.span?.column}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
