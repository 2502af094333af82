import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planBuildOrder } from "./build-package.ts";
import { planManifest, planManifestChanges, readWorkspacePackages, SOURCE_CONDITION } from "./package-manifests.ts";

const ROOT = join(import.meta.dirname, "..");

describe("package manifests", () => {
  it("every packages/*/package.json has the publishable fields (npm run packages:sync writes them)", () => {
    expect(planManifestChanges(ROOT).map((c) => c.path)).toEqual([]);
  });

  it("every package has a description and built entry points", () => {
    for (const p of readWorkspacePackages(ROOT)) {
      expect(p.manifest.description, p.dir).toBeTruthy();
      expect(p.manifest.private, p.dir).toBeUndefined();
      if (p.hasIndex)
        expect((p.manifest.exports as Record<string, unknown>)["."]).toEqual({
          [SOURCE_CONDITION]: "./src/index.ts",
          types: "./dist/index.d.ts",
          default: "./dist/index.js",
        });
    }
  });

  it("pins internal dependencies to the current version and keeps other fields", () => {
    const planned = planManifest(
      {
        dir: "packages/x",
        manifest: {
          name: "@infraflux/x",
          version: "1.2.3",
          dependencies: { "@infraflux/y": "*", yaml: "^2" },
          keywords: ["k"],
        },
        entries: ["src", "schema", "package.json"],
        hasIndex: true,
        hasBin: false,
      },
      new Map([["@infraflux/y", "0.4.0"]]),
    );
    expect(planned.dependencies).toEqual({ "@infraflux/y": "^0.4.0", yaml: "^2" });
    expect(planned.files).toEqual(["dist", "schema"]);
    expect(planned.keywords).toEqual(["k"]);
    expect(planned.engines).toEqual({ node: ">=24" });
  });
});

describe("build order", () => {
  it("builds a package's workspace dependencies first, each once", () => {
    const order = planBuildOrder(["packages/cli"], readWorkspacePackages(ROOT)).map((p) => p.dir);
    expect(order.at(-1)).toBe("packages/cli");
    expect(new Set(order).size).toBe(order.length);
    expect(order.indexOf("packages/diagnostics")).toBeLessThan(order.indexOf("packages/config-compiler"));
    expect(order.indexOf("packages/mermaid")).toBeLessThan(order.indexOf("packages/validators"));
  });
});
