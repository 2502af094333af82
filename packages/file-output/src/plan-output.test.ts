import { describe, expect, it } from "vitest";
import type { FileChange, OutputState } from "./file-change.ts";
import { isSafeRelativePath, parseManifest, planDrift, planOutput, renderManifest } from "./plan-output.ts";

function state(
  files: Record<string, string>,
  manifest: string[] = [],
  modes: Record<string, number> = {},
): OutputState {
  return {
    contentOf: (p) => (p in files ? Buffer.from(files[p]!) : undefined),
    modeOf: (p) => (p in files ? (modes[p] ?? 0o644) : undefined),
    previouslyGenerated: manifest,
  };
}
const change = (path: string, content: string | Uint8Array, mode?: number): FileChange => ({
  path,
  content,
  ...(mode === undefined ? {} : { mode }),
});
const complete = { manifest: ".m", complete: true } as const;

describe("planOutput", () => {
  it.each([
    ["a new file is pending", [change("a", "1\n")], state({}), ["a"], []],
    ["equal content is unchanged", [change("a", "1\n")], state({ a: "1\n" }), [], ["a"]],
    ["other content is pending", [change("a", "2\n")], state({ a: "1\n" }), ["a"], []],
    ["bytes compare as bytes", [change("a", Buffer.from("1\n"))], state({ a: "1\n" }), [], ["a"]],
    ["another mode is pending", [change("x.sh", "#!\n", 0o755)], state({ "x.sh": "#!\n" }), ["x.sh"], []],
    [
      "the same mode is unchanged",
      [change("x.sh", "#!\n", 0o755)],
      state({ "x.sh": "#!\n" }, [], { "x.sh": 0o755 }),
      [],
      ["x.sh"],
    ],
  ])("%s", (_name, changes, s, pending, unchanged) => {
    const plan = planOutput(changes, s, complete);
    expect(plan.pending.map((c) => c.path)).toEqual(pending);
    expect(plan.unchanged).toEqual(unchanged);
  });

  it("keeps the order of the changes", () => {
    expect(planOutput([change("b", ""), change("a", "")], state({}), complete).files).toEqual(["b", "a"]);
  });

  it.each([
    ["complete: listed, existing and no longer generated", true, ["a", "gone", "absent", "../x"], ["gone"]],
    ["partial: nothing is stale", false, ["a", "gone"], []],
  ])("stale files, %s", (_name, isComplete, manifest, stale) => {
    const plan = planOutput([change("a", "1\n")], state({ a: "1\n", gone: "x\n", "../x": "y" }, manifest), {
      manifest: ".m",
      complete: isComplete,
    });
    expect(plan.stale).toEqual(stale);
  });

  it("lists exactly this run's files in a complete run, and keeps earlier entries in a partial one", () => {
    const s = state({}, ["dev/a", "prod/a"]);
    expect(planOutput([change("prod/a", ""), change("prod/b", "")], s, complete).manifest).toEqual({
      path: ".m",
      content: "prod/a\nprod/b\n",
    });
    expect(planOutput([change("prod/b", "")], s, { manifest: ".m", complete: false }).manifest?.content).toBe(
      "dev/a\nprod/a\nprod/b\n",
    );
    expect(planOutput([change("a", "")], s, { manifest: false, complete: true })).toMatchObject({
      manifest: undefined,
      stale: [],
    });
  });
});

describe("planDrift", () => {
  it("reports missing, changed and stale files with unified diffs", () => {
    const s = state({ a: "1\n", old: "gone\n" }, ["a", "old"]);
    const plan = planOutput([change("a", "2\n"), change("b", "new\n")], s, complete);
    expect(planDrift(plan, s)).toEqual([
      { path: "a", status: "changed", diff: "--- a/a\n+++ b/a\n@@ -1,1 +1,1 @@\n-1\n+2\n" },
      { path: "b", status: "missing", diff: "--- /dev/null\n+++ b/b\n@@ -0,0 +1,1 @@\n+new\n" },
      { path: "old", status: "stale", diff: "--- a/old\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-gone\n" },
    ]);
  });

  it("does not print binary content", () => {
    const s = state({ "x.bin": "\u0000\u0001" });
    const plan = planOutput([change("x.bin", Buffer.from([0, 2]))], s, complete);
    expect(planDrift(plan, s)[0]?.diff).toBe("Binary files a/x.bin and b/x.bin differ\n");
  });
});

describe("manifest and paths", () => {
  it("round-trips a manifest", () => {
    expect(parseManifest(renderManifest(["b", "a/c"]))).toEqual(["a/c", "b"]);
    expect(renderManifest([])).toBe("");
  });

  it.each([
    ["a/b.yaml", true],
    [".infraflux-generated", true],
    ["../a", false],
    ["a/../b", false],
    ["/etc/passwd", false],
    ["a//b", false],
    ["", false],
    ["C:/x", false],
  ])("%s is safe: %s", (path, safe) => expect(isSafeRelativePath(path)).toBe(safe));
});
