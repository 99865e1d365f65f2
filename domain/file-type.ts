// A file's type decided by its content (magic bytes), never by the name or header the client
// sent: a renamed executable must not be served back as a PDF. Only formats staff open without
// running anything are taken: PDF, OFD (GB/T 33190, the national electronic-document format),
// JPEG and PNG. Pure: no I/O, so workflows and the server share it.

/** How many leading bytes `sniffFileType` looks at. An OFD also needs `ofdRefusal` over the whole file. */
export const SNIFF_BYTES = 4096;

/** An accepted file type. */
export type FileType = 'pdf' | 'ofd' | 'jpeg' | 'png';

/** An accepted type with the content type to serve it as and the extension to name it with. */
export interface SniffedFileType {
  type: FileType;
  contentType: string;
  extension: string;
}

const ACCEPTED = '只接受 PDF、OFD、JPEG、PNG';
const UNSUPPORTED = `不支持的文件类型：${ACCEPTED}`;

const PDF: SniffedFileType = { type: 'pdf', contentType: 'application/pdf', extension: 'pdf' };
const OFD: SniffedFileType = { type: 'ofd', contentType: 'application/ofd', extension: 'ofd' };
const JPEG: SniffedFileType = { type: 'jpeg', contentType: 'image/jpeg', extension: 'jpg' };
const PNG: SniffedFileType = { type: 'png', contentType: 'image/png', extension: 'png' };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];
// Mach-O 32/64-bit in either byte order, and the universal (fat) header (which Java class files
// share: refused either way, named for the likelier).
const MACH_O = [
  [0xfe, 0xed, 0xfa, 0xce],
  [0xfe, 0xed, 0xfa, 0xcf],
  [0xce, 0xfa, 0xed, 0xfe],
  [0xcf, 0xfa, 0xed, 0xfe],
  [0xca, 0xfe, 0xba, 0xbe],
];

/**
 * The type of a file from its first bytes (up to `SNIFF_BYTES`), or why it is refused (Chinese,
 * for staff), naming what was found when it is recognisable. A ZIP is only an OFD candidate here:
 * its root `OFD.xml` may be listed anywhere, so the caller confirms it with `ofdRefusal` once the
 * whole file is in.
 */
export function sniffFileType(head: Uint8Array): SniffedFileType | { refused: string } {
  if (head.length === 0) return { refused: '文件为空' };
  // PDF readers accept the header anywhere in the first KiB, but every producer writes it first:
  // requiring it there keeps polyglots (a script with a PDF tail) out.
  if (startsWithText(head, '%PDF-')) return PDF;
  if (startsWith(head, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(head, PNG_SIGNATURE)) return PNG;
  if (startsWith(head, ZIP_LOCAL_HEADER)) return OFD;
  return { refused: refusalFor(head) };
}

/**
 * Why a whole file is not an OFD (Chinese, for staff), or undefined when it is one: a ZIP whose
 * central directory lists an entry named exactly `OFD.xml`, at the root, as GB/T 33190 requires.
 * The central directory is read rather than the local headers because entries may come in any
 * order and only the directory at the end is authoritative.
 */
export function ofdRefusal(whole: Uint8Array): string | undefined {
  if (!startsWith(whole, ZIP_LOCAL_HEADER)) return '不是 OFD 文件（不是 ZIP 压缩包）';
  const view = new DataView(whole.buffer, whole.byteOffset, whole.byteLength);
  const end = findEndOfCentralDirectory(view);
  const damaged = 'ZIP 压缩包不完整或已损坏（无法读取中央目录）';
  if (end === undefined) return damaged;
  const entries = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  // ZIP64 markers: no OFD within the size limit needs them, and their records are not read here.
  if (entries === 0xffff || directoryOffset === 0xffffffff) return damaged;
  if (directoryOffset + directorySize > end) return damaged;

  let at = directoryOffset;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== 0x02014b50) return damaged;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    if (at + 46 + nameLength > end) return damaged;
    const name = whole.subarray(at + 46, at + 46 + nameLength);
    // The entry must really be there: a directory naming data that is not in the file is damage.
    if (isAscii(name, 'OFD.xml')) {
      const local = localOffset + 4 <= directoryOffset && view.getUint32(localOffset, true) === 0x04034b50;
      return local ? undefined : damaged;
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  return 'ZIP 压缩包不是 OFD 文件（缺少 OFD.xml）';
}

/** Offset of the End Of Central Directory record: the last one, within the 64 KiB comment's reach. */
function findEndOfCentralDirectory(view: DataView): number | undefined {
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue;
    // The comment length must reach exactly to the end, or this is a signature inside data.
    if (at + 22 + view.getUint16(at + 20, true) === view.byteLength) return at;
  }
  return undefined;
}

/** The refusal for a file that is none of the accepted types, naming what it is when recognisable. */
function refusalFor(head: Uint8Array): string {
  if (startsWithText(head, 'MZ')) return '不接受可执行文件（Windows PE）';
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return '不接受可执行文件（Linux ELF）';
  if (MACH_O.some((magic) => startsWith(head, magic))) return '不接受可执行文件（macOS Mach-O）';
  if (startsWithText(head, '#!')) return `不接受脚本文件（以 #! 开头）：${ACCEPTED}`;
  if (startsWithText(head, 'GIF87a') || startsWithText(head, 'GIF89a')) return `不接受 GIF 图像：${ACCEPTED}`;
  const markup = markupKind(head);
  if (markup) return `不接受${markup}：${ACCEPTED}`;
  if (isPlainText(head)) return `不接受纯文本文件：${ACCEPTED}`;
  return UNSUPPORTED;
}

/** What a text starting with `<` (after a BOM and blanks) is: SVG, HTML, or other XML. */
function markupKind(head: Uint8Array): string | undefined {
  let at = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (at < head.length && [0x09, 0x0a, 0x0d, 0x20].includes(head[at] as number)) at++;
  if (head[at] !== 0x3c) return undefined;
  // Lower-cased ASCII is enough to find the root element's name: tags are ASCII.
  const text = String.fromCharCode(...head.subarray(at, Math.min(head.length, at + 1024))).toLowerCase();
  // SVG is refused by name: it is an image that can carry script.
  if (text.includes('<svg')) return ' SVG 图像（可含脚本）';
  if (text.includes('<html') || text.includes('<!doctype html')) return ' HTML 网页';
  return ' XML/HTML 文本';
}

/**
 * Whether the bytes are UTF-8 text without control characters but TAB, LF, CR, FF. A multi-byte
 * sequence cut by the end of the head still counts: the head is a prefix of the file.
 */
function isPlainText(head: Uint8Array): boolean {
  for (let at = 0; at < head.length; ) {
    const byte = head[at] as number;
    if (byte < 0x80) {
      if ((byte < 0x20 && ![0x09, 0x0a, 0x0c, 0x0d].includes(byte)) || byte === 0x7f) return false;
      at++;
      continue;
    }
    const length = byte >= 0xf0 && byte <= 0xf4 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc2 && byte < 0xe0 ? 2 : 0;
    if (length === 0 || byte > 0xf4) return false;
    for (let k = 1; k < length; k++) {
      if (at + k >= head.length) return true;
      if (((head[at + k] as number) & 0xc0) !== 0x80) return false;
    }
    at += length;
  }
  return true;
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

function startsWithText(bytes: Uint8Array, magic: string): boolean {
  return startsWith(bytes, Array.from(magic, (ch) => ch.charCodeAt(0)));
}

function isAscii(bytes: Uint8Array, text: string): boolean {
  return bytes.length === text.length && startsWithText(bytes, text);
}
