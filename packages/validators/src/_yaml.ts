import type { Diagnostic, SourceSpan } from "@infraflux/diagnostics";
import { yamlPathSpan } from "@infraflux/input";
import { LineCounter, parseAllDocuments, type Document } from "yaml";

export interface ParsedYamlDoc {
  readonly index: number;
  readonly value: unknown;
  /** First and last line of the document: from its `---` (or first line) to its last content line. */
  readonly lines: { readonly start: number; readonly end: number };
  /** The source span of the node at a path (of its key when `key` is set); the nearest existing ancestor otherwise. */
  readonly spanOf: (path: readonly (string | number)[], key?: boolean) => SourceSpan;
}

export interface ParsedYamlFile {
  readonly docs: readonly ParsedYamlDoc[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Aliases a document may expand before we call it an alias bomb ("billion laughs"). */
const MAX_ALIAS_COUNT = 1000;

const errorCodes: Record<string, string> = {
  DUPLICATE_KEY: "yaml-duplicate-key",
  TAB_AS_INDENT: "yaml-tab-indent",
  RESOURCE_EXHAUSTION: "yaml-alias-bomb",
};

/** Parses every document of a YAML file, keeping positions; problems become diagnostics, never exceptions. */
export function parseYamlFile(file: string, text: string): ParsedYamlFile {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const docs: ParsedYamlDoc[] = [];
  const spanOfOffset = (offset: number): SourceSpan => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  let parsed: Document.Parsed[];
  try {
    parsed = parseAllDocuments(text, {
      lineCounter,
      uniqueKeys: true,
      // `<<: *defaults` merge keys are resolved as kubectl and kustomize (YAML 1.1) do, not kept as a field "<<".
      merge: true,
      prettyErrors: false,
      logLevel: "error",
    }) as Document.Parsed[];
  } catch (error) {
    return {
      docs,
      diagnostics: [
        {
          code: "yaml-syntax",
          severity: "error",
          file,
          span: { line: 1, column: 1 },
          message: `cannot parse YAML: ${String(error)}`,
        },
      ],
    };
  }
  if (!Array.isArray(parsed)) parsed = [parsed as Document.Parsed];
  parsed.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        diagnostics.push({
          code: errorCodes[e.code] ?? "yaml-syntax",
          severity: "error",
          file,
          span: spanOfOffset(e.pos[0]),
          message:
            e.code === "DUPLICATE_KEY"
              ? `duplicate key "${(/^[^:\n]*/.exec(text.slice(e.pos[0]))?.[0] ?? "").trim()}": ${firstLine(e.message)}`
              : firstLine(e.message),
        });
      }
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      diagnostics.push({
        code: "yaml-alias-bomb",
        severity: "error",
        file,
        span: spanOfOffset((doc.contents as { range?: number[] } | null)?.range?.[0] ?? doc.range[0]),
        message: `document ${index + 1} expands too many aliases (more than ${MAX_ALIAS_COUNT}); it was not read: ${firstLine(String(error instanceof Error ? error.message : error))}`,
        hint: 'Remove the recursive or repeated anchors/aliases (a "billion laughs" pattern).',
      });
      return;
    }
    if (value === null || value === undefined) return; // empty document (e.g. a trailing `---`)
    const lines = { start: lineCounter.linePos(doc.range[0]).line, end: lineCounter.linePos(doc.range[1]).line };
    docs.push({ index, value, lines, spanOf: (path, key = false) => spanOfPath(doc, path, key, lineCounter) });
  });
  return { docs, diagnostics };
}

function firstLine(s: string): string {
  return s.split("\n")[0] ?? s;
}

/** The span of the node at a path (of its key when `key`), or of its nearest ancestor; 1:1 for an empty document. */
function spanOfPath(doc: Document, path: readonly (string | number)[], key: boolean, lc: LineCounter): SourceSpan {
  return yamlPathSpan({ document: doc, lineStarts: lc.lineStarts }, path, { key, end: true }) ?? { line: 1, column: 1 };
}
