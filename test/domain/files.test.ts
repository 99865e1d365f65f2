// The pure rules of case files: kinds and actions, content sniffing over real bytes, and names.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type FileAction,
  MAX_FILE_BYTES,
  SNIFF_BYTES,
  actionFileKinds,
  fileKindNames,
  fileKindRefusal,
  fileKindSide,
  fileKinds,
  ofdRefusal,
  sanitiseFileName,
  sniffFileType,
} from '../../domain/files.js';
import { storedZip } from '../helpers/zip.js';
import { pdfBytes } from '../../scripts/lib/demo/documents.js';

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));

/** A small well-formed PDF (the demo's generator). */
const tinyPdf = (): Uint8Array => new Uint8Array(pdfBytes('tiny'));

/** A 1×1 PNG. */
const PNG = new Uint8Array(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
);
/** The start of a JFIF JPEG: SOI, then the APP0 segment. */
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...bytes('JFIF\0'), 0x01, 0x01, 0, 0, 1, 0, 1, 0, 0]);

const OFD_XML = '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"/>';
/** An OFD whose root OFD.xml is listed second, after the document it points to. */
const ofd = storedZip([
  { name: 'Doc_0/Document.xml', content: '<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"/>' },
  { name: 'OFD.xml', content: OFD_XML },
]);

describe('sniffFileType', () => {
  it.each([
    ['a PDF', tinyPdf(), 'pdf', 'application/pdf', 'pdf'],
    ['a PNG', PNG, 'png', 'image/png', 'png'],
    ['a JPEG', JPEG, 'jpeg', 'image/jpeg', 'jpg'],
    ['an OFD (a ZIP, to be confirmed by ofdRefusal)', ofd, 'ofd', 'application/ofd', 'ofd'],
  ])('takes %s', (_what, file, type, contentType, extension) => {
    expect(sniffFileType(file.subarray(0, SNIFF_BYTES))).toEqual({ type, contentType, extension });
  });

  it.each([
    ['a Windows executable', bytes('MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff'), '不接受可执行文件（Windows PE）'],
    ['an ELF executable', bytes('\x7fELF\x02\x01\x01\0'), '不接受可执行文件（Linux ELF）'],
    ['a Mach-O executable', new Uint8Array([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), '不接受可执行文件（macOS Mach-O）'],
    ['a shell script', bytes('#!/bin/sh\nrm -rf /\n'), '不接受脚本文件'],
    ['an SVG', bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'SVG 图像'],
    ['an HTML page', bytes('\xef\xbb\xbf  <!DOCTYPE html><html></html>'), 'HTML 网页'],
    ['other XML', bytes('<note>hi</note>'), 'XML/HTML 文本'],
    ['a GIF', bytes('GIF89a\x01\0\x01\0\x80\0\0'), 'GIF 图像'],
    ['plain text', new Uint8Array(Buffer.from('情况说明\r\n整改已完成。')), '纯文本文件'],
    ['an empty file', new Uint8Array(0), '文件为空'],
    ['unknown bytes', new Uint8Array([0x00, 0x01, 0x02, 0x03, 0xfe]), '不支持的文件类型：只接受 PDF、OFD、JPEG、PNG'],
    ['a PDF header not at the start', bytes('#!/bin/sh\n%PDF-1.4\n'), '不接受脚本文件'],
  ])('refuses %s, naming it', (_what, file, reason) => {
    const sniffed = sniffFileType(file);
    expect(sniffed).toHaveProperty('refused');
    expect((sniffed as { refused: string }).refused).toContain(reason);
  });

  it('takes text cut inside a multi-byte character at the end of the head as text', () => {
    const text = Buffer.from('整改');
    expect(sniffFileType(new Uint8Array(text.subarray(0, 4)))).toEqual({ refused: expect.stringContaining('纯文本文件') });
  });
});

describe('ofdRefusal', () => {
  it('takes a ZIP listing OFD.xml at its root, wherever it comes in the directory', () => {
    expect(ofdRefusal(ofd)).toBeUndefined();
  });

  it('takes an OFD inside a larger buffer (a view with an offset)', () => {
    const padded = new Uint8Array(ofd.length + 16);
    padded.set(ofd, 8);
    expect(ofdRefusal(padded.subarray(8, 8 + ofd.length))).toBeUndefined();
  });

  it.each([
    ['a ZIP without OFD.xml', storedZip([{ name: 'word/document.xml', content: '<w:document/>' }]), '缺少 OFD.xml'],
    ['a ZIP with OFD.xml only below the root', storedZip([{ name: 'Doc_0/OFD.xml', content: OFD_XML }]), '缺少 OFD.xml'],
    ['a ZIP with ofd.xml in the wrong case', storedZip([{ name: 'ofd.xml', content: OFD_XML }]), '缺少 OFD.xml'],
    ['an empty ZIP', storedZip([]), '不是 ZIP 压缩包'],
    ['a truncated ZIP (no End Of Central Directory)', ofd.subarray(0, ofd.length - 30), '无法读取中央目录'],
    ['a ZIP cut inside its central directory', cutDirectory(ofd), '无法读取中央目录'],
    ['a PDF', tinyPdf(), '不是 ZIP 压缩包'],
  ])('refuses %s', (_what, file, reason) => {
    expect(ofdRefusal(file)).toContain(reason);
  });
});

/** The archive with its central directory's offset pointing past the directory's end. */
function cutDirectory(zip: Uint8Array): Uint8Array {
  const copy = new Uint8Array(zip);
  const view = new DataView(copy.buffer);
  const end = copy.length - 22;
  view.setUint32(end + 16, view.getUint32(end + 16, true) + 10, true);
  return copy;
}

describe('sanitiseFileName', () => {
  it.each([
    ['报告.exe', 'pdf', '报告.pdf'],
    ['C:\\Users\\张三\\Desktop\\整改报告（第二次）.PDF', 'pdf', '整改报告（第二次）.pdf'],
    ['../../etc/passwd', 'pdf', 'passwd.pdf'],
    ['.hidden', 'png', 'hidden.png'],
    ['...', 'png', '文件.png'],
    ['', 'ofd', '文件.ofd'],
    ['现场\t照片\n  01.jpeg', 'jpg', '现场 照片 01.jpg'],
    ['检查记录 v1.2 终稿', 'pdf', '检查记录 v1.2 终稿.pdf'],
    ['<script>alert(1)</script>.pdf', 'pdf', 'script.pdf'],
    ['a<b>c:d*e?"f|g.pdf', 'pdf', 'abcdefg.pdf'],
    ['【2024】承诺书.pdf ', 'pdf', '【2024】承诺书.pdf'],
    // NFC: a decomposed é (e + U+0301) composes, then is dropped as neither Han nor ASCII.
    ['Cafe\u0301.pdf', 'pdf', 'Caf.pdf'],
  ])('%j as %s → %j', (name, extension, expected) => {
    expect(sanitiseFileName(name, extension)).toBe(expected);
  });

  it('caps names at 100 code points, counting astral Han characters once', () => {
    const name = sanitiseFileName(`${'𠀀'.repeat(150)}.pdf`, 'pdf');
    expect(Array.from(name)).toHaveLength(100);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('keeps every name safe, whatever the client sends', () => {
    const extensions = fc.constantFrom('pdf', 'ofd', 'jpg', 'png');
    const names = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 200 }));
    fc.assert(
      fc.property(names, extensions, (name, extension) => {
        const safe = sanitiseFileName(name, extension);
        expect(safe).not.toMatch(/[/\\]/);
        // eslint-disable-next-line no-control-regex -- control characters are what must be absent
        expect(safe).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        expect(safe.startsWith('.')).toBe(false);
        expect(safe.endsWith(`.${extension}`)).toBe(true);
        expect(Array.from(safe).length).toBeLessThanOrEqual(100);
        expect(safe).toBe(safe.normalize('NFC'));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('file kinds and actions', () => {
  const actions = Object.keys(actionFileKinds) as FileAction[];
  // The policy as staff read it: what each action may carry, by the kinds' Chinese names.
  const expected: Record<FileAction, string> = {
    start: '申请材料、告知承诺书、办理结果',
    materials: '申请材料、告知承诺书',
    inspection: '检查记录、检查照片',
    'rectification-order': '责令整改通知书',
    'rectification-report': '整改报告、整改佐证材料',
    'revocation-proposal': '撤销建议书、检查记录、检查照片',
    decision: '撤销结果决定书、书面说明',
  };
  const table = actions.flatMap((action) =>
    fileKinds.map((kind) => [action, kind, expected[action].split('、').includes(fileKindNames[kind])] as const),
  );

  it.each(table)('%s with %s: allowed %s', (action, kind, allowed) => {
    const refusal = fileKindRefusal(action, kind);
    if (allowed) expect(refusal).toBeUndefined();
    else expect(refusal).toMatch(new RegExp(`^「${fileKindNames[kind]}」不能附在「.+」中，可附：${expected[action]}$`));
  });

  it('names the refusal as staff read it', () => {
    expect(fileKindRefusal('decision', 'inspection-photo')).toBe('「检查照片」不能附在「撤销决定」中，可附：撤销结果决定书、书面说明');
  });

  it('lets every kind but the generated 告知函 be referenced by some action', () => {
    const referenced = new Set(Object.values(actionFileKinds).flat());
    expect(fileKinds.filter((kind) => !referenced.has(kind))).toEqual(['notice-letter']);
  });

  it('lets each action reference only kinds of the side that takes it', () => {
    const approvalActions: FileAction[] = ['start', 'materials', 'decision'];
    for (const action of actions) {
      const side = approvalActions.includes(action) ? 'approval' : 'task';
      for (const kind of actionFileKinds[action]) {
        // A proposal carries the task's inspection evidence: the same side, the supervising division.
        expect(fileKindSide[kind], `${action} / ${kind}`).toBe(side);
      }
    }
  });

  it('names every kind in Chinese, and bounds files at 20 MiB by default', () => {
    expect(fileKinds.every((kind) => /\p{Script=Han}/u.test(fileKindNames[kind]))).toBe(true);
    expect(MAX_FILE_BYTES).toBe(20 * 1024 * 1024);
  });
});
