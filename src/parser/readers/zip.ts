/**
 * A bounded reader of ZIP archives (the container of .docx): the central directory is read first,
 * and an entry is inflated only when asked, in chunks, stopping as soon as it grows past its cap.
 * A zip bomb (entry counts or sizes past the caps, declared or actual) is refused in milliseconds
 * rather than inflated. fflate does the inflating; it runs in Node and in the browser alike.
 */
import { Inflate } from 'fflate';

export interface ZipLimits {
  /** Most entries an archive may list. */
  maxEntries: number;
  /** Most bytes the entries may declare in total, uncompressed. */
  maxTotalDeclared: number;
  /** Most bytes one entry read may inflate to (declared or actual). */
  maxEntryBytes: number;
}

export const ZIP_LIMITS: ZipLimits = { maxEntries: 5000, maxTotalDeclared: 1 << 30, maxEntryBytes: 64 << 20 };

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export type ZipFailure = { ok: false; why: 'unreadable' | 'too_large'; detail: string };
export type Zip = { ok: true; entries: Map<string, ZipEntry>; bytes: Uint8Array; limits: ZipLimits };

const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const unreadable = (detail: string): ZipFailure => ({ ok: false, why: 'unreadable', detail });
const tooLarge = (detail: string): ZipFailure => ({ ok: false, why: 'too_large', detail });

/** The archive's directory, checked against the caps before anything is inflated. */
export function openZip(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): Zip | ZipFailure {
  // The end record sits in the last 22 bytes plus a comment of at most 65535.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--)
    if (u32(bytes, i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) return unreadable('找不到 ZIP 目录（文件不完整或已损坏）');
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) return unreadable('ZIP64 格式的压缩包不是 Word 文档');
  if (count > limits.maxEntries) return tooLarge(`压缩包列出 ${count} 个条目，超过上限 ${limits.maxEntries}`);
  if (cdOffset + cdSize > bytes.length) return unreadable('ZIP 目录超出文件末尾（文件不完整或已损坏）');
  const entries = new Map<string, ZipEntry>();
  const names = new TextDecoder('utf-8');
  let total = 0;
  let at = cdOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== CENTRAL) return unreadable('ZIP 目录已损坏');
    const nameLen = u16(bytes, at + 28);
    const entry: ZipEntry = {
      method: u16(bytes, at + 10),
      compressedSize: u32(bytes, at + 20),
      size: u32(bytes, at + 24),
      localOffset: u32(bytes, at + 42),
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLen)),
    };
    total += entry.size;
    if (total > limits.maxTotalDeclared) return tooLarge(`压缩包声明的解压大小超过 ${limits.maxTotalDeclared >> 20} MB`);
    entries.set(entry.name, entry);
    at += 46 + nameLen + u16(bytes, at + 30) + u16(bytes, at + 32);
  }
  return { ok: true, entries, bytes, limits };
}

/** Input fed to the inflater at a time: one push can grow by at most ~1,000× this before the check. */
const CHUNK = 1 << 10;

/**
 * One entry's bytes, inflated in chunks and abandoned the moment it outgrows the cap or the size the
 * directory declares for it (an archive records each entry's exact size: growing past it is a lie).
 */
export function readEntry(zip: Zip, entry: ZipEntry): { ok: true; data: Uint8Array } | ZipFailure {
  const { bytes, limits } = zip;
  const cap = limits.maxEntryBytes;
  if (entry.size > cap) return tooLarge(`条目 ${entry.name} 声明解压后 ${entry.size} 字节，超过上限 ${cap >> 20} MB`);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || u32(bytes, at) !== LOCAL) return unreadable(`条目 ${entry.name} 的位置已损坏`);
  const start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) return unreadable(`条目 ${entry.name} 超出文件末尾（文件不完整）`);
  const raw = bytes.subarray(start, end);
  if (entry.method === 0) return { ok: true, data: raw };
  if (entry.method !== 8) return unreadable(`条目 ${entry.name} 使用了不支持的压缩方式 ${entry.method}`);
  if (raw.length === 0) return unreadable(`条目 ${entry.name} 的压缩数据为空`);
  const limit = Math.min(cap, entry.size);
  const parts: Uint8Array[] = [];
  let got = 0;
  let over = false;
  let done = false;
  const inflate = new Inflate((chunk, final) => {
    got += chunk.length;
    if (got > limit) over = true;
    else parts.push(chunk);
    if (final) done = true;
  });
  try {
    for (let i = 0; i < raw.length && !over && !done; i += CHUNK) inflate.push(raw.subarray(i, Math.min(raw.length, i + CHUNK)), i + CHUNK >= raw.length);
  } catch (e) {
    return unreadable(`条目 ${entry.name} 无法解压：${e instanceof Error ? e.message : String(e)}`);
  }
  if (over) return tooLarge(`条目 ${entry.name} 解压后超过声明的 ${entry.size} 字节（上限 ${cap >> 20} MB）`);
  if (!done) return unreadable(`条目 ${entry.name} 的压缩数据不完整`);
  const data = new Uint8Array(got);
  let o = 0;
  for (const p of parts) {
    data.set(p, o);
    o += p.length;
  }
  return { ok: true, data };
}
