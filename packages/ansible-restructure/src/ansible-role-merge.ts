/**
 * Plans the merge of several roles into one (`foundation/k3s_control_plane` +
 * `foundation/k3s_workers` → `cluster/k3s`) after the matrix moved their files side by side:
 * each part's `tasks/main.yml` is `tasks/<route>.yml`, its defaults/vars/meta/handlers are
 * `<dir>/<route>.yml`. The plan writes `tasks/main.yml` routing by the route variable, moves
 * the tasks every part starts with into `tasks/common.yml`, combines defaults, vars, handlers
 * and meta into their `main.yml`, and deletes the per-part files it combined. A key the parts
 * set to different values is reported with both values and left out, never guessed.
 * Pure: text in, file changes and problems out; entries are moved as source text.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, stringify, type Node } from "yaml";
import type { AnsibleFileChange, AnsiblePlanProblem } from "./ansible-types.ts";

export interface RoleMergePart {
  /** Value of the route variable that selects this part (`server`). */
  readonly route: string;
  /** The old role, for comments and messages (`roles/foundation/k3s_control_plane`). */
  readonly from: string;
}

export interface RoleMergeInput {
  /** Merged role directory (`roles/cluster/k3s`). */
  readonly into: string;
  readonly parts: readonly RoleMergePart[];
  /** Text of the merged directory's files after the move (path → text); other paths are ignored. */
  readonly files: ReadonlyMap<string, string>;
  /** Default `node_role`. */
  readonly routeVariable?: string;
}

interface Entry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
  readonly text: string;
}

interface Parsed {
  readonly preamble: string;
  readonly entries: readonly Entry[];
  readonly root: Node | null;
}

export function planRoleMerge(input: RoleMergeInput): { changes: AnsibleFileChange[]; problems: AnsiblePlanProblem[] } {
  const ctx = {
    ...input,
    routeVariable: input.routeVariable ?? "node_role",
    changes: [] as AnsibleFileChange[],
    problems: [] as AnsiblePlanProblem[],
  };
  planTasks(ctx);
  for (const kind of ["defaults", "vars"] as const) planVariables(ctx, kind);
  planHandlers(ctx);
  planMeta(ctx);
  return { changes: ctx.changes, problems: ctx.problems };
}

type Ctx = Required<RoleMergeInput> & { changes: AnsibleFileChange[]; problems: AnsiblePlanProblem[] };

function partFile(ctx: Ctx, dir: string, route: string): { path: string; text: string } | undefined {
  for (const ext of ["yml", "yaml"]) {
    const path = `${ctx.into}/${dir}/${route}.${ext}`;
    const text = ctx.files.get(path);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

function mainExists(ctx: Ctx, dir: string): boolean {
  const exists = ctx.files.has(`${ctx.into}/${dir}/main.yml`) || ctx.files.has(`${ctx.into}/${dir}/main.yaml`);
  if (exists)
    ctx.problems.push({
      path: `${ctx.into}/${dir}/main.yml`,
      message: `${ctx.into}/${dir}/main.yml already exists; the merge writes it — map the parts' files to ${dir}/<route>.yml`,
    });
  return exists;
}

/** Parses a one-document YAML file into its top-level entries (seq items or map pairs) as source slices. */
function parseEntries(
  path: string,
  text: string,
  want: "seq" | "map",
  problems: AnsiblePlanProblem[],
): Parsed | undefined {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc });
  const doc = docs[0];
  if (docs.length !== 1 || !doc || doc.errors.length) {
    problems.push({
      path,
      message: `expected one valid YAML document${doc?.errors[0] ? `: ${doc.errors[0].message.split("\n")[0]}` : ""}`,
    });
    return undefined;
  }
  const root = doc.contents;
  if (root === null) return { preamble: text, entries: [], root };
  const isWanted = want === "seq" ? isSeq(root) : isMap(root);
  if (!isWanted || (root as { flow?: boolean }).flow) {
    problems.push({ path, message: `expected a block ${want === "seq" ? "list" : "mapping"} at the top level` });
    return undefined;
  }
  const nodes = isSeq(root)
    ? root.items.map((item) => ({
        key: "",
        start: (item as Node).range![0],
        value: JSON.stringify((item as Node).toJSON()),
      }))
    : isMap(root)
      ? root.items.map((pair) => ({
          key: String(isScalar(pair.key) ? pair.key.value : ""),
          start: (pair.key as Node).range![0],
          value: JSON.stringify((pair.value as Node | null)?.toJSON() ?? null),
        }))
      : [];
  // Comments above the first entry head the file; comments above a later entry travel with it.
  const starts = nodes.map((n, i) => (i === 0 ? text.lastIndexOf("\n", n.start - 1) + 1 : entryStart(text, n.start)));
  const end = doc.range[2] ?? text.length;
  const entries = nodes.map((n, i) => {
    const slice = text.slice(starts[i], starts[i + 1] ?? end);
    return {
      key: n.key,
      value: n.value,
      line: lc.linePos(n.start).line,
      text: slice.endsWith("\n") ? slice : `${slice}\n`,
    };
  });
  return { preamble: text.slice(0, starts[0] ?? end), entries, root };
}

/** Start of the line holding `offset`, moved up over the comment lines directly above it. */
function entryStart(text: string, offset: number): number {
  let start = text.lastIndexOf("\n", offset - 1) + 1;
  while (start > 0) {
    const prev = text.lastIndexOf("\n", start - 2) + 1;
    if (!/^\s*#/.test(text.slice(prev, start - 1))) break;
    start = prev;
  }
  return start;
}

function header(ctx: Ctx, what: string): string {
  const parts = ctx.parts.map((p) => `${p.from} (${ctx.routeVariable}=${p.route})`).join(" + ");
  return `---\n# ${what} of ${parts}.\n# Merged by infraflux.\n`;
}

function planTasks(ctx: Ctx): void {
  if (mainExists(ctx, "tasks")) return;
  const files = ctx.parts.map((p) => ({ part: p, file: partFile(ctx, "tasks", p.route) }));
  const missing = files.filter((f) => !f.file);
  for (const m of missing)
    ctx.problems.push({
      path: `${ctx.into}/tasks/${m.part.route}.yml`,
      message: `${m.part.from}'s tasks/main.yml is not at ${ctx.into}/tasks/${m.part.route}.yml`,
    });
  if (missing.length) return;
  const parsed = files.map((f) => parseEntries(f.file!.path, f.file!.text, "seq", ctx.problems));
  if (parsed.some((p) => !p)) return;
  let shared = 0;
  while (
    parsed.every(
      (p) => p!.entries[shared] !== undefined && p!.entries[shared]!.value === parsed[0]!.entries[shared]!.value,
    )
  )
    shared++;
  const leafName = ctx.into.split("/").at(-1)!;
  const lines = [header(ctx, "Tasks").trimEnd()];
  if (shared > 0) {
    lines.push(
      `- name: ${leafName} tasks shared by every ${ctx.routeVariable}`,
      "  ansible.builtin.import_tasks: common.yml",
      `  tags: [${leafName}, common]`,
    );
    ctx.changes.push({
      path: `${ctx.into}/tasks/common.yml`,
      content:
        header(ctx, `Tasks every part started with,`) +
        parsed[0]!.entries
          .slice(0, shared)
          .map((e) => e.text)
          .join(""),
    });
    files.forEach((f, i) => {
      const rest = parsed[i]!.entries.slice(shared)
        .map((e) => e.text)
        .join("");
      ctx.changes.push({ path: f.file!.path, content: parsed[i]!.preamble + (rest === "" ? "[]\n" : rest) });
    });
  }
  const routes = ctx.parts.map((p) => `'${p.route}'`).join(", ");
  lines.push(
    `- name: Check that ${ctx.routeVariable} selects a part of ${leafName}`,
    "  ansible.builtin.assert:",
    `    that: ${ctx.routeVariable} is defined and ${ctx.routeVariable} in [${routes}]`,
    `    fail_msg: "set ${ctx.routeVariable} to one of ${ctx.parts.map((p) => p.route).join(", ")}"`,
  );
  for (const p of ctx.parts) {
    lines.push(
      `- name: ${leafName} ${p.route} tasks`,
      `  ansible.builtin.import_tasks: ${partFile(ctx, "tasks", p.route)!.path.split("/").at(-1)}`,
      `  when: ${ctx.routeVariable} == '${p.route}'`,
      `  tags: [${leafName}, ${p.route}]`,
    );
  }
  ctx.changes.push({ path: `${ctx.into}/tasks/main.yml`, content: `${lines.join("\n")}\n` });
}

/** defaults/ and vars/: one main.yml; a key set differently by two parts is reported with both values. */
function planVariables(ctx: Ctx, kind: "defaults" | "vars"): void {
  const files = ctx.parts.flatMap((part) => {
    const file = partFile(ctx, kind, part.route);
    return file ? [{ part, file }] : [];
  });
  if (files.length === 0 || mainExists(ctx, kind)) return;
  const parsed = files.map((f) => ({ ...f, parsed: parseEntries(f.file.path, f.file.text, "map", ctx.problems) }));
  if (parsed.some((p) => !p.parsed)) return;
  const seen = new Map<string, { value: string; path: string; line: number }>();
  const conflicts = new Set<string>();
  for (const { file, parsed: p } of parsed) {
    for (const e of p!.entries) {
      const first = seen.get(e.key);
      if (!first) seen.set(e.key, { value: e.value, path: file.path, line: e.line });
      else if (first.value !== e.value && !conflicts.has(e.key)) {
        conflicts.add(e.key);
        ctx.problems.push({
          path: file.path,
          line: e.line,
          message: `${kind} conflict: "${e.key}" is ${first.value} in ${first.path}:${first.line} but ${e.value} in ${file.path}:${e.line}; left out of ${kind}/main.yml — choose one value (or set it per ${ctx.routeVariable} in group_vars)`,
        });
      }
    }
  }
  let out = header(ctx, `${kind === "defaults" ? "Defaults" : "Variables"}`);
  const emitted = new Set<string>();
  for (const { part, parsed: p } of parsed) {
    const mine = p!.entries.filter((e) => !conflicts.has(e.key) && !emitted.has(e.key));
    if (mine.length === 0) continue;
    out += `\n# from ${part.from}\n${mine.map((e) => e.text).join("")}`;
    for (const e of mine) emitted.add(e.key);
  }
  for (const key of conflicts) {
    out +=
      `\n# CONFLICT ${key}: ` +
      parsed
        .filter((p) => p.parsed!.entries.some((e) => e.key === key))
        .map((p) => `${p.part.route}=${p.parsed!.entries.find((e) => e.key === key)!.value}`)
        .join(", ") +
      " — not set here (see the migration report)\n";
  }
  ctx.changes.push({ path: `${ctx.into}/${kind}/main.yml`, content: out });
  for (const f of files) ctx.changes.push({ path: f.file.path, content: null });
}

/** handlers/: concatenated; identical handlers kept once, two different handlers with one name reported. */
function planHandlers(ctx: Ctx): void {
  const files = ctx.parts.flatMap((part) => {
    const file = partFile(ctx, "handlers", part.route);
    return file ? [{ part, file }] : [];
  });
  if (files.length === 0 || mainExists(ctx, "handlers")) return;
  const byName = new Map<string, { value: string; path: string }>();
  let out = header(ctx, "Handlers");
  for (const { part, file } of files) {
    const p = parseEntries(file.path, file.text, "seq", ctx.problems);
    if (!p) return;
    const mine = p.entries.filter((e) => {
      const name = (JSON.parse(e.value) as { name?: unknown }).name;
      if (typeof name !== "string") return true;
      const first = byName.get(name);
      if (!first) byName.set(name, { value: e.value, path: file.path });
      else if (first.value !== e.value)
        ctx.problems.push({
          path: file.path,
          line: e.line,
          message: `handler "${name}" differs from the one in ${first.path}; rename one of them`,
        });
      return !first;
    });
    if (mine.length) out += `\n# from ${part.from}\n${mine.map((e) => e.text).join("")}`;
  }
  ctx.changes.push({ path: `${ctx.into}/handlers/main.yml`, content: out });
  for (const f of files) ctx.changes.push({ path: f.file.path, content: null });
}

/** meta/: the first part's meta, dependencies united; a dependency only some parts had runs only for their route. */
function planMeta(ctx: Ctx): void {
  const files = ctx.parts.flatMap((part) => {
    const file = partFile(ctx, "meta", part.route);
    return file ? [{ part, file }] : [];
  });
  if (files.length === 0 || mainExists(ctx, "meta")) return;
  const parsed = files.map((f) => ({ ...f, parsed: parseEntries(f.file.path, f.file.text, "map", ctx.problems) }));
  if (parsed.some((p) => !p.parsed)) return;
  const depsOf = (p: Parsed): unknown[] => {
    const e = p.entries.find((x) => x.key === "dependencies");
    const v = e ? (JSON.parse(e.value) as unknown) : [];
    return Array.isArray(v) ? v : [];
  };
  const all = parsed.map((p) => ({ route: p.part.route, deps: depsOf(p.parsed!) }));
  const merged: unknown[] = [];
  const done = new Set<string>();
  for (const { deps } of all) {
    for (const dep of deps) {
      const key = JSON.stringify(dep);
      if (done.has(key)) continue;
      done.add(key);
      const owners = all.filter((a) => a.deps.some((d) => JSON.stringify(d) === key)).map((a) => a.route);
      merged.push(
        owners.length === all.length
          ? dep
          : guard(dep, `${ctx.routeVariable} in [${owners.map((r) => `'${r}'`).join(", ")}]`),
      );
    }
  }
  const first = parsed[0]!.parsed!;
  const depsText = stringify({ dependencies: merged }, { lineWidth: 0 });
  const leafName = ctx.into.split("/").at(-1)!;
  const kept = first.entries
    .filter((e) => e.key !== "dependencies")
    .map((e) => (e.key === "galaxy_info" ? e.text.replace(/^(\s+role_name:[ \t]*)\S.*$/m, `$1${leafName}`) : e.text))
    .join("");
  const note = `# Merged by infraflux: dependencies of ${ctx.parts.map((p) => p.from).join(" + ")}; galaxy_info from ${parsed[0]!.part.from}.\n`;
  ctx.changes.push({ path: `${ctx.into}/meta/main.yml`, content: first.preamble + note + kept + depsText });
  for (const f of files) ctx.changes.push({ path: f.file.path, content: null });
}

function guard(dep: unknown, condition: string): unknown {
  if (typeof dep === "string") return { role: dep, when: condition };
  if (dep && typeof dep === "object") {
    const d = dep as Record<string, unknown>;
    const when = d.when === undefined ? condition : [...(Array.isArray(d.when) ? d.when : [d.when]), condition];
    return { ...d, when };
  }
  return dep;
}
