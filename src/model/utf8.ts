/**
 * UTF-8 without TextEncoder/TextDecoder, which QuickJS, Hermes and other embedded engines lack.
 *
 * Decoding: the bytes as Latin-1 characters, percent-encoded by `escape` and decoded by `decodeURIComponent`,
 * which accepts exactly well-formed UTF-8 (no overlong forms, surrogates, truncated sequences or code points
 * above U+10FFFF). Malformed input yields `null` when `fatal`, else the text with every non-ASCII byte as U+FFFD.
 */
export function decodeUtf8(b: Uint8Array, fatal: true): string | null;
export function decodeUtf8(b: Uint8Array, fatal?: boolean): string;
export function decodeUtf8(b: Uint8Array, fatal = false): string | null {
  let latin1 = '';
  for (let i = 0; i < b.length; i++) latin1 += String.fromCharCode(b[i]!);
  try {
    return decodeURIComponent(escape(latin1));
  } catch {
    return fatal ? null : latin1.replace(/[\x80-\xff]/g, '\ufffd');
  }
}

/**
 * UTF-8 bytes of `s` without TextEncoder: `encodeURIComponent` percent-encodes the UTF-8 bytes, `unescape` turns
 * each `%XX` into one Latin-1 character. Lone surrogates become U+FFFD first, as TextEncoder does.
 */
export function encodeUtf8(s: string): Uint8Array {
  const latin1 = unescape(encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')));
  const out = new Uint8Array(latin1.length);
  for (let i = 0; i < latin1.length; i++) out[i] = latin1.charCodeAt(i);
  return out;
}
