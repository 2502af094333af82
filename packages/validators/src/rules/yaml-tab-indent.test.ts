import { testRule, y } from "../_rule-test.ts";
import { yamlTabIndent } from "./yaml-tab-indent.ts";

testRule(yamlTabIndent, {
  valid: [{ name: "tabs inside a quoted value", files: { "a.yaml": y('a: "x\ty"') } }],
  invalid: [
    {
      name: "tab-indented key",
      files: { "a.yaml": y("metadata:", "\tname: x") },
      errors: [{ file: "repo/a.yaml", line: 2, column: 1 }],
    },
  ],
});
