import { describe, expect, it } from "vitest";
import { parseLayer } from "./parse.ts";
import { nodeAt } from "./tree.ts";

describe("parseLayer", () => {
  it("keeps positions of keys and values and reads the merge tags", () => {
    const { root, diagnostics } = parseLayer(
      "a:\n  b: !unset\n  c: !append [1]\n  d: !merge-by:name []\n  e: !replace {x: 1}\n  s: !secret sops://s.yaml#K\n",
      "f.yaml",
      "env",
    );
    expect(diagnostics).toEqual([]);
    expect(nodeAt(root, "a.b")).toMatchObject({
      kind: "unset",
      origin: { file: "f.yaml", layer: "env", span: { line: 2, column: 6 } },
    });
    expect(nodeAt(root, "a.c")).toMatchObject({
      kind: "list",
      tag: { kind: "append" },
      origin: { span: { line: 3, column: 6 } },
    });
    expect(nodeAt(root, "a.d")).toMatchObject({ kind: "list", tag: { kind: "merge-by", key: "name" } });
    expect(nodeAt(root, "a.e")).toMatchObject({ kind: "map", tag: "replace" });
    expect(nodeAt(root, "a.s")).toMatchObject({ kind: "secret", ref: "sops://s.yaml#K" });
    expect(root!.entries.get("a")!.keyOrigin.span).toMatchObject({ line: 1, column: 1 });
  });

  it("keeps integers beyond 2^53 exact", () => {
    const { root } = parseLayer("n: 12345678901234567890123\nf: 1.5\n", "f.yaml", "env");
    expect(nodeAt(root, "n")).toMatchObject({ value: 12345678901234567890123n });
    expect(nodeAt(root, "f")).toMatchObject({ value: 1.5 });
  });

  const invalid = [
    { name: "duplicate keys", text: "a: 1\nb: 2\na: 3\n", code: "duplicate-key", line: 3, column: 1 },
    { name: "syntax error", text: "a:\n  b: 1\n   c: 2\n", code: "yaml-syntax", line: 2, column: 6 },
    { name: "unknown tag", text: "a: !frobnicate 1\n", code: "unknown-tag", line: 1, column: 4 },
    { name: "merge tag on a scalar", text: "a: !append 1\n", code: "misplaced-tag", line: 1, column: 4 },
    { name: "secret without a reference", text: "a: !secret\n", code: "invalid-secret", line: 1, column: 4 },
    { name: "infinity", text: "a: .inf\n", code: "invalid-number", line: 1, column: 4 },
    { name: "top level not a map", text: "- 1\n", code: "not-a-map", line: 1, column: 1 },
    {
      name: "alias bomb",
      text: "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
      code: "alias-bomb",
      line: 4,
      column: 26,
    },
  ];
  it.each(invalid)("reports $name with code, line and column", ({ text, code, line, column }) => {
    const { diagnostics } = parseLayer(text, "f.yaml", "env");
    expect(diagnostics[0]).toMatchObject({ code, file: "f.yaml", span: { line, column } });
  });

  it("allows a few ordinary aliases", () => {
    const { root, diagnostics } = parseLayer("a: &x {k: 1}\nb: *x\n", "f.yaml", "env");
    expect(diagnostics).toEqual([]);
    expect(nodeAt(root, "b.k")).toMatchObject({ value: 1n });
  });
});
