export { parseMatrix } from "./matrix/matrix.ts";
export type { MatrixResult } from "./matrix/matrix.ts";
export type {
  AnsiblePlaybook,
  Destination,
  DocumentCondition,
  Matrix,
  MatrixRule,
  RuleEffect,
  SplitCase,
  UnmappedPolicy,
} from "./matrix/matrix-types.ts";
export { renderMatrixJsonSchema } from "./matrix/matrix-schema.ts";
export { mapPath, PathMapper } from "./matrix/plan.ts";
export type { PathMapping, TargetPath } from "./matrix/plan.ts";
export type { PathPattern } from "./matrix/path-pattern.ts";
export { runSplit } from "./split.ts";
export type { SplitOptions, SplitResult } from "./split.ts";
export { LayoutIndex } from "./migration/layout-index.ts";
export type {
  MigrationFileChange,
  MigrationRewrite,
  MigrationRewriteInput,
  MigrationRewriter,
} from "./migration/migration-rewriter.ts";
export type { ReferenceEdit, ReferenceKind, ReferenceProblem } from "./migration/reference-types.ts";
export { renderReportMarkdown } from "./report/report.ts";
export { planSplitDiagram, renderSplitDiagram } from "./report/report-diagram.ts";
export type { SplitDiagramOptions } from "./report/report-diagram.ts";
export type { PlanWarning, RuleReport, SplitReport, TargetReport } from "./report/report-types.ts";
export type { SignatureCount } from "./history/signatures.ts";
export { runVerify } from "./verify/verify.ts";
export type { VerifyOptions, VerifyResult } from "./verify/verify.ts";
