import { describe, expect, it } from "vitest";
import { parseYamlFile } from "./_yaml.ts";

describe("parseYamlFile", () => {
  it("keeps every document with positions of keys and values", () => {
    const r = parseYamlFile("f.yaml", "a: 1\n---\nkind: X\nspec:\n  list:\n    - name: b\n      value: 2\n");
    expect(r.docs.map((d) => d.index)).toEqual([0, 1]);
    const d = r.docs[1]!;
    expect(d.spanOf(["spec", "list", 0, "value"])).toMatchObject({ line: 7, column: 14 });
    expect(d.spanOf(["spec", "list", 0, "value"], true)).toMatchObject({ line: 7, column: 7 });
    expect(d.spanOf(["spec", "missing", "deeper"])).toMatchObject({ line: 5, column: 3 });
  });

  it("reports problems instead of throwing, for any input", () => {
    for (const text of [
      "\u0000\u0001",
      "{{{{",
      "- [",
      "a: *nope",
      "%YAML 9.9\n---\na: 1",
      "a: !!binary zz",
      "? [a]\n: b",
      "x".repeat(100_000),
    ]) {
      expect(() => parseYamlFile("f.yaml", text)).not.toThrow();
    }
  });

  it("parses a large multi-document file (2 MB, 10k documents)", () => {
    const doc = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: n\ndata:\n  k: v\n  long: ${"x".repeat(120)}\n`;
    const text = Array.from({ length: 10_000 }, () => doc).join("---\n");
    const r = parseYamlFile("big.yaml", text);
    expect(r.diagnostics).toEqual([]);
    expect(r.docs).toHaveLength(10_000);
  });
});
