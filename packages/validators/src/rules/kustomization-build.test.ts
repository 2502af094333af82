import { testRule } from "../_rule-test.ts";
import { kustomizationBuild } from "./kustomization-build.ts";

// The rule only reports the build results runValidation gathers; the real kubectl run is in test/build.test.ts.
testRule(kustomizationBuild, {
  valid: [
    { name: "successful builds", files: {}, builds: [{ repo: "repo", file: "repo/kustomization.yaml", ok: true }] },
  ],
  invalid: [
    {
      name: "failed build",
      files: {},
      builds: [{ repo: "repo", file: "repo/a/kustomization.yaml", ok: false, error: "no matches for Id HelmRelease" }],
      errors: [{ file: "repo/a/kustomization.yaml", line: 1, column: 1, message: "no matches for Id" }],
    },
  ],
});
