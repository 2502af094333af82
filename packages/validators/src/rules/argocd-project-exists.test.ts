import { testRule, y } from "../_rule-test.ts";
import { argocdProjectExists } from "./argocd-project-exists.ts";

const project = y("apiVersion: argoproj.io/v1alpha1", "kind: AppProject", "metadata:", "  name: platform");
const app = (p: string) =>
  y("apiVersion: argoproj.io/v1alpha1", "kind: Application", "metadata:", "  name: a", "spec:", `  project: ${p}`);

testRule(argocdProjectExists, {
  valid: [
    {
      name: "existing and default projects",
      files: { "p.yaml": project, "a.yaml": `${app("platform")}---\n${app("default")}` },
    },
    { name: "no AppProjects in the tree: nothing to check", files: { "a.yaml": app("anything") } },
  ],
  invalid: [
    {
      name: "misspelt project",
      files: { "p.yaml": project, "a.yaml": app("platfrom") },
      errors: [{ file: "repo/a.yaml", line: 6, column: 12, message: 'Did you mean "platform"' }],
    },
  ],
});
