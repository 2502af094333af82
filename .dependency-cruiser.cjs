// Import rules for the monorepo (run by `npm run lint` through scripts/check-deps.ts).
// Layers, lowest first: diagnostics, mermaid, file-output  ←  validators  ←  libraries  ←  cli.
const LEAVES = "diagnostics|mermaid|file-output";
const LIBRARIES = "config-compiler|overlay-gen|repo-splitter|ansible-restructure|nx";
// The Nx plugin asks the compiler which files each environment reads and writes: the one library-to-library edge.
const ALLOWED_LIBRARY_EDGES = { nx: "config-compiler" };

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import cycles: move the shared types into a file that nothing in the cycle imports back.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-relative-import-across-packages",
      severity: "error",
      comment: "Packages import each other by package name (@infraflux/x), never by a relative path.",
      from: { path: "^packages/([^/]+)/" },
      to: { path: "^packages/", pathNot: "^packages/$1/", dependencyTypesNot: ["aliased-workspace"] },
    },
    {
      name: "leaves-depend-on-no-package",
      severity: "error",
      comment: "diagnostics, mermaid and file-output are the bottom layer.",
      from: { path: `^packages/(${LEAVES})/src/` },
      to: { path: "^packages/", pathNot: `^packages/($1|${LEAVES})/` },
    },
    {
      name: "validators-depend-on-leaves-only",
      severity: "error",
      from: { path: "^packages/validators/src/" },
      to: { path: "^packages/", pathNot: `^packages/(validators|${LEAVES})/` },
    },
    {
      name: "libraries-do-not-import-each-other",
      severity: "error",
      comment: "A library may use the leaves and validators; the CLI composes libraries.",
      from: { path: `^packages/(${LIBRARIES})/src/`, pathNot: "^packages/nx/" },
      to: { path: "^packages/", pathNot: `^packages/($1|validators|${LEAVES})/` },
    },
    {
      name: "nx-plugin-uses-the-compiler-only",
      severity: "error",
      comment: "@infraflux/nx may use config-compiler (to plan inputs and outputs) and the leaves.",
      from: { path: "^packages/nx/src/" },
      to: { path: "^packages/", pathNot: `^packages/(nx|${ALLOWED_LIBRARY_EDGES.nx}|${LEAVES})/` },
    },
    {
      name: "nothing-imports-the-cli",
      severity: "error",
      from: { path: "^packages/(?!cli/)" },
      to: { path: "^packages/cli/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|out|\\.nx|dist)/" },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["@infraflux/source", "import", "types", "default"] },
  },
};
