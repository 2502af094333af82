import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderHelmValues } from "./emit-values.ts";
import { parseLayer } from "./parse.ts";

const config = (text: string) => parseLayer(text, "c.yaml", "env").root!;
const template = (text: string, placeholders: Record<string, string>) => ({ file: "values.yaml", text, placeholders });

describe("renderHelmValues", () => {
  it("substitutes whole placeholders with their type and splices partial ones, keeping template order", () => {
    const r = renderHelmValues(
      template('z: "${NAME}"\nid: "${ID}"\nurl: "https://${NAME}:6443"\nkpr: "true"\n', { NAME: "c.name", ID: "c.id" }),
      config("c: {name: prod, id: 3}"),
      "gen",
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.text).toBe('# gen\nz: prod\nid: 3\nurl: https://prod:6443\nkpr: "true"\n');
  });

  it("reports unmapped placeholders with position and a suggestion", () => {
    const r = renderHelmValues(
      template('a:\n  b: "${CLUSTER_NAM}"\n', { CLUSTER_NAME: "c.name" }),
      config("c: {name: x}"),
      "",
    );
    expect(r.text).toBeUndefined();
    expect(r.diagnostics).toMatchObject([
      { code: "unmapped-placeholder", file: "values.yaml", span: { line: 2, column: 6 } },
    ]);
    expect(r.diagnostics[0]!.message).toMatch(/Did you mean "CLUSTER_NAME"/);
  });

  it("refuses to write a secret into values", () => {
    const r = renderHelmValues(template('token: "${T}"\n', { T: "s" }), config("s: !secret sops://x#T"), "");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["secret-in-values"]);
  });

  it("is YAML 1.1-safe: every string survives a YAML 1.1 re-read unchanged (fast-check)", () => {
    const risky = fc.constantFrom(
      "on",
      "off",
      "yes",
      "no",
      "y",
      "n",
      "Y",
      "NO",
      "True",
      "0755",
      "1_000",
      "0x1F",
      "2001-12-14",
      "1e3",
      ".inf",
      "~",
      "null",
      "",
      " ",
      "a: b",
      "- x",
      "#c",
      "12:30",
      "+1",
      "e5",
      "E0",
      "e-3",
    );
    fc.assert(
      fc.property(fc.oneof(risky, fc.string()), (s) => {
        const r = renderHelmValues(template('v: "${V}"\n', { V: "x" }), config(`x: ${JSON.stringify(s)}`), "");
        expect(r.diagnostics).toEqual([]);
        expect(parse(r.text!, { version: "1.1" })).toEqual({ v: s });
      }),
      { numRuns: 300 },
    );
  });
});
