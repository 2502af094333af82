import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyObjectPatch, diffObjects, intersectTrees, mergeValues } from "./patch.ts";
import { nodesEqual, parseTrees, renderYaml, type YMap, type YNode } from "./yaml-tree.ts";

const tree = (text: string): YMap => parseTrees(text, [])[0] as YMap;
const yaml = (node: YNode | undefined): string => (node === undefined ? "<none>\n" : renderYaml(node));

describe("diffObjects", () => {
  const cases: { name: string; from: string; to: string; builtin?: boolean; merge: string; ops: string[] }[] = [
    { name: "changed scalar", from: "a: 1\nb: 2\n", to: "a: 1\nb: 3\n", merge: "b: 3\n", ops: [] },
    {
      name: "removed key becomes null at the highest missing key",
      from: "s:\n  n:\n    x: 1\n  k: 2\n",
      to: "s:\n  k: 2\n",
      merge: "s:\n  n: null\n",
      ops: [],
    },
    {
      name: "CR list replaced whole through SMP",
      from: "l: [a, b]\n",
      to: "l: [a, c]\n",
      merge: "l:\n  - a\n  - c\n",
      ops: [],
    },
    {
      name: "built-in list replaced through JSON 6902",
      from: "l: [a, b]\n",
      to: "l: [b, a]\n",
      builtin: true,
      merge: "<none>\n",
      ops: ["replace /l"],
    },
    {
      name: "added explicit null uses JSON 6902 add",
      from: "a: 1\n",
      to: "a: 1\nb: ~\n",
      merge: "<none>\n",
      ops: ["add /b"],
    },
    {
      name: "emptied map uses JSON 6902 replace",
      from: "m:\n  x: 1\n",
      to: "m: {}\n",
      merge: "<none>\n",
      ops: ["replace /m"],
    },
    {
      name: "keys with / are escaped",
      from: "m:\n  a/b: 1\n",
      to: "m:\n  a/b: ~\n",
      merge: "<none>\n",
      ops: ["replace /m/a~1b"],
    },
    { name: "plain and quoted scalars differ", from: 'v: "010"\n', to: "v: 010\n", merge: "v: 010\n", ops: [] },
    {
      name: "equal objects give no patch",
      from: "a: {b: [1]}\n",
      to: "a:\n  b:\n    - 1\n",
      merge: "<none>\n",
      ops: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const from = tree(c.from);
      const to = tree(c.to);
      const patch = diffObjects(from, to, { builtin: c.builtin ?? false });
      expect(yaml(patch.merge)).toBe(c.merge);
      expect(patch.ops.map((o) => `${o.op} ${o.path}`)).toEqual(c.ops);
      expect(nodesEqual(applyObjectPatch(from, patch), to)).toBe(true);
    });
  }
});

describe("intersectTrees", () => {
  it("keeps equal leaves and the common part of maps, drops differing lists and emptied maps", () => {
    const a = tree("k: 1\nl: [x]\nm:\n  same: 1\n  d: 1\nn:\n  only: a\n");
    const b = tree("k: 1\nl: [y]\nm:\n  same: 1\n  d: 2\nn:\n  only: b\n");
    expect(yaml(intersectTrees([a, b]))).toBe("k: 1\nm:\n  same: 1\n");
  });
  it('treats 010 and "010" as different (kustomize re-types the plain one)', () => {
    expect(yaml(intersectTrees([tree("v: 010\n"), tree('v: "010"\n')]))).toBe("{}\n");
  });
});

describe("mergeValues", () => {
  it("merges maps, replaces lists and deletes on null", () => {
    const merged = mergeValues(tree("a: {x: 1, y: 2}\nl: [1, 2]\nk: 1\n"), tree("a: {y: 3}\nl: [9]\nk: null\n"));
    expect(yaml(merged)).toBe("a:\n  x: 1\n  y: 3\nl:\n  - 9\n");
  });
});

/** Random YAML-ish objects: small key alphabet so pairs overlap, scalars including nulls and tricky plain forms. */
const scalarArb = fc.constantFrom("1", "010", "yes", "a", "~", "null", "1.10", "2001-12-14", "x y");
const keyArb = fc.constantFrom("a", "b", "c", "d/e");
const valueArb: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalarArb,
    tie("map"),
    tie("list"),
  ) as fc.Arbitrary<string>,
  map: fc.dictionary(keyArb, tie("node") as fc.Arbitrary<string>, { maxKeys: 4 }).map(
    (d) =>
      `{${Object.entries(d)
        .map(([k, v]) => `"${k}": ${v}`)
        .join(", ")}}`,
  ),
  list: fc.array(tie("node") as fc.Arbitrary<string>, { maxLength: 3 }).map((l) => `[${l.join(", ")}]`),
})).map;

describe("base + patch = original (property)", () => {
  it("rebuilds every object from the intersection and its own patch", () => {
    fc.assert(
      fc.property(fc.array(valueArb, { minLength: 2, maxLength: 4 }), fc.boolean(), (texts, builtin) => {
        const objects = texts.map((t) => tree(t));
        const base = intersectTrees(objects) as YMap;
        for (const o of objects)
          expect(nodesEqual(applyObjectPatch(base, diffObjects(base, o, { builtin })), o)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it("diff(a, b) applied to a gives b for any pair", () => {
    fc.assert(
      fc.property(valueArb, valueArb, fc.boolean(), (a, b, builtin) => {
        const from = tree(a);
        const to = tree(b);
        expect(nodesEqual(applyObjectPatch(from, diffObjects(from, to, { builtin })), to)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
