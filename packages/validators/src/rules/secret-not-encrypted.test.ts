import { testRule, y } from "../_rule-test.ts";
import { secretNotEncrypted } from "./secret-not-encrypted.ts";

const secret = (...body: string[]) => y("apiVersion: v1", "kind: Secret", "metadata:", "  name: s", ...body);

testRule(secretNotEncrypted, {
  valid: [
    {
      name: "SOPS-encrypted",
      files: {
        "s.sops.yaml": secret(
          "stringData:",
          "  token: ENC[AES256_GCM,data:abc,iv:x,tag:y,type:str]",
          "sops:",
          "  mac: ENC[AES256_GCM,data:m,iv:x,tag:y,type:str]",
          "  version: 3.9.0",
        ),
      },
    },
    {
      name: "SealedSecret and a Secret without data",
      files: {
        "a.yaml":
          y(
            "apiVersion: bitnami.com/v1alpha1",
            "kind: SealedSecret",
            "metadata:",
            "  name: s",
            "spec:",
            "  encryptedData:",
            "    k: AgB...",
          ) +
          "---\n" +
          secret("type: kubernetes.io/service-account-token"),
      },
    },
  ],
  invalid: [
    {
      name: "plain data and stringData; the values are never printed",
      files: { "a.yaml": secret("data:", "  password: aHVudGVyMg==", "stringData:", "  user: admin") },
      errors: [
        { file: "repo/a.yaml", line: 5, column: 1, message: "keys: password" },
        { file: "repo/a.yaml", line: 7, column: 1, message: "keys: user" },
      ],
    },
    {
      name: "sops block without a mac",
      files: { "a.yaml": secret("data:", "  k: dg==", "sops:", "  version: 3.9.0") },
      errors: [{ file: "repo/a.yaml", line: 5, column: 1 }],
    },
    {
      name: "a secretGenerator with literals",
      files: {
        "app/kustomization.yaml": y(
          "apiVersion: kustomize.config.k8s.io/v1beta1",
          "kind: Kustomization",
          "secretGenerator:",
          "  - name: db",
          "    literals:",
          "      - password=hunter2",
          "      - user=admin",
        ),
      },
      errors: [{ file: "repo/app/kustomization.yaml", line: 5, column: 5, message: "keys: password, user" }],
    },
  ],
});

import { describe, expect, it } from "vitest";
import { runRule } from "../_rule-test.ts";
describe("secret-not-encrypted never prints a value", () => {
  it("names keys only", async () => {
    const found = await runRule(secretNotEncrypted, {
      name: "x",
      files: { "a.yaml": secret("stringData:", "  password: hunter2") },
    });
    expect(JSON.stringify(found)).not.toContain("hunter2");
    const generated = await runRule(secretNotEncrypted, {
      name: "g",
      files: { "kustomization.yaml": y("secretGenerator:", "  - name: db", "    literals: [password=hunter2]") },
    });
    expect(generated).toHaveLength(1);
    expect(JSON.stringify(generated)).not.toContain("hunter2");
  });
});
