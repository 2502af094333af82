import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasTool } from "../../../fixtures/oracles.ts";
import {
  compileConfig,
  loadCompileInput,
  nodeAt,
  renderTfvarsHcl,
  renderTfvarsJson,
  toPlain,
  type ConfigNode,
} from "../src/index.ts";
import { jsonValue, readBackThroughTerraform } from "./_terraform.ts";

const repo = join(import.meta.dirname, "../../../fixtures/config-repo");
const variablesTf = readFileSync(join(repo, "terraform/modules/cluster/variables.tf"), "utf8");
const origin = { layer: "test", file: "test.yaml", span: { line: 1, column: 1 } };
const scalar = (value: string | number | bigint | boolean | null): ConfigNode => ({ kind: "scalar", value, origin });

describe.skipIf(!hasTool("terraform"))("terraform oracle: emitted tfvars read back by real terraform", () => {
  it.each([
    ["dev", []],
    ["staging", []],
    ["prod", ["custom/prod-hotfix.yaml"]],
  ] as const)(
    "%s: HCL and JSON decode to identical values equal to the final config, fmt-clean, no undeclared variables",
    (env, custom) => {
      const { changes, final, diagnostics } = compileEnv(env, custom);
      expect(diagnostics).toEqual([]);
      const file = (suffix: string) =>
        changes.find((c) => c.path === `terraform/environments/${env}/terraform.tfvars${suffix}`)!.content;
      const mapping = {
        cluster_config: "cluster",
        node_config: "compute",
        cilium_config: "networking.cilium",
        security_config: "security",
      };
      const reading = readBackThroughTerraform(variablesTf, file(""), file(".json"), Object.keys(mapping));
      expect(reading.fmtOk, reading.fmtDiff).toBe(true);
      expect(reading.warnings).not.toMatch(/undeclared variable/i);
      expect(reading.hclText).toBe(reading.jsonText);
      const expected = Object.fromEntries(
        Object.entries(mapping).map(([name, path]) => [name, jsonValue(toPlain(nodeAt(final, path)!))]),
      );
      expect(JSON.parse(reading.hclText)).toEqual(expected);
    },
  );

  it("hostile strings and exact numbers survive both forms (fast-check sample, one terraform run)", () => {
    const hostileChar = fc.constantFrom(
      "$",
      "{",
      "}",
      "%",
      "$${",
      "${",
      "%{",
      "%%{",
      '"',
      "\\",
      "\n",
      "\r",
      "\t",
      "é",
      "☕",
      "𝄞",
      "\u0001",
      "\u200b",
      "\u2028",
      "a",
      " ",
      "~",
      "\u00a0",
    );
    const hostile = fc.array(hostileChar, { maxLength: 12 }).map((a) => a.join(""));
    const strings = fc.sample(hostile, { numRuns: 60, seed: 42 });
    const fixed = [
      "${var.x}",
      "%{if true}x%{endif}",
      "$${literal}",
      'say "hi"',
      "C:\\path\\",
      "line1\nline2",
      "ünïcødé 𝄞",
      "",
      " leading",
      "trailing\\",
    ];
    const all = [...fixed, ...strings];
    const entries = new Map<string, { keyOrigin: typeof origin; value: ConfigNode }>(
      all.map((s, i) => [`k${String(i).padStart(3, "0")}`, { keyOrigin: origin, value: scalar(s) }]),
    );
    entries.set("big", { keyOrigin: origin, value: scalar(12345678901234567890123n) });
    entries.set("neg", { keyOrigin: origin, value: scalar(-1.5) });
    entries.set("exp", { keyOrigin: origin, value: scalar(1e21) });
    entries.set("nul", { keyOrigin: origin, value: scalar(null) });
    entries.set("weird key.with/dots", { keyOrigin: origin, value: scalar(true) });
    entries.set("${key}", { keyOrigin: origin, value: scalar(false) });
    const variables = new Map<string, ConfigNode>([["cluster_config", { kind: "map", entries, origin }]]);
    const reading = readBackThroughTerraform(
      variablesTf,
      renderTfvarsHcl(variables, "hostile"),
      renderTfvarsJson(variables),
      ["cluster_config"],
    );
    expect(reading.fmtOk, reading.fmtDiff).toBe(true);
    expect(reading.hclText).toBe(reading.jsonText);
    expect(reading.hclText).toContain('"big":12345678901234567890123');
    const decoded = (JSON.parse(reading.hclText) as { cluster_config: Record<string, unknown> }).cluster_config;
    for (const [i, s] of all.entries()) expect(decoded[`k${String(i).padStart(3, "0")}`], JSON.stringify(s)).toBe(s);
    expect(decoded.neg).toBe(-1.5);
    expect(decoded.exp).toBe(1e21);
    expect(decoded.nul).toBeNull();
    expect(decoded["weird key.with/dots"]).toBe(true);
    expect(decoded["${key}"]).toBe(false);
  });
});

function compileEnv(env: string, custom: readonly string[]) {
  const loaded = loadCompileInput({ configDir: join(repo, "config"), customFiles: custom.map((c) => join(repo, c)) });
  const result = compileConfig(loaded.input, { envs: [env], customFiles: loaded.customKeys });
  return {
    changes: result.environments[0]!.changes,
    final: result.environments[0]!.final,
    diagnostics: result.diagnostics,
  };
}
