/**
 * Path patterns of the migration matrix: exact files, directory prefixes and globs with
 * `*` (one segment), `**` (any depth) and named captures `{app}` (one segment).
 */
export type PatternKind = "exact" | "prefix" | "glob";

export interface PathPattern {
  readonly text: string;
  readonly kind: PatternKind;
  /** Characters before the first wildcard or capture: the specificity measure. */
  readonly literalPrefix: string;
  readonly captures: readonly string[];
  /** Set for globs: anchored regex; the group `rest` starts where the last `**` (or a trailing `/`) matched. */
  readonly regex?: RegExp;
}

export interface PatternMatch {
  /** What the destination keeps of the path: the remainder after a prefix, the last `**`, or the file name. */
  readonly rest: string;
  readonly captures: Readonly<Record<string, string>>;
}

const CAPTURE = /^\{([A-Za-z_][A-Za-z0-9_]*)\}/;

export function isGlobText(text: string): boolean {
  return /[*{]/.test(text);
}

export function compilePathPattern(text: string): PathPattern {
  if (!isGlobText(text)) {
    return text.endsWith("/")
      ? { text, kind: "prefix", literalPrefix: text, captures: [] }
      : { text, kind: "exact", literalPrefix: text, captures: [] };
  }
  const captures: string[] = [];
  let source = "";
  let literalPrefix: string | undefined;
  const doubleStars = (text.match(/\*\*/g) ?? []).length;
  let seenDoubleStars = 0;
  for (let i = 0; i < text.length; ) {
    const capture = CAPTURE.exec(text.slice(i));
    if (capture) {
      literalPrefix ??= text.slice(0, i);
      captures.push(capture[1]!);
      source += `(?<${capture[1]}>[^/]+)`;
      i += capture[0].length;
    } else if (text.startsWith("**", i)) {
      literalPrefix ??= text.slice(0, i);
      seenDoubleStars++;
      const name = seenDoubleStars === doubleStars && !text.endsWith("/") ? "rest" : `ds${seenDoubleStars}`;
      // The remainder kept by a directory destination starts where the last `**` starts.
      // `**/` also matches zero directories.
      if (text[i + 2] === "/") {
        source += `(?<${name}>(?:.*/)?)`;
        i += 3;
      } else {
        source += `(?<${name}>.*)`;
        i += 2;
      }
    } else if (text[i] === "*") {
      literalPrefix ??= text.slice(0, i);
      source += "[^/]*";
      i += 1;
    } else {
      source += escapeRegex(text[i]!);
      i += 1;
    }
  }
  if (text.endsWith("/")) source += "(?<rest>.+)";
  return { text, kind: "glob", literalPrefix: literalPrefix ?? text, captures, regex: new RegExp(`^${source}$`, "sd") };
}

export function matchPathPattern(pattern: PathPattern, path: string): PatternMatch | undefined {
  switch (pattern.kind) {
    case "exact":
      return path === pattern.text ? { rest: baseName(path), captures: {} } : undefined;
    case "prefix":
      return path.startsWith(pattern.text) && path.length > pattern.text.length
        ? { rest: path.slice(pattern.text.length), captures: {} }
        : undefined;
    case "glob": {
      const m = pattern.regex!.exec(path);
      if (!m) return undefined;
      const groups = m.groups ?? {};
      const captures: Record<string, string> = {};
      for (const name of pattern.captures) captures[name] = groups[name] ?? "";
      const restStart = m.indices?.groups?.rest?.[0];
      const rest = restStart !== undefined ? path.slice(restStart) : baseName(path);
      return { rest, captures };
    }
  }
}

/**
 * Orders two patterns by specificity: exact paths first, then the longer literal prefix,
 * then (at equal prefix length) a plain prefix before a glob. 0 means they tie.
 */
export function comparePatternSpecificity(a: PathPattern, b: PathPattern): number {
  const exact = Number(b.kind === "exact") - Number(a.kind === "exact");
  if (exact !== 0) return exact;
  const length = b.literalPrefix.length - a.literalPrefix.length;
  if (length !== 0) return length;
  return Number(a.kind === "glob") - Number(b.kind === "glob");
}

/** Expands `{name}` placeholders of a destination and appends `rest` when it names a directory. */
export function renderDestination(template: string, match: PatternMatch): string {
  const filled = template.replace(
    /\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
    (_, name: string) => match.captures[name] ?? `{${name}}`,
  );
  return filled.endsWith("/") || filled === "" ? filled + match.rest : filled;
}

/** Rejects absolute paths and `.`/`..` segments; returns a reason or undefined. */
export function unsafePathReason(path: string): string | undefined {
  if (path.startsWith("/")) return "is absolute";
  if (/^[A-Za-z]:[\\/]/.test(path)) return "is absolute";
  if (path.includes("\\")) return "contains a backslash";
  const segments = path.split("/");
  if (segments.some((s) => s === "..")) return "escapes the repository (`..`)";
  if (segments.some((s) => s === ".")) return "contains a `.` segment";
  if (segments.slice(0, -1).some((s) => s === "")) return "contains an empty segment (`//`)";
  if (segments.some((s) => s.toLowerCase() === ".git")) return "names a `.git` directory";
  return undefined;
}

function baseName(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? path : path.slice(i + 1);
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|]/.test(ch) ? `\\${ch}` : ch;
}
