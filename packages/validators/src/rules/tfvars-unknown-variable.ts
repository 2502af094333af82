import { closestMatch } from "@infraflux/diagnostics";
import { tfPosition, tfvarsBindings } from "../_terraform.ts";
import { finding, type Rule } from "../rule.ts";

export const tfvarsUnknownVariable: Rule = {
  id: "tfvars-unknown-variable",
  severity: "warning",
  description:
    "Every variable a `.tfvars`/`.tfvars.json` file sets is declared by the `variables.tf` of its module (the nearest directory at or above it with `variable` blocks). A warning, as `terraform plan` treats it; a typo silently leaves the default in place.",
  fix: "Rename the assignment to the declared variable (the message suggests the closest) or declare the variable.",
  check(ctx) {
    return ctx.repos.flatMap((repo) =>
      tfvarsBindings(repo).flatMap(({ tfvars, moduleDir, variables }) =>
        Object.keys(tfvars.json)
          .filter((name) => !variables.has(name))
          .map((name) => {
            const guess = closestMatch(name, variables.keys());
            return finding(this, {
              file: tfvars.file,
              span: tfPosition(tfvars.text, name, tfvars.rel.endsWith(".json")),
              path: name,
              message: `variable "${name}" is not declared in ${moduleDir ? `module ${moduleDir}` : "the repository's root module"}${guess ? `. Did you mean "${guess}"?` : ""}`,
            });
          }),
      ),
    );
  },
};
