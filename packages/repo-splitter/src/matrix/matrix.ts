import { closestMatch, type Diagnostic } from "@infraflux/diagnostics";
import type { z } from "zod";
import { parseYamlSource, spanOfPath, type YamlSource } from "./_yaml-source.ts";
import { matrixSchema, type MatrixInput, type RuleInput } from "./matrix-schema.ts";
import { compilePathPattern, unsafePathReason, type PathPattern } from "./path-pattern.ts";

export interface Destination {
  readonly target: string;
  /** Path template; may contain `{capture}`; ends in `/` for a directory. */
  readonly path: string;
}

export interface DocumentCondition {
  readonly kind?: readonly string[];
  readonly apiVersion?: readonly string[];
  readonly name?: readonly string[];
  readonly namespace?: readonly string[];
}

export interface SplitCase {
  readonly when?: DocumentCondition;
  readonly destination: Destination;
}

export type RuleEffect =
  | { readonly kind: "move"; readonly destinations: readonly Destination[] }
  | { readonly kind: "split"; readonly cases: readonly SplitCase[] }
  | { readonly kind: "drop" };

export interface MatrixRule {
  /** 0-based position in `rules`. */
  readonly index: number;
  /** 1-based line of the rule in the matrix file. */
  readonly line: number;
  readonly from: PathPattern;
  readonly action: string;
  readonly effect: RuleEffect;
}

export type UnmappedPolicy =
  | { readonly kind: "error" }
  | { readonly kind: "drop" }
  | { readonly kind: "target"; readonly target: string };

/** One layered playbook of an Ansible restructure: `playbooks/<name>.yml` runs the roles of these layers. */
export interface AnsiblePlaybook {
  readonly name: string;
  readonly title: string;
  readonly layers: readonly string[];
}

export interface Matrix {
  readonly file: string;
  readonly sourceUrl: string;
  readonly targets: ReadonlyMap<string, { readonly url: string }>;
  readonly unmapped: UnmappedPolicy;
  readonly defaultBranch?: string;
  readonly rules: readonly MatrixRule[];
  /** The layered playbooks of an Ansible restructure, when the matrix names them (the restructure has a default). */
  readonly ansiblePlaybooks?: readonly AnsiblePlaybook[];
}

export type MatrixResult =
  | { ok: true; matrix: Matrix; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** Parses and checks a matrix file's text. Pure: the caller reads the file. */
export function parseMatrix(file: string, text: string): MatrixResult {
  const { source, diagnostics } = parseYamlSource(file, text);
  if (diagnostics.some((d) => d.severity === "error")) return { ok: false, diagnostics };
  let raw: unknown;
  try {
    raw = source.document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return {
      ok: false,
      diagnostics: [
        {
          code: "matrix-yaml",
          severity: "error",
          file,
          span: { line: 1, column: 1 },
          message: `cannot read the matrix: ${(error as Error).message}`,
          hint: "aliases are limited to 50 expansions (alias bombs are rejected)",
        },
      ],
    };
  }
  const parsed = matrixSchema.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      diagnostics: withoutShadowedMissing(parsed.error.issues.map((issue) => schemaDiagnostic(source, issue))),
    };
  const compiled = compileMatrix(source, parsed.data);
  return compiled.diagnostics.some((d) => d.severity === "error")
    ? { ok: false, diagnostics: compiled.diagnostics }
    : { ok: true, matrix: compiled.matrix, diagnostics: compiled.diagnostics };
}

function schemaDiagnostic(source: YamlSource, issue: z.core.$ZodIssue): Diagnostic {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const known = knownKeysAt(path);
    const suggestion = closestMatch(key, known);
    return {
      code: "matrix-unknown-key",
      severity: "error",
      file: source.file,
      span: spanOfPath(source, path, key),
      path: [...path, key].join("."),
      message: `unknown key "${key}"${path.length ? ` in ${path.join(".")}` : ""}; expected one of ${known.join(", ")}`,
      ...(suggestion ? { hint: `did you mean "${suggestion}"?` } : {}),
    };
  }
  return {
    code: "matrix-schema",
    severity: "error",
    file: source.file,
    span: spanOfPath(source, path),
    path: path.join("."),
    message: `${path.length ? `${path.join(".")}: ` : ""}${issue.message}`,
  };
}

/** A misspelt key also shows up as a missing required key; report only the misspelling. */
function withoutShadowedMissing(diagnostics: Diagnostic[]): Diagnostic[] {
  const suggested = new Set(
    diagnostics
      .filter((d) => d.code === "matrix-unknown-key" && d.hint)
      .map((d) => `${d.path!.split(".").slice(0, -1).join(".")}.${/"([^"]+)"/.exec(d.hint!)?.[1]}`.replace(/^\./, "")),
  );
  return diagnostics.filter((d) => !(d.code === "matrix-schema" && d.path !== undefined && suggested.has(d.path)));
}

function knownKeysAt(path: readonly (string | number)[]): string[] {
  const p = path.filter((s) => typeof s === "string");
  if (p.length === 0) return ["version", "source", "targets", "unmapped", "defaultBranch", "rules", "ansible"];
  if (p[0] === "ansible" && p.includes("playbooks")) return ["name", "title", "layers"];
  if (p[0] === "ansible") return ["playbooks"];
  if (p[0] === "rules" && p.includes("when")) return ["kind", "apiVersion", "name", "namespace"];
  if (p[0] === "rules" && p.includes("split")) return ["when", "to"];
  if (p[0] === "rules") return ["from", "to", "split", "drop", "action", "description"];
  if (p[0] === "source" || p[0] === "targets") return ["url"];
  return [];
}

function compileMatrix(source: YamlSource, input: MatrixInput): { matrix: Matrix; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const targets = new Map(Object.entries(input.targets));
  const targetNames = [...targets.keys()];
  const where = (path: (string | number)[]) => ({
    file: source.file,
    span: spanOfPath(source, path),
    path: path.join("."),
  });

  let unmapped: UnmappedPolicy = { kind: "error" };
  if (input.unmapped === "drop") unmapped = { kind: "drop" };
  else if (input.unmapped !== "error") {
    if (targets.has(input.unmapped)) unmapped = { kind: "target", target: input.unmapped };
    else
      diagnostics.push(
        unknownTarget(input.unmapped, targetNames, where(["unmapped"]), "`error`, `drop` or a target name"),
      );
  }

  const parseDestination = (text: string, path: (string | number)[]): Destination | undefined => {
    const colon = text.indexOf(":");
    if (colon <= 0) {
      diagnostics.push({
        code: "matrix-destination",
        severity: "error",
        ...where(path),
        message: `destination "${text}" has no target`,
        hint: `write it as "<target>:<path>", e.g. "${targetNames[0] ?? "infraflux"}:${text}"`,
      });
      return undefined;
    }
    const target = text.slice(0, colon);
    const destPath = text.slice(colon + 1);
    if (!targets.has(target)) {
      diagnostics.push(unknownTarget(target, targetNames, where(path), `one of ${targetNames.join(", ")}`));
      return undefined;
    }
    const unsafe = destPath === "" ? undefined : unsafePathReason(destPath.replace(/\/$/, ""));
    if (unsafe) {
      diagnostics.push({
        code: "matrix-unsafe-path",
        severity: "error",
        ...where(path),
        message: `destination path "${destPath}" ${unsafe}`,
        hint: "destinations are paths inside the target repository",
      });
      return undefined;
    }
    return { target, path: destPath };
  };

  const rules: MatrixRule[] = [];
  input.rules.forEach((rule, index) => {
    const compiled = compileRule(rule, index, source, parseDestination, diagnostics);
    if (compiled) rules.push(compiled);
  });
  diagnostics.push(...findDuplicateRules(rules, source.file));
  const playbooks = input.ansible?.playbooks;
  if (playbooks) diagnostics.push(...checkAnsiblePlaybooks(playbooks, where));

  const matrix: Matrix = {
    file: source.file,
    sourceUrl: input.source.url,
    targets,
    unmapped,
    ...(input.defaultBranch ? { defaultBranch: input.defaultBranch } : {}),
    ...(playbooks ? { ansiblePlaybooks: playbooks } : {}),
    rules,
  };
  return { matrix, diagnostics };
}

function compileRule(
  rule: RuleInput,
  index: number,
  source: YamlSource,
  parseDestination: (text: string, path: (string | number)[]) => Destination | undefined,
  diagnostics: Diagnostic[],
): MatrixRule | undefined {
  const base = ["rules", index];
  const span = spanOfPath(source, base);
  const here = (path: (string | number)[]) => ({
    file: source.file,
    span: spanOfPath(source, path),
    path: path.join("."),
  });
  const effects = [rule.to !== undefined, rule.split !== undefined, rule.drop === true].filter(Boolean).length;
  if (effects !== 1) {
    diagnostics.push({
      code: "matrix-rule-effect",
      severity: "error",
      ...here(base),
      message: `rule for "${rule.from}" must have exactly one of \`to\`, \`split\` or \`drop: true\` (found ${effects})`,
    });
    return undefined;
  }
  const unsafe = unsafePathReason(rule.from.replace(/\/$/, ""));
  if (unsafe) {
    diagnostics.push({
      code: "matrix-unsafe-path",
      severity: "error",
      ...here([...base, "from"]),
      message: `source path "${rule.from}" ${unsafe}`,
      hint: "rules name paths relative to the repository root, without `..` or a leading `/`",
    });
    return undefined;
  }
  const from = compilePathPattern(rule.from);
  const checkCaptures = (dest: Destination, path: (string | number)[]) => {
    for (const m of dest.path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
      if (!from.captures.includes(m[1]!)) {
        diagnostics.push({
          code: "matrix-capture",
          severity: "error",
          ...here(path),
          message: `destination uses {${m[1]}} but "${rule.from}" captures ${from.captures.length ? from.captures.map((c) => `{${c}}`).join(", ") : "nothing"}`,
        });
      }
    }
    if (from.kind === "prefix" && !dest.path.endsWith("/") && dest.path !== "") {
      diagnostics.push({
        code: "matrix-destination",
        severity: "error",
        ...here(path),
        message: `"${rule.from}" is a directory, so its destination "${dest.target}:${dest.path}" must end with "/"`,
        hint: `write "${dest.target}:${dest.path}/"`,
      });
    }
  };
  let effect: RuleEffect;
  if (rule.drop) effect = { kind: "drop" };
  else if (rule.split) {
    const cases: SplitCase[] = [];
    rule.split.forEach((c, i) => {
      const dest = parseDestination(c.to, [...base, "split", i, "to"]);
      if (!dest) return;
      checkCaptures(dest, [...base, "split", i, "to"]);
      cases.push({ destination: dest, ...(c.when ? { when: normalizeCondition(c.when) } : {}) });
    });
    effect = { kind: "split", cases };
  } else {
    const list = typeof rule.to === "string" ? [rule.to] : rule.to!;
    const destinations: Destination[] = [];
    list.forEach((text, i) => {
      const path = typeof rule.to === "string" ? [...base, "to"] : [...base, "to", i];
      const dest = parseDestination(text, path);
      if (!dest) return;
      checkCaptures(dest, path);
      destinations.push(dest);
    });
    effect = { kind: "move", destinations };
  }
  return { index, line: span.line, from, action: rule.action ?? defaultAction(effect), effect };
}

function defaultAction(effect: RuleEffect): string {
  if (effect.kind === "drop") return "drop";
  if (effect.kind === "split") return "split";
  return effect.destinations.length > 1 ? "copy" : "move";
}

function normalizeCondition(when: NonNullable<NonNullable<RuleInput["split"]>[number]["when"]>): DocumentCondition {
  const list = (v: string | string[] | undefined) => (v === undefined ? undefined : typeof v === "string" ? [v] : v);
  const out: { -readonly [K in keyof DocumentCondition]: DocumentCondition[K] } = {};
  for (const key of ["kind", "apiVersion", "name", "namespace"] as const) {
    const v = list(when[key]);
    if (v) out[key] = v;
  }
  return out;
}

function findDuplicateRules(rules: readonly MatrixRule[], file: string): Diagnostic[] {
  const seen = new Map<string, MatrixRule>();
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    const first = seen.get(rule.from.text);
    if (first) {
      diagnostics.push({
        code: "matrix-tied-rules",
        severity: "error",
        file,
        span: { line: rule.line, column: 1 },
        message: `rules at lines ${first.line} and ${rule.line} both match "${rule.from.text}" with the same specificity`,
        hint: "merge them into one rule (a list in `to` copies to several destinations)",
        related: [{ file, span: { line: first.line, column: 1 }, message: "first rule" }],
      });
    } else seen.set(rule.from.text, rule);
  }
  return diagnostics;
}

function unknownTarget(
  name: string,
  targetNames: readonly string[],
  where: { file: string; span: Diagnostic["span"]; path: string },
  expected: string,
): Diagnostic {
  const suggestion = closestMatch(name, targetNames);
  return {
    code: "matrix-unknown-target",
    severity: "error",
    ...where,
    message: `unknown target "${name}"; expected ${expected}`,
    ...(suggestion ? { hint: `did you mean "${suggestion}"?` } : { hint: `declare it under \`targets:\`` }),
  };
}

/** Each playbook name once, each layer in one playbook. */
function checkAnsiblePlaybooks(
  playbooks: readonly AnsiblePlaybook[],
  where: (path: (string | number)[]) => { file: string; span: Diagnostic["span"]; path: string },
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const names = new Set<string>();
  const layerOwner = new Map<string, string>();
  playbooks.forEach((book, i) => {
    if (names.has(book.name))
      diagnostics.push({
        code: "matrix-ansible-playbooks",
        severity: "error",
        ...where(["ansible", "playbooks", i, "name"]),
        message: `playbook "${book.name}" is listed twice`,
        hint: "give each playbook its own name",
      });
    names.add(book.name);
    book.layers.forEach((layer, j) => {
      const owner = layerOwner.get(layer);
      if (owner !== undefined)
        diagnostics.push({
          code: "matrix-ansible-playbooks",
          severity: "error",
          ...where(["ansible", "playbooks", i, "layers", j]),
          message: `layer "${layer}" is run by playbook "${owner}" already`,
          hint: "a layer belongs to one playbook",
        });
      else layerOwner.set(layer, book.name);
    });
  });
  return diagnostics;
}
