import { loaderRule } from "../_load-rule.ts";

export const yamlAliasBomb = loaderRule(
  "yaml-alias-bomb",
  "error",
  'A document does not expand more than 1000 aliases (a "billion laughs" resource-exhaustion pattern); such a document is reported and not read.',
  "Remove the nested anchors/aliases; write the values out.",
);
