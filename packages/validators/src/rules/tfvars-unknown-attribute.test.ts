import { testRule, y } from "../_rule-test.ts";
import { tfvarsUnknownAttribute } from "./tfvars-unknown-attribute.ts";

const vars = y(
  'variable "node" {',
  "  type = object({ cpu = number, memory = optional(number) })",
  "}",
  'variable "free" {',
  "  type = map(any)",
  "}",
);

testRule(tfvarsUnknownAttribute, {
  valid: [
    {
      name: "declared attributes; maps are open",
      files: { "m/variables.tf": vars, "m/a.tfvars": y("node = { cpu = 2 }", "free = { anything = 1 }") },
    },
  ],
  invalid: [
    {
      name: "misspelt attribute",
      files: { "m/variables.tf": vars, "m/a.tfvars": y("node = {", "  cpu    = 2", "  memroy = 4", "}") },
      errors: [{ file: "repo/m/a.tfvars", line: 3, column: 3, message: '"memroy"' }],
    },
    {
      name: "misspelt attribute in a one-line object: the attribute's own column",
      files: { "m/variables.tf": vars, "m/a.tfvars": y("node = { cpu = 2, memroy = 4 }") },
      errors: [{ file: "repo/m/a.tfvars", line: 1, column: 19, message: '"memroy"' }],
    },
  ],
});
