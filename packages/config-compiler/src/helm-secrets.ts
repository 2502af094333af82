import type { Diagnostic, SourceSpan } from "@infraflux/diagnostics";
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { spanOf } from "./parse.ts";
import { kindName, nodeAt, type MapNode } from "./tree.ts";

/** One entry of a Helm output's `secrets:` in infraflux.config.yaml, keyed by the values path that receives the Secret's name. */
export interface HelmSecretSpec {
  /** Config path of the `!secret` value. */
  readonly secret: string;
  /** The Kubernetes Secret's name. Default: `metadata.name` of the `sops://` file (read, never decrypted). */
  readonly name?: string | undefined;
  /** The key inside the Secret. Default: the reference's `#fragment`. */
  readonly key?: string | undefined;
  /** Values path that receives the key (e.g. `admin.passwordKey`); without it the key is only checked. */
  readonly keyPath?: string | undefined;
}

/** How one secret reaches a chart: values paths set to a Secret's name and key. Carries references only. */
export interface SecretReference {
  readonly component: string;
  /** Config path of the `!secret` value. */
  readonly secretPath: string;
  readonly ref: string;
  readonly name: string;
  readonly key: string | undefined;
  /** Values path → value written there (the Secret's name, and the key when `keyPath` is given). */
  readonly values: readonly { readonly path: string; readonly value: string }[];
  /** Where the name came from: `config/infraflux.config.yaml` or the SOPS file. */
  readonly nameFrom: string;
}

export interface SecretPlanContext {
  readonly component: string;
  /** The path of `secrets` in the project file as people write it, e.g. `outputs.helm[1].secrets`. */
  readonly option: string;
  readonly files: ReadonlyMap<string, string>;
  /** Position of an entry of `secrets` (its key, or one of its fields) in the project file. */
  readonly where: (valuesPath: string, field?: string) => { file: string; span?: SourceSpan };
}

const SOPS_REF = /^sops:\/\/([^#]+)(?:#(.*))?$/;

/** The repository-relative file of a `sops://` reference, or undefined (other schemes, or a path leaving the repository). */
export function sopsFileOf(ref: string): string | undefined {
  const m = SOPS_REF.exec(ref);
  const file = m?.[1];
  if (!file || file.startsWith("/") || file.split("/").includes("..")) return undefined;
  return file;
}

/** Every `sops://` file referenced by `!secret` tags in a layer's text (for the loader; a cheap textual scan). */
export function sopsFilesIn(text: string): string[] {
  return [...text.matchAll(/!secret\s+["']?sops:\/\/([^#\s"']+)/g)].flatMap((m) => sopsFileOf(`sops://${m[1]!}`) ?? []);
}

/**
 * Plans the Secret references of one Helm output: for each values path, the Secret's name (declared, or
 * `metadata.name` of the `sops://` file) and key (declared, or the reference's fragment). Reads only the
 * unencrypted parts of a SOPS file (`kind`, `metadata.name`, the keys of `data`/`stringData`), never a value. Pure.
 */
export function planHelmSecrets(
  specs: Readonly<Record<string, HelmSecretSpec>>,
  final: MapNode,
  ctx: SecretPlanContext,
): { references: SecretReference[]; inputs: string[]; diagnostics: Diagnostic[] } {
  const references: SecretReference[] = [];
  const inputs = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const [valuesPath, spec] of Object.entries(specs)) {
    const option = `${ctx.option}.${valuesPath}`;
    const error = (
      code: string,
      message: string,
      hint: string,
      at: { file: string; span?: SourceSpan } = ctx.where(valuesPath),
    ) =>
      diagnostics.push({
        code,
        severity: "error",
        message: `component "${ctx.component}": ${message}`,
        ...at,
        path: option,
        hint,
      });
    const node = nodeAt(final, spec.secret);
    if (node?.kind !== "secret") {
      const found = node ? `a ${kindName(node)}` : "not in the final config";
      error(
        "not-a-secret",
        `secrets.${valuesPath}.secret "${spec.secret}" must be a !secret reference, but it is ${found}`,
        "point it at a value tagged !secret sops://…#KEY (a password in plain config does not belong there)",
        ctx.where(valuesPath, "secret"),
      );
      continue;
    }
    const fragment = /#(.+)$/.exec(node.ref)?.[1];
    const key = spec.key ?? fragment;
    const sopsFile = sopsFileOf(node.ref);
    let name = spec.name;
    let nameFrom = ctx.where(valuesPath).file;
    const atRef = { file: node.origin.file, span: node.origin.span };
    if (SOPS_REF.test(node.ref) && sopsFile === undefined) {
      error(
        "invalid-secret-ref",
        `the reference of "${spec.secret}" (${node.ref}) must name a file inside the repository`,
        "write sops://<repository-relative path>#KEY",
        atRef,
      );
      continue;
    }
    if (sopsFile !== undefined && (name === undefined || ctx.files.has(sopsFile))) {
      const read = readSopsSecret(sopsFile, ctx.files.get(sopsFile));
      if (!read.ok) {
        // a declared name needs nothing from the file
        if (name === undefined) {
          // a missing file is reported at the reference that names it
          const at = read.diagnostic.code === "missing-secret-file" ? atRef : {};
          diagnostics.push({
            ...read.diagnostic,
            ...at,
            message: `component "${ctx.component}": ${read.diagnostic.message}`,
            path: option,
          });
          continue;
        }
      } else {
        inputs.add(sopsFile);
        if (name === undefined) {
          name = read.name;
          nameFrom = sopsFile;
        }
        if (key !== undefined && !read.keys.includes(key)) {
          error(
            "secret-key-missing",
            `key "${key}" of "${spec.secret}" is not in ${sopsFile} (its keys: ${read.keys.join(", ") || "none"})`,
            "fix the #KEY of the reference, or the key in the SOPS file",
            spec.key === undefined ? atRef : ctx.where(valuesPath, "key"),
          );
          continue;
        }
      }
    }
    if (name === undefined) {
      error(
        "secret-name-required",
        `the Secret holding "${spec.secret}" (${node.ref}) has no name infraflux can read`,
        `add name: <Kubernetes Secret name> to ${option} (only sops:// references name their Secret through the file's metadata.name)`,
      );
      continue;
    }
    if (spec.keyPath !== undefined && key === undefined) {
      error(
        "secret-key-required",
        `keyPath ${spec.keyPath} needs the key inside the Secret, and ${node.ref} has no #KEY`,
        `add key: <key in the Secret> to ${option}`,
        ctx.where(valuesPath, "keyPath"),
      );
      continue;
    }
    const values = [
      { path: valuesPath, value: name },
      ...(spec.keyPath !== undefined && key !== undefined ? [{ path: spec.keyPath, value: key }] : []),
    ];
    references.push({ component: ctx.component, secretPath: spec.secret, ref: node.ref, name, key, values, nameFrom });
  }
  return { references, inputs: [...inputs].sort(), diagnostics };
}

type SopsRead = { ok: true; name: string; keys: string[] } | { ok: false; diagnostic: Diagnostic };

/** `metadata.name` and the keys of `data`/`stringData` of a SOPS-encrypted Secret manifest, without touching any value. */
export function readSopsSecret(file: string, text: string | undefined): SopsRead {
  const fail = (code: string, message: string, hint: string, span?: SourceSpan): SopsRead => ({
    ok: false,
    diagnostic: { code, severity: "error", message, file, ...(span ? { span } : {}), hint },
  });
  if (text === undefined)
    return fail(
      "missing-secret-file",
      `${file} does not exist, so the name of its Secret cannot be read`,
      "commit the SOPS file, or give the Secret's name with name: in infraflux.config.yaml",
    );
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  // error messages of a parser may quote the text: report only the position
  if (doc.errors.length)
    return fail(
      "secret-file-invalid",
      `${file} is not valid YAML`,
      "check the file with sops --decrypt locally",
      spanOf(lc, doc.errors[0]!.pos[0]),
    );
  const root = doc.contents as YamlNode | null;
  const get = (map: YamlNode | null | undefined, key: string): YamlNode | undefined =>
    map && isMap(map) ? (map.get(key, true) as YamlNode | undefined) : undefined;
  const kind = get(root, "kind");
  if (!kind || !isScalar(kind) || kind.value !== "Secret")
    return fail(
      "secret-file-invalid",
      `${file} is not a Kubernetes Secret manifest (kind: Secret)`,
      "point the reference at the SOPS-encrypted Secret the cluster receives",
      kind?.range ? spanOf(lc, kind.range[0]) : undefined,
    );
  const nameNode = get(get(root, "metadata"), "name");
  if (!nameNode || !isScalar(nameNode) || typeof nameNode.value !== "string" || nameNode.value === "")
    return fail(
      "secret-file-invalid",
      `${file} has no metadata.name`,
      "add metadata.name to the Secret",
      spanOf(lc, 0),
    );
  const span = spanOf(lc, nameNode.range?.[0] ?? 0);
  if (nameNode.value.startsWith("ENC["))
    return fail(
      "secret-name-encrypted",
      `metadata.name of ${file} is encrypted, so the Secret's name cannot be read without decrypting (infraflux never decrypts)`,
      "encrypt only the data: set encrypted_regex: ^(data|stringData)$ in .sops.yaml and re-encrypt, or give the name with name: in infraflux.config.yaml",
      span,
    );
  const keys = ["data", "stringData"].flatMap((k) => {
    const m = get(root, k);
    return m && isMap(m) ? m.items.flatMap((p) => (isScalar(p.key) ? [String(p.key.value)] : [])) : [];
  });
  return { ok: true, name: nameNode.value, keys: keys.sort() };
}
