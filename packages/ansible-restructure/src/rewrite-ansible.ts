/**
 * Rewrites Ansible role references for a restructured role tree, byte for byte outside the
 * edited scalars: `roles:` entries of plays (plain names, `role:`/`name:` keys),
 * `include_role`/`import_role` `name:` in tasks (also `ansible.builtin.`/`ansible.legacy.`
 * and the free-form `name=` argument), and `dependencies` of `meta/main.yml`.
 * Pure: the caller reads the file and says how an old reference resolves.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node, type Scalar, type YAMLMap } from "yaml";

/** What an old role reference becomes. */
export type RoleResolution =
  /** A role of this repository: `name` is the new reference; `vars` must be passed (a merged role's routing variable). */
  | { readonly kind: "role"; readonly name: string; readonly vars?: Readonly<Record<string, string>> }
  /** Not a role of this repository (a Galaxy role or a collection's FQCN): left as it is. */
  | { readonly kind: "external" }
  | { readonly kind: "unknown"; readonly reason: string };

/** Resolves an old role reference as written in `file` (repo-relative path). */
export type RoleResolver = (reference: string, from: { readonly file: string }) => RoleResolution;

export type AnsibleReferenceKind = "play-roles" | "include_role" | "import_role" | "meta-dependency" | "roles-path";

export interface AnsibleReferenceEdit {
  readonly file: string;
  /** 1-based line of the reference. */
  readonly line: number;
  readonly kind: AnsibleReferenceKind;
  readonly before: string;
  readonly after: string;
  /** Variables added beside the reference (a merged role's routing variable). */
  readonly vars?: Readonly<Record<string, string>>;
}

export interface AnsibleReferenceProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly kind: AnsibleReferenceKind | "yaml";
  readonly reference: string;
  readonly reason: string;
}

export interface AnsibleRewriteResult {
  readonly text: string;
  readonly edits: readonly AnsibleReferenceEdit[];
  readonly problems: readonly AnsibleReferenceProblem[];
}

const ROLE_MODULES: Readonly<Record<string, "include_role" | "import_role">> = {
  include_role: "include_role",
  import_role: "import_role",
  "ansible.builtin.include_role": "include_role",
  "ansible.builtin.import_role": "import_role",
  "ansible.legacy.include_role": "include_role",
  "ansible.legacy.import_role": "import_role",
};
const PLAY_TASK_LISTS = ["pre_tasks", "tasks", "post_tasks", "handlers"] as const;
const BLOCK_LISTS = ["block", "rescue", "always"] as const;
const SAFE_PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;

interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Whether a path is a role's `meta/main.yml` (where `dependencies` live). */
export function isRoleMetaFile(path: string): boolean {
  return /(^|\/)meta\/main\.ya?ml$/.test(path);
}

/** Rewrites every role reference in one YAML file (playbook, task file or role meta). */
export function rewriteAnsibleReferences(text: string, file: string, resolve: RoleResolver): AnsibleRewriteResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, keepSourceTokens: false });
  const ctx = new AnsibleFileRewriter(text, file, resolve, lineCounter);
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      ctx.problem(
        error.pos[0],
        "yaml",
        "",
        `not rewritten: the file is not valid YAML (${error.message.split("\n")[0]})`,
      );
      return { text, edits: [], problems: ctx.problems };
    }
  }
  for (const doc of docs) {
    const root = doc.contents;
    if (isRoleMetaFile(file) && isMap(root)) {
      const deps = root.get("dependencies", true);
      if (isSeq(deps)) for (const item of deps.items) ctx.roleEntry(item as Node, "meta-dependency");
    } else if (isSeq(root)) {
      for (const item of root.items) {
        if (!isMap(item)) continue;
        if (item.has("hosts") || item.has("roles")) ctx.play(item);
        else ctx.task(item);
      }
    }
  }
  return { text: ctx.apply(), edits: ctx.edits, problems: ctx.problems };
}

class AnsibleFileRewriter {
  readonly edits: AnsibleReferenceEdit[] = [];
  readonly problems: AnsibleReferenceProblem[] = [];
  readonly #splices: Splice[] = [];
  readonly #text: string;
  readonly #file: string;
  readonly #resolve: RoleResolver;
  readonly #lines: LineCounter;

  constructor(text: string, file: string, resolve: RoleResolver, lines: LineCounter) {
    this.#text = text;
    this.#file = file;
    this.#resolve = resolve;
    this.#lines = lines;
  }

  play(play: YAMLMap): void {
    const roles = play.get("roles", true);
    if (isSeq(roles)) for (const item of roles.items) this.roleEntry(item as Node, "play-roles");
    for (const key of PLAY_TASK_LISTS) this.tasks(play.get(key, true));
  }

  tasks(list: unknown): void {
    if (!isSeq(list)) return;
    for (const item of list.items) if (isMap(item)) this.task(item);
  }

  task(task: YAMLMap): void {
    for (const key of BLOCK_LISTS) this.tasks(task.get(key, true));
    for (const pair of task.items) {
      const module = isScalar(pair.key) ? ROLE_MODULES[String(pair.key.value)] : undefined;
      if (!module) continue;
      const args = pair.value;
      if (isMap(args)) {
        const name = args.get("name", true);
        if (isScalar(name)) this.reference(name, module, task, args.has("tasks_from"));
      } else if (isScalar(args) && typeof args.value === "string") {
        this.freeFormReference(args, module, task);
      }
    }
  }

  /** An entry of a play's `roles:` or a meta `dependencies:` list. */
  roleEntry(item: Node, kind: AnsibleReferenceKind): void {
    if (isScalar(item)) this.reference(item, kind, undefined, false);
    else if (isMap(item)) {
      const name = item.get("role", true) ?? item.get("name", true);
      if (isScalar(name)) this.reference(name, kind, item, false);
    }
  }

  /** `include_role: name=foundation/x tasks_from=y` */
  freeFormReference(args: Scalar, kind: AnsibleReferenceKind, task: YAMLMap): void {
    const value = args.value as string;
    const match = /(^|\s)name=(\S+)/.exec(value);
    if (!match || !args.range) return;
    const source = this.#text.slice(args.range[0], args.range[1]);
    if (args.type !== "PLAIN" || source !== value) {
      this.problem(
        args.range[0],
        kind,
        value,
        "free-form role arguments are only rewritten in a plain scalar; write `name:` as a key",
      );
      return;
    }
    const start = args.range[0] + match.index + match[1]!.length + "name=".length;
    this.#apply(match[2]!, kind, start, start + match[2]!.length, (name) => name, task, /tasks_from=/.test(value));
  }

  reference(scalar: Scalar, kind: AnsibleReferenceKind, owner: YAMLMap | undefined, hasTasksFrom: boolean): void {
    if (typeof scalar.value !== "string" || !scalar.range) return;
    const [start, end] = scalar.range;
    if (scalar.type !== "PLAIN" && scalar.type !== "QUOTE_DOUBLE" && scalar.type !== "QUOTE_SINGLE") {
      this.problem(start, kind, scalar.value, "a role name in a block scalar is not rewritten; write it on one line");
      return;
    }
    const render = (name: string): string => {
      if (scalar.type === "QUOTE_SINGLE") return `'${name.replace(/'/g, "''")}'`;
      if (scalar.type === "QUOTE_DOUBLE" || !SAFE_PLAIN.test(name)) return JSON.stringify(name);
      return name;
    };
    // A plain entry of a roles/dependencies list that needs vars becomes a flow map.
    const entry = owner === undefined && kind !== "include_role" && kind !== "import_role";
    this.#apply(scalar.value, kind, start, end, render, owner, hasTasksFrom, entry);
  }

  #apply(
    reference: string,
    kind: AnsibleReferenceKind,
    start: number,
    end: number,
    render: (name: string) => string,
    owner: YAMLMap | undefined,
    hasTasksFrom: boolean,
    plainEntry = false,
  ): void {
    const resolution = this.#resolve(reference, { file: this.#file });
    if (resolution.kind === "external") return;
    if (resolution.kind === "unknown") {
      this.problem(start, kind, reference, resolution.reason);
      return;
    }
    const vars = resolution.vars && Object.keys(resolution.vars).length > 0 ? resolution.vars : undefined;
    if (vars && hasTasksFrom) {
      this.problem(
        start,
        kind,
        reference,
        `the role became part of "${resolution.name}" (${formatVars(vars)}); its tasks_from no longer names the same file — fix it by hand`,
      );
      return;
    }
    if (!vars && resolution.name === reference) return;
    const line = this.#lines.linePos(start).line;
    if (vars && plainEntry) {
      const flowVars = Object.entries(vars)
        .map(([k, v]) => `${k}: ${v}`)
        .join(", ");
      this.#splices.push({ start, end, text: `{ role: ${render(resolution.name)}, vars: { ${flowVars} } }` });
    } else {
      const varsSplice = vars && owner ? this.#varsSplice(owner, vars, kind, reference, start) : undefined;
      if (varsSplice === false) return;
      if (resolution.name !== reference) this.#splices.push({ start, end, text: render(resolution.name) });
      if (varsSplice) this.#splices.push(varsSplice);
    }
    this.edits.push({
      file: this.#file,
      line,
      kind,
      before: reference,
      after: resolution.name,
      ...(vars ? { vars } : {}),
    });
  }

  /** The insertion of `vars:` (or of keys inside an existing block `vars:`) into a block map; false with a problem when it cannot. */
  #varsSplice(
    owner: YAMLMap,
    vars: Readonly<Record<string, string>>,
    kind: AnsibleReferenceKind,
    reference: string,
    at: number,
  ): Splice | undefined | false {
    const existing = owner.get("vars", true);
    const missing = Object.entries(vars).filter(([k]) => !owner.has(k) && !(isMap(existing) && existing.has(k)));
    if (missing.length === 0) return undefined;
    if (owner.flow || (existing !== undefined && (!isMap(existing) || existing.flow))) {
      this.problem(
        at,
        kind,
        reference,
        `the reference needs ${formatVars(Object.fromEntries(missing))}; add it to vars by hand (flow-style maps are not edited)`,
      );
      return false;
    }
    const target = isMap(existing) ? existing : owner;
    const indent = " ".repeat(this.#columnOf(target) - 1);
    const body = isMap(existing)
      ? missing.map(([k, v]) => `\n${indent}${k}: ${v}`).join("")
      : `\n${indent}vars:${missing.map(([k, v]) => `\n${indent}  ${k}: ${v}`).join("")}`;
    const offset = this.#endOfLastLine(target);
    return { start: offset, end: offset, text: body };
  }

  #columnOf(map: YAMLMap): number {
    const first = map.items[0]?.key as Node | undefined;
    return first?.range ? this.#lines.linePos(first.range[0]).col : 1;
  }

  /** Offset of the line end after the map's last value (before its newline). */
  #endOfLastLine(map: YAMLMap): number {
    let end = map.range?.[1] ?? this.#text.length;
    while (end > 0 && /\s/.test(this.#text[end - 1]!)) end--;
    const newline = this.#text.indexOf("\n", end);
    return newline === -1 ? this.#text.length : newline;
  }

  problem(offset: number, kind: AnsibleReferenceProblem["kind"], reference: string, reason: string): void {
    const pos = this.#lines.linePos(offset);
    this.problems.push({ file: this.#file, line: pos.line, column: pos.col, kind, reference, reason });
  }

  apply(): string {
    const splices = [...this.#splices].sort((a, b) => b.start - a.start || b.end - a.end);
    let text = this.#text;
    for (const s of splices) text = text.slice(0, s.start) + s.text + text.slice(s.end);
    return text;
  }
}

function formatVars(vars: Readonly<Record<string, string>>): string {
  return Object.entries(vars)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}
