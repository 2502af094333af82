import type { Diagnostic } from "./diagnostic.ts";

/**
 * The user's input is wrong (exit code 2). Carries every diagnostic found, so the CLI can
 * print them all at once rather than the first one.
 */
export class InputError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join("; ") || "invalid input");
    this.name = "InputError";
    this.diagnostics = diagnostics;
  }
}

/** The environment failed (git missing, disk full): a stable code plus the cause. */
export class EnvironmentError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EnvironmentError";
    this.code = code;
  }
}

/** Something that cannot happen did. */
export class InternalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(
      `internal error: ${message} (this is a bug in infraflux; please report it with the command you ran)`,
      options,
    );
    this.name = "InternalError";
  }
}

export function inputError(diagnostic: Diagnostic): InputError {
  return new InputError([diagnostic]);
}
