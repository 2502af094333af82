import { createInterface } from "node:readline";
import { runGitText, spawnGit, waitForExit } from "../git.ts";

export interface SignatureCount {
  readonly commits: number;
  readonly signedCommits: number;
  readonly tags: number;
  readonly signedTags: number;
}

/**
 * Counts signed commits (GPG or SSH `gpgsig` headers) and signed annotated tags among what a
 * split exports. Rewritten objects cannot keep valid signatures, so the report says how many
 * were removed. Streams `git rev-list --format=raw`; runs beside the history pass.
 */
export async function countSignatures(source: string, revisions: readonly string[]): Promise<SignatureCount> {
  const child = spawnGit(source, ["rev-list", "--format=raw", ...revisions]);
  const exit = waitForExit(child, "git rev-list");
  let commits = 0;
  let signedCommits = 0;
  let inHeader = false;
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    if (line.startsWith("commit ")) {
      commits++;
      inHeader = true;
    } else if (inHeader && (line.startsWith("gpgsig ") || line.startsWith("gpgsig-sha256 "))) {
      signedCommits++;
      inHeader = false;
    } else if (line === "") inHeader = false;
  }
  await exit;
  let tags = 0;
  let signedTags = 0;
  for (const line of runGitText(source, [
    "for-each-ref",
    "--format=%(objecttype) %(if)%(contents:signature)%(then)signed%(end)",
    "refs/tags",
  ]).split("\n")) {
    if (!line.startsWith("tag")) continue;
    tags++;
    if (line.endsWith("signed")) signedTags++;
  }
  return { commits, signedCommits, tags, signedTags };
}

const SIGNATURE_BLOCK =
  /-----BEGIN (?:PGP SIGNATURE|SSH SIGNATURE|SIGNED MESSAGE)-----\n[\s\S]*?-----END (?:PGP SIGNATURE|SSH SIGNATURE|SIGNED MESSAGE)-----\n?$/;

/**
 * Removes the signature that a signed tag carries at the end of its message. git 2.39's
 * `fast-export --signed-tags=strip` recognises only PGP signatures; SSH and X.509 ones
 * would otherwise travel along, invalid, in the rewritten tag.
 */
export function stripTagSignature(message: Buffer): Buffer {
  const text = message.toString("latin1");
  const match = SIGNATURE_BLOCK.exec(text);
  return match ? Buffer.from(text.slice(0, match.index), "latin1") : message;
}
