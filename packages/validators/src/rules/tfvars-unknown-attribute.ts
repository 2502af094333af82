import { checkTfValue, declaredTfvarsValues, tfAttributePosition } from "../_terraform.ts";
import { finding, type Rule } from "../rule.ts";

export const tfvarsUnknownAttribute: Rule = {
  id: "tfvars-unknown-attribute",
  severity: "warning",
  description:
    "An object value in a tfvars file sets no attribute its `object({...})` type does not declare; Terraform drops such attributes silently, so they are usually typos.",
  fix: "Rename the attribute to a declared one or remove it.",
  check(ctx) {
    return declaredTfvarsValues(ctx.repos).flatMap(({ tfvars, name, value, variable }) =>
      checkTfValue(value, variable.type)
        .filter((p) => p.kind === "unknown-attribute")
        .map((p) =>
          finding(this, {
            file: tfvars.file,
            span: tfAttributePosition(tfvars.text, name, p.path, tfvars.rel.endsWith(".json")),
            path: [name, ...p.path].join("."),
            message: `variable "${name}": ${p.message}`,
          }),
        ),
    );
  },
};
