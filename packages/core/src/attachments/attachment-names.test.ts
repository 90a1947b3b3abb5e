import { describe, expect, it } from 'vitest';
import {
  contentDisposition,
  MAX_FILENAME_LENGTH,
  OCTET_STREAM,
  originalName,
  sanitiseFilename,
  servedContentType,
  sniffContentType,
} from './attachment-names.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

describe('sanitiseFilename', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\x\\rapport.pdf', 'rapport.pdf'],
    ['facture\u202Egpj.exe', 'facturegpj.exe'],
    ['a\u0000b\u0007c\u001b[31m.txt', 'abc[31m.txt'],
    ['zéro\u200Blargeur.png', 'zérolargeur.png'],
    ['\u2066isolé\u2069.doc', 'isolé.doc'],
    ['...cache', 'cache'],
    ['fin. . .', 'fin'],
    ['', 'fichier'],
    ['/', 'fichier'],
    ['CON.txt', '_CON.txt'],
    ['a<b>c:"d|e?f*.txt', 'abcdef.txt'],
    ['ligne\nnouvelle\r.txt', 'lignenouvelle.txt'],
    ['e\u0301cole.txt', 'école.txt'],
  ])('%j → %j', (raw, safe) => {
    expect(sanitiseFilename(raw)).toBe(safe);
  });

  it('bounds the length and keeps the extension', () => {
    const name = sanitiseFilename(`${'é'.repeat(500)}.jpeg`);
    expect([...name]).toHaveLength(MAX_FILENAME_LENGTH);
    expect(name.endsWith('.jpeg')).toBe(true);
  });

  it('keeps the original for display, bounded and without NUL', () => {
    expect(originalName('../\u202Ex\u0000.exe')).toBe('../\u202Ex.exe');
    expect([...originalName('x'.repeat(5000))]).toHaveLength(1000);
  });
});

describe('content types', () => {
  it('sniffs from the bytes, not the name', async () => {
    expect(await sniffContentType(PNG)).toBe('image/png');
    expect(await sniffContentType(Buffer.from('<html><script>alert(1)</script></html>'))).toBe(OCTET_STREAM);
    expect(await sniffContentType(Buffer.alloc(0))).toBe(OCTET_STREAM);
  });

  it('never serves a type a browser would render as a document or script', () => {
    for (const t of ['text/html', 'image/svg+xml', 'application/xhtml+xml', 'application/xml', 'text/xml'])
      expect(servedContentType(t)).toBe(OCTET_STREAM);
    expect(servedContentType('image/png')).toBe('image/png');
  });

  it('names the file in Content-Disposition as RFC 8187 and ASCII', () => {
    expect(contentDisposition('résumé (1).pdf')).toBe(
      `attachment; filename="r_sum_ (1).pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%281%29.pdf`,
    );
    expect(contentDisposition('a"b\\c.txt')).toBe(
      `attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%5Cc.txt`,
    );
  });
});
