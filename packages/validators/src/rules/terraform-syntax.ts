import { loaderRule } from "../_load-rule.ts";

export const terraformSyntax = loaderRule(
  "terraform-syntax",
  "error",
  "Every `.tf`, `.tfvars` and `.tfvars.json` file parses (HCL through @cdktf/hcl2json, JSON through JSON.parse).",
  "Fix the syntax at the reported position; `terraform fmt` shows the same error.",
);
