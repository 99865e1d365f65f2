// The name a stored file is offered under. The client's name is only a hint: it may carry a path,
// control characters, a misleading extension or a leading dot, and it ends up in
// Content-Disposition headers and in the archive staff download. Pure: no I/O.

/** Longest name kept, in code points (not UTF-16 units), extension included. */
const MAX_NAME = 100;
/** The client's own extension: a last dot after something, followed by a few ASCII letters or digits. */
const CLIENT_EXTENSION = /(?<=[^.])\.[A-Za-z0-9]{1,10}$/;
/** Characters a name keeps: Han characters, ASCII letters and digits, -_.() and space, full-width brackets. */
const KEPT = /[\p{Script=Han}A-Za-z0-9\-_.() （）【】〔〕［］《》]/u;

/**
 * A safe display name for a file: the base of the client's name (any path dropped, NFC-normalised,
 * only kept characters, whitespace collapsed, no leading dots) ending with the sniffed extension,
 * whatever extension the client gave (`报告.exe` → `报告.pdf`). Nothing left: `文件.<ext>`.
 */
export function sanitiseFileName(name: string, extension: string): string {
  const ext = extension.replace(/^\.+/, '');
  const last = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const base = Array.from(last.replace(/\s+/g, ' ').trim().replace(CLIENT_EXTENSION, ''))
    .filter((ch) => KEPT.test(ch))
    .join('')
    .replace(/ {2,}/g, ' ')
    .replace(/^[. ]+/, '')
    // Windows drops trailing dots and spaces, and a trailing dot would double the extension's.
    .replace(/[. ]+$/, '');
  const room = MAX_NAME - Array.from(ext).length - 1;
  const kept = Array.from(base).slice(0, Math.max(room, 0)).join('').replace(/[. ]+$/, '');
  return `${kept || '文件'}.${ext}`;
}
