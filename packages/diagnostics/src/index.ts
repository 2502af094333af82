export type { Diagnostic, RelatedLocation, Result, Severity, SourceSpan } from "./diagnostic.ts";
export { fail, hasErrors, ok } from "./diagnostic.ts";
export { EnvironmentError, InputError, InternalError, inputError } from "./errors.ts";
export { formatCodeFrame, formatDiagnostic, summarizeDiagnostics } from "./format.ts";
export { closestMatch, spanAt } from "./yaml-positions.ts";
