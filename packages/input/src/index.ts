export type { GlobOptions } from "./glob.ts";
export { globToRegExp } from "./glob.ts";
export { schemaKeysAt } from "./schema-keys.ts";
export type { YamlPathSpanOptions, YamlPositions } from "./yaml-path-span.ts";
export { lineStartsOf, yamlPathSpan } from "./yaml-path-span.ts";
export type { SpanLocator, UnknownKey, ZodIssueDiagnosticsOptions, ZodIssueText } from "./zod-issues.ts";
export { zodIssuesToDiagnostics } from "./zod-issues.ts";
