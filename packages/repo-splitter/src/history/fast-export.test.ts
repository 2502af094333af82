import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { type ExportCommand, quotePath, readFastExport, unquotePath } from "./fast-export.ts";

/** Parses a stream given as chunks (to exercise reads that straddle chunk boundaries). */
async function parse(...chunks: (string | Buffer)[]): Promise<ExportCommand[]> {
  const out: ExportCommand[] = [];
  for await (const c of readFastExport(Readable.from(chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : c)))))
    out.push(c);
  return out;
}

const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}`;
const A = "a".repeat(40);
const B = "b".repeat(40);
const C = "c".repeat(40);
const who = "Ann <ann@example.com> 1700000000 +0100";

const commit = (ref: string, mark: number, oid: string, body: string, message = "msg\n") =>
  `commit ${ref}\nmark :${mark}\noriginal-oid ${oid}\nauthor ${who}\ncommitter ${who}\n${data(message)}${body}\n`;

describe("readFastExport", () => {
  it("reads a commit: mark, original id, identities as bytes, message, changes", async () => {
    const [c] = await parse(
      "feature done\n",
      commit("refs/heads/main", 1, A, `M 100644 ${B} apps/a.yaml\nM 100755 ${C} bin/run.sh\n`),
      "done\n",
    );
    expect(c).toMatchObject({ type: "commit", ref: "refs/heads/main", mark: 1, originalOid: A, parents: [] });
    if (c?.type !== "commit") throw new Error("not a commit");
    expect(c.author?.toString()).toBe(who);
    expect(c.committer.toString()).toBe(who);
    expect(c.message.toString()).toBe("msg\n");
    expect(c.changes).toEqual([
      { op: "M", mode: "100644", ref: B, path: "apps/a.yaml" },
      { op: "M", mode: "100755", ref: C, path: "bin/run.sh" },
    ]);
  });

  it("takes `data` by its exact byte count: multi-byte UTF-8, lines that look like commands, no trailing newline", async () => {
    const message = "fix: ünïcödé\ncommit refs/heads/evil\nM 100644 x y\nno newline at the end";
    const [c, d] = await parse(
      commit("refs/heads/main", 1, A, "", message),
      commit("refs/heads/main", 2, B, `from :1\n`),
    );
    if (c?.type !== "commit" || d?.type !== "commit") throw new Error("not commits");
    expect(c.message.toString()).toBe(message);
    expect(c.changes).toEqual([]);
    expect(d.parents).toEqual([":1"]);
  });

  it("reads data split across chunks, byte by byte", async () => {
    const text = commit("refs/heads/main", 1, A, "D gone.txt\n", "héllo wörld\n");
    const chunks = [...Buffer.from(text)].map((b) => Buffer.from([b]));
    const [c] = await parse(...chunks);
    if (c?.type !== "commit") throw new Error("not a commit");
    expect(c.message.toString()).toBe("héllo wörld\n");
    expect(c.changes).toEqual([{ op: "D", path: "gone.txt" }]);
  });

  it("orders parents: `from` first, then each `merge` (octopus), marks or SHAs of excluded commits", async () => {
    const [c] = await parse(commit("refs/heads/main", 4, A, `from :1\nmerge :2\nmerge ${C}\n`));
    if (c?.type !== "commit") throw new Error("not a commit");
    expect(c.parents).toEqual([":1", ":2", C]);
  });

  it("reads deletes and deleteall; a rename arrives as D + M (no -M is passed)", async () => {
    const [c] = await parse(
      commit("refs/heads/main", 2, A, `from :1\ndeleteall\nD old/name.yaml\nM 100644 ${B} new/name.yaml\n`),
    );
    if (c?.type !== "commit") throw new Error("not a commit");
    expect(c.changes).toEqual([
      { op: "deleteall" },
      { op: "D", path: "old/name.yaml" },
      { op: "M", mode: "100644", ref: B, path: "new/name.yaml" },
    ]);
  });

  it.each([
    ["R", `R a.yaml b.yaml`],
    ["C", `C a.yaml b.yaml`],
  ])("refuses a %s (rename/copy) line loudly rather than dropping it", async (_, line) => {
    await expect(parse(commit("refs/heads/main", 1, A, `${line}\n`))).rejects.toThrow(
      /unsupported fast-export commit line/,
    );
  });

  it("unquotes C-style quoted paths: spaces kept, escapes, octal UTF-8 bytes, invalid bytes preserved", async () => {
    const [c] = await parse(
      commit(
        "refs/heads/main",
        1,
        A,
        `${[
          `M 100644 ${B} with space.txt`,
          `M 100644 ${B} "tab\\there \\"quoted\\" back\\\\slash"`,
          `M 100644 ${B} "caf\\303\\251/men\\303\\274.yaml"`,
          `D "bad\\377byte"`,
        ].join("\n")}\n`,
      ),
    );
    if (c?.type !== "commit") throw new Error("not a commit");
    const paths = c.changes.map((x) => ("path" in x ? x.path : ""));
    expect(paths.slice(0, 3)).toEqual(["with space.txt", 'tab\there "quoted" back\\slash', "café/menü.yaml"]);
    expect(quotePath(paths[3]!)).toBe('"bad\\377byte"');
  });

  it("skips a signature on a commit, and feature/progress/checkpoint lines", async () => {
    const [c] = await parse(
      "progress 1 objects\ncheckpoint\n",
      `commit refs/heads/main\nmark :1\noriginal-oid ${A}\ncommitter ${who}\ngpgsig sha1 openpgp\n${data("-----BEGIN PGP SIGNATURE-----\n")}${data("signed\n")}\n`,
    );
    if (c?.type !== "commit") throw new Error("not a commit");
    expect(c.author).toBe(undefined);
    expect(c.message.toString()).toBe("signed\n");
  });

  it("reads annotated tags and resets (with and without from), and stops at done", async () => {
    const commands = await parse(
      commit("refs/heads/main", 1, A, ""),
      `tag v1.0\nmark :2\nfrom :1\noriginal-oid ${B}\ntagger ${who}\n${data("release\n")}\n`,
      `reset refs/heads/topic\nfrom :1\n\n`,
      `reset refs/heads/gone\n\n`,
      "done\n",
      commit("refs/heads/never", 9, C, ""),
    );
    expect(commands.map((c) => c.type)).toEqual(["commit", "tag", "reset", "reset"]);
    const [, tag, reset, bare] = commands;
    if (tag?.type !== "tag") throw new Error("not a tag");
    expect(tag).toMatchObject({ name: "v1.0", mark: 2, from: ":1", originalOid: B });
    expect(tag.message.toString()).toBe("release\n");
    expect(tag.tagger?.toString()).toBe(who);
    expect(reset).toEqual({ type: "reset", ref: "refs/heads/topic", from: ":1" });
    expect(bare).toEqual({ type: "reset", ref: "refs/heads/gone", from: undefined });
  });

  it("skips blobs (they are not requested with --no-data, but a stream with them still parses)", async () => {
    const commands = await parse(`blob\nmark :1\n${data("binary\0stuff")}\n`, commit("refs/heads/main", 2, A, ""));
    expect(commands.map((c) => c.type)).toEqual(["commit"]);
  });

  it("fails on a truncated data block and on an unknown command", async () => {
    await expect(parse(`commit refs/heads/main\nmark :1\ncommitter ${who}\ndata 50\nshort`)).rejects.toThrow(
      /ended inside a data block/,
    );
    await expect(parse("frobnicate\n")).rejects.toThrow(/unexpected fast-export line/);
  });
});

describe("quotePath / unquotePath", () => {
  it.each(["plain/path.yaml", 'a "quoted" name', "back\\slash", "new\nline", "tab\tbed", "naïve/ünï.yaml", "\udcff"])(
    "round-trips %j",
    (path) => {
      expect(unquotePath(Buffer.from(quotePath(path), "utf8"))).toBe(path);
    },
  );
});
