import { describe, expect, it } from "vitest";
import { parseMatrix } from "../matrix/matrix.ts";
import { LayoutIndex } from "./layout-index.ts";
import { rewriteFileReferences, sameRepository } from "./rewrite-refs.ts";

const matrixText = `version: 1
source: { url: https://github.com/org/infraflux }
targets:
  infraflux: { url: https://github.com/org/infraflux }
  platform-gitops: { url: https://github.com/org/platform-gitops.git }
unmapped: error
rules:
  - from: apps/cilium/
    to: infraflux:kubernetes/base/cilium/
  - from: apps/monitoring/
    to: platform-gitops:observability/
  - from: apps/shared/
    to: platform-gitops:shared/
  - from: applications/
    to: platform-gitops:argocd/applications/
  - from: clusters/
    to: infraflux:clusters/templates/
  - from: flux/
    to: infraflux:clusters/management/flux/
  - from: terraform/
    to: infraflux:terraform/modules/root/
  - from: terraform/modules/
    to: infraflux:terraform/modules/
`;
const parsed = parseMatrix("m.yaml", matrixText);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
const matrix = parsed.matrix;
const files = [
  "apps/cilium/kustomization.yaml",
  "apps/cilium/values.yaml",
  "apps/monitoring/kustomization.yaml",
  "apps/monitoring/rules.yaml",
  "apps/shared/kustomization.yaml",
  "apps/shared/labels.yaml",
  "applications/monitoring.yaml",
  "clusters/prod/cluster.yaml",
  "flux/prod.yaml",
  "terraform/main.tf",
  "terraform/modules/proxmox/main.tf",
];
const ctx = (target: string) => ({ matrix, layout: new LayoutIndex(matrix, files, target) });

describe("rewriteFileReferences", () => {
  it("rewrites kustomization paths in place, keeping quotes, comments and remote references", () => {
    const text = `# monitoring overlay
resources:
  - rules.yaml        # stays beside it
  - "../shared"
  - ../cilium
  - https://github.com/org/other//deploy?ref=v1
`;
    const result = rewriteFileReferences(
      text,
      "apps/monitoring/kustomization.yaml",
      "observability/kustomization.yaml",
      ctx("platform-gitops"),
    );
    expect(result.text).toBe(`# monitoring overlay
resources:
  - rules.yaml        # stays beside it
  - "../shared"
  - ../cilium
  - https://github.com/org/other//deploy?ref=v1
`);
    expect(result.edits).toEqual([]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        line: 5,
        reference: "../cilium",
        reason: expect.stringMatching(/infraflux repository at kubernetes\/base\/cilium/),
      }),
    ]);
  });

  it("rewrites a relative path whose target moved, and warns when a file leaves the kustomization root", () => {
    const text = `resources:\n  - ../monitoring/rules.yaml\n  - ../shared\n`;
    const result = rewriteFileReferences(
      text,
      "apps/cilium/kustomization.yaml",
      "kubernetes/base/cilium/kustomization.yaml",
      ctx("infraflux"),
    );
    expect(result.problems.map((p) => p.reason)).toEqual([
      expect.stringMatching(/platform-gitops repository at observability/),
      expect.stringMatching(/platform-gitops repository at shared/),
    ]);
    const moved = rewriteFileReferences(
      `resources:\n  - ../shared/labels.yaml\n`,
      "apps/monitoring/kustomization.yaml",
      "observability/kustomization.yaml",
      ctx("platform-gitops"),
    );
    expect(moved.text).toBe("resources:\n  - ../shared/labels.yaml\n");
  });

  it("rewrites an Argo CD Application's repoURL and path, to the repository the path now lives in", () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: { name: monitoring }
spec:
  source:
    repoURL: https://github.com/org/infraflux.git
    path: apps/monitoring
    targetRevision: main
`;
    const result = rewriteFileReferences(
      text,
      "applications/monitoring.yaml",
      "argocd/applications/monitoring.yaml",
      ctx("platform-gitops"),
    );
    expect(result.text).toContain("repoURL: https://github.com/org/platform-gitops.git\n");
    expect(result.text).toContain("path: observability\n");
    expect(result.edits.map((e) => [e.line, e.before, e.after])).toEqual([
      [6, "https://github.com/org/infraflux.git", "https://github.com/org/platform-gitops.git"],
      [7, "apps/monitoring", "observability"],
    ]);
    const cilium = rewriteFileReferences(
      text.replace("apps/monitoring", "apps/cilium"),
      "applications/monitoring.yaml",
      "argocd/applications/monitoring.yaml",
      ctx("platform-gitops"),
    );
    expect(cilium.text).toContain("repoURL: https://github.com/org/infraflux\n");
    expect(cilium.text).toContain("path: kubernetes/base/cilium\n");
  });

  it("rewrites ApplicationSet git generators and templates", () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
spec:
  generators:
    - git:
        repoURL: https://github.com/org/infraflux
        directories:
          - path: clusters/prod
  template:
    spec:
      source:
        repoURL: https://github.com/org/infraflux
        path: apps/monitoring
`;
    const result = rewriteFileReferences(
      text,
      "applications/set.yaml",
      "argocd/applications/set.yaml",
      ctx("platform-gitops"),
    );
    expect(result.text).toContain("- path: clusters/templates/prod");
    expect(result.text).toContain("path: observability");
    expect(result.text.match(/platform-gitops/g)).toHaveLength(1);
  });

  it("rewrites a Flux Kustomization path within the repository and reports one that left it", () => {
    const text = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
spec:
  path: ./clusters/prod
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
spec:
  path: ./apps/monitoring
`;
    const result = rewriteFileReferences(
      text,
      "flux/prod.yaml",
      "clusters/management/flux/prod.yaml",
      ctx("infraflux"),
    );
    expect(result.text).toContain("path: ./clusters/templates/prod\n");
    expect(result.problems).toEqual([
      expect.objectContaining({ kind: "flux", line: 9, reference: "./apps/monitoring" }),
    ]);
  });

  it("rewrites Terraform module sources relative to the file's new place and leaves registry sources alone", () => {
    const text = `module "vm" {\n  source = "./modules/proxmox"\n}\nmodule "dns" {\n  source  = "cloudflare/dns/cloudflare"\n}\n`;
    const result = rewriteFileReferences(text, "terraform/main.tf", "terraform/modules/root/main.tf", ctx("infraflux"));
    expect(result.text).toBe(
      `module "vm" {\n  source = "../proxmox"\n}\nmodule "dns" {\n  source  = "cloudflare/dns/cloudflare"\n}\n`,
    );
    expect(result.edits).toEqual([
      {
        file: "terraform/modules/root/main.tf",
        line: 2,
        kind: "terraform",
        before: "./modules/proxmox",
        after: "../proxmox",
      },
    ]);
  });

  it("compares repository URLs loosely", () => {
    expect(sameRepository("https://github.com/Org/InfraFlux.git/", "git@github.com:org/infraflux")).toBe(true);
    expect(sameRepository("https://github.com/org/infraflux-x", "https://github.com/org/infraflux")).toBe(false);
  });
});

describe("generator files and SOPS creation rules", () => {
  const sopsMatrix = parseMatrix(
    "m.yaml",
    `version: 1
source: { url: https://github.com/org/infraflux }
targets:
  infraflux: { url: https://github.com/org/infraflux }
  platform-gitops: { url: https://github.com/org/platform-gitops }
rules:
  - from: secrets/platform/
    to: platform-gitops:security/secrets/
  - from: secrets/infrastructure/
    to: infraflux:configs/secrets/
  - from: .sops.yaml
    to: [infraflux:.sops.yaml, platform-gitops:.sops.yaml]
  - from: apps/monitoring/
    to: platform-gitops:observability/
  - from: apps/monitoring/dashboards/**
    to: platform-gitops:observability/grafana/dashboards/
`,
  );
  if (!sopsMatrix.ok) throw new Error(JSON.stringify(sopsMatrix.diagnostics));
  const sourceFiles = [
    "secrets/platform/grafana.sops.yaml",
    "secrets/platform/s3.sops.yaml",
    "secrets/infrastructure/proxmox.sops.yaml",
    ".sops.yaml",
    "apps/monitoring/kustomization.yaml",
    "apps/monitoring/dashboards/overview.json",
  ];
  const sops = `creation_rules:
  - path_regex: ^secrets/infrastructure/.*\\.sops\\.yaml$
    age: age1infra
  - path_regex: ^secrets/platform/.*\\.sops\\.yaml$
    age: age1platform
`;

  it("moves the literal prefix of a creation rule with its files, and removes the rule whose files left", () => {
    const result = rewriteFileReferences(sops, ".sops.yaml", ".sops.yaml", {
      matrix: sopsMatrix.matrix,
      layout: new LayoutIndex(sopsMatrix.matrix, sourceFiles, "platform-gitops"),
    });
    expect(result.text).toBe(
      "creation_rules:\n  - path_regex: ^security/secrets/.*\\.sops\\.yaml$\n    age: age1platform\n",
    );
    expect(result.edits).toEqual([
      {
        file: ".sops.yaml",
        line: 2,
        kind: "sops",
        before: "^secrets/infrastructure/.*\\.sops\\.yaml$",
        after: "(creation rule removed: its files are in another repository)",
      },
      {
        file: ".sops.yaml",
        line: 4,
        kind: "sops",
        before: "^secrets/platform/.*\\.sops\\.yaml$",
        after: "^security/secrets/.*\\.sops\\.yaml$",
      },
    ]);
    expect(result.problems).toEqual([]);
    const regex = new RegExp(result.edits[1]!.after);
    expect(regex.test("security/secrets/grafana.sops.yaml")).toBe(true);
  });

  it("rewrites configMapGenerator files, keeping a key= prefix", () => {
    const text = `configMapGenerator:\n  - name: dashboards\n    files:\n      - overview.json=dashboards/overview.json\n      - dashboards/overview.json\n`;
    const result = rewriteFileReferences(
      text,
      "apps/monitoring/kustomization.yaml",
      "observability/kustomization.yaml",
      { matrix: sopsMatrix.matrix, layout: new LayoutIndex(sopsMatrix.matrix, sourceFiles, "platform-gitops") },
    );
    expect(result.text).toBe(
      `configMapGenerator:\n  - name: dashboards\n    files:\n      - overview.json=grafana/dashboards/overview.json\n      - grafana/dashboards/overview.json\n`,
    );
  });
});
