import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { assembleRepository } from "../src/assemble.ts";
import { defaultRulesConfig, validateRepositories, type ValidationReport } from "../src/index.ts";
import { fixtures } from "./_helpers.ts";

/**
 * The causes of the false alarms on public GitOps repositories (issue 12), each as a small repository shaped like
 * the real one (fixtures/validate/real-world/<case>): the fixture as committed gives no error and no warning, and
 * each seed (one edit of one file) gives exactly the findings listed, with file:line:col.
 */
interface Seed {
  readonly name: string;
  readonly file: string;
  /** Replaced text (first occurrence); `undefined` deletes the file. */
  readonly from?: string;
  readonly to?: string;
  readonly expected: readonly string[];
}

interface Case {
  readonly url: string;
  readonly seeds: readonly Seed[];
  /** Infos expected on the clean fixture, as `code file:line:col`. */
  readonly infos?: readonly string[];
  readonly templateFiles?: number;
}

const cases: Readonly<Record<string, Case>> = {
  "artifact-generator": {
    url: "https://github.com/fluxcd/flux2-kustomize-helm-example",
    seeds: [
      {
        name: "a path that is not in the artifact",
        file: "clusters/staging/apps.yaml",
        from: "path: ./staging",
        to: "path: ./apps/staging",
        expected: ["flux-path-exists artifact-generator/clusters/staging/apps.yaml:14:9"],
      },
      {
        name: "an artifact no ArtifactGenerator declares",
        file: "clusters/production/apps.yaml",
        from: "name: apps\n  path",
        to: "name: application\n  path",
        expected: ["flux-source-ref-exists artifact-generator/clusters/production/apps.yaml:13:11"],
      },
    ],
  },
  "flux-operator": {
    url: "https://github.com/org/home-ops",
    infos: [
      "file-not-applied flux-operator/bootstrap/secrets.yaml:1:1",
      "schema-unknown-kind flux-operator/kubernetes/apps/flux-system/flux-instance/app/fluxinstance.yaml:3:7",
      "schema-unknown-kind flux-operator/kubernetes/apps/flux-system/flux-instance/app/resourceset.yaml:3:7",
    ],
    seeds: [
      {
        name: "a dependsOn that names no Kustomization",
        file: "kubernetes/apps/default/echo/ks.yaml",
        from: "- name: flux-instance",
        to: "- name: flux-instanse",
        expected: ["flux-depends-on-exists flux-operator/kubernetes/apps/default/echo/ks.yaml:9:13"],
      },
      {
        name: "without the parent's patch, children lack interval and prune",
        file: "kubernetes/flux/cluster/ks.yaml",
        from: "        group: kustomize.toolkit.fluxcd.io\n        kind: Kustomization",
        to: "        group: kustomize.toolkit.fluxcd.io\n        kind: HelmRelease",
        expected: [
          "schema-invalid flux-operator/kubernetes/apps/default/echo/ks.yaml:8:3",
          // … and wait: true came from the same patch.
          "flux-depends-on-wait flux-operator/kubernetes/apps/flux-system/flux-instance/ks.yaml:5:9",
          "schema-invalid flux-operator/kubernetes/apps/flux-system/flux-instance/ks.yaml:8:3",
        ],
      },
    ],
  },
  "oci-fleet": {
    // Shaped like controlplaneio-fluxcd/d2-fleet: the FluxInstance syncs an OCI artifact CI pushes from this repository.
    url: "https://github.com/acme/fleet",
    seeds: [
      {
        name: "a path that is not in the repository the FluxInstance syncs",
        file: "clusters/staging/tenants.yaml",
        from: "path: ./tenants",
        to: "path: ./tenant",
        expected: ["flux-path-exists oci-fleet/clusters/staging/tenants.yaml:8:9"],
      },
      {
        name: "a source the FluxInstance does not create",
        file: "clusters/production/tenants.yaml",
        from: "    name: flux-system",
        to: "    name: fleet",
        expected: ["flux-source-ref-exists oci-fleet/clusters/production/tenants.yaml:12:11"],
      },
    ],
  },
  "kustomize-completed": {
    url: "https://github.com/org/lab",
    seeds: [
      {
        name: "a Kustomization the component's patch does not select",
        file: "clusters/lab/apps.yaml",
        from: "defaults: enabled",
        to: "defaults: disabled",
        expected: ["schema-invalid kustomize-completed/clusters/lab/apps.yaml:10:3"],
      },
      {
        name: "a misspelt field next to a merge key",
        file: "apps/base/web/deployment.yaml",
        from: "          name: metrics",
        to: "          nmae: metrics",
        expected: ["schema-unknown-field kustomize-completed/apps/base/web/deployment.yaml:23:11"],
      },
    ],
  },
  "model-gaps": {
    url: "https://github.com/org/home",
    seeds: [
      {
        name: "a real unknown field of a PriorityClass",
        file: "kubernetes/scheduling/priorityclass.yaml",
        from: "globalDefault",
        to: "globalDefalt",
        expected: ["schema-unknown-field model-gaps/kubernetes/scheduling/priorityclass.yaml:8:1"],
      },
      {
        name: "a custom resource checked against the CRD in the tree (int-or-string accepts 8080 and a string)",
        file: "kubernetes/multus/macvlan.yaml",
        from: "spec:\n  port: 8080",
        to: "spce:\n  port: true",
        expected: ["schema-unknown-field model-gaps/kubernetes/multus/macvlan.yaml:7:1"],
      },
      {
        name: "an int-or-string field given a bool",
        file: "kubernetes/multus/macvlan.yaml",
        from: "port: 8080",
        to: "port: true",
        expected: ["schema-invalid model-gaps/kubernetes/multus/macvlan.yaml:8:9"],
      },
    ],
  },
  templates: {
    url: "https://github.com/org/templates",
    templateFiles: 4,
    infos: ["kustomization-path-exists templates/plugins/kustomized-helm/kustomization.yaml:4:3"],
    seeds: [
      {
        name: "a resource that is neither in the tree nor git-ignored",
        file: "kustomize-guestbook/kustomization.yaml",
        from: "- guestbook-ui-svc.yaml",
        to: "- guestbook-ui-deployment.yaml",
        expected: ["kustomization-path-exists templates/kustomize-guestbook/kustomization.yaml:3:3"],
      },
    ],
  },
  "secret-references": {
    url: "https://github.com/org/secrets",
    seeds: [
      {
        name: "one plain value among references",
        file: "apps/vault/secrets.yaml",
        from: "username: vault:secret/data/db#username",
        to: "username: admin",
        expected: [
          "sops-creation-rule-coverage secret-references/apps/vault/secrets.yaml:3:7",
          "secret-not-encrypted secret-references/apps/vault/secrets.yaml:8:1",
        ],
      },
    ],
  },
  "sync-bundle": {
    url: "https://github.com/org/home-ops",
    // The kustomization that bootstrap applies by hand is not applied by Flux itself: listed, not an error.
    infos: [
      "file-not-applied sync-bundle/.archive/echo-old/ks.yaml:1:1",
      "file-not-applied sync-bundle/kubernetes/flux/config/kustomization.yaml:1:1",
    ],
    seeds: [
      {
        name: "a source the bundle does not define",
        file: "kubernetes/apps/echo/ks.yaml",
        from: "name: home-ops-kubernetes",
        to: "name: home-ops",
        expected: ["flux-source-ref-exists sync-bundle/kubernetes/apps/echo/ks.yaml:13:11"],
      },
    ],
  },
  "per-cluster": {
    url: "https://github.com/org/fleet",
    seeds: [
      {
        name: "a dependsOn satisfied only by another cluster's Kustomization",
        file: "clusters/beta/infrastructure.yaml",
        // Cluster beta no longer applies the HelmRepository either: both references break there, not in alpha.
        expected: [
          "flux-source-ref-exists per-cluster/apps/base/podinfo.yaml:14:15",
          "flux-depends-on-exists per-cluster/clusters/beta/apps.yaml:9:13",
        ],
      },
    ],
  },
};

function readTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else out.set(relative(root, abs).split("\\").join("/"), readFileSync(abs, "utf8"));
    }
  };
  walk(root);
  return out;
}

async function validateTree(label: string, url: string, texts: ReadonlyMap<string, string>): Promise<ValidationReport> {
  const repo = await assembleRepository({ label, role: "unknown", url, files: new Set(texts.keys()), texts });
  return validateRepositories([repo], defaultRulesConfig);
}

const where = (d: { code: string; file?: string; span?: { line: number; column: number } }) =>
  `${d.code} ${d.file}:${d.span?.line}:${d.span?.column}`;

describe("real-world shapes (issue 12): no false alarms, seeded mistakes found", () => {
  for (const [name, c] of Object.entries(cases)) {
    const tree = readTree(join(fixtures, "real-world", name));
    it(`${name}: clean, 0 errors and 0 warnings`, async () => {
      const report = await validateTree(name, c.url, tree);
      expect(report.diagnostics.filter((d) => d.severity !== "info").map(where)).toEqual([]);
      const infos = report.diagnostics.filter((d) => d.severity === "info" && d.code !== "schema-unknown-kind");
      const expectedInfos = (c.infos ?? []).filter((i) => !i.startsWith("schema-unknown-kind"));
      expect(infos.map(where)).toEqual(expectedInfos);
      expect(report.stats.templateFiles).toBe(c.templateFiles ?? 0);
      if (name === "model-gaps") expect(report.stats.unknownKinds).toEqual([]); // the CRD in the tree is the schema
    });
    for (const seed of c.seeds) {
      it(`${name}: seeded — ${seed.name}`, async () => {
        const seeded = new Map(tree);
        const text = seeded.get(seed.file);
        expect(text, seed.file).toBeDefined();
        if (seed.from === undefined) seeded.delete(seed.file);
        else {
          expect(text).toContain(seed.from);
          seeded.set(seed.file, text!.replace(seed.from, seed.to ?? ""));
        }
        const report = await validateTree(name, c.url, seeded);
        expect(report.diagnostics.filter((d) => d.severity !== "info").map(where)).toEqual(seed.expected);
      });
    }
  }
});
