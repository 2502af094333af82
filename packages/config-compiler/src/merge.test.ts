import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mergeLayers } from "./merge.ts";
import { parseLayer } from "./parse.ts";
import { nodeAt, toPlain, type ConfigNode, type ListStrategy, type MapEntry, type MapNode } from "./tree.ts";

const layer = (text: string, file: string) => {
  const r = parseLayer(text, file, file.replace(/\.yaml$/, ""));
  expect(r.diagnostics).toEqual([]);
  return r.root!;
};
const merge = (texts: string[], strategies?: Record<string, ListStrategy>) => {
  const result = mergeLayers(
    texts.map((t, i) => layer(t, `l${i}.yaml`)),
    strategies ? { listStrategies: new Map(Object.entries(strategies)) } : {},
  );
  return {
    value: toPlain(result.root),
    root: result.root,
    codes: result.diagnostics.map((d) => d.code),
    diagnostics: result.diagnostics,
  };
};

describe("mergeLayers: the merge table", () => {
  const table: {
    name: string;
    layers: string[];
    expected: unknown;
    strategies?: Record<string, ListStrategy>;
    codes?: string[];
  }[] = [
    {
      name: "maps merge deeply",
      layers: ["a: {x: 1, y: {z: 2}}", "a: {y: {w: 3}}"],
      expected: { a: { x: 1n, y: { z: 2n, w: 3n } } },
    },
    { name: "scalars: later wins", layers: ["a: 1", "a: 2", "a: 3"], expected: { a: 3n } },
    { name: "lists replace by default", layers: ["a: [1, 2]", "a: [3]"], expected: { a: [3n] } },
    { name: "null is an ordinary value", layers: ["a: {x: 1}", "a: {x: null}"], expected: { a: { x: null } } },
    { name: "!unset removes a key", layers: ["a: {x: 1, y: 2}", "a: {x: !unset}"], expected: { a: { y: 2n } } },
    {
      name: "!unset then re-set restores",
      layers: ["a: {x: 1}", "a: {x: !unset}", "a: {x: 5}"],
      expected: { a: { x: 5n } },
    },
    {
      name: "!unset of an absent key is a no-op with a warning",
      layers: ["a: 1", "b: !unset"],
      expected: { a: 1n },
      codes: ["unset-absent"],
    },
    {
      name: "!replace replaces a map wholesale",
      layers: ["a: {x: 1, y: 2}", "a: !replace {z: 3}"],
      expected: { a: { z: 3n } },
    },
    { name: "!replace allows a type change", layers: ["a: {x: 1}", "a: !replace [1]"], expected: { a: [1n] } },
    { name: "!append", layers: ["a: [1, 2]", "a: !append [3]"], expected: { a: [1n, 2n, 3n] } },
    { name: "!prepend", layers: ["a: [1, 2]", "a: !prepend [0]"], expected: { a: [0n, 1n, 2n] } },
    {
      name: "!merge-by:name merges items by key, appends new ones, keeps order",
      layers: [
        "p: [{name: a, n: 1, t: [x]}, {name: b, n: 2}]",
        "p: !merge-by:name [{name: b, n: 20}, {name: c, n: 3}, {name: a, t: !unset}]",
      ],
      expected: {
        p: [
          { name: "a", n: 1n },
          { name: "b", n: 20n },
          { name: "c", n: 3n },
        ],
      },
    },
    {
      name: "declared strategy for a path",
      layers: ["c: {p: [1]}", "c: {p: [2]}"],
      strategies: { "c.p": { kind: "append" } },
      expected: { c: { p: [1n, 2n] } },
    },
    {
      name: "declared strategy with * for list indices",
      layers: ["l: [{k: 1, p: [1]}]", "l: !merge-by:k [{k: 1, p: [2]}]"],
      strategies: { "l.*.p": { kind: "append" } },
      expected: { l: [{ k: 1n, p: [1n, 2n] }] },
    },
    {
      name: "merge-by items without the key are errors",
      layers: ["l: [{k: 1}]", "l: !merge-by:k [{p: 2}]"],
      expected: { l: [{ k: 1n }] },
      codes: ["merge-key-missing"],
    },
    {
      name: "a tag wins over the declared strategy",
      layers: ["c: {p: [1]}", "c: {p: !replace [2]}"],
      strategies: { "c.p": { kind: "append" } },
      expected: { c: { p: [2n] } },
    },
    {
      name: "map against scalar is a type-clash",
      layers: ["a: {x: 1}", "a: 3"],
      expected: { a: 3n },
      codes: ["type-clash"],
    },
    {
      name: "scalar against map is a type-clash",
      layers: ["a: 3", "a: {x: 1}"],
      expected: { a: { x: 1n } },
      codes: ["type-clash"],
    },
    { name: "map over null is fine", layers: ["a: null", "a: {x: 1}"], expected: { a: { x: 1n } } },
    {
      name: "secrets stay references",
      layers: ["s: !secret env://TF_VAR_x", "t: 1"],
      expected: { s: { $secret: "env://TF_VAR_x" }, t: 1n },
    },
  ];
  it.each(table)("$name", ({ layers, expected, strategies, codes }) => {
    const r = merge(layers, strategies);
    expect(r.value).toEqual(expected);
    expect(r.codes).toEqual(codes ?? []);
  });

  it("records the origin of every value: file, layer, line and column of the layer that set it", () => {
    const { root } = merge(["a:\n  x: 1\n  y: 2\n", "a:\n  y: 3\n"]);
    expect(nodeAt(root, "a.x")!.origin).toEqual({
      layer: "l0",
      file: "l0.yaml",
      span: { line: 2, column: 6, endLine: 2, endColumn: 7 },
    });
    expect(nodeAt(root, "a.y")!.origin).toMatchObject({ layer: "l1", file: "l1.yaml", span: { line: 2, column: 6 } });
  });

  it("type-clash cites both positions", () => {
    const { diagnostics } = merge(["a:\n  x: 1\n", "\na: 3\n"]);
    expect(diagnostics[0]).toMatchObject({
      file: "l1.yaml",
      span: { line: 2, column: 4 },
      related: [{ file: "l0.yaml", span: { line: 2, column: 3 } }],
    });
  });

  it("does not mutate its inputs", () => {
    const a = layer("a: {x: 1, l: [1]}", "a.yaml");
    const b = layer("a: {x: !unset, l: !append [2]}", "b.yaml");
    const before = [JSON.stringify(toPlain(a), big), JSON.stringify(toPlain(b), big)];
    mergeLayers([a, b]);
    expect([JSON.stringify(toPlain(a), big), JSON.stringify(toPlain(b), big)]).toEqual(before);
  });
});

function big(_k: string, v: unknown) {
  return typeof v === "bigint" ? `${v}n` : v;
}

// Trees of maps, scalars and lists without tags: the laws of the default rule.
const origin = { layer: "p", file: "p.yaml", span: { line: 1, column: 1 } };
const key = fc.constantFrom("a", "b", "c", "d");
const treeOf = (withNull: boolean) => {
  const scalarArb: fc.Arbitrary<ConfigNode> = fc
    .oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(withNull ? null : 0))
    .map((value) => ({ kind: "scalar", value, origin }));
  return fc.letrec<{ node: ConfigNode; map: MapNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      scalarArb,
      tie("map"),
      fc.array(scalarArb, { maxLength: 3 }).map((items): ConfigNode => ({ kind: "list", items, origin })),
    ),
    map: fc.dictionary(key, tie("node"), { maxKeys: 4 }).map(
      (d): MapNode => ({
        kind: "map",
        entries: new Map(Object.entries(d).map(([k, v]) => [k, { keyOrigin: origin, value: v } as MapEntry])),
        origin,
      }),
    ),
  })).map;
};
const tree = treeOf(true);
/** A null replacing a map and a map then replacing that null is the one non-associative case (documented). */
const treeWithoutNull = treeOf(false);
const plain = (m: MapNode) => toPlain(m);

describe("mergeLayers: laws (fast-check)", () => {
  it("identity: merge(x, {}) = merge({}, x) = x", () => {
    const empty: MapNode = { kind: "map", entries: new Map(), origin };
    fc.assert(
      fc.property(tree, (x): void => {
        expect(plain(mergeLayers([x, empty]).root)).toEqual(plain(x));
        expect(plain(mergeLayers([empty, x]).root)).toEqual(plain(x));
      }),
    );
  });
  it("idempotence: merge(x, x) = x", () => {
    fc.assert(
      fc.property(tree, (x) => {
        expect(plain(mergeLayers([x, x]).root)).toEqual(plain(x));
      }),
    );
  });
  it("associativity: merge(merge(a, b), c) = merge(a, merge(b, c)) when no layer clashes", () => {
    fc.assert(
      fc.property(treeWithoutNull, treeWithoutNull, treeWithoutNull, (a, b, c): void => {
        const ab = mergeLayers([a, b]);
        const bc = mergeLayers([b, c]);
        const left = mergeLayers([ab.root, c]);
        const right = mergeLayers([a, bc.root]);
        fc.pre([ab, bc, left, right].every((r) => r.diagnostics.length === 0));
        expect(plain(left.root)).toEqual(plain(right.root));
      }),
    );
  });
  it("last wins: every leaf of the last layer is in the result unchanged", () => {
    fc.assert(
      fc.property(tree, tree, (a, b): void => {
        const merged = mergeLayers([a, b]).root;
        const check = (n: ConfigNode, path: string) => {
          if (n.kind === "map") for (const [k, e] of n.entries) check(e.value, path ? `${path}.${k}` : k);
          else if (path) expect(toPlain(nodeAt(merged, path)!)).toEqual(toPlain(n));
        };
        check(b, "");
      }),
    );
  });
});
