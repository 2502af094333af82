export type { Diagnostic, RelatedLocation, Result, Severity, SourceSpan } from "./diagnostic.ts";
export { dedupeDiagnostics, fail, hasErrors, ok } from "./diagnostic.ts";
export { EnvironmentError, InputError, InternalError, inputError } from "./errors.ts";
export type { FormatDiagnosticsOptions } from "./format.ts";
export { formatCodeFrame, formatDiagnostic, formatDiagnostics, summarizeDiagnostics } from "./format.ts";
export { closestMatch, spanAt } from "./yaml-positions.ts";
