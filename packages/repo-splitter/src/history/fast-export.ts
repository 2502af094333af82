import type { Readable } from "node:stream";
import { decodePath, encodePath } from "../path-bytes.ts";

/** One file change of a commit, as fast-export writes it (renames are not detected: D + M). */
export type ExportFileChange =
  | { readonly op: "M"; readonly mode: string; readonly ref: string; readonly path: string }
  | { readonly op: "D"; readonly path: string }
  | { readonly op: "deleteall" };

export interface ExportCommit {
  readonly type: "commit";
  readonly ref: string;
  readonly mark: number;
  readonly originalOid: string;
  /** Raw identity lines after the keyword, e.g. `Ann <ann@x> 1700000000 +0100`, kept as bytes. */
  readonly author: Buffer | undefined;
  readonly committer: Buffer;
  readonly encoding: string | undefined;
  readonly message: Buffer;
  /** Parents: `:mark` for exported commits, a full SHA for excluded ones. */
  readonly parents: readonly string[];
  readonly changes: readonly ExportFileChange[];
}

export interface ExportTag {
  readonly type: "tag";
  readonly name: string;
  readonly mark: number | undefined;
  readonly from: string;
  readonly originalOid: string | undefined;
  readonly tagger: Buffer | undefined;
  readonly message: Buffer;
}

export interface ExportReset {
  readonly type: "reset";
  readonly ref: string;
  readonly from: string | undefined;
}

export type ExportCommand = ExportCommit | ExportTag | ExportReset;

/** Incremental line/byte reader over a stream; awaits only when its buffer runs dry. */
class StreamReader {
  #buffer: Buffer = Buffer.alloc(0);
  #offset = 0;
  readonly #iterator: AsyncIterator<Buffer>;
  #done = false;

  constructor(stream: Readable) {
    this.#iterator = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  async #fill(): Promise<boolean> {
    if (this.#done) return false;
    const next = await this.#iterator.next();
    if (next.done) {
      this.#done = true;
      return false;
    }
    const rest = this.#buffer.subarray(this.#offset);
    this.#buffer = rest.length ? Buffer.concat([rest, next.value]) : next.value;
    this.#offset = 0;
    return true;
  }

  /** The next line without its LF, or undefined at the end of the stream. */
  async line(): Promise<Buffer | undefined> {
    for (;;) {
      const nl = this.#buffer.indexOf(10, this.#offset);
      if (nl >= 0) {
        const line = this.#buffer.subarray(this.#offset, nl);
        this.#offset = nl + 1;
        return line;
      }
      if (!(await this.#fill())) {
        if (this.#offset < this.#buffer.length) {
          const line = this.#buffer.subarray(this.#offset);
          this.#offset = this.#buffer.length;
          return line;
        }
        return undefined;
      }
    }
  }

  async bytes(n: number): Promise<Buffer> {
    while (this.#buffer.length - this.#offset < n) {
      if (!(await this.#fill())) throw new Error("fast-export stream ended inside a data block");
    }
    const out = Buffer.from(this.#buffer.subarray(this.#offset, this.#offset + n));
    this.#offset += n;
    return out;
  }

  /** Pushes a line back by re-reading from its start (used for one-line look-ahead). */
  unread(line: Buffer): void {
    this.#offset -= line.length + 1;
  }
}

const startsWith = (line: Buffer, prefix: string) =>
  line.length >= prefix.length && line.toString("latin1", 0, prefix.length) === prefix;
const text = (line: Buffer, from: number) => line.toString("utf8", from);

/** Parses `git fast-export` output into commands, streaming. */
export async function* readFastExport(stream: Readable): AsyncGenerator<ExportCommand> {
  const reader = new StreamReader(stream);
  for (;;) {
    const line = await reader.line();
    if (line === undefined) return;
    if (
      line.length === 0 ||
      startsWith(line, "feature ") ||
      startsWith(line, "progress ") ||
      startsWith(line, "checkpoint")
    )
      continue;
    if (startsWith(line, "done")) return;
    if (startsWith(line, "commit ")) yield await readCommit(reader, text(line, 7));
    else if (startsWith(line, "tag ")) yield await readTag(reader, text(line, 4));
    else if (startsWith(line, "reset ")) yield await readReset(reader, text(line, 6));
    else if (startsWith(line, "blob")) await skipBlob(reader);
    else throw new Error(`unexpected fast-export line: ${line.toString("utf8").slice(0, 80)}`);
  }
}

async function readData(reader: StreamReader, line: Buffer): Promise<Buffer> {
  if (!startsWith(line, "data ")) throw new Error(`expected data, got: ${line.toString("utf8").slice(0, 80)}`);
  const spec = text(line, 5);
  if (spec.startsWith("<<")) throw new Error("delimited data is not produced by fast-export");
  const data = await reader.bytes(Number(spec));
  return data;
}

async function readCommit(reader: StreamReader, ref: string): Promise<ExportCommit> {
  let mark = 0;
  let originalOid = "";
  let author: Buffer | undefined;
  let committer: Buffer | undefined;
  let encoding: string | undefined;
  let message: Buffer = Buffer.alloc(0);
  const parents: string[] = [];
  const changes: ExportFileChange[] = [];
  for (;;) {
    const line = await reader.line();
    if (line === undefined || line.length === 0) break;
    if (startsWith(line, "mark :")) mark = Number(text(line, 6));
    else if (startsWith(line, "original-oid ")) originalOid = text(line, 13);
    else if (startsWith(line, "author ")) author = Buffer.from(line.subarray(7));
    else if (startsWith(line, "committer ")) committer = Buffer.from(line.subarray(10));
    else if (startsWith(line, "encoding ")) encoding = text(line, 9);
    else if (startsWith(line, "gpgsig ")) await readData(reader, (await reader.line())!);
    else if (startsWith(line, "data ")) message = await readData(reader, line);
    else if (startsWith(line, "from ")) parents.unshift(text(line, 5));
    else if (startsWith(line, "merge ")) parents.push(text(line, 6));
    else if (startsWith(line, "M ")) changes.push(parseModify(line));
    else if (startsWith(line, "D ")) changes.push({ op: "D", path: unquotePath(line.subarray(2)) });
    else if (startsWith(line, "deleteall")) changes.push({ op: "deleteall" });
    else if (startsWith(line, "commit ") || startsWith(line, "tag ") || startsWith(line, "reset ")) {
      reader.unread(line);
      break;
    } else throw new Error(`unsupported fast-export commit line: ${line.toString("utf8").slice(0, 80)}`);
  }
  if (!committer) throw new Error(`commit ${originalOid || mark} has no committer`);
  return { type: "commit", ref, mark, originalOid, author, committer, encoding, message, parents, changes };
}

function parseModify(line: Buffer): ExportFileChange {
  // M <mode> <dataref> <path>
  const s1 = line.indexOf(32, 2);
  const s2 = line.indexOf(32, s1 + 1);
  return {
    op: "M",
    mode: text(line.subarray(0, s1), 2),
    ref: line.toString("utf8", s1 + 1, s2),
    path: unquotePath(line.subarray(s2 + 1)),
  };
}

async function readTag(reader: StreamReader, name: string): Promise<ExportTag> {
  let mark: number | undefined;
  let from = "";
  let originalOid: string | undefined;
  let tagger: Buffer | undefined;
  let message: Buffer = Buffer.alloc(0);
  for (;;) {
    const line = await reader.line();
    if (line === undefined || line.length === 0) break;
    if (startsWith(line, "mark :")) mark = Number(text(line, 6));
    else if (startsWith(line, "from ")) from = text(line, 5);
    else if (startsWith(line, "original-oid ")) originalOid = text(line, 13);
    else if (startsWith(line, "tagger ")) tagger = Buffer.from(line.subarray(7));
    else if (startsWith(line, "data ")) {
      message = await readData(reader, line);
    } else {
      reader.unread(line);
      break;
    }
  }
  return { type: "tag", name, mark, from, originalOid, tagger, message };
}

async function readReset(reader: StreamReader, ref: string): Promise<ExportReset> {
  const line = await reader.line();
  if (line !== undefined && startsWith(line, "from ")) return { type: "reset", ref, from: text(line, 5) };
  if (line !== undefined && line.length > 0) reader.unread(line);
  return { type: "reset", ref, from: undefined };
}

async function skipBlob(reader: StreamReader): Promise<void> {
  for (;;) {
    const line = await reader.line();
    if (line === undefined) return;
    if (startsWith(line, "data ")) {
      await readData(reader, line);
      return;
    }
  }
}

/** Undoes git's C-style path quoting; paths are decoded as UTF-8 (invalid bytes kept, see path-bytes.ts). */
export function unquotePath(raw: Buffer): string {
  if (raw[0] !== 0x22) return decodePath(raw);
  const bytes: number[] = [];
  for (let i = 1; i < raw.length - 1; i++) {
    const c = raw[i]!;
    if (c !== 0x5c) {
      bytes.push(c);
      continue;
    }
    const n = raw[++i]!;
    const simple: Record<number, number> = {
      0x6e: 10,
      0x74: 9,
      0x72: 13,
      0x22: 0x22,
      0x5c: 0x5c,
      0x61: 7,
      0x62: 8,
      0x66: 12,
      0x76: 11,
    };
    if (n >= 0x30 && n <= 0x37) {
      bytes.push(parseInt(String.fromCharCode(n, raw[i + 1]!, raw[i + 2]!), 8));
      i += 2;
    } else bytes.push(simple[n] ?? n);
  }
  return decodePath(Buffer.from(bytes));
}

/** Quotes a path for fast-import when it needs it (quotes, backslashes, control characters, leading quote). */
export function quotePath(path: string): string {
  if (!/["\\\x00-\x1f\x7f\udc80-\udcff]/.test(path)) return path;
  let out = '"';
  for (const byte of encodePath(path)) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += "\\\\";
    else if (byte === 10) out += "\\n";
    else if (byte === 9) out += "\\t";
    else if (byte < 0x20 || byte === 0x7f) out += `\\${byte.toString(8).padStart(3, "0")}`;
    else out += String.fromCharCode(byte);
  }
  // Non-ASCII bytes were emitted as latin1 characters above; re-encode them as octal escapes.
  return `${out.replace(/[\u0080-\u00ff]/g, (ch) => `\\${ch.charCodeAt(0).toString(8).padStart(3, "0")}`)}"`;
}
