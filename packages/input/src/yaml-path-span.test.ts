import { describe, expect, it } from "vitest";
import { LineCounter, parseDocument } from "yaml";
import { lineStartsOf, yamlPathSpan } from "./yaml-path-span.ts";

const text = [
  "version: 1", // 1
  "rules:", // 2
  "  - from: a/", // 3
  "    to: infraflux:a/", // 4
  "    split:", // 5
  "      - when: { kind: X }", // 6
  "empty:", // 7
  "list: [x, y]", // 8
  "",
].join("\n");
const document = parseDocument(text);
const positions = { document, lineStarts: lineStartsOf(text) };

describe("yamlPathSpan", () => {
  it.each([
    ["the root", [], {}, [1, 1]],
    ["a value", ["rules", 0, "from"], {}, [3, 11]],
    ["a key", ["rules", 0, "from"], { key: true }, [3, 5]],
    ["a sequence item", ["rules", 0], { key: true }, [3, 5]],
    ["a missing key: the nearest ancestor's value", ["rules", 0, "drop"], {}, [3, 5]],
    ["a missing key below an entry: its key", ["rules", 0, "split", 0, "when", "name"], { key: true }, [6, 9]],
    ["a missing key below an entry: its value", ["rules", 0, "split", 0, "when", "name"], {}, [6, 15]],
    ["a flow map entry", ["rules", 0, "split", 0, "when", "kind"], {}, [6, 23]],
    ["a missing item", ["rules", 5, "from"], {}, [3, 3]],
    ["an entry without a value: its (empty) value", ["empty"], {}, [7, 7]],
    ["an entry without a value, key asked", ["empty"], { key: true }, [7, 1]],
    ["a flow sequence item", ["list", 1], {}, [8, 11]],
    ["a number written as a string index", ["list", "1"], {}, [8, 11]],
    ["a key where a scalar is", ["version", "x"], { key: true }, [1, 1]],
  ])("%s", (_name, path, options, [line, column]) => {
    expect(yamlPathSpan(positions, path as (string | number)[], options)).toEqual({ line, column });
  });

  it("gives the end of the node when asked", () => {
    expect(yamlPathSpan(positions, ["rules", 0, "to"], { end: true })).toEqual({
      line: 4,
      column: 9,
      endLine: 4,
      endColumn: 21,
    });
  });

  it("works from a LineCounter's line starts", () => {
    const lineCounter = new LineCounter();
    const doc = parseDocument("a:\n  b: 1\n", { lineCounter });
    expect(yamlPathSpan({ document: doc, lineStarts: lineCounter.lineStarts }, ["a", "b"])).toEqual({
      line: 2,
      column: 6,
    });
  });

  it("is undefined for an empty document", () => {
    expect(yamlPathSpan({ document: parseDocument(""), lineStarts: [0] }, ["a"])).toBeUndefined();
  });

  it("finds line starts", () => {
    expect(lineStartsOf("a\nbc\n\nd")).toEqual([0, 2, 5, 6]);
    expect(lineStartsOf("")).toEqual([0]);
  });
});
