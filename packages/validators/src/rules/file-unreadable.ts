import { loaderRule } from "../_load-rule.ts";

export const fileUnreadable = loaderRule(
  "file-unreadable",
  "error",
  "Every YAML and Terraform file can be read as UTF-8 text: binary content, invalid UTF-8 and files above the size limit (a warning) are reported and skipped.",
  "Re-encode the file as UTF-8, or rename/remove a binary file that carries a .yaml/.tf name.",
);
