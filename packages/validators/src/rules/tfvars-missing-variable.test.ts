import { testRule, y } from "../_rule-test.ts";
import { tfvarsMissingVariable } from "./tfvars-missing-variable.ts";

const vars = y('variable "name" {', "  type = string", "}", 'variable "size" {', "  default = 3", "}");

testRule(tfvarsMissingVariable, {
  valid: [
    { name: "required set, optional defaulted", files: { "m/variables.tf": vars, "m/prod.tfvars": y('name = "x"') } },
    {
      name: "required set by the module's auto-loaded terraform.tfvars",
      files: { "m/variables.tf": vars, "m/terraform.tfvars": y('name = "x"'), "m/extra.tfvars": y("size = 4") },
    },
  ],
  invalid: [
    {
      name: "required variable missing",
      files: { "m/variables.tf": vars, "m/prod.tfvars": y("size = 4") },
      errors: [{ file: "repo/m/prod.tfvars", line: 1, column: 1, message: '"name"' }],
    },
  ],
});
