import { describe, expect, it } from "vitest";
import { parseLayer } from "./parse.ts";
import { checkLayerShape, suggestKey } from "./shape.ts";

const defaults = parseLayer(
  "cluster:\n  name: x\n  id: 1\n  labels: {}\n  extra: null\ncompute:\n  pools:\n    - name: a\n      count: 1\n",
  "d.yaml",
  "defaults",
).root!;
const check = (text: string, openPaths: string[] = []) =>
  checkLayerShape(defaults, parseLayer(text, "e.yaml", "env").root!, { openPaths });

describe("checkLayerShape", () => {
  const valid = [
    { name: "known keys, same types", text: "cluster:\n  name: y\n  id: 2\n" },
    { name: "null is always allowed", text: "cluster:\n  name: null\n" },
    { name: "an empty default map is open", text: "cluster:\n  labels:\n    anything: 1\n" },
    { name: "a null default accepts any type", text: "cluster:\n  extra: [1, 2]\n" },
    { name: "!unset and !replace are exempt", text: "cluster:\n  id: !unset\n  name: !replace {a: 1}\n" },
    { name: "list items checked against default items", text: "compute:\n  pools:\n    - name: b\n      count: 3\n" },
  ];
  it.each(valid)("accepts $name", ({ text }) => expect(check(text)).toEqual([]));

  const invalid = [
    {
      name: "unknown top-level key with suggestion",
      text: "clusterOverrides:\n  x: 1\n",
      code: "unknown-key",
      line: 1,
      column: 1,
      message: /Did you mean "cluster"/,
    },
    {
      name: "typo",
      text: "cluster:\n  nmae: y\n",
      code: "unknown-key",
      line: 2,
      column: 3,
      message: /Did you mean "name"/,
    },
    {
      name: "type mismatch",
      text: 'cluster:\n  id: "2"\n',
      code: "type-mismatch",
      line: 2,
      column: 7,
      message: /must be a number/,
    },
    {
      name: "unknown key inside a list item",
      text: "compute:\n  pools:\n    - name: b\n      cnt: 3\n",
      code: "unknown-key",
      line: 4,
      column: 7,
      message: /Did you mean "count"/,
    },
  ];
  it.each(invalid)("reports $name", ({ text, code, line, column, message }) => {
    const [d, ...rest] = check(text);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code, file: "e.yaml", span: { line, column } });
    expect(d!.message).toMatch(message);
  });

  it("openPaths accepts undeclared keys below a path", () => {
    expect(check("cluster:\n  nmae: y\n", ["cluster"])).toEqual([]);
  });

  it("reports every problem of a layer at once", () => {
    expect(check("clustr: 1\ncluster:\n  id: x\n  nmae: y\n").map((d) => d.code)).toEqual([
      "unknown-key",
      "type-mismatch",
      "unknown-key",
    ]);
  });

  it("suggestKey", () => {
    expect(suggestKey("clusterOverrides", ["cluster", "compute"])).toBe("cluster");
    expect(suggestKey("netwrking", ["networking", "security"])).toBe("networking");
    expect(suggestKey("zzz", ["networking"])).toBeUndefined();
  });
});
