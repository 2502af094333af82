import { describe, expect, it } from "vitest";
import { handleError } from "../src/main.ts";
import { run } from "./_run.ts";

// With --json every failure is one JSON object on stdout with an `error` field, so CI scripts never parse prose.
const SUBCOMMANDS = [
  ["split"],
  ["verify"],
  ["compile"],
  ["explain"],
  ["validate"],
  ["overlays", "generate"],
  ["overlays", "extract"],
  ["new-app"],
];

function parseJsonError(stdout: string): { ok: boolean; error: { code: string; message: string } } {
  const value = JSON.parse(stdout) as { ok: boolean; error: { code: string; message: string } };
  expect(value.ok).toBe(false);
  expect(typeof value.error.code).toBe("string");
  expect(value.error.message.length).toBeGreaterThan(0);
  return value;
}

describe("--json errors", () => {
  it.each(SUBCOMMANDS)("reports an unknown option of %s as a JSON usage error, nothing on stderr", async (...cmd) => {
    const r = await run([...cmd, "--json", "--no-such-option"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("");
    // commander reports a missing required option before an unknown one
    const { error } = parseJsonError(r.stdout);
    expect(error.code).toBe("usage");
    expect(error.message).toMatch(/unknown option '--no-such-option'|required option .* not specified/);
  });

  it("reports an unknown subcommand and a missing argument as JSON usage errors", async () => {
    const unknown = await run(["--json", "splitt"]);
    expect(unknown.code).toBe(2);
    expect(parseJsonError(unknown.stdout).error.code).toBe("usage");
    const missing = await run(["validate", "--json"]);
    expect(missing.code).toBe(2);
    expect(parseJsonError(missing.stdout).error.message).toMatch(/missing required argument/);
  });

  it("reports bad input with an error field beside the diagnostics", async () => {
    const r = await run(["compile", "--json", "--config", "/nonexistent/config", "--all"]);
    expect(r.code).toBe(2);
    const value = JSON.parse(r.stdout) as { error: { code: string }; diagnostics: unknown[] };
    expect(value.error.code).toBe("invalid-input");
    expect(value.diagnostics.length).toBeGreaterThan(0);
  });

  it("reports an internal error as JSON with exit 3, the stack only with --verbose", () => {
    let stdout = "";
    const ctx = {
      cwd: "/",
      envVars: {},
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
    };
    expect(handleError(new TypeError("x is undefined"), ctx, { json: true })).toBe(3);
    const value = parseJsonError(stdout) as { error: { code: string; message: string; stack?: string } };
    expect(value.error.code).toBe("internal");
    expect(value.error.stack).toBeUndefined();
    stdout = "";
    handleError(new TypeError("x is undefined"), ctx, { json: true, verbose: true });
    expect(JSON.parse(stdout).error.stack).toMatch(/TypeError/);
  });

  it("keeps the prose without --json", async () => {
    const r = await run(["compile", "--no-such-option"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/unknown option/);
  });
});
