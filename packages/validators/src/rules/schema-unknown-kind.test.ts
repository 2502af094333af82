import { testRule, y } from "../_rule-test.ts";
import { schemaUnknownKind } from "./schema-unknown-kind.ts";

const pool = (n: string) => y("apiVersion: metallb.io/v1beta1", "kind: IPAddressPool", "metadata:", `  name: ${n}`);

testRule(schemaUnknownKind, {
  valid: [
    {
      name: "known kinds only",
      files: {
        "a.yaml":
          y("apiVersion: v1", "kind: Namespace", "metadata:", "  name: a") +
          "---\n" +
          y("apiVersion: source.toolkit.fluxcd.io/v1", "kind: GitRepository", "metadata:", "  name: g"),
      },
    },
  ],
  invalid: [
    {
      name: "one finding per kind, at its first object, with the count",
      files: {
        "a.yaml": `${pool("a")}---\n${pool("b")}`,
        "b.yaml": `${pool("c")}---\n${y("apiVersion: traefik.io/v1alpha1", "kind: Middleware", "metadata:", "  name: m")}`,
      },
      errors: [
        {
          file: "repo/a.yaml",
          line: 2,
          column: 7,
          message: "3 objects of kind metallb.io/v1beta1 IPAddressPool (in 2 files)",
        },
        { file: "repo/b.yaml", line: 7, column: 7, message: "traefik.io/v1alpha1 Middleware" },
      ],
    },
    {
      name: "a removed API version is unknown, not passed",
      files: { "i.yaml": y("apiVersion: batch/v2alpha1", "kind: CronJob", "metadata:", "  name: i") },
      errors: [{ file: "repo/i.yaml", line: 2, column: 7 }],
    },
  ],
});
