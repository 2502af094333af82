/** Types shared by the schema registry and the hand-written schemas (a leaf: imports nothing, so no cycle). */

/** A schema problem at a JSON path of the object. */
export interface SchemaIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** For unknown fields: the fields the schema does know at that place (for "did you mean"). */
  readonly known?: readonly string[];
  readonly unknownField?: boolean;
}

export type SchemaResult =
  | { readonly known: false }
  | { readonly known: true; readonly issues: readonly SchemaIssue[] };
