import { APP_TYPES } from "@infraflux/overlay-gen";
import { describe, expect, it } from "vitest";
import { APP_TYPE_CHOICES } from "../src/commands/new-app.ts";
import { run } from "./_run.ts";

describe("the command table", () => {
  it("lists every subcommand in --help", async () => {
    const help = await run(["--help"]);
    for (const cmd of ["split", "verify", "compile", "explain", "validate", "overlays", "new-app"])
      expect(help.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, "m"));
  });

  it("offers new-app the same workload types overlay-gen knows (repeated there so the CLI starts without loading it)", () => {
    expect([...APP_TYPE_CHOICES]).toEqual([...APP_TYPES]);
  });

  it("gives each subcommand an example in its --help", async () => {
    for (const cmd of ["split", "verify", "compile", "explain", "validate", "new-app"]) {
      expect((await run([cmd, "--help"])).stdout, cmd).toMatch(/Examples?:/);
    }
    for (const sub of ["generate", "extract"])
      expect((await run(["overlays", sub, "--help"])).stdout, sub).toMatch(/Examples?:/);
  });
});
