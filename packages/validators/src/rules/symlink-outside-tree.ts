import { loaderRule } from "../_load-rule.ts";

export const symlinkOutsideTree = loaderRule(
  "symlink-outside-tree",
  "warning",
  "Symbolic links stay inside the repository (a link outside, or a dangling one, is not followed: Flux and Argo CD see only the repository).",
  "Replace the link with the file itself or a reference inside the repository.",
);
