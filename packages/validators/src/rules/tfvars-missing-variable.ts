import { dirOf } from "../model.ts";
import { tfvarsBindings, variablePosition } from "../_terraform.ts";
import { finding, type Rule } from "../rule.ts";

export const tfvarsMissingVariable: Rule = {
  id: "tfvars-missing-variable",
  severity: "error",
  description:
    "A tfvars file sets every required variable (no `default`) of its module, counting the module's own `terraform.tfvars` and `*.auto.tfvars`, which Terraform loads automatically.",
  fix: "Set the variable in the tfvars file, or give it a default in variables.tf.",
  check(ctx) {
    return ctx.repos.flatMap((repo) => {
      const bindings = tfvarsBindings(repo);
      return bindings.flatMap(({ tfvars, moduleDir, variables }) => {
        const auto = bindings.filter(
          (b) =>
            dirOf(b.tfvars.rel) === moduleDir &&
            /(^|\/)(terraform\.tfvars(\.json)?|[^/]*\.auto\.tfvars(\.json)?)$/.test(b.tfvars.rel),
        );
        const set = new Set([...Object.keys(tfvars.json), ...auto.flatMap((b) => Object.keys(b.tfvars.json))]);
        return [...variables.values()]
          .filter((v) => v.required && !set.has(v.name))
          .map((v) =>
            finding(this, {
              file: tfvars.file,
              span: { line: 1, column: 1 },
              path: v.name,
              message: `required variable "${v.name}" of module ${moduleDir || "."} is not set`,
              related: [
                {
                  file: v.file.file,
                  span: variablePosition(v.file.text, v.name),
                  message: "declared here without a default",
                },
              ],
            }),
          );
      });
    });
  },
};
