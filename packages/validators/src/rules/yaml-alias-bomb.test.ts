import { testRule, y } from "../_rule-test.ts";
import { yamlAliasBomb } from "./yaml-alias-bomb.ts";

const bomb = y(
  'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
  "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]",
  "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]",
  "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]",
  "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]",
);

testRule(yamlAliasBomb, {
  valid: [
    {
      name: "ordinary anchors and merge keys",
      files: { "a.yaml": y("base: &base {a: 1}", "x: *base", "y:", "  <<: *base", "  b: 2") },
    },
  ],
  invalid: [
    {
      name: "billion laughs",
      files: { "a.yaml": bomb },
      errors: [{ file: "repo/a.yaml", line: 1, column: 1, message: "too many aliases" }],
    },
    {
      name: "bomb in the second document only",
      files: { "a.yaml": `ok: 1\n---\n${bomb}` },
      errors: [{ file: "repo/a.yaml", line: 3, column: 1 }],
    },
  ],
});
