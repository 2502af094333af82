import { describe, expect, it } from "vitest";
import { parseMatrix } from "./matrix.ts";
import type { Matrix } from "./matrix-types.ts";
import { mapPath, PathMapper, type PathMapping, targetsOf } from "./plan.ts";

function matrixOf(rules: string, unmapped = "error"): Matrix {
  const result = parseMatrix(
    "m.yaml",
    `version: 1
source: { url: https://example.com/src }
targets:
  a: { url: https://example.com/a }
  b: { url: https://example.com/b }
unmapped: ${unmapped}
rules:
${rules}`,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.matrix;
}

/** A mapping in a compact form: `a:x/y` per destination, `split@line`, `drop@line`, `unmapped`, `tie@l1,l2`. */
function summary(mapping: PathMapping): string {
  switch (mapping.kind) {
    case "move":
      return mapping.destinations.map((d) => `${d.target}:${d.path}`).join(" + ");
    case "split":
      return `split@${mapping.rule.line} ${mapping.cases.map((c) => `${c.destination.target}:${c.destination.path}`).join(" | ")}`;
    case "drop":
      return mapping.rule ? `drop@${mapping.rule.line}` : "drop";
    case "tie":
      return `tie@${mapping.rules.map((r) => r.line).join(",")}`;
    case "unsafe":
      return "unsafe";
    case "unmapped":
      return "unmapped";
  }
}

describe("mapPath: the most specific `from` wins, whatever the order of the rules", () => {
  const matrix = matrixOf(`  - { from: "apps/", to: "a:apps/" }
  - { from: "apps/web/ingress.yaml", to: "b:ingress/web.yaml" }
  - { from: "apps/web/", to: "b:web/" }
  - { from: "apps/*/values.yaml", to: "a:values/" }
  - { from: "apps/web/secret/", drop: true }
  - { from: "**/README.md", to: "b:readmes/" }
`);
  it.each([
    ["apps/api/deploy.yaml", "a:apps/api/deploy.yaml"], // only the prefix matches
    ["apps/web/deploy.yaml", "b:web/deploy.yaml"], // longer prefix beats shorter
    ["apps/web/ingress.yaml", "b:ingress/web.yaml"], // exact beats every prefix
    ["apps/web/secret/key.yaml", "drop@12"], // a drop rule is a rule like the others
    ["apps/api/values.yaml", "a:apps/api/values.yaml"], // prefix `apps/` (5) beats glob literal `apps/` (5) at equal length
    ["apps/web/values.yaml", "b:web/values.yaml"], // longer literal prefix beats the glob
    ["docs/README.md", "b:readmes/docs/README.md"], // a glob into a directory keeps the path after its literal prefix
    ["other/file", "unmapped"],
  ])("%s → %s", (path, expected) => {
    expect(summary(mapPath(matrix, path))).toBe(expected);
  });

  it("reports rules of equal specificity as a tie, naming both", () => {
    const tied = matrixOf(`  - { from: "x/*.yaml", to: "a:one/" }
  - { from: "x/**", to: "b:two/" }
`);
    expect(summary(mapPath(tied, "x/f.yaml"))).toBe("tie@8,9");
  });
});

describe("mapPath: captures and copies", () => {
  const matrix = matrixOf(`  - { from: "apps/{app}/ingress.yaml", to: "b:networking/{app}.yaml" }
  - { from: "envs/{env}/{app}/", to: "a:clusters/{env}/apps/{app}/" }
  - { from: "docs/", to: ["a:docs/", "b:docs/shared/"] }
  - { from: "LICENSE", to: ["a:LICENSE", "b:LICENSE"] }
  - { from: "policies/", split: [{ when: { kind: NetworkPolicy }, to: "a:policies/" }, { to: "b:security/" }] }
`);
  it.each([
    ["apps/web/ingress.yaml", "b:networking/web.yaml"],
    ["envs/prod/web/deploy.yaml", "a:clusters/prod/apps/web/deploy.yaml"],
    ["envs/prod/web/sub/dir/x.yaml", "a:clusters/prod/apps/web/sub/dir/x.yaml"],
    ["docs/guide/a.md", "a:docs/guide/a.md + b:docs/shared/guide/a.md"],
    ["LICENSE", "a:LICENSE + b:LICENSE"],
    ["policies/np.yaml", "split@12 a:policies/np.yaml | b:security/np.yaml"],
  ])("%s → %s", (path, expected) => {
    expect(summary(mapPath(matrix, path))).toBe(expected);
  });

  it("a capture matches one segment only", () => {
    expect(summary(mapPath(matrix, "apps/web/extra/ingress.yaml"))).toBe("unmapped");
  });

  it("lists the targets a copy or a split writes to", () => {
    expect(targetsOf(mapPath(matrix, "docs/x.md"))).toEqual(["a", "b"]);
    expect(targetsOf(mapPath(matrix, "policies/np.yaml"))).toEqual(["a", "b"]);
    expect(targetsOf(mapPath(matrix, "nowhere"))).toEqual([]);
  });
});

describe("mapPath: paths no rule matches follow `unmapped`", () => {
  const rules = `  - { from: "apps/", to: "a:apps/" }\n`;
  it.each([
    ["error", "unmapped"],
    ["drop", "drop"],
    ["b", "b:other/x.yaml"],
  ])("unmapped: %s → %s", (policy, expected) => {
    expect(summary(mapPath(matrixOf(rules, policy), "other/x.yaml"))).toBe(expected);
  });
});

describe("PathMapper", () => {
  const matrix = matrixOf(`  - { from: "x/", to: "a:x/" }\n`, "a");
  it("memoises mapPath and refuses paths git would refuse", () => {
    const mapper = new PathMapper(matrix);
    expect(mapper.map("x/y.yaml")).toBe(mapper.map("x/y.yaml"));
    expect(mapper.map("x/y.yaml")).toEqual(mapPath(matrix, "x/y.yaml"));
    expect(mapper.map(".git/config").kind).toBe("unsafe");
    expect(mapper.map("a/../../etc").kind).toBe("unsafe");
  });
});
