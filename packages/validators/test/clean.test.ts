import { describe, expect, it } from "vitest";
import { expectGoldenFiles } from "../../../fixtures/golden.ts";
import { renderJsonReport, renderSummary } from "../src/index.ts";
import { formatAll, golden, validateFixture } from "./_helpers.ts";
import { join } from "node:path";

describe("clean fixture (infraflux + platform-gitops after migration)", () => {
  it("has zero findings: no errors, no warnings; infos only list the kinds without a schema", async () => {
    const report = await validateFixture("clean");
    expect(report.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect([...new Set(report.diagnostics.map((d) => d.code))]).toEqual(["schema-unknown-kind"]);
    expect(report.stats.unknownKinds.map((k) => `${k.apiVersion} ${k.kind}`)).toEqual([
      "infrastructure.cluster.x-k8s.io/v1alpha1 ProxmoxCluster",
      "metallb.io/v1beta1 IPAddressPool",
    ]);
    expect(report.stats.schemaValidated).toBeGreaterThan(20);
    expectGoldenFiles(
      join(golden, "clean"),
      new Map([
        ["findings.txt", formatAll(report.diagnostics) + renderSummary(report)],
        ["report.json", JSON.stringify(renderJsonReport(report), null, 2)],
      ]),
    );
  });
});
