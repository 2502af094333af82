import { testRule, y } from "../_rule-test.ts";
import { sopsCreationRuleCoverage } from "./sops-creation-rule-coverage.ts";

const secret = y("apiVersion: v1", "kind: Secret", "metadata:", "  name: s", "data:", "  token: dmFsdWU=");
const sops = (regex: string) => y("creation_rules:", `  - path_regex: ${regex}`, "    age: age1xyz");

testRule(sopsCreationRuleCoverage, {
  valid: [
    {
      name: "matched by path_regex",
      files: { ".sops.yaml": sops(".*\\.sops\\.yaml$"), "secrets/a.sops.yaml": secret },
    },
    {
      name: "nearest .sops.yaml in a subdirectory; a rule without path_regex matches everything",
      files: {
        ".sops.yaml": sops("^never$"),
        "clusters/.sops.yaml": y("creation_rules:", "  - age: age1xyz"),
        "clusters/lab/s.yaml": secret,
      },
    },
    {
      name: "Secrets that hold no secret: no data, a service-account token, values that are references (op://, vault:)",
      files: {
        "a.yaml": y("apiVersion: v1", "kind: Secret", "metadata:", "  name: empty"),
        "b.yaml": y(
          "apiVersion: v1",
          "kind: Secret",
          "metadata:",
          "  name: t",
          "type: kubernetes.io/service-account-token",
        ),
        "c.yaml": y(
          "apiVersion: v1",
          "kind: Secret",
          "metadata:",
          "  name: r",
          "stringData:",
          "  a: op://vault/item/field",
          "  b: vault:secret/data/x#k",
        ),
      },
    },
  ],
  invalid: [
    {
      name: "not matched",
      files: { ".sops.yaml": sops("^secrets/.*$"), "apps/s.yaml": secret },
      errors: [{ file: "repo/apps/s.yaml", line: 2, column: 7 }],
    },
    {
      name: "no .sops.yaml at all",
      files: { "s.yaml": secret },
      errors: [{ file: "repo/s.yaml", line: 2, column: 7, message: "no .sops.yaml" }],
    },
    {
      name: "invalid regex",
      files: { ".sops.yaml": sops("'(unclosed'"), "s.sops.yaml": y("a: 1") },
      errors: [{ file: "repo/.sops.yaml", line: 2, column: 17, message: "not a valid regular expression" }],
    },
  ],
});
