import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultRulesConfig } from "../config.ts";
import { readRepository } from "../load.ts";
import { validateRepositories } from "../validate.ts";
import { fileUnreadable } from "./file-unreadable.ts";

const dir = mkdtempSync(join(tmpdir(), "infraflux-unreadable-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function findings(files: Record<string, string | Buffer>, maxFileBytes?: number) {
  const root = mkdtempSync(join(dir, "r-"));
  for (const [p, c] of Object.entries(files)) writeFileSync(join(root, p), c);
  const repo = await readRepository({
    root,
    label: "repo",
    role: "unknown",
    ...(maxFileBytes ? { maxFileBytes } : {}),
  });
  return validateRepositories([repo], defaultRulesConfig, [], [fileUnreadable]).diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    file: d.file,
    line: d.span?.line,
    column: d.span?.column,
  }));
}

describe("file-unreadable", () => {
  it("valid: UTF-8 with a BOM, and binary files without a YAML/Terraform name", async () => {
    expect(
      await findings({ "a.yaml": "\uFEFFa: 1\n", "logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]) }),
    ).toEqual([]);
  });
  it("invalid: binary content in a .yaml file", async () => {
    expect(await findings({ "bin.yaml": Buffer.from([0x61, 0x3a, 0x20, 0, 1, 2]) })).toEqual([
      { code: "file-unreadable", severity: "error", file: "repo/bin.yaml", line: 1, column: 1 },
    ]);
  });
  it("invalid: Latin-1 byte, located at its line and column", async () => {
    expect(
      await findings({
        "l.yaml": Buffer.concat([Buffer.from("a: 1\nname: caf"), Buffer.from([0xe9]), Buffer.from("\n")]),
      }),
    ).toEqual([{ code: "file-unreadable", severity: "error", file: "repo/l.yaml", line: 2, column: 10 }]);
  });
  it("invalid: a file above the size limit is a warning, not a crash", async () => {
    expect(
      await findings({ "big.yaml": `a: ${"x".repeat(5000)}\n`, "variables.tf": 'variable "a" {}\n' }, 1000),
    ).toEqual([
      { code: "file-unreadable", severity: "warning", file: "repo/big.yaml", line: undefined, column: undefined },
    ]);
  });
});
