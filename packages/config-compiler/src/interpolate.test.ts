import { describe, expect, it } from "vitest";
import { interpolateConfig } from "./interpolate.ts";
import { parseLayer } from "./parse.ts";
import { nodeAt, toPlain } from "./tree.ts";

const run = (text: string, options = {}) => {
  const root = parseLayer(text, "c.yaml", "env").root!;
  const r = interpolateConfig(root, options);
  return { value: toPlain(r.root), diagnostics: r.diagnostics, root: r.root };
};

describe("interpolateConfig", () => {
  it("splices scalars into strings and copies whole references with their type", () => {
    const { value, diagnostics } = run(
      'a: {host: h, port: 6443, on: true}\nurl: "https://${a.host}:${a.port}/${a.on}"\nport: "${a.port}"\ncopy: "${a}"\n',
    );
    expect(diagnostics).toEqual([]);
    expect(value).toMatchObject({
      url: "https://h:6443/true",
      port: 6443n,
      copy: { host: "h", port: 6443n, on: true },
    });
  });

  it("resolves chains and writes $${ as a literal ${", () => {
    const { value } = run('a: "${b}-x"\nb: "${c}"\nc: "$${var.y} %{if}"\n');
    expect(value).toMatchObject({ a: "${var.y} %{if}-x", b: "${var.y} %{if}", c: "${var.y} %{if}" });
  });

  it("reports a cycle naming the chain", () => {
    const { diagnostics } = run('a: "${b}"\nb: "x${c}"\nc: "${a}"\n');
    expect(diagnostics.map((d) => d.code)).toContain("interpolation-cycle");
    expect(diagnostics.find((d) => d.code === "interpolation-cycle")!.message).toMatch(/a → b → c → a/);
  });

  it("reports a reference to an ancestor as a cycle", () => {
    expect(run('a:\n  b: "${a}"\n').diagnostics.map((d) => d.code)).toEqual(["interpolation-cycle"]);
  });

  it("reports dangling references with position", () => {
    const { diagnostics } = run('x: 1\nurl: "https://${hots}"\n');
    expect(diagnostics).toMatchObject([{ code: "dangling-reference", file: "c.yaml", span: { line: 2, column: 6 } }]);
  });

  it("reads environment variables only with allowEnv", () => {
    expect(run('u: "${env:USER}"\n', { envVars: { USER: "me" } }).diagnostics.map((d) => d.code)).toEqual([
      "env-not-allowed",
    ]);
    expect(run('u: "${env:USER}"\n', { allowEnv: true, envVars: { USER: "me" } }).value).toEqual({ u: "me" });
    expect(run('u: "${env:NOPE}"\n', { allowEnv: true, envVars: {} }).diagnostics.map((d) => d.code)).toEqual([
      "env-missing",
    ]);
  });

  it("never splices a secret into a string, but may copy the reference whole", () => {
    const r = run('s: !secret env://TF_VAR_x\nbad: "p=${s}"\nok: "${s}"\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(["secret-in-string"]);
    expect(nodeAt(r.root, "ok")).toMatchObject({ kind: "secret", ref: "env://TF_VAR_x" });
  });

  it("keeps the origin of the string that held the reference", () => {
    const { root } = run('a: 1\nb: "${a}"\n');
    expect(nodeAt(root, "b")!.origin.span.line).toBe(2);
  });
});
