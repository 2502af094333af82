import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasTool } from "../../../fixtures/oracles.ts";
import { runValidation } from "../src/index.ts";
import { fixtures } from "./_helpers.ts";

const cwd = join(fixtures, "build");

describe.skipIf(!hasTool("kubectl"))("--build with kubectl kustomize (oracle)", () => {
  it("reports kustomize's failure where static rules see nothing, and only there", async () => {
    const report = await runValidation({ dirs: ["infraflux"], cwd, build: true });
    expect(report.diagnostics.map((d) => `${d.code} ${d.file}:${d.span?.line}`)).toEqual([
      "kustomization-build infraflux/bad-target/kustomization.yaml:1",
      "kustomization-outside-root infraflux/outside/kustomization.yaml:4",
    ]);
    expect(report.diagnostics[0]?.message).toMatch(/failed to find unique target for patch|no matches/);
  });

  it("without --build the kustomize failure is not reported (the build is what finds it)", async () => {
    const report = await runValidation({ dirs: ["infraflux"], cwd });
    expect(report.diagnostics.map((d) => d.code)).toEqual(["kustomization-outside-root"]);
  });

  it("kustomization-outside-root agrees with kubectl: the default load restrictor refuses, Flux's (none) accepts", () => {
    const dir = join(cwd, "infraflux/outside");
    const strict = spawnSync("kubectl", ["kustomize", dir], { encoding: "utf8" });
    expect(strict.status).not.toBe(0);
    expect(strict.stderr).toContain("is not in or below");
    const none = spawnSync("kubectl", ["kustomize", dir, "--load-restrictor", "LoadRestrictionsNone"], {
      encoding: "utf8",
    });
    expect(none.status).toBe(0);
  });

  it("the clean fixture builds everywhere", async () => {
    const report = await runValidation({
      dirs: ["infraflux", "platform-gitops"],
      cwd: join(fixtures, "clean"),
      build: true,
    });
    expect(report.diagnostics.filter((d) => d.code === "kustomization-build")).toEqual([]);
  });
});
