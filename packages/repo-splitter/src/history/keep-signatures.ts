import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";
import { join } from "node:path";
import { CatFile, runGit, runGitText } from "../git.ts";

/**
 * `--keep-signatures`: git 2.39's fast-import cannot carry signatures, so after the import
 * the signed commits are written again with the source's `gpgsig` header copied verbatim
 * (it no longer verifies: the content changed), and every descendant is rewritten onto the
 * new parents. Annotated tags are re-pointed, and keep their signature block. Objects are
 * written as loose objects in-process; the repack that follows packs them.
 * Returns the number of commits and tags that carry a copied signature.
 */
export async function copySignatures(
  repo: string,
  source: string,
  commits: readonly { readonly oid: string; readonly mark: number }[],
  kept: (mark: number) => boolean,
  marks: Map<number, string>,
): Promise<{ commits: number; tags: number }> {
  const sourceObjects = new CatFile(source);
  const targetObjects = new CatFile(repo);
  const remap = new Map<string, string>();
  const byPrefix = new Map<string, string[]>();
  let signedCommits = 0;
  try {
    for (const { oid, mark } of commits) {
      if (!kept(mark)) continue;
      const old = marks.get(mark);
      if (!old) continue;
      const sourceCommit = (await sourceObjects.read(oid))?.content;
      const targetCommit = (await targetObjects.read(old))?.content;
      if (!sourceCommit || !targetCommit) continue;
      const signature = headerBlock(sourceCommit, "gpgsig") ?? headerBlock(sourceCommit, "gpgsig-sha256");
      let body = remapCommitNames(remapParents(targetCommit, remap), remap, byPrefix);
      if (signature) {
        body = insertHeader(body, signature);
        signedCommits++;
      }
      if (body.equals(targetCommit)) continue;
      const next = writeLooseObject(repo, "commit", body);
      remap.set(old, next);
      byPrefix.set(old.slice(0, 7), [...(byPrefix.get(old.slice(0, 7)) ?? []), old]);
      marks.set(mark, next);
    }
    const signedTags = await repointTags(repo, source, remap, sourceObjects, targetObjects);
    return { commits: signedCommits, tags: signedTags };
  } finally {
    await sourceObjects.close();
    await targetObjects.close();
  }
}

/** A multi-line header (`gpgsig …` plus its space-indented continuation lines), or undefined. */
function headerBlock(commit: Buffer, name: string): Buffer | undefined {
  const text = commit.toString("latin1");
  const end = text.indexOf("\n\n");
  const lines = text.slice(0, end < 0 ? text.length : end).split("\n");
  const start = lines.findIndex((l) => l.startsWith(`${name} `));
  if (start < 0) return undefined;
  let stop = start + 1;
  while (stop < lines.length && lines[stop]!.startsWith(" ")) stop++;
  return Buffer.from(`${lines.slice(start, stop).join("\n")}\n`, "latin1");
}

function insertHeader(commit: Buffer, header: Buffer): Buffer {
  const end = commit.indexOf("\n\n");
  return Buffer.concat([commit.subarray(0, end + 1), header, commit.subarray(end + 1)]);
}

function remapParents(commit: Buffer, remap: ReadonlyMap<string, string>): Buffer {
  if (remap.size === 0) return commit;
  const end = commit.indexOf("\n\n");
  const header = commit
    .subarray(0, end)
    .toString("latin1")
    .replace(/^parent ([0-9a-f]{40})$/gm, (_line, sha: string) => `parent ${remap.get(sha) ?? sha}`);
  return Buffer.concat([Buffer.from(header, "latin1"), commit.subarray(end)]);
}

/** Commit names in the message (already target SHAs) follow the commits this pass rewrote. */
function remapCommitNames(
  commit: Buffer,
  remap: ReadonlyMap<string, string>,
  byPrefix: ReadonlyMap<string, readonly string[]>,
): Buffer {
  if (remap.size === 0) return commit;
  const end = commit.indexOf("\n\n");
  if (end < 0) return commit;
  const message = commit.subarray(end + 2).toString("latin1");
  let changed = false;
  const next = message.replace(/\b[0-9a-f]{7,40}\b/g, (name) => {
    const matches = (byPrefix.get(name.slice(0, 7)) ?? []).filter((old) => old.startsWith(name));
    if (matches.length !== 1) return name;
    changed = true;
    return remap.get(matches[0]!)!.slice(0, name.length);
  });
  return changed ? Buffer.concat([commit.subarray(0, end + 2), Buffer.from(next, "latin1")]) : commit;
}

function writeLooseObject(repo: string, type: string, body: Buffer): string {
  const full = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
  const sha = createHash("sha1").update(full).digest("hex");
  const dir = join(repo, ".git", "objects", sha.slice(0, 2));
  const file = join(dir, sha.slice(2));
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, deflateSync(full));
  }
  return sha;
}

/** Annotated tags follow their rewritten commits and keep the source tag's signature block. */
async function repointTags(
  repo: string,
  source: string,
  remap: ReadonlyMap<string, string>,
  sourceObjects: CatFile,
  targetObjects: CatFile,
): Promise<number> {
  let signed = 0;
  const updates: string[] = [];
  for (const line of runGitText(repo, [
    "for-each-ref",
    "--format=%(objecttype) %(objectname) %(refname)",
    "refs/tags",
  ]).split("\n")) {
    const [type, oid, ref] = line.split(" ");
    if (type !== "tag" || !oid || !ref) continue;
    const tag = (await targetObjects.read(oid))?.content;
    const sourceTag = (await sourceObjects.read(ref))?.content;
    if (!tag) continue;
    let body = Buffer.from(
      tag
        .toString("latin1")
        .replace(/^object ([0-9a-f]{40})$/m, (_l, sha: string) => `object ${remap.get(sha) ?? sha}`),
      "latin1",
    );
    const signature = sourceTag
      ? /-----BEGIN (?:PGP|SSH) SIGNATURE-----[\s\S]*$/.exec(sourceTag.toString("latin1"))?.[0]
      : undefined;
    if (signature) {
      body = Buffer.concat([body, Buffer.from(signature, "latin1")]);
      signed++;
    }
    if (body.equals(tag)) continue;
    updates.push(`update ${ref} ${writeLooseObject(repo, "tag", body)}`);
  }
  if (updates.length) runGit(repo, ["update-ref", "--stdin"], `${updates.join("\n")}\n`);
  void source;
  return signed;
}
