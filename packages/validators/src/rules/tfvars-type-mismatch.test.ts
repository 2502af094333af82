import { testRule, y } from "../_rule-test.ts";
import { tfvarsTypeMismatch } from "./tfvars-type-mismatch.ts";

const vars = y(
  'variable "s" {',
  "  type = string",
  "}",
  'variable "n" {',
  "  type = number",
  "}",
  'variable "b" {',
  "  type = bool",
  "}",
  'variable "l" {',
  "  type = list(number)",
  "}",
  'variable "m" {',
  "  type = map(string)",
  "}",
  'variable "t" {',
  "  type = tuple([string, number])",
  "}",
  'variable "o" {',
  "  type = object({ name = string, size = optional(number, 3), tags = optional(list(string)) })",
  "}",
  'variable "nn" {',
  "  type     = string",
  "  nullable = false",
  "}",
);

testRule(tfvarsTypeMismatch, {
  valid: [
    {
      name: "every type, with Terraform's conversions",
      files: {
        "m/variables.tf": vars,
        "m/ok.tfvars": y(
          "s = 5",
          'n = "42"',
          'b = "true"',
          "l = [1, 2]",
          'm = { a = "x", b = 1 }',
          't = ["a", 1]',
          'o = { name = "x" }',
          'nn = "v"',
        ),
      },
    },
  ],
  invalid: [
    {
      name: "one mismatch per kind of type",
      files: {
        "m/variables.tf": vars,
        "m/bad.tfvars": y(
          "s = [1]",
          'n = "many"',
          'b = "yes"',
          'l = [1, "x"]',
          "m = [1]",
          't = ["a"]',
          'o = { size = "big" }',
          "nn = null",
        ),
      },
      errors: [
        { file: "repo/m/bad.tfvars", line: 1, column: 1, message: "expected string" },
        { file: "repo/m/bad.tfvars", line: 2, column: 1, message: "expected number" },
        { file: "repo/m/bad.tfvars", line: 3, column: 1, message: "expected bool" },
        { file: "repo/m/bad.tfvars", line: 4, column: 1, message: 'variable "l.1"' },
        { file: "repo/m/bad.tfvars", line: 5, column: 1, message: "map(string)" },
        { file: "repo/m/bad.tfvars", line: 6, column: 1, message: "tuple of 2" },
        { file: "repo/m/bad.tfvars", line: 7, column: 1, message: 'attribute "name" is required' },
        { file: "repo/m/bad.tfvars", line: 7, column: 7, message: 'variable "o.size"' },
        { file: "repo/m/bad.tfvars", line: 8, column: 1, message: "not nullable" },
      ],
    },
  ],
});
