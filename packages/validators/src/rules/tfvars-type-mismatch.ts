import {
  checkTfValue,
  declaredTfvarsValues,
  formatTfType,
  tfAttributePosition,
  tfPosition,
  variablePosition,
} from "../_terraform.ts";
import { finding, type Rule } from "../rule.ts";

export const tfvarsTypeMismatch: Rule = {
  id: "tfvars-type-mismatch",
  severity: "error",
  description:
    "Every tfvars value converts to its variable's type (string, number, bool, list, set, map, object with optional attributes, tuple) under Terraform's conversion rules; required object attributes are present.",
  fix: "Change the value to the declared type, or change the type in variables.tf.",
  check(ctx) {
    return declaredTfvarsValues(ctx.repos).flatMap(({ tfvars, name, value, variable: v }) => {
      const span = tfPosition(tfvars.text, name, tfvars.rel.endsWith(".json"));
      if (value === null && !v.nullable)
        return [
          finding(this, {
            file: tfvars.file,
            span,
            path: name,
            message: `variable "${name}" is not nullable but is set to null`,
          }),
        ];
      return checkTfValue(value, v.type)
        .filter((p) => p.kind !== "unknown-attribute")
        .map((p) =>
          finding(this, {
            file: tfvars.file,
            span:
              p.path.length > 0 ? tfAttributePosition(tfvars.text, name, p.path, tfvars.rel.endsWith(".json")) : span,
            path: [name, ...p.path].join("."),
            message: `variable "${[name, ...p.path].join(".")}": ${p.message} (type ${formatTfType(v.type)})`,
            related: [{ file: v.file.file, span: variablePosition(v.file.text, name), message: "declared here" }],
          }),
        );
    });
  },
};
