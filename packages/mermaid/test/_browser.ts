import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { chromium, type Page } from "playwright-core";

// Browser globals for the code that page.evaluate runs in Chromium (the project's lib has no DOM).
// biome-ignore lint/suspicious/noExplicitAny: the browser DOM is not in this project's lib
declare const document: any;
declare function getComputedStyle(element: unknown): { stroke: string };
type Element = { textContent: string | null };

const require = createRequire(import.meta.url);
/** The UMD bundle that defines `window.mermaid`. */
export const MERMAID_SCRIPT = require.resolve("mermaid/dist/mermaid.min.js");
export const CHROMIUM = "/usr/bin/chromium";

export interface RenderedSvg {
  readonly ok: boolean;
  readonly error?: string;
  readonly nodes: number;
  readonly edges: number;
  readonly subgraphs: number;
  readonly edgeLabels: number;
  /** Text of each node label, in document order. */
  readonly nodeTexts: readonly string[];
  readonly subgraphTexts: readonly string[];
  readonly edgeLabelTexts: readonly string[];
  /** Stroke colour of each edge path, in document order. */
  readonly edgeStrokes: readonly string[];
}

export interface MermaidPage {
  /** Renders one chart into the page (replacing the previous one) and measures the SVG. */
  render(text: string): Promise<RenderedSvg>;
  /** A PNG of the last rendered chart. */
  screenshot(file: string): Promise<void>;
  close(): Promise<void>;
}

/** Headless Chromium with Mermaid loaded from node_modules into a blank page. */
export async function openMermaidPage(): Promise<MermaidPage> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1200 }, deviceScaleFactor: 1 });
  await page.setContent(
    `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;background:#fff;font-family:sans-serif}#out{display:inline-block;padding:16px}</style></head><body><div id="out"></div></body></html>`,
  );
  await page.addScriptTag({ path: MERMAID_SCRIPT });
  await page.evaluate(() =>
    (globalThis as { mermaid?: any }).mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: "default",
      flowchart: { htmlLabels: true },
      maxTextSize: 200000,
    }),
  );
  return {
    render: (text) => renderIn(page, text),
    screenshot: async (file) => {
      mkdirSync(dirname(file), { recursive: true });
      await page.locator("#out").screenshot({ path: file });
    },
    close: () => browser.close(),
  };
}

function renderIn(page: Page, text: string): Promise<RenderedSvg> {
  return page.evaluate(async (source: string) => {
    const out = document.getElementById("out")!;
    out.innerHTML = "";
    const mermaid = (globalThis as { mermaid?: any }).mermaid;
    const empty = {
      nodes: 0,
      edges: 0,
      subgraphs: 0,
      edgeLabels: 0,
      nodeTexts: [],
      subgraphTexts: [],
      edgeLabelTexts: [],
      edgeStrokes: [],
    };
    try {
      await mermaid.parse(source);
      const { svg } = await mermaid.render(`d${Date.now()}`, source);
      out.innerHTML = svg;
    } catch (error) {
      return { ok: false, error: String((error as Error)?.message ?? error), ...empty };
    }
    const svg = out.querySelector("svg")!;
    // Mermaid sizes the SVG to its container (width 100%, max-width natural); draw it at natural size.
    if (svg.style.maxWidth) {
      svg.setAttribute("width", svg.style.maxWidth);
      svg.style.maxWidth = "none";
    }
    const text = (el: Element) => (el.textContent ?? "").replace(/\s+/g, " ").trim();
    const nodes = [...svg.querySelectorAll("g.node")];
    const clusters = [...svg.querySelectorAll("g.cluster")];
    const paths = [...svg.querySelectorAll("path.flowchart-link")];
    const labels = [...svg.querySelectorAll("g.edgeLabel")].filter((l) => text(l) !== "");
    return {
      ok: true,
      nodes: nodes.length,
      edges: paths.length,
      subgraphs: clusters.length,
      edgeLabels: labels.length,
      nodeTexts: nodes.map(text),
      subgraphTexts: clusters.map(text),
      edgeLabelTexts: labels.map(text),
      edgeStrokes: paths.map((p) => getComputedStyle(p).stroke),
    };
  }, text);
}
