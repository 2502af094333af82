import { testRule, y } from "../_rule-test.ts";
import { fluxKs } from "./_flux-fixtures.ts";
import { fluxDependsOnWait } from "./flux-depends-on-wait.ts";

testRule(fluxDependsOnWait, {
  valid: [
    {
      name: "depended-on phase waits; the last phase need not",
      files: { "a.yaml": `${fluxKs("crds", { wait: true })}---\n${fluxKs("apps", { dependsOn: ["crds"] })}` },
    },
    {
      name: "healthChecks instead of wait",
      files: {
        "a.yaml":
          fluxKs("crds").replace(
            "  prune: true\n",
            y("  prune: true", "  healthChecks:", "    - kind: Deployment", "      name: x", "      namespace: y"),
          ) +
          "---\n" +
          fluxKs("apps", { dependsOn: ["crds"] }),
      },
    },
  ],
  invalid: [
    {
      name: "no wait",
      files: {
        "a.yaml":
          fluxKs("config") +
          "---\n" +
          fluxKs("apps", { dependsOn: ["config"] }) +
          "---\n" +
          fluxKs("more", { dependsOn: ["config"] }),
      },
      errors: [{ file: "repo/a.yaml", line: 4, column: 9, message: "apps, more" }],
    },
    {
      name: "wait: false",
      files: {
        "a.yaml":
          fluxKs("config").replace("  prune: true\n", "  prune: true\n  wait: false\n") +
          "---\n" +
          fluxKs("apps", { dependsOn: ["config"] }),
      },
      errors: [{ file: "repo/a.yaml", line: 10, column: 9 }],
    },
  ],
});
