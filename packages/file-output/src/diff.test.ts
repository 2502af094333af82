import { describe, expect, it } from "vitest";
import { unifiedDiff } from "./diff.ts";

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => expect(unifiedDiff("a\n", "a\n", "a", "b")).toBe(""));

  it("writes hunks with context, removals before additions", () => {
    const a = `${["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"].join("\n")}\n`;
    const b = a.replace("5\n", "five\n");
    expect(unifiedDiff(a, b, "a/x", "b/x")).toBe(
      ["--- a/x", "+++ b/x", "@@ -2,7 +2,7 @@", " 2", " 3", " 4", "-5", "+five", " 6", " 7", " 8", ""].join("\n"),
    );
  });

  it("diffs against an empty (missing) file", () => {
    expect(unifiedDiff("", "x\ny\n", "/dev/null", "b/f")).toBe(
      ["--- /dev/null", "+++ b/f", "@@ -0,0 +1,2 @@", "+x", "+y", ""].join("\n"),
    );
  });

  it("separates distant changes into hunks", () => {
    const a = `${Array.from({ length: 30 }, (_, i) => String(i)).join("\n")}\n`;
    const b = a.replace("\n2\n", "\nTWO\n").replace("\n27\n", "\nTWENTY-SEVEN\n");
    expect(unifiedDiff(a, b, "a", "b").match(/^@@/gm)).toHaveLength(2);
  });
});
