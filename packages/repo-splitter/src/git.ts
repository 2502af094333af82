import { EnvironmentError } from "@infraflux/diagnostics";
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { encodePath } from "./path-bytes.ts";

/**
 * Runs git to completion and returns stdout as bytes; throws EnvironmentError on failure.
 * `env` adds to the stable environment (an identity and dates for commit-tree, a temporary index).
 */
export function runGit(
  cwd: string,
  args: readonly string[],
  input?: string | Buffer,
  env: Readonly<Record<string, string>> = {},
): Buffer {
  const result = spawnSync("git", args, { cwd, input, maxBuffer: 1 << 30, env: { ...gitEnv(), ...env } });
  if (result.error) {
    if (!existsSync(cwd))
      throw new EnvironmentError("directory-missing", `${cwd} does not exist`, { cause: result.error });
    throw new EnvironmentError(
      "git-missing",
      `cannot run git (is it installed and on PATH?): ${result.error.message}`,
      { cause: result.error },
    );
  }
  if (result.status !== 0) {
    throw new EnvironmentError(
      "git-failed",
      `git ${args.join(" ")} failed in ${cwd}: ${result.stderr.toString().trim()}`,
    );
  }
  return result.stdout;
}

export function runGitText(
  cwd: string,
  args: readonly string[],
  input?: string | Buffer,
  env: Readonly<Record<string, string>> = {},
): string {
  return runGit(cwd, args, input, env).toString("utf8");
}

/** Runs git without blocking, so independent repositories can be packed in parallel. */
export async function runGitAsync(cwd: string, args: readonly string[], input?: Buffer): Promise<void> {
  const child = spawnGit(cwd, args);
  const exit = waitForExit(child, `git ${args[0]}`);
  child.stdout.resume();
  child.stdin.end(input);
  await exit;
}

/** Like runGit but returns undefined instead of throwing when git exits non-zero. */
export function tryGitText(cwd: string, args: readonly string[]): string | undefined {
  const result = spawnSync("git", args, { cwd, maxBuffer: 1 << 30, env: gitEnv() });
  return result.status === 0 ? result.stdout.toString("utf8") : undefined;
}

/** A stable environment: no user config surprises in the objects we write. */
export function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_CONFIG_NOSYSTEM: "1", LC_ALL: "C", GIT_TERMINAL_PROMPT: "0" };
}

export function spawnGit(cwd: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  const child = spawn("git", args, { cwd, env: gitEnv(), stdio: ["pipe", "pipe", "pipe"] });
  return child;
}

/** Collects a child's stderr and resolves when it exits; rejects with the stderr text on failure. */
export function waitForExit(child: ChildProcessWithoutNullStreams, what: string): Promise<void> {
  const stderr: Buffer[] = [];
  child.stderr.on("data", (b: Buffer) => stderr.push(b));
  return new Promise((resolve, reject) => {
    child.on("error", (e) =>
      reject(new EnvironmentError("git-missing", `cannot run ${what}: ${e.message}`, { cause: e })),
    );
    child.on("close", (code) => {
      if (code === 0) resolve();
      else
        reject(
          new EnvironmentError(
            "git-failed",
            `${what} failed (exit ${code}): ${Buffer.concat(stderr).toString().trim()}`,
          ),
        );
    });
  });
}

/**
 * A long-running `git cat-file --batch` for reading blobs and resolving `<commit>:<path>`.
 * Requests are answered in order; used only for the few files whose content we transform.
 */
export class CatFile {
  readonly #child: ChildProcessWithoutNullStreams;
  #buffer: Buffer = Buffer.alloc(0);
  readonly #waiting: {
    resolve: (v: { oid: string; type: string; content: Buffer } | undefined) => void;
    reject: (e: Error) => void;
  }[] = [];
  #exited: Promise<void>;

  constructor(repo: string) {
    this.#child = spawnGit(repo, ["cat-file", "--batch"]);
    this.#exited = waitForExit(this.#child, "git cat-file --batch").catch((e: Error) => {
      for (const w of this.#waiting.splice(0)) w.reject(e);
    });
    this.#child.stdout.on("data", (chunk: Buffer) => {
      this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
      this.#drain();
    });
  }

  read(spec: string): Promise<{ oid: string; type: string; content: Buffer } | undefined> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#child.stdin.write(Buffer.concat([encodePath(spec), Buffer.from("\n")]));
    });
  }

  #drain(): void {
    while (this.#waiting.length > 0) {
      const nl = this.#buffer.indexOf(10);
      if (nl < 0) return;
      const header = this.#buffer.subarray(0, nl).toString("utf8");
      if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
        this.#buffer = this.#buffer.subarray(nl + 1);
        this.#waiting.shift()!.resolve(undefined);
        continue;
      }
      const [oid, type, sizeText] = header.split(" ");
      const size = Number(sizeText);
      if (this.#buffer.length < nl + 1 + size + 1) return;
      const content = Buffer.from(this.#buffer.subarray(nl + 1, nl + 1 + size));
      this.#buffer = this.#buffer.subarray(nl + 1 + size + 1);
      this.#waiting.shift()!.resolve({ oid: oid!, type: type!, content });
    }
  }

  async close(): Promise<void> {
    this.#child.stdin.end();
    await this.#exited;
  }
}
