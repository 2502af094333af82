import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { parseProjectConfig } from "../src/index.ts";

const ROOT = join(import.meta.dirname, "../../..");
const docs = [
  "README.md",
  "ARCHITECTURE.md",
  ...readdirSync(join(ROOT, "packages")).flatMap((p) =>
    readdirSync(join(ROOT, "packages", p))
      .filter((f) => f.endsWith(".md"))
      .map((f) => `packages/${p}/${f}`),
  ),
];

interface Snippet {
  readonly where: string;
  readonly lang: "yaml" | "json";
  readonly text: string;
}

const snippets: Snippet[] = docs.flatMap((doc) => {
  const text = readFileSync(join(ROOT, doc), "utf8");
  return [...text.matchAll(/^```(yaml|json)\n([\s\S]*?)^```/gm)].map((m) => ({
    where: `${relative(ROOT, join(ROOT, doc))}:${text.slice(0, m.index).split("\n").length}`,
    lang: m[1] as "yaml" | "json",
    text: m[2]!,
  }));
});

describe("every YAML and JSON snippet in the READMEs parses", () => {
  it("finds snippets", () => expect(snippets.length).toBeGreaterThan(5));

  it.each(snippets.map((s) => [s.where, s] as const))("%s", (_where, s) => {
    if (s.lang === "json") expect(() => JSON.parse(s.text)).not.toThrow();
    else
      for (const doc of parseAllDocuments(s.text) as ReturnType<typeof parseAllDocuments> & unknown[])
        expect(doc.errors.map((e) => e.message)).toEqual([]);
  });

  it("the infraflux.config.yaml example in the config-compiler README is a valid project config", () => {
    const example = snippets.find(
      (s) => s.where.startsWith("packages/config-compiler/README.md") && s.text.startsWith("layers:"),
    );
    expect(example).toBeDefined();
    expect(parseProjectConfig(example!.text, "config/infraflux.config.yaml").diagnostics).toEqual([]);
  });
});
