import { testRule, y } from "../_rule-test.ts";
import { terraformSyntax } from "./terraform-syntax.ts";

testRule(terraformSyntax, {
  valid: [
    {
      name: "variables and tfvars",
      files: {
        "m/variables.tf": y('variable "a" {', "  type = string", "}"),
        "m/terraform.tfvars": y('a = "x"'),
        "m/x.tfvars.json": '{"a": "y"}\n',
      },
    },
  ],
  invalid: [
    {
      name: "unclosed block",
      files: { "m/main.tf": y('variable "a" {', "  type = string") },
      errors: [{ file: "repo/m/main.tf", line: 1, column: 14 }],
    },
    {
      name: "missing expression in tfvars",
      files: { "m/terraform.tfvars": y("a = ") },
      errors: [{ file: "repo/m/terraform.tfvars", line: 1, column: 5 }],
    },
    {
      name: "broken JSON tfvars",
      files: { "m/x.tfvars.json": "{ nope" },
      errors: [{ file: "repo/m/x.tfvars.json", line: 1, column: 1 }],
    },
  ],
});
