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
  description: "A `v1` Secret with `data` or `stringData` is SOPS-encrypted (a `sops:` block with a `mac`); SealedSecrets are fine. Values are never printed, only keys.",
  fix: "Encrypt the file with `sops --encrypt --in-place FILE` (per .sops.yaml), or convert it to a SealedSecret.",
  check(ctx) {
    return allObjects(ctx).flatMap(({ obj }) => {
      if (!isCoreSecret(obj) || isSopsEncrypted(obj.value)) return [];
      return ["data", "stringData"].flatMap((field) => {
        const d = obj.value[field];
        if (!isRecord(d) || Object.keys(d).length === 0) return [];
        const keys = Object.keys(d);
        return [findingAt(this, obj.doc, [field], `Secret "${obj.name}" holds ${field} in plain text (keys: ${keys.join(", ")}) and is not SOPS-encrypted`, { key: true })];
      });
    });
  },
};
