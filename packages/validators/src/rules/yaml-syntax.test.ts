import { testRule, y } from "../_rule-test.ts";
import { yamlSyntax } from "./yaml-syntax.ts";

testRule(yamlSyntax, {
  valid: [
    {
      name: "multi-document file with an empty trailing document",
      files: { "a.yaml": y("a: 1", "---", "b: [1, 2]", "---") },
    },
    {
      name: "Helm chart templates are Go templates and are not parsed",
      files: {
        "charts/app/Chart.yaml": y("apiVersion: v2", "name: app"),
        "charts/app/templates/d.yaml": y(
          "spec:",
          "  replicas: {{ .Values.n }}",
          "  {{- toYaml .Values.x | nindent 2 }}",
          "  bad: [",
        ),
      },
    },
    { name: "flow and block styles", files: { "a.yaml": y("list:", "  - {a: 1}", "  - 'x'") } },
  ],
  invalid: [
    {
      name: "unclosed flow sequence",
      files: { "a.yaml": y("a:", "  b: [1, 2", "c: 3") },
      errors: [{ file: "repo/a.yaml", line: 3, column: 1 }],
    },
    {
      name: "a broken second document is reported, the first still parses",
      files: { "a.yaml": y("a: 1", "---", 'b: "open') },
      errors: [{ file: "repo/a.yaml", line: 4, column: 1, message: "Missing closing" }],
    },
    {
      name: "one finding per broken file",
      files: { "a.yaml": y("a: b: c"), "k/b.yml": y("x: [") },
      errors: [
        { file: "repo/a.yaml", line: 1, column: 4 },
        { file: "repo/k/b.yml", line: 2, column: 1 },
      ],
    },
  ],
});
