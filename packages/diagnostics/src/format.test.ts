import { describe, expect, it } from "vitest";
import {
  closestMatch,
  dedupeDiagnostics,
  formatCodeFrame,
  formatDiagnostic,
  formatDiagnostics,
  spanAt,
  summarizeDiagnostics,
} from "./index.ts";

describe("diagnostics", () => {
  const d = {
    code: "unknown-key",
    severity: "error" as const,
    message: '"clusterOverrides" is not defined',
    file: "prod.yaml",
    span: { line: 2, column: 1, endLine: 2, endColumn: 17 },
    hint: 'did you mean "cluster"?',
    related: [{ file: "defaults.yaml", span: { line: 1, column: 1 }, message: "defined here" }],
  };

  it("formats file:line:col, code, message, hint and related locations", () => {
    expect(formatDiagnostic(d)).toBe(
      'prod.yaml:2:1 error [unknown-key] "clusterOverrides" is not defined\n  hint: did you mean "cluster"?\n  related: defaults.yaml:1:1 defined here',
    );
  });

  it("draws a code frame under the span", () => {
    expect(formatCodeFrame("a: 1\nclusterOverrides: {}\n", d)).toBe("2 | clusterOverrides: {}\n  | ^^^^^^^^^^^^^^^^");
  });

  it("summarises counts and finds close names", () => {
    expect(summarizeDiagnostics([d, { ...d, severity: "warning" }])).toBe("1 error, 1 warning");
    expect(closestMatch("clusterOverrides", ["cluster", "compute"])).toBeUndefined();
    expect(closestMatch("infraflx", ["infraflux", "platform-gitops"])).toBe("infraflux");
  });

  it("turns offsets into 1-based positions", () => {
    expect(spanAt([0, 5, 12], 7)).toEqual({ line: 2, column: 3 });
    expect(spanAt([0, 5, 12], 0)).toEqual({ line: 1, column: 1 });
  });
});

describe("dedupeDiagnostics", () => {
  const base = { code: "c", severity: "error" as const, message: "m", file: "f.yaml", span: { line: 1, column: 2 } };
  it.each([
    ["identical twice", [base, base], 1],
    ["another column", [base, { ...base, span: { line: 1, column: 3 } }], 2],
    ["another message", [base, { ...base, message: "n" }], 2],
    ["another file", [base, { ...base, file: "g.yaml" }], 2],
    ["another code", [base, { ...base, code: "d" }], 2],
    [
      "no span twice",
      [
        { ...base, span: undefined },
        { ...base, span: undefined },
      ],
      1,
    ],
  ])("%s → %i kept", (_name, list, kept) => expect(dedupeDiagnostics(list)).toHaveLength(kept));

  it("keeps the first and the order", () => {
    const a = { ...base, message: "a" };
    const b = { ...base, message: "b", hint: "first" };
    expect(dedupeDiagnostics([b, a, { ...b, hint: "second" }])).toEqual([b, a]);
  });
});

describe("formatDiagnostics", () => {
  const at = (file: string, line: number, message: string) => ({
    code: "c",
    severity: "error" as const,
    message,
    file,
    span: { line, column: 1 },
  });
  it("groups by file in order of first appearance, with frames where the source is known", () => {
    const text = formatDiagnostics([at("a.yaml", 1, "one"), at("b.yaml", 1, "two"), at("a.yaml", 2, "three")], {
      sourceOf: (file) => (file === "a.yaml" ? "x: 1\ny: 2\n" : undefined),
      after: (d) => (d.message === "two" ? "(diagram)\n" : undefined),
    });
    expect(text).toBe(
      [
        "a.yaml:1:1 error [c] one",
        "1 | x: 1",
        "  | ^",
        "a.yaml:2:1 error [c] three",
        "2 | y: 2",
        "  | ^",
        "b.yaml:1:1 error [c] two",
        "(diagram)",
        "",
      ].join("\n"),
    );
  });
  it("prints no frame without a source reader", () => {
    expect(formatDiagnostics([at("a.yaml", 1, "one")])).toBe("a.yaml:1:1 error [c] one\n");
  });
});
