import { describe, expect, it } from "vitest";
import { parseMatrix } from "./matrix.ts";

const matrix = (ansible: string) => `version: 1
source: { url: https://github.com/org/ansible }
targets: { ansible: { url: https://github.com/org/ansible } }
rules:
  - { from: roles/, to: "ansible:roles/" }
${ansible}`;

describe("parseMatrix: ansible.playbooks", () => {
  it("is optional: without it the matrix names no playbooks (the restructure uses its default)", () => {
    const result = parseMatrix("m.yaml", matrix(""));
    expect(result.ok && result.matrix.ansiblePlaybooks).toBe(undefined);
  });

  it("carries the playbooks, their titles and layers in order", () => {
    const result = parseMatrix(
      "m.yaml",
      matrix(`ansible:
  playbooks:
    - { name: base, title: "Base hosts", layers: [bootstrap, cluster] }
    - { name: apps, title: Apps, layers: [platform] }
`),
    );
    expect(result.ok && result.matrix.ansiblePlaybooks).toEqual([
      { name: "base", title: "Base hosts", layers: ["bootstrap", "cluster"] },
      { name: "apps", title: "Apps", layers: ["platform"] },
    ]);
  });

  it.each([
    [
      "a layer in two playbooks",
      "  playbooks:\n    - { name: a, title: A, layers: [x] }\n    - { name: b, title: B, layers: [y, x] }\n",
      { code: "matrix-ansible-playbooks", line: 9, message: 'layer "x" is run by playbook "a" already' },
    ],
    [
      "a playbook listed twice",
      "  playbooks:\n    - { name: a, title: A, layers: [x] }\n    - { name: a, title: B, layers: [y] }\n",
      { code: "matrix-ansible-playbooks", line: 9, message: 'playbook "a" is listed twice' },
    ],
    [
      "a misspelt key",
      "  playbook: []\n",
      { code: "matrix-unknown-key", line: 7, message: 'unknown key "playbook" in ansible; expected one of playbooks' },
    ],
    [
      "a playbook name that is not a file name",
      "  playbooks:\n    - { name: ../site, title: A, layers: [x] }\n",
      { code: "matrix-schema", line: 8 },
    ],
  ])("rejects %s", (_, ansible, expected) => {
    const result = parseMatrix("m.yaml", matrix(`ansible:\n${ansible}`));
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({
      code: expected.code,
      span: { line: expected.line },
      ...("message" in expected ? { message: expected.message } : {}),
    });
  });
});
