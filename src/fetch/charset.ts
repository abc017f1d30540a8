/**
 * Government sites serve GBK/GB18030 pages as often as UTF-8, and say so in the header, in a
 * `<meta>` or not at all. The header wins, then the page's own declaration, then whether the bytes
 * are valid UTF-8; GBK is read as GB18030, its superset.
 */
import iconv from 'iconv-lite';

const GB = /^(?:gb2312|gbk|gb18030|x-gbk|cp936|euc-cn)$/i;

export function charsetOf(contentType: string | null, bytes: Uint8Array): string {
  const fromHeader = /charset\s*=\s*["']?([\w-]+)/i.exec(contentType ?? '')?.[1];
  if (fromHeader) return canonical(fromHeader);
  // The declaration sits in the first kilobytes; ASCII-only, so latin1 reads it whatever the charset.
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
  if (fromMeta) return canonical(fromMeta);
  return isUtf8(bytes) ? 'utf-8' : 'gb18030';
}

function canonical(name: string): string {
  if (GB.test(name)) return 'gb18030';
  const n = name.toLowerCase();
  return n === 'utf8' ? 'utf-8' : n;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function decodePage(bytes: Uint8Array, contentType: string | null): string {
  const cs = charsetOf(contentType, bytes);
  if (cs === 'utf-8') return new TextDecoder('utf-8').decode(bytes);
  return iconv.encodingExists(cs) ? iconv.decode(Buffer.from(bytes), cs) : new TextDecoder('utf-8').decode(bytes);
}
