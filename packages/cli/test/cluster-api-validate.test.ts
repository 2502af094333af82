import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "./_run.ts";

// The compiled Cluster API manifests (outputs.clusterApi) pass `infraflux validate` against the CRDs in the tree.
const root = join(import.meta.dirname, "../../..");
const work = mkdtempSync(join(tmpdir(), "infraflux-capi-validate-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cli = (args: string[]) => run(args, work);

describe("compiled Cluster API manifests validate against the Cluster API CRDs", () => {
  const out = join(work, "repo");

  it("compile writes clusters/workloads/<env>/ for every environment", async () => {
    const compiled = await cli(["compile", "--root", join(root, "fixtures/config-repo"), "--all", "--out", out]);
    expect(compiled.code).toBe(0);
    cpSync(join(root, "fixtures/cluster-api-crds"), join(out, "crds"), { recursive: true });
  });

  it("validate: every Cluster API object is checked against its CRD, with no error", async () => {
    const clusters = join(out, "clusters");
    const result = await cli(["validate", "--json", clusters, join(out, "crds")]);
    const report = JSON.parse(result.stdout);
    const problems = report.diagnostics.filter((d: { severity: string }) => d.severity !== "info");
    expect(problems).toEqual([]);
    expect(result.code).toBe(0);
    // 7 objects per environment, each checked against a schema (the CRDs themselves too); no kind left without one
    expect(report.stats.schemaValidated).toBeGreaterThanOrEqual(3 * 7 + 6);
    expect(report.stats.unknownKinds).toEqual([]);
  });

  it("validate finds a mistake in a compiled object (the check above could fail)", async () => {
    const file = join(out, "clusters/workloads/dev/workers.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("numCores:", "numCorez:"));
    const result = await cli(["validate", join(out, "clusters"), join(out, "crds")]);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/workers\.yaml:\d+:\d+ error .*numCorez/);
  });
});
