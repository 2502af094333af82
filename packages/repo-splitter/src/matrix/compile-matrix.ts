import { closestMatch, type Diagnostic } from "@infraflux/diagnostics";
import { spanOf, type YamlSource } from "./_yaml-source.ts";
import type { MatrixInput, RuleInput } from "./matrix-schema.ts";
import type {
  AnsiblePlaybook,
  Destination,
  DocumentCondition,
  Matrix,
  MatrixRule,
  RuleEffect,
  SplitCase,
  UnmappedPolicy,
} from "./matrix-types.ts";
import { compilePathPattern, unsafePathReason } from "./path-pattern.ts";

/** Checks what the schema cannot (targets, destinations, captures, ties) and builds the `Matrix`. */
export function compileMatrix(source: YamlSource, input: MatrixInput): { matrix: Matrix; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const targets = new Map(Object.entries(input.targets));
  const targetNames = [...targets.keys()];
  const where = (path: (string | number)[]) => ({
    file: source.file,
    span: spanOf(source, path),
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
    sourceUrl: input.source?.url,
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
  const span = spanOf(source, base);
  const here = (path: (string | number)[]) => ({
    file: source.file,
    span: spanOf(source, path),
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
