import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseMatrix, type Matrix } from "../matrix/matrix.ts";
import { PathMapper, type PathMapping } from "../matrix/plan.ts";
import { placePath, type Placement } from "./placement.ts";

function matrixOf(rules: unknown[], unmapped = "error"): Matrix {
  const text = JSON.stringify({ version: 1, targets: { a: {}, b: {} }, unmapped, rules });
  const result = parseMatrix("matrix.yaml", text);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.matrix;
}

/** The splitter's answer in verify's vocabulary. */
function fromMapper(m: PathMapping): Placement {
  switch (m.kind) {
    case "move":
      return { kind: "copy", to: m.destinations };
    case "split":
      return { kind: "split", cases: m.cases.map((c) => ({ ...(c.when ? { when: c.when } : {}), to: c.destination })) };
    case "drop":
    case "unmapped":
    case "unsafe":
      return { kind: m.kind };
    case "tie":
      return { kind: "ambiguous", lines: m.rules.map((r) => r.line) };
  }
}

function normalize(p: Placement): Placement {
  return p.kind === "ambiguous" ? { kind: "ambiguous", lines: [...p.lines].sort((x, y) => x - y) } : p;
}

describe("placePath (verify's own matrix semantics)", () => {
  const matrix = matrixOf(
    [
      { from: "apps/", to: "a:apps/" },
      { from: "apps/{app}/ingress.yaml", to: "b:net/{app}.yaml" },
      { from: "apps/special/", to: ["a:x/", "b:y/"] },
      { from: "apps/special/README.md", drop: true },
      { from: "infra/**/main.tf", to: "a:tf/" },
      { from: "ops/*.yml", split: [{ when: { kind: "Secret" }, to: "a:s/" }, { to: "b:o/" }] },
    ],
    "b",
  );
  it.each([
    // A plain prefix wins over a glob with a literal prefix as long.
    ["apps/one/ingress.yaml", { kind: "copy", to: [{ target: "a", path: "apps/one/ingress.yaml" }] }],
    ["apps/one/deploy.yaml", { kind: "copy", to: [{ target: "a", path: "apps/one/deploy.yaml" }] }],
    [
      "apps/special/k.yaml",
      {
        kind: "copy",
        to: [
          { target: "a", path: "x/k.yaml" },
          { target: "b", path: "y/k.yaml" },
        ],
      },
    ],
    ["apps/special/README.md", { kind: "drop" }],
    ["infra/x/y/main.tf", { kind: "copy", to: [{ target: "a", path: "tf/x/y/main.tf" }] }],
    ["infra/main.tf", { kind: "copy", to: [{ target: "a", path: "tf/main.tf" }] }],
    ["elsewhere.txt", { kind: "copy", to: [{ target: "b", path: "elsewhere.txt" }] }],
    ["../x", { kind: "unsafe" }],
  ])("%s", (path, expected) => {
    expect(placePath(matrix, path)).toEqual(expected);
  });

  it("agrees with the splitter's PathMapper on generated matrices and paths", () => {
    const segment = fc.constantFrom("a", "b", "apps", "x.yaml", "y.yml", "c-d", "main.tf");
    const patternPiece = fc.constantFrom(
      "a",
      "b",
      "apps",
      "x.yaml",
      "*",
      "**",
      "*.yaml",
      "{app}",
      "{env}",
      "{app}.yaml",
      "c-*",
    );
    const from = fc
      .tuple(fc.array(patternPiece, { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([parts, dir]) => parts.join("/") + (dir ? "/" : ""))
      .filter((t) => (t.match(/\{app\}/g) ?? []).length <= 1 && (t.match(/\{env\}/g) ?? []).length <= 1);
    const rule = from.chain((f) => {
      const names = [...f.matchAll(/\{(app|env)\}/g)].map((m) => m[1]!);
      const isPrefix = f.endsWith("/") && !/[*{]/.test(f);
      const dest = fc
        .tuple(
          fc.constantFrom("a", "b"),
          fc.constantFrom("", "out/", "deep/er/", ...names.map((n) => `by/{${n}}/`)),
          isPrefix ? fc.constant("") : fc.constantFrom("", "", "file.txt", ...names.map((n) => `{${n}}.yaml`)),
        )
        .map(([t, dir, file]) => `${t}:${dir}${file}`);
      return fc.oneof(
        dest.map((to) => ({ from: f, to })),
        fc.array(dest, { minLength: 2, maxLength: 3 }).map((to) => ({ from: f, to })),
        fc.constant({ from: f, drop: true }),
        fc.tuple(dest, dest).map(([x, y]) => ({ from: f, split: [{ when: { kind: "Secret" }, to: x }, { to: y }] })),
      );
    });
    const rules = fc.uniqueArray(rule, { minLength: 1, maxLength: 6, selector: (r) => r.from });
    const paths = fc.array(
      fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join("/")),
      { minLength: 1, maxLength: 20 },
    );
    fc.assert(
      fc.property(rules, fc.constantFrom("error", "drop", "a"), paths, (r, unmapped, ps) => {
        const text = JSON.stringify({ version: 1, targets: { a: {}, b: {} }, unmapped, rules: r });
        const parsed = parseMatrix("matrix.yaml", text);
        fc.pre(parsed.ok);
        if (!parsed.ok) return;
        const mapper = new PathMapper(parsed.matrix);
        for (const p of ps) {
          expect(normalize(placePath(parsed.matrix, p)), p).toEqual(normalize(fromMapper(mapper.map(p))));
        }
      }),
      { numRuns: 400 },
    );
  });
});
