// The Content-Disposition of a download, so browsers save it under its own (often Chinese) name.

/** `attachment` with the name RFC 5987-encoded, plus an ASCII stand-in for clients that ignore filename*. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  // encodeURIComponent leaves ' ( ) * alone, but RFC 5987 does not allow them unencoded.
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
