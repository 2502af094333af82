import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { quotePath, type ExportCommit, type ExportTag } from "./fast-export.ts";
import { spawnGit, waitForExit } from "../git.ts";
import type { TargetChange } from "./map-changes.ts";
import type { ParentRef } from "./target-history.ts";

/** One `git fast-import` process writing a target repository, fed with backpressure. */
export class FastImportSink {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #exit: Promise<void>;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Answers to `get-mark` arrive on fast-import's stdout, one line each, in order. */
  #answers = "";
  readonly #waiting: ((line: string) => void)[] = [];

  constructor(repo: string, marksFile: string) {
    this.#child = spawnGit(repo, [
      "fast-import",
      "--quiet",
      "--force",
      "--done",
      "--date-format=raw-permissive",
      `--export-marks=${marksFile}`,
    ]);
    this.#exit = waitForExit(this.#child, `git fast-import (${repo})`);
    this.#child.stdout.on("data", (chunk: Buffer) => {
      this.#answers += chunk.toString("latin1");
      let nl: number;
      while ((nl = this.#answers.indexOf("\n")) >= 0 && this.#waiting.length > 0) {
        const line = this.#answers.slice(0, nl);
        this.#answers = this.#answers.slice(nl + 1);
        this.#waiting.shift()!(line);
      }
    });
  }

  /** The SHA fast-import gave a mark: a synchronisation point, used only for messages naming commits. */
  async getMark(mark: number): Promise<string> {
    const answer = new Promise<string>((resolve) => this.#waiting.push(resolve));
    this.#write(`get-mark :${mark}\n`);
    await this.flush(true);
    return answer;
  }

  #write(chunk: Buffer | string): void {
    const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    this.#pending.push(buf);
    this.#pendingBytes += buf.length;
  }

  /** Sends what is buffered once there is enough of it (or `force`); waits when the pipe is full. */
  async flush(force = false): Promise<void> {
    if (this.#pendingBytes === 0 || (!force && this.#pendingBytes < 256 * 1024)) return;
    const data = Buffer.concat(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    if (!this.#child.stdin.write(data)) {
      await new Promise<void>((resolve, reject) => {
        this.#child.stdin.once("drain", resolve);
        this.#exit.catch(reject);
      });
    }
  }

  writeCommit(
    commit: ExportCommit,
    parents: readonly ParentRef[],
    changes: readonly TargetChange[],
    message: Buffer = commit.message,
  ): void {
    if (parents.length === 0) this.#write(`reset ${commit.ref}\n`);
    this.#write(`commit ${commit.ref}\nmark :${commit.mark}\n`);
    if (commit.author) this.#write(Buffer.concat([Buffer.from("author "), commit.author, Buffer.from("\n")]));
    this.#write(Buffer.concat([Buffer.from("committer "), commit.committer, Buffer.from("\n")]));
    if (commit.encoding) this.#write(`encoding ${commit.encoding}\n`);
    this.#writeData(message);
    parents.forEach((p, i) => this.#write(`${i === 0 ? "from" : "merge"} ${p}\n`));
    for (const c of changes) {
      switch (c.op) {
        case "deleteall":
          this.#write("deleteall\n");
          break;
        case "D":
          this.#write(`D ${quotePath(c.path)}\n`);
          break;
        case "M":
          this.#write(`M ${c.mode} ${c.ref} ${quotePath(c.path)}\n`);
          break;
        case "M-inline":
          this.#write(`M ${c.mode} inline ${quotePath(c.path)}\n`);
          this.#writeData(c.content);
          break;
      }
    }
    this.#write("\n");
  }

  writeTag(tag: ExportTag, from: ParentRef): void {
    this.#write(`tag ${tag.name}\n`);
    if (tag.mark !== undefined) this.#write(`mark :${tag.mark}\n`);
    this.#write(`from ${from}\n`);
    if (tag.tagger) this.#write(Buffer.concat([Buffer.from("tagger "), tag.tagger, Buffer.from("\n")]));
    this.#writeData(tag.message);
  }

  writeReset(ref: string, from: ParentRef | null): void {
    if (from === null) return;
    this.#write(`reset ${ref}\nfrom ${from}\n\n`);
  }

  #writeData(data: Buffer): void {
    this.#write(`data ${data.length}\n`);
    this.#write(data);
    this.#write("\n");
  }

  async finish(): Promise<void> {
    this.#write("done\n");
    await this.flush(true);
    this.#child.stdin.end();
    await this.#exit;
  }

  /** Stops the import after a failure elsewhere; its exit is expected, so it is not reported again. */
  abort(): void {
    this.#exit.catch(() => undefined);
    this.#child.kill();
  }
}
