import { testRule } from "../_rule-test.ts";
import { fluxKs } from "./_flux-fixtures.ts";
import { fluxDependsOnCycle } from "./flux-depends-on-cycle.ts";

testRule(fluxDependsOnCycle, {
  valid: [
    {
      name: "phases chain",
      files: {
        "a.yaml": [
          fluxKs("crds"),
          fluxKs("infra", { dependsOn: ["crds"] }),
          fluxKs("config", { dependsOn: ["infra", "crds"] }),
        ].join("---\n"),
      },
    },
  ],
  invalid: [
    {
      name: "three-phase cycle with its whole path",
      files: {
        "a.yaml": fluxKs("a", { dependsOn: ["c"] }),
        "b.yaml": fluxKs("b", { dependsOn: ["a"] }),
        "c.yaml": fluxKs("c", { dependsOn: ["b"] }),
      },
      errors: [{ file: "repo/a.yaml", line: 11, column: 13, message: "a -> c -> b -> a" }],
    },
    {
      name: "self dependency",
      files: { "a.yaml": fluxKs("a", { dependsOn: ["a"] }) },
      errors: [{ file: "repo/a.yaml", line: 11, column: 13, message: "a -> a" }],
    },
    {
      name: "two separate cycles",
      files: {
        "a.yaml": [
          fluxKs("a", { dependsOn: ["b"] }),
          fluxKs("b", { dependsOn: ["a"] }),
          fluxKs("x", { dependsOn: ["y"] }),
          fluxKs("y", { dependsOn: ["x"] }),
        ].join("---\n"),
      },
      errors: [
        { file: "repo/a.yaml", line: 11, column: 13, message: "a -> b -> a" },
        { file: "repo/a.yaml", line: 41, column: 13, message: "x -> y -> x" },
      ],
    },
  ],
});
