export { parseMatrix } from "./matrix.ts";
export type {
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
export { compilePathPattern, matchPathPattern, comparePatternSpecificity } from "./path-pattern.ts";
export type { PathPattern } from "./path-pattern.ts";
export { cutYamlDocuments, splitFileContent } from "./split-documents.ts";
export { runSplit } from "./split.ts";
export { renderCommitMap } from "./split-state.ts";
export type { SplitOptions, SplitResult } from "./split.ts";
export { renderReportMarkdown } from "./report.ts";
export type { SplitReport, RuleReport, TargetReport } from "./report-types.ts";
export { rewriteFileReferences, sameRepository } from "./rewrite-refs.ts";
export { LayoutIndex } from "./layout-index.ts";
export type { ReferenceEdit, ReferenceProblem } from "./reference-types.ts";
export { runVerify } from "./verify.ts";
export type { VerifyOptions, VerifyResult } from "./verify.ts";
export type { SignatureCount } from "./signatures.ts";
export { planAnsibleMigration, ansibleDiagnostics } from "./ansible-migration.ts";
export type {
  AnsibleMigrationInput,
  AnsibleMigrationOptions,
  AnsibleMigrationPlan,
  AnsibleMigrationProblem,
} from "./ansible-migration.ts";
export { rewriteAnsibleReferences, isRoleMetaFile } from "./rewrite-ansible.ts";
export type {
  AnsibleReferenceEdit,
  AnsibleReferenceKind,
  AnsibleReferenceProblem,
  AnsibleRewriteResult,
  RoleResolution,
  RoleResolver,
} from "./rewrite-ansible.ts";
export { buildRoleMap, createRoleResolver } from "./ansible-roles.ts";
export type {
  AnsibleRole,
  RoleMap,
  RoleMapOptions,
  RoleMapProblem,
  RoleMerge,
  RoleResolverOptions,
} from "./ansible-roles.ts";
export { planLayeredPlaybooks, collectPlaybookRoles, isPlaybook, LAYER_PLAYBOOKS } from "./ansible-playbooks.ts";
export type {
  AnsiblePlanProblem,
  FileChange as AnsibleFileChange,
  LandedRole,
  LayeredPlaybookOptions,
  PlaybookName,
  PlaybookRoleUse,
} from "./ansible-playbooks.ts";
export { planRoleMerge } from "./ansible-role-merge.ts";
export type { RoleMergeInput, RoleMergePart } from "./ansible-role-merge.ts";
export { planAnsibleCfg, readRolesPath } from "./ansible-cfg.ts";
export { renderSplitDiagram, planSplitDiagram } from "./report-diagram.ts";
export type { SplitDiagramOptions } from "./report-diagram.ts";
