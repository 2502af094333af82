import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hclString, renderTfvarsHcl, renderTfvarsJson } from "./emit-tfvars.ts";
import { parseLayer } from "./parse.ts";
import type { ConfigNode } from "./tree.ts";

/** Decodes an HCL quoted string literal (the inverse of hclString), for the round-trip property. */
function decodeHclString(lit: string): string {
  expect(lit.startsWith('"') && lit.endsWith('"')).toBe(true);
  const body = lit.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === "\\") {
      const n = body[++i]!;
      if (n === "n") out += "\n";
      else if (n === "r") out += "\r";
      else if (n === "t") out += "\t";
      else if (n === '"' || n === "\\") out += n;
      else if (n === "u") {
        out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 5), 16));
        i += 4;
      } else if (n === "U") {
        out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16));
        i += 8;
      } else throw new Error(`bad escape \\${n}`);
    } else if ((ch === "$" || ch === "%") && body[i + 1] === ch && body[i + 2] === "{") {
      out += `${ch}{`;
      i += 2;
    } else if ((ch === "$" || ch === "%") && body[i + 1] === "{")
      throw new Error(`unescaped template sequence at ${i}`);
    else if (ch === '"' || ch === "\n") throw new Error("raw quote or newline");
    else out += ch;
  }
  return out;
}

describe("hclString", () => {
  const table: [string, string][] = [
    ["plain", '"plain"'],
    ["${var.x}", '"$${var.x}"'],
    ["%{if true}x%{endif}", '"%%{if true}x%%{endif}"'],
    ["$${already}", '"$$${already}"'],
    ["$$x and %x", '"$$x and %x"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["C:\\dir\\", '"C:\\\\dir\\\\"'],
    ["a\nb\r\tc", '"a\\nb\\r\\tc"'],
    ["café ☕ 𝄞", '"café ☕ 𝄞"'],
    ["\u0001\u200b\u2028", '"\\u0001\\u200B\\u2028"'],
  ];
  it.each(table)("%j → %s", (input, expected) => expect(hclString(input)).toBe(expected));

  it("round-trips any string and never leaves a template sequence unescaped (fast-check)", () => {
    const chars = fc.constantFrom(
      "$",
      "%",
      "{",
      "}",
      '"',
      "\\",
      "\n",
      "\r",
      "\t",
      "a",
      "é",
      "𝄞",
      "\u0000",
      "\u200b",
      "\ufeff",
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "grapheme" }),
          fc.array(chars).map((a) => a.join("")),
        ),
        (s) => {
          expect(decodeHclString(hclString(s))).toBe(s);
        },
      ),
      { numRuns: 500 },
    );
  });
});

const vars = (text: string): Map<string, ConfigNode> => {
  const root = parseLayer(text, "v.yaml", "t").root!;
  return new Map([...root.entries].map(([k, e]) => [k, e.value]));
};

describe("renderTfvarsHcl", () => {
  it("sorts keys byte-wise, aligns = in runs of single-line attributes, quotes keys that are not identifiers", () => {
    const hcl = renderTfvarsHcl(
      vars(
        'b: {zz: 1, a: "x", nested: {k: true}, after: [1, 2], "app.kubernetes.io/name": n, "null": 1}\na: [{x: 1}, {y: null}]\n',
      ),
      "header line",
    );
    expect(hcl).toBe(
      [
        "# header line",
        "",
        "a = [",
        "  {",
        "    x = 1",
        "  },",
        "  {",
        "    y = null",
        "  },",
        "]",
        "",
        "b = {",
        '  a                        = "x"',
        "  after                    = [1, 2]",
        '  "app.kubernetes.io/name" = "n"',
        "  nested = {",
        "    k = true",
        "  }",
        '  "null" = 1',
        "  zz     = 1",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("writes exact big integers in HCL and JSON", () => {
    const v = vars("n: 12345678901234567890123\nf: -1.5\n");
    expect(renderTfvarsHcl(v, "")).toContain("n = 12345678901234567890123");
    expect(renderTfvarsJson(v)).toBe('{\n  "f": -1.5,\n  "n": 12345678901234567890123\n}\n');
  });

  it("JSON strings are literal: no template escaping", () => {
    expect(renderTfvarsJson(vars('s: "${x} %{y}"\n'))).toContain('"s": "${x} %{y}"');
  });
});
