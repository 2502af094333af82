import { testRule, y } from "../_rule-test.ts";
import { yamlDuplicateKey } from "./yaml-duplicate-key.ts";

testRule(yamlDuplicateKey, {
  valid: [{ name: "same key in different maps", files: { "a.yaml": y("a:", "  name: x", "b:", "  name: x") } }],
  invalid: [
    {
      name: "repeated metadata.name",
      files: { "a.yaml": y("metadata:", "  name: a", "  name: b") },
      errors: [{ file: "repo/a.yaml", line: 3, column: 3 }],
    },
    {
      name: "repeated top-level key in a second document",
      files: { "a.yaml": y("a: 1", "---", "spec: {}", "spec: {}") },
      errors: [{ file: "repo/a.yaml", line: 4, column: 1 }],
    },
  ],
});
