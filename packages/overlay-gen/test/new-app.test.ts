import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { formatDiagnostic } from "@infraflux/diagnostics";
import { APP_TYPES, planNewApp, type AppType, type FileChange } from "@infraflux/overlay-gen";
import { runValidation } from "@infraflux/validators";
import { expectGoldenFiles } from "../../../fixtures/golden.ts";
import { writeTemp } from "./_kustomize.ts";

const repo = join(import.meta.dirname, "../../..");
const envs = ["dev", "staging", "prod"];

function plan(name: string, type: AppType, existing: (p: string) => boolean = () => false): readonly FileChange[] {
  const r = planNewApp({ name, type, environments: envs, repoURL: "https://github.com/org/platform-gitops", existing });
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  return r.value.changes;
}

describe("new-app scaffold", () => {
  it("matches the golden web-service scaffold", () => {
    expectGoldenFiles(
      join(repo, "fixtures/golden/overlay-gen/new-app"),
      new Map(plan("my-app", "web-service").map((c) => [c.path, c.content])),
    );
  });

  for (const type of APP_TYPES) {
    it(`${type}: chart, one values file per environment and an ApplicationSet entry per environment, all valid YAML`, () => {
      const files = new Map(plan("svc", type).map((c) => [c.path, c.content]));
      expect(parse(files.get("applications/svc/Chart.yaml")!)).toMatchObject({
        apiVersion: "v2",
        name: "svc",
        version: "0.1.0",
      });
      for (const env of envs) expect(parse(files.get(`environments/${env}/values/svc.yaml`)!).environment).toBe(env);
      const appSet = parse(files.get("argocd/applicationsets/svc.yaml")!);
      expect(appSet.spec.generators[0].list.elements).toEqual(envs.map((env) => ({ env })));
      expect(appSet.spec.template.spec.source.path).toBe("applications/svc");
      for (const [path, text] of files)
        if (path.endsWith(".yaml"))
          expect(
            parseAllDocuments(text).flatMap((d) => d.errors),
            path,
          ).toEqual([]);
      const kinds = [...files.keys()].filter((p) => p.includes("/templates/")).map((p) => p.split("/").pop());
      expect(kinds).toEqual(
        type === "web-service"
          ? ["deployment.yaml", "ingress.yaml", "service.yaml"]
          : type === "worker"
            ? ["deployment.yaml"]
            : ["cronjob.yaml"],
      );
    });
  }

  // Helm templates are not manifests until rendered, but @infraflux/validators currently schema-checks every
  // *.yaml, templates/ included (reported to its owner). Everything else the scaffold writes must pass.
  it("passes the validators (outside the chart's templates/)", async () => {
    const dir = writeTemp(APP_TYPES.flatMap((t, i) => plan(`app-${i}`, t)));
    const report = await runValidation({ dirs: [dir], cwd: "/" });
    expect(
      report.diagnostics.filter((d) => d.severity !== "info" && !d.file?.includes("/templates/")).map(formatDiagnostic),
    ).toEqual([]);
    expect(report.diagnostics.some((d) => d.file?.includes("argocd/applicationsets/"))).toBe(false);
  });

  it("refuses a bad name, no environments, and an existing app — all reported together", () => {
    const r = planNewApp({ name: "My_App", type: "worker", environments: [], repoURL: "x", existing: () => true });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["invalid-name", "no-environments", "app-exists"]);
  });
});
