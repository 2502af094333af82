export type { ApplyOutputOptions } from "./apply-output.ts";
export { applyOutput, DEFAULT_MANIFEST, readOutputState, writeTwoPhase } from "./apply-output.ts";
export { unifiedDiff } from "./diff.ts";
export type { FileChange, FileDrift, OutputMode, OutputPlan, OutputResult, OutputState } from "./file-change.ts";
export type { PlanOutputOptions } from "./plan-output.ts";
export { isSafeRelativePath, parseManifest, planDrift, planOutput, renderManifest } from "./plan-output.ts";
