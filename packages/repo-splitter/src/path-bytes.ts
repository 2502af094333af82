/**
 * Git paths are bytes. We handle them as strings decoded from UTF-8, and carry bytes that
 * are not valid UTF-8 as lone surrogates U+DC80–U+DCFF (Python's "surrogateescape"), so a
 * non-UTF-8 path survives the round trip byte for byte.
 */
export function decodePath(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 1) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    const sequence = length > 0 && i + length <= bytes.length ? bytes.subarray(i, i + length) : undefined;
    const valid =
      sequence !== undefined &&
      sequence.subarray(1).every((c) => (c & 0xc0) === 0x80) &&
      Buffer.from(Buffer.from(sequence).toString("utf8"), "utf8").equals(sequence);
    if (valid) {
      out += Buffer.from(sequence).toString("utf8");
      i += length;
    } else {
      out += String.fromCharCode(0xdc00 + b);
      i++;
    }
  }
  return out;
}

export function encodePath(path: string): Buffer {
  if (!/[\udc80-\udcff]/.test(path)) return Buffer.from(path, "utf8");
  const parts: Buffer[] = [];
  let run = "";
  for (const ch of path) {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= 0xdc80 && code <= 0xdcff) {
      if (run) parts.push(Buffer.from(run, "utf8"));
      run = "";
      parts.push(Buffer.from([code - 0xdc00]));
    } else run += ch;
  }
  if (run) parts.push(Buffer.from(run, "utf8"));
  return Buffer.concat(parts);
}
