import { loaderRule } from "../_load-rule.ts";

export const yamlDuplicateKey = loaderRule(
  "yaml-duplicate-key",
  "error",
  "No mapping repeats a key; Flux and kustomize reject it (`mapping key already defined`) while some tools silently keep the last one.",
  "Remove or merge the duplicate key.",
);
