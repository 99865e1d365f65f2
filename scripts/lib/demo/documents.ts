// Documents the demo attaches to its cases, and the tests upload: a PDF, PNG and JPEG whose bytes
// differ by a label, so every case's file is its own (the store keeps identical bytes once).

/**
 * A small but well-formed one-page PDF showing `label`. Its base font has no Chinese glyphs, so
 * characters outside printable ASCII show as `?`: labels should differ in their ASCII part.
 */
export function pdfBytes(label: string): Buffer {
  const text = `BT /F1 12 Tf 72 720 Td (${label.replace(/[^\x20-\x7e]/g, '?').replace(/[()\\]/g, '_')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A 1×1 PNG followed by a text chunk carrying `label` (so each label gives other bytes). */
export function pngBytes(label: string): Buffer {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
  // Appended after IEND: viewers ignore it, and the content (and hash) differ per label.
  return Buffer.concat([png, Buffer.from(label, 'utf8')]);
}

/** A JPEG start (SOI + JFIF APP0) with `label` as a comment segment, then EOI. */
export function jpegBytes(label: string): Buffer {
  const comment = Buffer.from(label, 'utf8');
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, (comment.length + 2) >> 8, (comment.length + 2) & 0xff]), comment]);
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, com, Buffer.from([0xff, 0xd9])]);
}
