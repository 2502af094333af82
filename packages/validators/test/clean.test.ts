import { describe, expect, it } from "vitest";
import { expectGoldenFiles } from "../../../fixtures/golden.ts";
import { renderJsonReport, renderSummary } from "../src/index.ts";
import { formatAll, golden, validateFixture } from "./_helpers.ts";
import { join } from "node:path";

describe("clean fixture (infraflux + platform-gitops after migration)", () => {
  it("has zero findings: no errors, no warnings; infos only list what no entry point applies", async () => {
    const report = await validateFixture("clean");
    expect(report.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    // Infos: the manifests the lab cluster's entry point does not apply (the CAPI templates, the Terraform-side
    // secrets, the Cilium base applied by Terraform). IPAddressPool is checked against the metallb CRD in the tree.
    expect([...new Set(report.diagnostics.map((d) => d.code))]).toEqual(["file-not-applied"]);
    expect(report.stats.unknownKinds).toEqual([]);
    expect(report.stats.schemaValidated).toBeGreaterThan(15);
    expectGoldenFiles(
      join(golden, "clean"),
      new Map([
        ["findings.txt", formatAll(report.diagnostics) + renderSummary(report)],
        ["report.json", JSON.stringify(renderJsonReport(report), null, 2)],
      ]),
    );
  });
});
