import type { Rule } from "./rule.ts";
import { argocdPathExists } from "./rules/argocd-path-exists.ts";
import { argocdProjectExists } from "./rules/argocd-project-exists.ts";
import { boundaryViolation } from "./rules/boundary-violation.ts";
import { fileNotApplied } from "./rules/file-not-applied.ts";
import { fileUnreadable } from "./rules/file-unreadable.ts";
import { fluxDependsOnCycle } from "./rules/flux-depends-on-cycle.ts";
import { fluxDependsOnExists } from "./rules/flux-depends-on-exists.ts";
import { fluxDependsOnWait } from "./rules/flux-depends-on-wait.ts";
import { fluxPathExists } from "./rules/flux-path-exists.ts";
import { fluxSourceRefExists } from "./rules/flux-source-ref-exists.ts";
import { kustomizationBuild } from "./rules/kustomization-build.ts";
import { kustomizationCycle } from "./rules/kustomization-cycle.ts";
import { kustomizationIsFluxObject } from "./rules/kustomization-is-flux-object.ts";
import { kustomizationNoHelmCharts } from "./rules/kustomization-no-helm-charts.ts";
import { kustomizationOutsideRoot } from "./rules/kustomization-outside-root.ts";
import { kustomizationPathExists } from "./rules/kustomization-path-exists.ts";
import { kustomizationUnknownField } from "./rules/kustomization-unknown-field.ts";
import { schemaInvalid } from "./rules/schema-invalid.ts";
import { schemaUnknownField } from "./rules/schema-unknown-field.ts";
import { schemaUnknownKind } from "./rules/schema-unknown-kind.ts";
import { secretNotEncrypted } from "./rules/secret-not-encrypted.ts";
import { sopsCreationRuleCoverage } from "./rules/sops-creation-rule-coverage.ts";
import { symlinkOutsideTree } from "./rules/symlink-outside-tree.ts";
import { terraformSyntax } from "./rules/terraform-syntax.ts";
import { tfvarsMissingVariable } from "./rules/tfvars-missing-variable.ts";
import { tfvarsTypeMismatch } from "./rules/tfvars-type-mismatch.ts";
import { tfvarsUnknownAttribute } from "./rules/tfvars-unknown-attribute.ts";
import { tfvarsUnknownVariable } from "./rules/tfvars-unknown-variable.ts";
import { yamlAliasBomb } from "./rules/yaml-alias-bomb.ts";
import { yamlDuplicateKey } from "./rules/yaml-duplicate-key.ts";
import { yamlSyntax } from "./rules/yaml-syntax.ts";
import { yamlTabIndent } from "./rules/yaml-tab-indent.ts";

/** Every rule, in documentation order. */
export const rules: readonly Rule[] = [
  yamlSyntax,
  yamlDuplicateKey,
  yamlTabIndent,
  yamlAliasBomb,
  fileUnreadable,
  symlinkOutsideTree,
  fileNotApplied,
  terraformSyntax,
  schemaInvalid,
  schemaUnknownField,
  schemaUnknownKind,
  kustomizationPathExists,
  kustomizationUnknownField,
  kustomizationIsFluxObject,
  kustomizationOutsideRoot,
  kustomizationCycle,
  kustomizationNoHelmCharts,
  kustomizationBuild,
  fluxPathExists,
  fluxDependsOnExists,
  fluxDependsOnCycle,
  fluxDependsOnWait,
  fluxSourceRefExists,
  argocdPathExists,
  argocdProjectExists,
  secretNotEncrypted,
  sopsCreationRuleCoverage,
  boundaryViolation,
  tfvarsUnknownVariable,
  tfvarsMissingVariable,
  tfvarsTypeMismatch,
  tfvarsUnknownAttribute,
];
