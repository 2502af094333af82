import { describe, expect, it } from "vitest";
import { closestMatch, formatCodeFrame, formatDiagnostic, spanAt, summarizeDiagnostics } from "./index.ts";

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
