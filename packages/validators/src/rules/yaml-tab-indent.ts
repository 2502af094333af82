import { loaderRule } from "../_load-rule.ts";

export const yamlTabIndent = loaderRule(
  "yaml-tab-indent",
  "error",
  "YAML is not indented with tab characters (YAML forbids them).",
  "Replace the tabs with spaces.",
);
