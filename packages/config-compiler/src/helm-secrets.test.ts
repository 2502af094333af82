import { describe, expect, it } from "vitest";
import { renderHelmValues } from "./emit-values.ts";
import { planHelmSecrets, readSopsSecret, sopsFilesIn, type HelmSecretSpec } from "./helm-secrets.ts";
import { parseLayer } from "./parse.ts";

const config = (text: string) => parseLayer(text, "config/defaults/00-base.yaml", "defaults").root!;
const sops = (name: string, keys: string[]) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n    name: ${name}\nstringData:\n${keys.map((k) => `    ${k}: ENC[AES256_GCM,data:U0VOVElORUw=,iv:aXY=,tag:dGFn,type:str]\n`).join("")}sops:\n    encrypted_regex: ^(data|stringData)$\n`;
const files = new Map([
  ["secrets/grafana.sops.yaml", sops("grafana-admin", ["admin-password", "admin-user"])],
  ["secrets/sealed-name.sops.yaml", sops("ENC[AES256_GCM,data:bmFtZQ==,iv:aXY=,tag:dGFn,type:str]", ["token"])],
]);
const final = config(
  [
    "s:",
    "  grafana: !secret sops://secrets/grafana.sops.yaml#admin-password",
    "  sealed: !secret sops://secrets/sealed-name.sops.yaml#token",
    "  smtp: !secret env://SMTP_PASSWORD",
    "  escape: !secret sops://../outside.yaml#x",
    "  absent: !secret sops://secrets/absent.sops.yaml#x",
    "plain: hunter2",
  ].join("\n"),
);
const plan = (specs: Record<string, HelmSecretSpec>) =>
  planHelmSecrets(specs, final, {
    component: "c",
    option: "outputs.helm[0].secrets",
    files,
    where: () => ({ file: "config/infraflux.config.yaml", span: { line: 9, column: 9 } }),
  });

describe("planHelmSecrets", () => {
  const valid: { name: string; spec: HelmSecretSpec; values: { path: string; value: string }[]; inputs: string[] }[] = [
    {
      name: "name from the SOPS file's metadata.name, key from #KEY",
      spec: { secret: "s.grafana", keyPath: "admin.passwordKey" },
      values: [
        { path: "x.existingSecret", value: "grafana-admin" },
        { path: "admin.passwordKey", value: "admin-password" },
      ],
      inputs: ["secrets/grafana.sops.yaml"],
    },
    {
      name: "without keyPath only the name is written",
      spec: { secret: "s.grafana" },
      values: [{ path: "x.existingSecret", value: "grafana-admin" }],
      inputs: ["secrets/grafana.sops.yaml"],
    },
    {
      name: "a declared name wins and needs nothing from an encrypted file",
      spec: { secret: "s.sealed", name: "sealed" },
      values: [{ path: "x.existingSecret", value: "sealed" }],
      inputs: [],
    },
    {
      name: "env:// with a declared name and key",
      spec: { secret: "s.smtp", name: "smtp", key: "password", keyPath: "smtp.key" },
      values: [
        { path: "x.existingSecret", value: "smtp" },
        { path: "smtp.key", value: "password" },
      ],
      inputs: [],
    },
    {
      name: "a declared name for a file that is not in the repository",
      spec: { secret: "s.absent", name: "from-elsewhere" },
      values: [{ path: "x.existingSecret", value: "from-elsewhere" }],
      inputs: [],
    },
  ];
  it.each(valid)("$name", ({ spec, values, inputs }) => {
    const r = plan({ "x.existingSecret": spec });
    expect(r.diagnostics).toEqual([]);
    expect(r.references.flatMap((x) => x.values)).toEqual(values);
    expect(r.inputs).toEqual(inputs);
  });

  const invalid: { name: string; spec: HelmSecretSpec; code: string; file: string; line: number }[] = [
    {
      name: "encrypted metadata.name, at the name in the SOPS file",
      spec: { secret: "s.sealed" },
      code: "secret-name-encrypted",
      file: "secrets/sealed-name.sops.yaml",
      line: 4,
    },
    {
      name: "env:// without name",
      spec: { secret: "s.smtp" },
      code: "secret-name-required",
      file: "config/infraflux.config.yaml",
      line: 9,
    },
    {
      name: "keyPath without any key",
      spec: { secret: "s.smtp", name: "smtp", keyPath: "k" },
      code: "secret-key-required",
      file: "config/infraflux.config.yaml",
      line: 9,
    },
    {
      name: "#KEY not in the SOPS file, at the reference",
      spec: { secret: "s.grafana", key: "nope" },
      code: "secret-key-missing",
      file: "config/infraflux.config.yaml",
      line: 9,
    },
    {
      name: "a plain string is not a secret",
      spec: { secret: "plain", name: "n" },
      code: "not-a-secret",
      file: "config/infraflux.config.yaml",
      line: 9,
    },
    {
      name: "a path that is not in the config",
      spec: { secret: "s.nope", name: "n" },
      code: "not-a-secret",
      file: "config/infraflux.config.yaml",
      line: 9,
    },
    {
      name: "a reference leaving the repository",
      spec: { secret: "s.escape" },
      code: "invalid-secret-ref",
      file: "config/defaults/00-base.yaml",
      line: 5,
    },
    {
      name: "a missing SOPS file, at the reference",
      spec: { secret: "s.absent" },
      code: "missing-secret-file",
      file: "config/defaults/00-base.yaml",
      line: 6,
    },
  ];
  it.each(invalid)("$name", ({ spec, code, file, line }) => {
    const r = plan({ "x.existingSecret": spec });
    expect(r.references).toEqual([]);
    expect(r.diagnostics).toMatchObject([{ code, file, span: { line } }]);
    expect(JSON.stringify(r.diagnostics)).not.toMatch(/hunter2|ENC\[|U0VOVElORUw/);
  });
});

describe("readSopsSecret", () => {
  it("returns the name and the keys only, never a value", () => {
    const r = readSopsSecret("s.yaml", sops("n", ["b", "a"]));
    expect(r).toEqual({ ok: true, name: "n", keys: ["a", "b"] });
  });
  it("rejects files that are not a Secret, or have no name", () => {
    expect(readSopsSecret("s.yaml", "kind: ConfigMap\nmetadata: {name: x}\n")).toMatchObject({
      ok: false,
      diagnostic: { code: "secret-file-invalid" },
    });
    expect(readSopsSecret("s.yaml", "kind: Secret\n")).toMatchObject({
      ok: false,
      diagnostic: { code: "secret-file-invalid" },
    });
  });
});

describe("sopsFilesIn", () => {
  it("finds sops:// files of !secret tags, not those leaving the repository", () => {
    expect(
      sopsFilesIn(
        'a: !secret sops://secrets/a.sops.yaml#K\nb: !secret "sops://secrets/b.yaml#K"\nc: !secret sops://../x.yaml#K\nd: !secret env://X\n',
      ),
    ).toEqual(["secrets/a.sops.yaml", "secrets/b.yaml"]);
  });
});

describe("renderHelmValues with secret settings", () => {
  const template = (text: string, settings: { path: string; value: string }[]) => ({
    file: "values.yaml",
    text,
    placeholders: {},
    settings,
  });
  it("sets the values paths after the template, creating maps and keeping template order", () => {
    const r = renderHelmValues(
      template('admin:\n  existingSecret: ""\n  userKey: admin-user\n', [
        { path: "admin.existingSecret", value: "grafana-admin" },
        { path: "smtp.passwordKey", value: "password" },
      ]),
      config("a: 1"),
      "",
    );
    expect(r.text).toBe(
      "admin:\n  existingSecret: grafana-admin\n  userKey: admin-user\nsmtp:\n  passwordKey: password\n",
    );
  });
  it("a non-map on the way is an error", () => {
    const r = renderHelmValues(
      template("admin: x\n", [{ path: "admin.existingSecret", value: "n" }]),
      config("a: 1"),
      "",
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(["secret-path-conflict"]);
  });
  it("a placeholder mapped to a secret names the secrets option in its hint", () => {
    const r = renderHelmValues(
      {
        file: "values.yaml",
        text: 'p: "${P}"\n',
        placeholders: { P: "s.grafana" },
        secretsOption: "outputs.helm[2].secrets",
      },
      final,
      "",
    );
    expect(r.diagnostics).toMatchObject([{ code: "secret-in-values", span: { line: 1, column: 4 } }]);
    expect(r.diagnostics[0]!.hint).toContain("outputs.helm[2].secrets");
    expect(r.diagnostics[0]!.hint).toContain("secret: s.grafana");
  });
});
