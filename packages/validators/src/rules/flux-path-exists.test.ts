import { testRule, y } from "../_rule-test.ts";
import { fluxKs } from "./_flux-fixtures.ts";
import { fluxPathExists } from "./flux-path-exists.ts";

const gitRepo = (name: string, url: string) =>
  y(
    "apiVersion: source.toolkit.fluxcd.io/v1",
    "kind: GitRepository",
    "metadata:",
    `  name: ${name}`,
    "  namespace: flux-system",
    "spec:",
    "  interval: 1m",
    `  url: ${url}`,
  );

testRule(fluxPathExists, {
  valid: [
    {
      name: "path exists (with and without ./)",
      files: {
        "clusters/lab/apps.yaml": `${fluxKs("apps", { path: "./apps/lab" })}---\n${fluxKs("b", { path: "apps" })}`,
        "apps/lab/x.yaml": "a: 1\n",
      },
    },
    {
      name: "external GitRepository is not checked",
      files: {
        "k.yaml":
          fluxKs("apps", { path: "./nowhere", source: "other" }) +
          "---\n" +
          gitRepo("other", "https://github.com/org/elsewhere"),
      },
    },
    {
      name: "path checked in the other validated repository",
      repos: {
        infraflux: {
          "k.yaml":
            fluxKs("apps", { path: "./apps", source: "platform" }) +
            "---\n" +
            gitRepo("platform", "https://github.com/org/platform-gitops.git"),
        },
        "platform-gitops": { "apps/a.yaml": "a: 1\n" },
      },
    },
  ],
  invalid: [
    {
      name: "missing directory",
      files: { "clusters/lab/apps.yaml": fluxKs("apps", { path: "./clusters/lab/apps" }) },
      errors: [{ file: "repo/clusters/lab/apps.yaml", line: 8, column: 9, message: "does not exist" }],
    },
    {
      name: "path is a file",
      files: { "a.yaml": fluxKs("apps", { path: "./a.yaml" }) },
      errors: [{ file: "repo/a.yaml", line: 8, column: 9, message: "is a file" }],
    },
    {
      name: "missing in the other validated repository",
      repos: {
        infraflux: {
          "k.yaml":
            fluxKs("apps", { path: "./gone", source: "platform" }) +
            "---\n" +
            gitRepo("platform", "git@github.com:org/platform-gitops.git"),
        },
        "platform-gitops": { "apps/a.yaml": "a: 1\n" },
      },
      errors: [{ file: "infraflux/k.yaml", line: 8, column: 9, message: "repository platform-gitops" }],
    },
  ],
});
