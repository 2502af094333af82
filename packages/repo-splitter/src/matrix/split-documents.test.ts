import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutYamlDocuments, splitFileContent } from "./split-documents.ts";

const cases = [
  {
    when: { kind: ["CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy"] },
    destination: { target: "infraflux", path: "kubernetes/policies/p.yaml" },
  },
  { destination: { target: "platform-gitops", path: "security/policies/p.yaml" } },
];

const mixed = `# Policies for the security app
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: allow-dns
---
# Kyverno: platform
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: require-labels
---
# cluster-wide
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: deny-all
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
`;

describe("splitting YAML documents", () => {
  it("sends each document to the first matching case, with the comment that heads it", () => {
    const out = splitFileContent("p.yaml", Buffer.from(mixed), cases);
    const infra = out.get("infraflux:kubernetes/policies/p.yaml")!;
    const platform = out.get("platform-gitops:security/policies/p.yaml")!;
    expect(infra.documents).toBe(2);
    expect(platform.documents).toBe(2);
    expect(infra.content.toString()).toBe(
      "# Policies for the security app\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: allow-dns\n---\n# cluster-wide\napiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: deny-all\n",
    );
    expect(platform.content.toString()).toBe(
      "---\n# Kyverno: platform\napiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: require-labels\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n",
    );
  });

  it("leaves a destination out when no document goes there", () => {
    const out = splitFileContent("p.yaml", Buffer.from("kind: ClusterPolicy\n"), cases);
    expect([...out.keys()]).toEqual(["platform-gitops:security/policies/p.yaml"]);
  });

  it("sends a non-YAML file whole to the case without a condition", () => {
    const out = splitFileContent("README.md", Buffer.from("# hi\n---\nkind: CiliumNetworkPolicy\n"), cases);
    expect([...out.keys()]).toEqual(["platform-gitops:security/policies/p.yaml"]);
  });

  it("cutting is lossless: the pieces concatenate to the input", () => {
    const line = fc.oneof(
      fc.constant("---"),
      fc.constant("# note"),
      fc.constant(""),
      fc.constant("kind: X"),
      fc.constant("  a: 1"),
      fc.constant("--- # c"),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.boolean(), (lines, trailing) => {
        const text = lines.join("\n") + (trailing ? "\n" : "");
        expect(
          cutYamlDocuments(text)
            .map((d) => d.text)
            .join(""),
        ).toBe(text);
      }),
    );
  });
});
