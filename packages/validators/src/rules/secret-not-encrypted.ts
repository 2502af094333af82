import { kustomizationFiles } from "../_kustomize.ts";
import { allObjects } from "../_flux.ts";
import { isRecord, type K8sObject } from "../model.ts";
import { findingAt, type Rule } from "../rule.ts";

/** True when the document carries SOPS metadata with a MAC (it was encrypted by sops; we never decrypt it). */
export function isSopsEncrypted(value: Readonly<Record<string, unknown>>): boolean {
  return isRecord(value.sops) && typeof value.sops.mac === "string" && value.sops.mac !== "";
}

export function isCoreSecret(o: K8sObject): boolean {
  return o.kind === "Secret" && o.apiVersion === "v1";
}

/**
 * Values that name a secret kept elsewhere, resolved at deploy time: 1Password (`op://`), Vault and
 * argocd-vault-plugin (`vault:`, `<path:…>`), vals (`ref+…`), cloud secret managers, Flux substitution (`${VAR}`).
 */
const REFERENCE_VALUE =
  /^\s*(op:\/\/|vault:|ref\+[a-z0-9]+:\/\/|<path:|awssm:|gcpsm:|azkv:|bw:|\$\{[A-Za-z_][A-Za-z0-9_]*(:?=[^}]*)?\}\s*$)/;

function isReferenceValue(v: unknown, base64: boolean): boolean {
  if (v === null || v === "") return true; // a placeholder without a value holds nothing
  if (typeof v !== "string") return false;
  if (REFERENCE_VALUE.test(v)) return true;
  if (!base64 || !/^[A-Za-z0-9+/=\s]+$/.test(v)) return false;
  return REFERENCE_VALUE.test(Buffer.from(v, "base64").toString("utf8"));
}

/** Secrets whose values another controller writes: service-account tokens, ExternalSecret or SealedSecret targets. */
function isManagedElsewhere(o: K8sObject): boolean {
  if (o.value.type === "kubernetes.io/service-account-token") return true;
  const meta = isRecord(o.value.metadata) ? o.value.metadata : {};
  const owners = Array.isArray(meta.ownerReferences) ? meta.ownerReferences : [];
  if (owners.some((r) => isRecord(r) && (r.kind === "ExternalSecret" || r.kind === "SealedSecret"))) return true;
  const marks = {
    ...(isRecord(meta.labels) ? meta.labels : {}),
    ...(isRecord(meta.annotations) ? meta.annotations : {}),
  };
  return Object.keys(marks).some((k) => k.startsWith("reconcile.external-secrets.io/"));
}

/** The keys of a Secret field whose values are plain secrets (not references, not empty); none when managed elsewhere. */
export function plainSecretKeys(o: K8sObject, field: "data" | "stringData"): string[] {
  const d = o.value[field];
  if (!isRecord(d) || isManagedElsewhere(o)) return [];
  return Object.entries(d)
    .filter(([, v]) => !isReferenceValue(v, field === "data"))
    .map(([k]) => k);
}

/** True when a Secret holds values that need encryption (or already is encrypted, so its file needs a SOPS rule). */
export function holdsSecretValues(o: K8sObject): boolean {
  return isSopsEncrypted(o.value) || plainSecretKeys(o, "data").length + plainSecretKeys(o, "stringData").length > 0;
}

export const secretNotEncrypted: Rule = {
  id: "secret-not-encrypted",
  severity: "error",
  description:
    "A `v1` Secret with `data` or `stringData` is SOPS-encrypted (a `sops:` block with a `mac`); SealedSecrets are fine, and so are values that are references resolved at deploy time (`op://`, `vault:`, `<path:…>`, `ref+…`, `${VAR}`), empty values, service-account tokens and Secrets an ExternalSecret owns. A kustomize `secretGenerator` with `literals` writes secrets in plain text into the kustomization itself. Values are never printed, only keys.",
  fix: "Encrypt the file with `sops --encrypt --in-place FILE` (per .sops.yaml), or convert it to a SealedSecret; for a secretGenerator, generate from a SOPS-encrypted env file (Flux decrypts it) instead of literals.",
  check(ctx) {
    const generators = ctx.repos.flatMap((repo) =>
      kustomizationFiles(repo).flatMap((k) => {
        const list = k.value.secretGenerator;
        if (!Array.isArray(list)) return [];
        return list.flatMap((g: unknown, i) => {
          if (!isRecord(g) || !Array.isArray(g.literals) || g.literals.length === 0) return [];
          const keys = g.literals.map((l) => String(l).split("=")[0]);
          return [
            findingAt(
              this,
              k.doc,
              ["secretGenerator", i, "literals"],
              `secretGenerator "${String(g.name ?? i)}" holds literals in plain text (keys: ${keys.join(", ")})`,
              { key: true },
            ),
          ];
        });
      }),
    );
    return [
      ...generators,
      ...allObjects(ctx).flatMap(({ obj }) => {
        if (!isCoreSecret(obj) || isSopsEncrypted(obj.value)) return [];
        return (["data", "stringData"] as const).flatMap((field) => {
          const keys = plainSecretKeys(obj, field);
          if (keys.length === 0) return [];
          return [
            findingAt(
              this,
              obj.doc,
              [field],
              `Secret "${obj.name}" holds ${field} in plain text (keys: ${keys.join(", ")}) and is not SOPS-encrypted`,
              { key: true },
            ),
          ];
        });
      }),
    ];
  },
};
