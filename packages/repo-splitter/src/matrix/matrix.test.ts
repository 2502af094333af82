import { describe, expect, it } from "vitest";
import { parseMatrix } from "./matrix.ts";
import { mapPath } from "./plan.ts";

const header = `version: 1
source:
  url: https://github.com/org/infraflux
targets:
  infraflux: { url: https://github.com/org/infraflux }
  platform-gitops: { url: https://github.com/org/platform-gitops }
`;

function errors(text: string) {
  const result = parseMatrix("matrix.yaml", text);
  expect(result.ok).toBe(false);
  return result.diagnostics.map((d) => ({
    code: d.code,
    line: d.span?.line,
    column: d.span?.column,
    message: d.message,
    hint: d.hint,
  }));
}

describe("parseMatrix", () => {
  it("accepts the issue's example and maps paths by the most specific rule", () => {
    const result = parseMatrix(
      "m.yaml",
      `${header}unmapped: error
rules:
  - from: terraform/
    to: infraflux:terraform/modules/
    action: refactor
  - from: gitops/argocd/apps/cilium/
    to: infraflux:kubernetes/base/cilium/
  - from: gitops/argocd/apps/{app}/ingress.yaml
    to: platform-gitops:networking/ingress/{app}.yaml
  - from: gitops/argocd/apps/security/manifests/
    split:
      - when: { kind: [CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy] }
        to: infraflux:kubernetes/policies/
      - to: platform-gitops:security/policies/
  - from: docs/
    to: [infraflux:docs/, platform-gitops:docs/]
`,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const m = result.matrix;
    expect(mapPath(m, "terraform/main.tf")).toMatchObject({
      kind: "move",
      destinations: [{ target: "infraflux", path: "terraform/modules/main.tf" }],
    });
    expect(mapPath(m, "gitops/argocd/apps/cilium/ingress.yaml")).toMatchObject({
      destinations: [{ path: "kubernetes/base/cilium/ingress.yaml" }],
    });
    expect(mapPath(m, "gitops/argocd/apps/grafana/ingress.yaml")).toMatchObject({
      destinations: [{ target: "platform-gitops", path: "networking/ingress/grafana.yaml" }],
    });
    expect(mapPath(m, "docs/a.md")).toMatchObject({
      destinations: [
        { target: "infraflux", path: "docs/a.md" },
        { target: "platform-gitops", path: "docs/a.md" },
      ],
    });
    expect(mapPath(m, "secrets/x.yaml")).toEqual({ kind: "unmapped" });
    expect(mapPath(m, "gitops/argocd/apps/security/manifests/p.yaml")).toMatchObject({
      kind: "split",
      rule: { line: 16, action: "split" },
    });
    expect(m.rules[0]).toMatchObject({ line: 9, action: "refactor" });
  });

  it("reports an unknown target with its position and a suggestion", () => {
    expect(errors(`${header}rules:\n  - from: a/\n    to: infraflx:a/\n`)).toEqual([
      {
        code: "matrix-unknown-target",
        line: 9,
        column: 9,
        message: 'unknown target "infraflx"; expected one of infraflux, platform-gitops',
        hint: 'did you mean "infraflux"?',
      },
    ]);
  });

  it("reports an unknown key at the key, with a suggestion", () => {
    expect(errors(`${header}rules:\n  - form: a/\n    to: infraflux:a/\n`)[0]).toMatchObject({
      code: "matrix-unknown-key",
      line: 8,
      column: 5,
      hint: 'did you mean "from"?',
    });
  });

  it("reports two rules with the same from, naming both lines", () => {
    const [d] = errors(
      `${header}rules:\n  - from: a/\n    to: infraflux:a/\n  - from: a/\n    to: platform-gitops:a/\n`,
    );
    expect(d).toMatchObject({ code: "matrix-tied-rules", line: 10 });
    expect(d!.message).toContain("lines 8 and 10");
  });

  it("rejects paths escaping the repository, in from and to", () => {
    const found = errors(
      `${header}rules:\n  - from: ../a/\n    to: infraflux:a/\n  - from: b/\n    to: infraflux:../../b/\n`,
    );
    expect(found.map((f) => [f.code, f.line])).toEqual([
      ["matrix-unsafe-path", 8],
      ["matrix-unsafe-path", 11],
    ]);
  });

  it("rejects a directory rule whose destination is not a directory, and unknown captures", () => {
    const found = errors(
      `${header}rules:\n  - from: a/\n    to: infraflux:b\n  - from: c/{x}/d.yaml\n    to: infraflux:{y}.yaml\n`,
    );
    expect(found.map((f) => f.code)).toEqual(["matrix-destination", "matrix-capture"]);
  });

  it("rejects YAML alias bombs and syntax errors with a position", () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    expect(errors(bomb)[0]!.code).toBe("matrix-yaml");
    expect(errors(`version: 1\nrules: [\n`)[0]).toMatchObject({ code: "yaml-syntax", line: 3 });
  });

  it("requires exactly one of to, split and drop", () => {
    expect(errors(`${header}rules:\n  - from: a/\n`)[0]).toMatchObject({ code: "matrix-rule-effect", line: 8 });
  });

  it("reports two globs that tie on one path", () => {
    const result = parseMatrix(
      "m.yaml",
      `${header}rules:\n  - from: a/*/x.yaml\n    to: infraflux:x/\n  - from: a/{b}/*.yaml\n    to: infraflux:y/\n`,
    );
    if (!result.ok) throw new Error("expected ok");
    expect(mapPath(result.matrix, "a/q/x.yaml")).toMatchObject({ kind: "tie" });
  });
});
