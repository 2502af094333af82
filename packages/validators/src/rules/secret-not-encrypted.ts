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

export const secretNotEncrypted: Rule = {
  id: "secret-not-encrypted",
  severity: "error",
  description:
    "A `v1` Secret with `data` or `stringData` is SOPS-encrypted (a `sops:` block with a `mac`); SealedSecrets are fine. A kustomize `secretGenerator` with `literals` writes secrets in plain text into the kustomization itself. Values are never printed, only keys.",
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
        return ["data", "stringData"].flatMap((field) => {
          const d = obj.value[field];
          if (!isRecord(d) || Object.keys(d).length === 0) return [];
          const keys = Object.keys(d);
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
