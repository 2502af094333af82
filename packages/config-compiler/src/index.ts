export { compileConfig, listEnvironments } from "./compile.ts";
export { declaredVariables } from "./emit-outputs.ts";
export type {
  CompileInput,
  CompileOptions,
  CompileResult,
  EnvironmentResult,
  FileChange,
  RequiredVariable,
} from "./compile-types.ts";
export { hclString, renderJson, renderTfvarsHcl, renderTfvarsJson } from "./emit-tfvars.ts";
export { renderHelmValues } from "./emit-values.ts";
export { planHelmSecrets, readSopsSecret } from "./helm-secrets.ts";
export type { HelmSecretSpec, SecretReference } from "./helm-secrets.ts";
export type { ValuesTemplate } from "./emit-values.ts";
export { renderFinalConfig } from "./emit-yaml.ts";
export { explainComponentKey, explainKey, formatExplain } from "./explain.ts";
export type { ExplainResult, ExplainStep } from "./explain.ts";
export { interpolateConfig } from "./interpolate.ts";
export { loadCompileInput } from "./load.ts";
export { mergeLayers } from "./merge.ts";
export { parseConfigYaml, parseLayer } from "./parse.ts";
export { parseProjectConfig } from "./project.ts";
export { COMPILE_MANIFEST, runCompile, runExplain } from "./run.ts";
export { planAffected, runAffected } from "./affected.ts";
export type { AffectedEnvironment, AffectedReport, RunAffectedOptions } from "./affected.ts";
export type { CompileReport, EnvironmentReport, RunCompileOptions, RunExplainOptions } from "./run.ts";
export { projectConfigJsonSchema, projectConfigSchema } from "./schema.ts";
export type { ProjectConfig } from "./schema.ts";
export { checkLayerShape, suggestKey } from "./shape.ts";
export { nodeAt, toPlain } from "./tree.ts";
export type { ConfigLayer, ConfigNode, ListStrategy, MapNode, Origin } from "./tree.ts";
export { renderCheckMarkdown, planCheckDiagram } from "./check-markdown.ts";
export type { CheckMarkdownOptions, CheckReport } from "./check-markdown.ts";
export { checkPromotionRules, planEnvironmentPromotion, planValuesPromotion, promotionRulesOf } from "./promote.ts";
export type { OutputDiff, PromoteOptions, PromotionPlan, PromotionRules } from "./promote.ts";
export type { PromotedValue } from "./promote-values.ts";
export { loadPromotion } from "./promote-load.ts";
export type { LoadPromotionOptions } from "./promote-load.ts";
export { formatPromotion } from "./promote-report.ts";
