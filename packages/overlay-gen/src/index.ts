export type { FileChange, KustomizationPatchRef } from "./emit.ts";
export type {
  ClusterInput,
  ClusterLines,
  ExtractPlan,
  ExtractReport,
  ObjectPlacement,
  Placement,
} from "./extract-base.ts";
export { planExtraction } from "./extract-base.ts";
export type { ExtractOptions } from "./read-clusters.ts";
export { extractOverlays, readClusterDir } from "./read-clusters.ts";
export type { JsonPatchOp, ObjectPatch } from "./patch.ts";
export { applyObjectPatch, diffObjects, intersectTrees } from "./patch.ts";
export type { YMap, YNode, YScalar, YSeq } from "./yaml-tree.ts";
export { jsToTree, nodesEqual, parseTrees, renderYaml } from "./yaml-tree.ts";
export type { Engine, GenerateOptions, GeneratePlan } from "./generate.ts";
export { generateOverlays, planOverlays } from "./generate.ts";
export type { PhaseInfo } from "./phases.ts";
export { planPhases } from "./phases.ts";
export type { ClusterSpec, ComponentSpec, OverlaySpec, Phase } from "./spec-schema.ts";
export { overlaySpecJsonSchema, PHASES } from "./spec-schema.ts";
export type { ClusterVerification } from "./verify.ts";
export { runKustomize, runVerifyExtraction } from "./verify.ts";
export type { AppType, NewAppOptions } from "./new-app.ts";
export { APP_TYPES, planNewApp } from "./new-app.ts";
export type { ScaffoldAppOptions } from "./read-platform.ts";
export { scaffoldApp } from "./read-platform.ts";
