export { parseMatrix } from "./matrix.ts";
export type {
  AnsiblePlaybook,
  Destination,
  DocumentCondition,
  Matrix,
  MatrixResult,
  MatrixRule,
  RuleEffect,
  SplitCase,
  UnmappedPolicy,
} from "./matrix.ts";
export { renderMatrixJsonSchema } from "./matrix-schema.ts";
export { mapPath, PathMapper } from "./plan.ts";
export type { PathMapping, TargetPath } from "./plan.ts";
export type { PathPattern } from "./path-pattern.ts";
export { runSplit } from "./split.ts";
export type { SplitOptions, SplitResult } from "./split.ts";
export { LayoutIndex } from "./layout-index.ts";
export type {
  MigrationFileChange,
  MigrationRewrite,
  MigrationRewriteInput,
  MigrationRewriter,
} from "./migration-rewriter.ts";
export type { ReferenceEdit, ReferenceKind, ReferenceProblem } from "./reference-types.ts";
export { renderReportMarkdown } from "./report.ts";
export { planSplitDiagram, renderSplitDiagram } from "./report-diagram.ts";
export type { SplitDiagramOptions } from "./report-diagram.ts";
export type { PlanWarning, RuleReport, SplitReport, TargetReport } from "./report-types.ts";
export type { SignatureCount } from "./signatures.ts";
export { runVerify } from "./verify.ts";
export type { VerifyOptions, VerifyResult } from "./verify.ts";
