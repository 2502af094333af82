import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderTfvarsHcl, renderTfvarsJson } from "./emit-tfvars.ts";
import { renderFinalConfig, yamlString } from "./emit-yaml.ts";
import type { ConfigNode, MapEntry, MapNode } from "./tree.ts";

const origin = { layer: "env", file: "e.yaml", span: { line: 3, column: 7 } };
const scalar = (value: string | number | bigint | boolean | null): ConfigNode => ({ kind: "scalar", value, origin });
const map = (entries: [string, ConfigNode][]): MapNode => ({
  kind: "map",
  entries: new Map(entries.map(([k, v]) => [k, { keyOrigin: origin, value: v } as MapEntry])),
  origin,
});

describe("renderFinalConfig", () => {
  it("writes sorted keys, block collections, secrets as tagged references and provenance comments", () => {
    const root = map([
      [
        "z",
        map([
          ["b", scalar(1n)],
          [
            "a",
            {
              kind: "list",
              items: [
                scalar("x"),
                map([
                  ["k", scalar(true)],
                  ["j", scalar(null)],
                ]),
              ],
              origin,
            },
          ],
        ]),
      ],
      ["s", { kind: "secret", ref: "sops://s.yaml#K", origin }],
      ["e", map([])],
    ]);
    expect(renderFinalConfig(root, "hdr")).toBe(
      '# hdr\ne: {}\ns: !secret "sops://s.yaml#K"\nz:\n  a:\n    - x\n    - j: null\n      k: true\n  b: 1\n',
    );
    expect(renderFinalConfig(root, "", true)).toContain("  b: 1 # e.yaml:3:7 (env)\n");
  });

  it("strings survive both a YAML 1.1 and a YAML 1.2 reader unchanged (fast-check)", () => {
    const risky = fc.constantFrom(
      "on",
      "Off",
      "yes",
      "y",
      "N",
      "0755",
      "1_000",
      "0x1F",
      "12:30",
      "2001-12-14",
      ".inf",
      "~",
      "null",
      "",
      "a: b",
      "- x",
      "#c",
      "=",
      "<<",
      "a:",
      "!tag",
      "&a",
      "*a",
      "%x",
      "@x",
      "e5",
      "E0",
      "e-3",
      "`x",
      "|",
      ">",
      "x\ny",
      " x",
    );
    fc.assert(
      fc.property(fc.oneof(risky, fc.string(), fc.string({ unit: "grapheme" })), (s) => {
        const text = `k: ${yamlString(s)}\n`;
        expect(parse(text, { version: "1.1" })).toEqual({ k: s });
        expect(parse(text, { version: "1.2" })).toEqual({ k: s });
      }),
      { numRuns: 500 },
    );
  });

  it("output does not depend on the order of keys in the input (fast-check)", () => {
    const entries = fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.integer()), {
      selector: ([k]) => k,
      maxLength: 8,
    });
    fc.assert(
      fc.property(entries, fc.func(fc.integer()), (list, rank) => {
        const a = map(list.map(([k, v]) => [k, scalar(v)]));
        const b = map([...list].sort(([x], [y]) => rank(x) - rank(y)).map(([k, v]) => [k, scalar(v)]));
        expect(renderFinalConfig(b, "")).toBe(renderFinalConfig(a, ""));
        const vars = (m: MapNode) => new Map<string, ConfigNode>([["v", m]]);
        expect(renderTfvarsHcl(vars(b), "")).toBe(renderTfvarsHcl(vars(a), ""));
        expect(renderTfvarsJson(vars(b))).toBe(renderTfvarsJson(vars(a)));
      }),
    );
  });
});
