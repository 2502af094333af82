import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "@infraflux/diagnostics";
import { extractOverlays, generateOverlays, type FileChange } from "@infraflux/overlay-gen";
import { runValidation } from "@infraflux/validators";
import { hasTool } from "../../../fixtures/oracles.ts";
import { writeTemp } from "./_kustomize.ts";

const repo = join(import.meta.dirname, "../../..");

function changesOf(result: {
  ok: boolean;
  diagnostics: readonly unknown[];
  value?: { changes: readonly FileChange[] };
}): readonly FileChange[] {
  if (!result.ok || !result.value) throw new Error(JSON.stringify(result.diagnostics));
  return result.value.changes;
}

/** The generated trees must pass the team's validators (dependsOn graph, wait, paths, schemas, SOPS rules, builds). */
describe.skipIf(!hasTool("kubectl"))("generated trees pass @infraflux/validators with kustomize builds", () => {
  const cases: [string, () => readonly FileChange[]][] = [
    [
      "generate --engine flux",
      () => changesOf(generateOverlays({ specPath: "fixtures/overlay-spec/spec.yaml", cwd: repo, engine: "flux" })),
    ],
    [
      "generate --engine argocd",
      () => changesOf(generateOverlays({ specPath: "fixtures/overlay-spec/spec.yaml", cwd: repo, engine: "argocd" })),
    ],
    [
      "extract",
      () =>
        changesOf(
          extractOverlays({
            dirs: ["fixtures/duplicated-clusters/lab", "fixtures/duplicated-clusters/phx"],
            cwd: repo,
          }),
        ),
    ],
  ];
  for (const [name, plan] of cases) {
    it(`${name}: no errors or warnings`, async () => {
      const dir = writeTemp(plan());
      // A crash inside the validators (InternalError) is their bug and fails this test: it is never skipped.
      const report = await runValidation({ dirs: [dir], cwd: "/", build: true });
      const problems = report.diagnostics.filter((d) => d.severity !== "info");
      expect(problems.map(formatDiagnostic)).toEqual([]);
    });
  }
});
