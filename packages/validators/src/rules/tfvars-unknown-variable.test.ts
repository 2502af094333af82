import { testRule, y } from "../_rule-test.ts";
import { tfvarsUnknownVariable } from "./tfvars-unknown-variable.ts";

const vars = y('variable "node_count" {', "  type = number", "}", 'variable "name" {', "  type = string", "}");

testRule(tfvarsUnknownVariable, {
  valid: [
    {
      name: "declared variables; module found in a parent directory",
      files: { "tf/variables.tf": vars, "tf/env/prod/terraform.tfvars": y("node_count = 3", 'name = "x"') },
    },
    { name: "a tfvars without any module is not checked", files: { "x.tfvars": y("a = 1") } },
  ],
  invalid: [
    {
      name: "typo with a suggestion (HCL)",
      files: { "tf/variables.tf": vars, "tf/terraform.tfvars": y('name = "x"', "node_cuont = 3") },
      errors: [{ file: "repo/tf/terraform.tfvars", line: 2, column: 1, message: 'Did you mean "node_count"' }],
    },
    {
      name: "JSON tfvars",
      files: { "tf/variables.tf": vars, "tf/x.tfvars.json": '{\n  "name": "x",\n  "extra": 1\n}\n' },
      errors: [{ file: "repo/tf/x.tfvars.json", line: 3, column: 3 }],
    },
  ],
});
