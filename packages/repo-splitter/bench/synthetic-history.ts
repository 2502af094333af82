/**
 * A deterministic synthetic history over the mixed repository's layout, written as a
 * `git fast-import` stream: N commits over about 2,400 files, with a merged feature branch
 * every 400 commits and an annotated tag every 2,000.
 */
export interface SyntheticOptions {
  readonly commits: number;
}

export const SYNTHETIC_PATHS: readonly string[] = (() => {
  const paths: string[] = [];
  for (let i = 0; i < 40; i++)
    for (const f of ["main.tf", "variables.tf", "outputs.tf"]) paths.push(`terraform/modules/m${i}/${f}`);
  for (const env of ["dev", "staging", "prod"])
    paths.push(`terraform/environments/${env}/terraform.tfvars`, `terraform/environments/${env}/main.tf`);
  for (let i = 0; i < 60; i++)
    paths.push(
      `clusters/c${i}/cluster.yaml`,
      `clusters/c${i}/talos/controlplane.yaml`,
      `clusters/c${i}/talos/worker.yaml`,
    );
  for (let i = 0; i < 200; i++)
    for (const f of ["kustomization.yaml", "values.yaml", "ingress.yaml", "deployment.yaml", "service.yaml"])
      paths.push(`gitops/argocd/apps/app${i}/${f}`);
  for (let i = 0; i < 200; i++) paths.push(`gitops/argocd/applications/app${i}.yaml`);
  for (let i = 0; i < 100; i++) paths.push(`gitops/argocd/apps/monitoring/dashboards/d${i}.json`);
  for (let i = 0; i < 100; i++)
    paths.push(`secrets/platform/s${i}.sops.yaml`, `secrets/infrastructure/s${i}.sops.yaml`);
  for (let i = 0; i < 200; i++) paths.push(`docs/platform/p${i}.md`, `docs/infrastructure/i${i}.md`);
  for (let i = 0; i < 20; i++) paths.push(`scripts/s${i}.sh`);
  return paths;
})();

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes the stream in chunks through `write`, never holding it whole. */
export function writeSyntheticHistory(options: SyntheticOptions, write: (chunk: string) => void): void {
  const random = mulberry32(20_000);
  const revisions = new Map<string, number>();
  const authors = [
    "Ana Lima <ana@example.com>",
    "Jürgen Müller <jm@example.com>",
    "Priya Nair <priya@example.com>",
    "renovate[bot] <bot@renovate.example>",
  ];
  let mark = 0;
  let time = 1_700_000_000;
  let mainTip = 0;
  const content = (path: string, rev: number) =>
    `# ${path}\n# revision ${rev}\nname: ${path.split("/").at(-2)}\nreplicas: ${rev % 7}\nimage: registry.example.com/app:${rev}.0.0\n`;
  const commit = (ref: string, parents: number[], files: string[], message: string, bump = true) => {
    mark++;
    time += 600;
    const who = authors[mark % authors.length]!;
    let out = `commit ${ref}\nmark :${mark}\nauthor ${who} ${time} +0000\ncommitter ${who} ${time} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`;
    if (parents.length === 0) out = `reset ${ref}\n${out}`;
    parents.forEach((p, i) => (out += `${i === 0 ? "from" : "merge"} :${p}\n`));
    for (const f of files) {
      const rev = (revisions.get(f) ?? 0) + (bump ? 1 : 0);
      revisions.set(f, rev);
      const body = content(f, rev);
      out += `M ${f.endsWith(".sh") ? "100755" : "100644"} inline ${f}\ndata ${Buffer.byteLength(body)}\n${body}\n`;
    }
    write(`${out}\n`);
    return mark;
  };
  // The first commits add every file, 200 at a time.
  for (let i = 0; i < SYNTHETIC_PATHS.length; i += 200) {
    mainTip = commit(
      "refs/heads/main",
      mainTip ? [mainTip] : [],
      SYNTHETIC_PATHS.slice(i, i + 200),
      `chore: import files ${i}–${i + 199}\n`,
    );
  }
  const pick = () => SYNTHETIC_PATHS[Math.floor(random() * SYNTHETIC_PATHS.length)]!;
  let featureTip = 0;
  let featureFiles: string[] = [];
  while (mark < options.commits) {
    const n = mark;
    if (n % 400 === 0) featureTip = mainTip;
    if (featureTip && n % 400 > 0 && n % 400 < 6) {
      const file = pick();
      featureFiles.push(file);
      featureTip = commit("refs/heads/feature", [featureTip], [file], `feat: feature work ${n}\n`);
      continue;
    }
    if (featureTip && n % 400 === 6) {
      // The merge's tree carries the feature's files (their latest revisions).
      mainTip = commit(
        "refs/heads/main",
        [mainTip, featureTip],
        [...new Set(featureFiles)],
        `Merge branch 'feature' (${n})\n`,
        false,
      );
      featureTip = 0;
      featureFiles = [];
      continue;
    }
    const files = Array.from({ length: 1 + Math.floor(random() * 3) }, pick);
    mainTip = commit("refs/heads/main", [mainTip], [...new Set(files)], `chore: update ${files[0]} (${n})\n`);
    if (n % 2000 === 0)
      write(`tag v${n / 2000}.0.0\nfrom :${mainTip}\ntagger ${authors[0]} ${time} +0000\ndata 8\nrelease\n\n`);
  }
}
