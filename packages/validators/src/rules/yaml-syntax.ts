import { loaderRule } from "../_load-rule.ts";

export const yamlSyntax = loaderRule(
  "yaml-syntax",
  "error",
  "Every YAML file parses (all documents of a multi-document file); a broken document is reported and skipped, the others are still validated.",
  "Fix the YAML at the reported position (unclosed quotes and brackets, bad indentation, a stray `:`).",
);
