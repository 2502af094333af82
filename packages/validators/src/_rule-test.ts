import type { Diagnostic } from "@infraflux/diagnostics";
import { describe, expect, it } from "vitest";
import { assembleRepository } from "./assemble.ts";
import { defaultRulesConfig, detectRole, type RulesConfig } from "./config.ts";
import type { Repository } from "./model.ts";
import type { KustomizeBuild, Rule } from "./rule.ts";
import { validateRepositories } from "./validate.ts";

/** Files of one repository (label "repo"), or several repositories keyed by label. */
export interface RuleCase {
  readonly name: string;
  readonly files?: Readonly<Record<string, string>>;
  readonly repos?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly builds?: readonly KustomizeBuild[];
  readonly config?: RulesConfig;
}

export interface ExpectedFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** A fragment the message must contain. */
  readonly message?: string;
}

export interface InvalidCase extends RuleCase {
  readonly errors: readonly ExpectedFinding[];
}

/** In-memory repositories: URL https://github.com/org/<label>, role from the label as in the CLI. */
export async function buildRepos(c: RuleCase): Promise<Repository[]> {
  const repos = c.repos ?? { repo: c.files ?? {} };
  return Promise.all(
    Object.entries(repos).map(([label, files]) =>
      assembleRepository({
        label,
        role: detectRole(label, defaultRulesConfig.boundaries),
        url: `https://github.com/org/${label}`,
        files: new Set(Object.keys(files)),
        texts: new Map(Object.entries(files)),
      }),
    ),
  );
}

export async function runRule(rule: Rule, c: RuleCase): Promise<readonly Diagnostic[]> {
  return validateRepositories(await buildRepos(c), c.config ?? defaultRulesConfig, c.builds ?? [], [rule]).diagnostics;
}

/** Table-driven rule test: valid cases give no finding; invalid cases give exactly the listed ones (code, file, line, column). */
export function testRule(
  rule: Rule,
  cases: { readonly valid: readonly RuleCase[]; readonly invalid: readonly InvalidCase[] },
): void {
  describe(rule.id, () => {
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, async () => {
        expect((await runRule(rule, c)).map((d) => `${d.file}:${d.span?.line}:${d.span?.column} ${d.message}`)).toEqual(
          [],
        );
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, async () => {
        const found = await runRule(rule, c);
        expect(found.map((d) => ({ code: d.code, file: d.file, line: d.span?.line, column: d.span?.column }))).toEqual(
          c.errors.map((e) => ({ code: rule.id, file: e.file, line: e.line, column: e.column })),
        );
        c.errors.forEach((e, i) => {
          if (e.message) expect(found[i]?.message).toContain(e.message);
        });
      });
    }
  });
}

/** Joins lines, so YAML fixtures in tests keep their line numbers readable. */
export const y = (...lines: string[]): string => `${lines.join("\n")}\n`;
