import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { setYamlText, yamlNodeText } from "./yaml-text-edit.ts";

const env = `# prod: promoted from staging only
images:
  grafana: "10.4.1"   # pinned after the 10.4.0 incident
  loki: 2.9.0
charts: &charts
  cilium: { version: 1.15.0 }
list:
  - a
  - b

# trailing comment
security: {}
`;

const text = (t: string) => ({ kind: "text" as const, text: t });
const value = (v: unknown) => ({ kind: "value" as const, value: v });

function expectOnlyChanged(before: string, after: string, changed: number[]): void {
  const a = before.split("\n");
  const b = after.split("\n");
  const same = a.filter((_, i) => !changed.includes(i));
  expect(b.filter((line) => same.includes(line))).toEqual(same);
}

describe("setYamlText", () => {
  it("replaces a scalar in place and keeps its line's comment and every other byte", () => {
    const r = setYamlText(env, ["images", "grafana"], text('"10.4.2"'));
    expect(r.ok && r.text).toBe(env.replace('"10.4.1"', '"10.4.2"'));
  });

  it("copies a tagged value with its tag (a !secret reference stays a reference)", () => {
    const r = setYamlText(env, ["images", "loki"], text("!secret sops://s.yaml#K"));
    expect(r.ok && r.text).toBe(env.replace("loki: 2.9.0", "loki: !secret sops://s.yaml#K"));
    const back = setYamlText(r.ok ? r.text : "", ["images", "loki"], text("3.0.0"));
    expect(back.ok && back.text).toBe(env.replace("loki: 2.9.0", "loki: 3.0.0"));
  });

  it("replaces a value inside a flow map", () => {
    const r = setYamlText(env, ["charts", "cilium", "version"], value("1.16.1"));
    expect(r.ok && r.text).toBe(env.replace("version: 1.15.0", "version: 1.16.1"));
  });

  it("replaces a block list with a block list at the same indentation", () => {
    const r = setYamlText(env, ["list"], value(["a", "c", "d"]));
    expect(r.ok && r.text).toBe(env.replace("  - a\n  - b\n", "  - a\n  - c\n  - d\n"));
    expect(parse(r.ok ? r.text : "").list).toEqual(["a", "c", "d"]);
  });

  it("inserts a missing key under the deepest existing map, indented like its siblings", () => {
    const r = setYamlText(env, ["images", "tempo"], text("2.4.0"));
    expect(r).toMatchObject({ ok: true, inserted: true, under: ["images"] });
    const after = r.ok ? r.text : "";
    expect(after).toContain(
      '  grafana: "10.4.1"   # pinned after the 10.4.0 incident\n  loki: 2.9.0\n  tempo: 2.4.0\ncharts:',
    );
    expectOnlyChanged(env, after, []);
  });

  it("creates the missing maps on the way at the end of the document", () => {
    const r = setYamlText(env, ["cluster", "version", "kubernetes"], value("1.31.2"));
    expect(r).toMatchObject({ ok: true, under: [] });
    const after = r.ok ? r.text : "";
    expect(after.startsWith(env)).toBe(true);
    expect(parse(after).cluster).toEqual({ version: { kubernetes: "1.31.2" } });
  });

  it("refuses to add a key to a flow map or below a scalar, with the reason", () => {
    expect(setYamlText(env, ["security", "x"], value(1))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/flow mapping/),
    });
    expect(setYamlText(env, ["images", "loki", "tag"], value(1))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a mapping/),
    });
  });

  it("reads a node's source text including its tag", () => {
    const t = "a:\n  b: !secret env://X # c\n  c: 'q'\n";
    expect(yamlNodeText(t, ["a", "b"])).toBe("!secret env://X");
    expect(yamlNodeText(t, ["a", "c"])).toBe("'q'");
    expect(yamlNodeText(t, ["a", "z"])).toBeUndefined();
  });

  it("works on an empty file", () => {
    const r = setYamlText("", ["images", "grafana"], value("1"));
    expect(r.ok && parse(r.text)).toEqual({ images: { grafana: "1" } });
  });
});
