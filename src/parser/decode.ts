import chardet from 'chardet';
import { utf8Text } from '#utf8';
import type { ParseIssue } from '../lib/types.ts';
import { MAX_STRAY_BYTES, mostlyUtf8, utf8Errors } from './utf8.ts';

export type DecodeResult =
  | { ok: true; text: string; encoding: string; truncatedTail: boolean; invalidAt?: number[] }
  | { ok: false; issue: ParseIssue };

const fail = (code: string, message: string): DecodeResult => ({ ok: false, issue: { level: 'error', code, message } });

/** A report is text; past this size a file is not a report, and reading it would only cost time. */
export const MAX_BYTES = 8 * 1024 * 1024;
/** One wording (and one unit) wherever a file is refused for its size. */
/** `limit`: the cap for the file's form (a text report's MAX_BYTES, or a PDF's or Word file's, see size.ts). */
export const tooLargeMessage = (size: number, limit = MAX_BYTES): string =>
  `文件过大（${(size / 1048576).toFixed(1)} MB），${limit === MAX_BYTES ? '年度报告文本' : '报告文件'}不超过 ${limit / 1048576} MB`;

function tryUtf8(bytes: Uint8Array): { text: string; truncatedTail: boolean } | null {
  const whole = utf8Text(bytes);
  if (whole !== null) return { text: whole, truncatedTail: false };
  // A file cut mid-character (a truncated download) is still UTF-8: allow a broken final sequence.
  for (let cut = 1; cut <= 3 && cut < bytes.length; cut++) {
    const head = utf8Text(bytes.subarray(0, bytes.length - cut));
    if (head !== null) return { text: head, truncatedTail: true };
  }
  return null;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control > n * 0.02;
}

const COMMON = /政府|信息|公开|申请|公開|申請|資訊/;

// Opening an ICU converter costs more than decoding a report; decode() without `stream` keeps no state.
const decoders = new Map<string, TextDecoder>();
const decoder = (enc: 'gb18030' | 'big5'): TextDecoder => {
  let d = decoders.get(enc);
  if (!d) decoders.set(enc, (d = new TextDecoder(enc)));
  return d;
};

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) n++;
  return n;
}

/**
 * GB18030 or Big5. Statistics (chardet) are slow, so first the cheap test: decoded the right way,
 * the head of a report is full of 政府/信息/公开; decoded the wrong way, it holds none of them.
 * Returns the text too: most legacy files are GB18030, so the file is decoded as that first.
 */
function decodeLegacy(bytes: Uint8Array): { enc: 'gb18030' | 'big5'; text: string } {
  const gb = decoder('gb18030').decode(bytes);
  // GB18030 spends at most 4 bytes on a UTF-16 code unit, so the first 1,024 code units of the whole
  // file decoded come from its first 4,096 bytes: a hit there is a hit in that sample, found without
  // decoding the sample again.
  if (COMMON.test(gb.slice(0, 1024))) return { enc: 'gb18030', text: gb };
  const sample = bytes.subarray(0, 4096);
  if (COMMON.test(decoder('gb18030').decode(sample))) return { enc: 'gb18030', text: gb };
  const big5 = () => ({ enc: 'big5' as const, text: decoder('big5').decode(bytes) });
  if (COMMON.test(decoder('big5').decode(sample))) return big5();
  return chardet.detect(bytes.subarray(0, 65536)) === 'Big5' ? big5() : { enc: 'gb18030', text: gb };
}

/** Bytes → text, detecting UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK and Big5. */
export function decode(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return fail('empty_file', '文件为空（0 字节）');
  if (bytes.length > MAX_BYTES)
    return fail('file_too_large', tooLargeMessage(bytes.length));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const r = tryUtf8(bytes.subarray(3));
    if (r) return { ok: true, ...r, encoding: 'utf-8-bom' };
    const errors = utf8Errors(bytes.subarray(3), MAX_STRAY_BYTES);
    if (mostlyUtf8(errors))
      return { ok: true, text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom', truncatedTail: false, invalidAt: errors.offsets.map((o) => o + 3) };
    return fail('encoding_invalid', '文件以 UTF-8 BOM 开头，但内容不是有效的 UTF-8');
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const enc = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return { ok: true, text: new TextDecoder(enc).decode(bytes.subarray(2)), encoding: enc, truncatedTail: false };
  }
  const binary = () => fail('binary_file', '不是文本文件（含有 NUL 或大量控制字符），可能是 PDF、图片或压缩包');
  if (bytes.subarray(0, 8192).indexOf(0) >= 0) return binary();
  const u = tryUtf8(bytes);
  if (u) return looksBinary(bytes.subarray(0, 1024)) ? binary() : { ok: true, ...u, encoding: 'utf-8' };
  if (looksBinary(bytes)) return binary();
  // UTF-8 but for a stray byte or two: replacement characters where they are, not another encoding.
  const errors = utf8Errors(bytes, MAX_STRAY_BYTES);
  if (mostlyUtf8(errors)) return { ok: true, text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', truncatedTail: false, invalidAt: errors.offsets };
  const { enc, text } = decodeLegacy(bytes);
  const bad = countReplacements(text);
  if (bad > Math.max(2, text.length * 0.005))
    return fail('encoding_unknown', `无法识别文件编码（既不是 UTF-8，按 ${enc.toUpperCase()} 解码有 ${bad} 处乱码）`);
  return { ok: true, text, encoding: enc, truncatedTail: false };
}

/** The warning for a UTF-8 file decoded with replacement characters, naming where the bad bytes are. */
export function invalidBytes(offsets: readonly number[]): ParseIssue {
  const shown = offsets.slice(0, 8).join('、') + (offsets.length > 8 ? ' 等' : '');
  return { level: 'warning', code: 'invalid_utf8', message: `文件按 UTF-8 解码，有 ${offsets.length} 处无效字节（字节偏移 ${shown}），已替换为 “\ufffd”` };
}
