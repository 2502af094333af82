import { describe, expect, it } from "vitest";
import { buildRepos, y } from "./_rule-test.ts";
import { defaultRulesConfig, parseRulesConfig } from "./config.ts";
import { rules } from "./registry.ts";
import { renderSarif, renderSummary } from "./render.ts";
import { validateRepositories } from "./validate.ts";

const deployment = (...extra: string[]) =>
  y(
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: web",
    ...extra,
    "spec:",
    "  replicaz: 2",
    "  selector: {matchLabels: {app: web}}",
    "  template:",
    "    metadata: {labels: {app: web}}",
    "    spec: {containers: [{name: web, image: nginx}]}",
  );

async function run(files: Record<string, string>, rulesFile?: string) {
  const config = rulesFile
    ? parseRulesConfig(
        "rules.yaml",
        rulesFile,
        rules.map((r) => r.id),
      ).config!
    : defaultRulesConfig;
  return validateRepositories(await buildRepos({ name: "x", files }), config);
}

const codes = (r: Awaited<ReturnType<typeof run>>) =>
  r.diagnostics.filter((d) => d.severity !== "info").map((d) => `${d.code} ${d.file}:${d.span?.line}`);

describe("suppressions", () => {
  it("finds the unsuppressed defect", async () => {
    expect(codes(await run({ "a.yaml": deployment() }))).toEqual(["schema-unknown-field repo/a.yaml:6"]);
  });

  it("a trailing comment covers its line, with its reason", async () => {
    const text = deployment().replace("replicaz: 2", "replicaz: 2 # infraflux-ignore: schema-unknown-field migrating");
    const r = await run({ "a.yaml": text });
    expect(codes(r)).toEqual([]);
    expect(r.suppressed.map((s) => [s.diagnostic.code, s.kind, s.justification])).toEqual([
      ["schema-unknown-field", "inSource", "migrating"],
    ]);
    expect(renderSummary(r)).toContain(", 1 suppressed");
  });

  it("a comment above the object covers the whole object; another rule id does not", async () => {
    const covered = await run({ "a.yaml": `# infraflux-ignore: schema-unknown-field vendored\n${deployment()}` });
    expect(codes(covered)).toEqual([]);
    const other = await run({ "a.yaml": `# infraflux-ignore: schema-invalid vendored\n${deployment()}` });
    expect(codes(other)).toEqual(["schema-unknown-field repo/a.yaml:7"]);
  });

  it("the validate.infraflux.io/ignore annotation covers its object", async () => {
    const r = await run({
      "a.yaml": deployment("  annotations:", "    validate.infraflux.io/ignore: schema-unknown-field"),
    });
    expect(codes(r)).toEqual([]);
    expect(r.suppressed[0]?.kind).toBe("inSource");
  });

  it("rules file: exclude globs and per-rule ignore with a reason; SARIF lists them as suppressions", async () => {
    const files = { "legacy/a.yaml": deployment(), "apps/b.yaml": deployment() };
    const r = await run(
      files,
      y(
        "exclude: ['legacy/**']",
        "ignore:",
        "  - rule: schema-unknown-field",
        "    paths: ['apps/*.yaml']",
        "    reason: upstream chart",
      ),
    );
    expect(codes(r)).toEqual([]);
    expect(r.suppressed.map((s) => `${s.diagnostic.file} ${s.kind} ${s.justification}`).sort()).toEqual([
      "repo/apps/b.yaml external upstream chart",
      "repo/legacy/a.yaml external path excluded by the rules file rules.yaml",
    ]);
    const sarif = renderSarif(r) as { runs: { results: { suppressions?: unknown[] }[] }[] };
    expect(sarif.runs[0]!.results.filter((x) => x.suppressions).length).toBe(2);
  });

  it("rules file: an ignore without a reason or with an unknown rule is invalid", () => {
    const ids = rules.map((r) => r.id);
    expect(
      parseRulesConfig("r.yaml", y("ignore:", "  - rule: schema-unknown-field"), ids).diagnostics[0]?.message,
    ).toMatch(/reason|Required|expected string/i);
    expect(
      parseRulesConfig("r.yaml", y("ignore:", "  - rule: schema-unknwn-field", "    reason: x"), ids).diagnostics[0]
        ?.message,
    ).toContain('Did you mean "schema-unknown-field"');
  });
});
