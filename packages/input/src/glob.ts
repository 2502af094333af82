/** How a glob is read: the segment separator and whether a match also covers everything below it. */
export interface GlobOptions {
  /** Separator between segments; `*` and `?` never cross it. Default `/` (paths); `.` for dot paths. */
  readonly separator?: "/" | ".";
  /**
   * Also match every path below a match (gitattributes-style): `dir/` matches `dir/x/y`, `a/*.md` matches
   * `a/b.md/c`. Default false.
   */
  readonly descendants?: boolean;
}

/**
 * `*` matches within one segment, `**` at any depth (`**\/` may match nothing), `?` one character of a segment;
 * everything else is literal. The whole text must match.
 */
export function globToRegExp(glob: string, options: GlobOptions = {}): RegExp {
  const sep = escapeRegExp(options.separator ?? "/");
  const segmentChar = `[^${sep}]`;
  let body = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob.startsWith(options.separator ?? "/", i + 2);
      body += slash ? `(?:.*${sep})?` : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") body += `${segmentChar}*`;
    else if (c === "?") body += segmentChar;
    else body += escapeRegExp(c);
  }
  if (options.descendants) body += glob.endsWith(options.separator ?? "/") ? ".*" : `(?:${sep}.*)?`;
  return new RegExp(`^${body}$`, "s");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
