import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { z } from "zod";
import { lineStartsOf } from "./yaml-path-span.ts";
import { zodIssuesToDiagnostics } from "./zod-issues.ts";

const schema = z.strictObject({
  version: z.literal(1),
  rules: z.array(z.strictObject({ from: z.string(), to: z.string().optional(), action: z.string().optional() })),
});
const codes = { unknownKey: "unknown-key", invalid: "invalid" };

function convert(text: string, extra: Partial<Parameters<typeof zodIssuesToDiagnostics>[1]> = {}) {
  const document = parseDocument(text);
  const result = schema.safeParse(document.toJS());
  if (result.success) return [];
  return zodIssuesToDiagnostics(result.error.issues, {
    schema,
    file: "m.yaml",
    codes,
    yaml: { document, lineStarts: lineStartsOf(text) },
    ...extra,
  });
}

describe("zodIssuesToDiagnostics", () => {
  it.each([
    [
      "a misspelt required key: only the misspelling",
      "version: 1\nrules:\n  - form: a/\n",
      [{ code: "unknown-key", path: "rules.0.form", line: 3, column: 5, suggestion: "from" }],
    ],
    [
      "an unknown key with no close match, and the missing key it does not shadow",
      "version: 1\nrules:\n  - zzzzzz: a/\n",
      [
        { code: "invalid", path: "rules.0.from", line: 3, column: 5, suggestion: undefined },
        { code: "unknown-key", path: "rules.0.zzzzzz", line: 3, column: 5, suggestion: undefined },
      ],
    ],
    [
      "a wrong type at the value",
      "version: 2\nrules: []\n",
      [{ code: "invalid", path: "version", line: 1, column: 10, suggestion: undefined }],
    ],
    [
      "two unknown keys in one object",
      "version: 1\nrules: []\nrulez: []\nversoin: 1\n",
      [
        { code: "unknown-key", path: "rulez", line: 3, column: 1, suggestion: "rules" },
        { code: "unknown-key", path: "versoin", line: 4, column: 1, suggestion: "version" },
      ],
    ],
  ])("%s", (_name, text, expected) => {
    const found = convert(text).map((d) => ({
      code: d.code,
      path: d.path,
      line: d.span?.line,
      column: d.span?.column,
      suggestion: /Did you mean "([^"]+)"/.exec(d.message)?.[1],
    }));
    expect(found).toEqual(expected);
  });

  it("lists the schema's own keys at that path", () => {
    const [d] = convert("version: 1\nrules:\n  - from: a\n    acton: move\n");
    expect(d).toMatchObject({
      message: '"acton" is not a field of rules.0. Did you mean "action"?',
      hint: "allowed fields: from, to, action",
      file: "m.yaml",
      severity: "error",
    });
  });

  it("prefixes other issues with their path", () => {
    expect(convert("version: 1\nrules:\n  - from: 3\n")[0]?.message).toMatch(/^rules\.0\.from: /);
    expect(convert("[]\n")[0]?.message).toMatch(/^\(top level\): /);
  });

  it("takes a span callback, a suggestion picker and wording from the caller", () => {
    const calls: string[] = [];
    const [d] = convert("version: 1\nrules: []\nextra: 1\n", {
      yaml: undefined,
      spanOf: (path, { key }) => {
        calls.push(`${path.join(".")}:${key}`);
        return { line: 9, column: 9 };
      },
      suggest: (_key, known) => known[0],
      formatUnknownKey: (u) => ({ message: `unknown key "${u.key}"`, hint: `did you mean "${u.suggestion}"?` }),
    });
    expect(calls).toEqual(["extra:true"]);
    expect(d).toMatchObject({
      span: { line: 9, column: 9 },
      message: 'unknown key "extra"',
      hint: 'did you mean "version"?',
    });
  });

  it("carries no span without a locator", () => {
    const [d] = convert("version: 2\nrules: []\n", { yaml: undefined });
    expect(d?.span).toBeUndefined();
    expect(d?.path).toBe("version");
  });
});

describe("zodIssuesToDiagnostics keeps the order of the issues", () => {
  it("reports in zod's order, unknown keys where zod found them", () => {
    const text = "version: 2\nextra: 1\nrules: 3\n";
    expect(convert(text).map((d) => d.path)).toEqual(
      schema
        .safeParse(parseDocument(text).toJS())
        .error?.issues.map((i) => (i.code === "unrecognized_keys" ? [...i.path, i.keys[0]] : i.path).join(".")),
    );
    expect(convert(text).map((d) => d.path)).toHaveLength(3);
  });
});
