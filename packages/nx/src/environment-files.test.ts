import { describe, expect, it } from "vitest";
import { planEnvironmentFiles } from "./environment-files.ts";

const FILES = [
  "config/infraflux.config.yaml",
  "config/clusters/prod-cluster.yaml",
  "config/defaults/00-base.yaml",
  "config/environments/dev.yaml",
  "config/environments/prod.yaml",
  "config/schema/final-config.schema.json",
  "config/templates/large.yaml",
  "config/templates/small.yaml",
  "kubernetes/base/grafana/values.yaml",
  "secrets/platform/grafana-admin.sops.yaml",
  "secrets/prod/grafana-admin.sops.yaml",
  "terraform/modules/cluster/variables.tf",
];

describe("planEnvironmentFiles", () => {
  const [dev, prod] = planEnvironmentFiles(FILES, "config", [
    {
      name: "dev",
      layers: ["config/defaults/00-base.yaml", "config/templates/small.yaml", "config/environments/dev.yaml"],
      secretFiles: ["secrets/platform/grafana-admin.sops.yaml"],
      outputs: ["terraform/environments/dev/terraform.tfvars", "build/dev/final-config.yaml"],
    },
    {
      name: "prod",
      layers: [
        "config/defaults/00-base.yaml",
        "config/templates/large.yaml",
        "config/environments/prod.yaml",
        "config/clusters/prod-cluster.yaml",
      ],
      secretFiles: ["secrets/prod/grafana-admin.sops.yaml", "config/infraflux.config.yaml"],
      outputs: ["build/prod/final-config.yaml"],
    },
  ]);

  it("gives an environment its own layers and SOPS files plus the files every environment reads", () => {
    expect(dev?.inputs).toEqual([
      "config/defaults/00-base.yaml",
      "config/environments/dev.yaml",
      "config/infraflux.config.yaml",
      "config/schema/final-config.schema.json",
      "config/templates/small.yaml",
      "kubernetes/base/grafana/values.yaml",
      "secrets/platform/grafana-admin.sops.yaml",
      "terraform/modules/cluster/variables.tf",
    ]);
    expect(dev?.outputs).toEqual(["build/dev/final-config.yaml", "terraform/environments/dev/terraform.tfvars"]);
  });

  it("never gives an environment another environment's layers, unused templates or SOPS files", () => {
    expect(prod?.inputs).not.toContain("config/environments/dev.yaml");
    expect(prod?.inputs).not.toContain("config/templates/small.yaml");
    expect(prod?.inputs).not.toContain("secrets/platform/grafana-admin.sops.yaml");
    expect(prod?.inputs).toContain("config/clusters/prod-cluster.yaml");
    expect(dev?.inputs).not.toContain("config/clusters/prod-cluster.yaml");
  });
});
