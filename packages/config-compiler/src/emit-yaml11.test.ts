import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Document, stringify } from "yaml";
import { stringifyYaml11 } from "./emit-yaml11.ts";

const reference = (v: unknown) => stringify(v, { version: "1.1", lineWidth: 0 });

describe("stringifyYaml11", () => {
  it("is byte-identical to yaml's stringify (YAML 1.1, lineWidth 0) for any JSON-like value (fast-check)", () => {
    const word = fc.oneof(
      fc.constantFrom(
        "on",
        "Off",
        "y",
        "N",
        "yes",
        "true",
        "False",
        "null",
        "NULL",
        "~",
        "0755",
        "1_000",
        "0x1F",
        "1e3",
        ".inf",
        "2001-12-14",
        "a:b",
        "a: b",
        "a #b",
        "-x",
        "/p",
        "_x",
        "x.y",
        "https://h:6443",
        "a::b",
        "k8s",
        "e5",
        "E0",
        "e-3",
        "E10x",
        "grafana.ini",
        "app.kubernetes.io/name",
        "",
      ),
      fc.string(),
      fc.stringMatching(/^[A-Za-z_/][A-Za-z0-9_./:-]{0,12}$/),
      fc.stringMatching(/^[0-9][0-9._:-]{0,10}$/),
      fc.constantFrom(
        "10.0.30.10",
        "1.16.0",
        "0.0.0",
        "01.02.03",
        "1.2",
        "1.2.",
        "1..2.3",
        "1.2.3e4",
        "1:2:3",
        "190:20:30",
      ),
    );
    const scalar = fc.oneof(
      word,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
      fc.constant(-0),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, scalar, tie("map"), fc.array(tie("node"), { maxLength: 3 })),
      map: fc.dictionary(word, tie("node"), { maxKeys: 4 }),
    }));
    fc.assert(
      fc.property(value.map, (v) => {
        expect(stringifyYaml11(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it("takes the direct path for ordinary values and matches a Document's toString", () => {
    const v = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cluster-info", labels: { "app.kubernetes.io/managed-by": "infraflux" } },
      data: {
        "api-server": "https://10.0.30.10:6443",
        ids: [1, 2n],
        pools: [{ name: "a", size: 1 }],
        on: "on",
        e: {},
        l: [],
      },
    };
    let fellBack = false;
    const text = stringifyYaml11({ apiVersion: "v1", metadata: { name: "x" } }, () => {
      fellBack = true;
      return "";
    });
    expect(fellBack).toBe(false);
    expect(text).toBe("apiVersion: v1\nmetadata:\n  name: x\n");
    expect(stringifyYaml11(v)).toBe(new Document(v, { version: "1.1" }).toString({ lineWidth: 0 }));
  });
});
