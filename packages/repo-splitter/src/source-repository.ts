import { InputError } from "@infraflux/diagnostics";
import { existsSync, realpathSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { runGitText, tryGitText } from "./git.ts";

/** Resolves the source repository, or explains (exit 2) why it cannot be one. */
export function checkSourceRepository(path: string): string {
  const abs = resolve(path);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new InputError([
      {
        code: "source-missing",
        severity: "error",
        file: path,
        message: "the source repository does not exist",
        hint: "pass the path of a git repository with --source",
      },
    ]);
  }
  const top = tryGitText(abs, ["rev-parse", "--show-toplevel"]) ?? tryGitText(abs, ["rev-parse", "--absolute-git-dir"]);
  if (top === undefined) {
    throw new InputError([
      {
        code: "source-not-a-repository",
        severity: "error",
        file: path,
        message: "the source is not a git repository",
        hint: "pass the root of a git clone (a directory containing .git)",
      },
    ]);
  }
  const root = top.trim();
  checkCompleteClone(abs, path);
  if (realpathSync(root) !== realpathSync(abs)) {
    // A subdirectory of a work tree (or of a bare repository's git directory) would split the whole repository.
    throw new InputError([
      {
        code: "source-not-top-level",
        severity: "error",
        file: path,
        message: `the source is a subdirectory of the repository at ${root}; a split reads the whole repository`,
        hint: `pass the repository's top level (--source ${root}); to split out one directory, give it a rule in the matrix`,
      },
    ]);
  }
  if (
    tryGitText(abs, ["rev-parse", "--verify", "-q", "HEAD"]) === undefined &&
    runGitText(abs, ["for-each-ref", "--count=1", "refs/heads"]).trim() === ""
  ) {
    throw new InputError([
      { code: "source-empty", severity: "error", file: path, message: "the source repository has no commits" },
    ]);
  }
  return abs;
}

/** The output directory of an earlier split, or an input error naming what is missing. */
export function checkSplitOutput(path: string, targets: readonly string[]): string {
  const abs = resolve(path);
  const missing = targets.filter((t) => !existsSync(resolve(abs, t)) || !existsSync(resolve(abs, `${t}.commit-map`)));
  if (!existsSync(abs) || missing.length === targets.length) {
    throw new InputError([
      {
        code: "out-missing",
        severity: "error",
        file: path,
        message: "there is no split output here",
        hint: "pass the --out directory of an earlier `infraflux split`",
      },
    ]);
  }
  return abs;
}

/** A shallow or partial clone lacks history or objects a split must read: say so up front, with the remedy. */
function checkCompleteClone(abs: string, path: string): void {
  if (tryGitText(abs, ["rev-parse", "--is-shallow-repository"])?.trim() === "true") {
    throw new InputError([
      {
        code: "source-shallow",
        severity: "error",
        file: path,
        message: "the source is a shallow clone: its history is cut off, so a split would rewrite only part of it",
        hint: "run `git fetch --unshallow` in the source first, or split a full clone",
      },
    ]);
  }
  const promisor = tryGitText(abs, ["config", "--get-regexp", "^(extensions\\.partialclone|remote\\..*\\.promisor)$"]);
  if (promisor?.trim()) {
    throw new InputError([
      {
        code: "source-partial",
        severity: "error",
        file: path,
        message: "the source is a partial clone (objects are fetched on demand), so blobs a split needs may be missing",
        hint: "split a full clone (`git clone` without `--filter`), or fetch every object first",
      },
    ]);
  }
}
