import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyOutput } from "./apply-output.ts";

const work = mkdtempSync(join(tmpdir(), "infraflux-file-output-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(work, `case-${n++}`);

describe("applyOutput", () => {
  it("writes, then finds nothing to do, then reports drift and stale files, then removes them", () => {
    const outDir = fresh();
    const first = applyOutput(
      [
        { path: "a/one.yaml", content: "1\n" },
        { path: "two.yaml", content: "2\n" },
        { path: "run.sh", content: "#!/bin/sh\n", mode: 0o755 },
      ],
      { outDir, mode: "write" },
    );
    expect(first.written).toEqual(["a/one.yaml", "two.yaml", "run.sh"]);
    expect(readFileSync(join(outDir, ".infraflux-generated"), "utf8")).toBe("a/one.yaml\nrun.sh\ntwo.yaml\n");
    expect(statSync(join(outDir, "run.sh")).mode & 0o777).toBe(0o755);

    const next = [{ path: "a/one.yaml", content: "1\n" }];
    writeFileSync(join(outDir, "mine.txt"), "not generated\n");
    const check = applyOutput(next, { outDir, mode: "check" });
    expect(check.drift.map((d) => [d.path, d.status])).toEqual([
      ["run.sh", "stale"],
      ["two.yaml", "stale"],
    ]);
    const dry = applyOutput(next, { outDir, mode: "dry-run" });
    expect(dry).toMatchObject({ written: [], removed: ["run.sh", "two.yaml"], unchanged: ["a/one.yaml"] });
    expect(existsSync(join(outDir, "two.yaml"))).toBe(true);

    const second = applyOutput(next, { outDir, mode: "write" });
    expect(second).toMatchObject({ written: [], removed: ["run.sh", "two.yaml"] });
    expect(readdirSync(outDir).sort()).toEqual([".infraflux-generated", "a", "mine.txt"]);
    expect(readFileSync(join(outDir, ".infraflux-generated"), "utf8")).toBe("a/one.yaml\n");
  });

  it("dry-run and check write nothing at all", () => {
    const outDir = fresh();
    const changes = [{ path: "x/y.yaml", content: "y\n" }];
    expect(applyOutput(changes, { outDir, mode: "dry-run" }).written).toEqual(["x/y.yaml"]);
    expect(applyOutput(changes, { outDir, mode: "check" }).drift).toMatchObject([
      { path: "x/y.yaml", status: "missing" },
    ]);
    expect(existsSync(outDir)).toBe(false);
  });

  it("a partial run keeps the other entries of the manifest and removes nothing", () => {
    const outDir = fresh();
    applyOutput(
      [
        { path: "dev/a", content: "d\n" },
        { path: "prod/a", content: "p\n" },
      ],
      { outDir, mode: "write", manifest: ".compiled" },
    );
    const r = applyOutput([{ path: "prod/a", content: "p2\n" }], {
      outDir,
      mode: "write",
      manifest: ".compiled",
      complete: false,
    });
    expect(r).toMatchObject({ written: ["prod/a"], removed: [] });
    expect(readFileSync(join(outDir, ".compiled"), "utf8")).toBe("dev/a\nprod/a\n");
    expect(existsSync(join(outDir, "dev/a"))).toBe(true);
  });

  it("on a failure part-way, leaves the previous files intact and no temporary behind", () => {
    const outDir = fresh();
    applyOutput(
      [
        { path: "a.yaml", content: "old\n" },
        { path: "blocker", content: "a file where a directory is wanted\n" },
      ],
      { outDir, mode: "write" },
    );
    expect(() =>
      applyOutput(
        [
          { path: "a.yaml", content: "new\n" },
          { path: "blocker/inside.yaml", content: "x\n" },
        ],
        { outDir, mode: "write" },
      ),
    ).toThrow(/nothing was changed/);
    expect(readFileSync(join(outDir, "a.yaml"), "utf8")).toBe("old\n");
    expect(readdirSync(outDir).sort()).toEqual([".infraflux-generated", "a.yaml", "blocker"]);
  });

  it("refuses paths that leave the output root", () => {
    expect(() => applyOutput([{ path: "../escape", content: "" }], { outDir: fresh(), mode: "write" })).toThrow(
      /outside/,
    );
  });
});
