/**
 * Region names for English readers: the stem in pinyin (pinyin-pro, bundled, no network) and the
 * administrative suffix translated — 河南省 → Henan Province, 安阳市 → Anyang City, 文峰区 → Wenfeng
 * District. Names already in Latin letters pass through.
 */
import { pinyin } from 'pinyin-pro';

/** Longest first, so 自治州 wins over 州 and 街道办事处 over 街道. */
const SUFFIXES: [string, string][] = [
  ['维吾尔自治区', 'Uyghur Autonomous Region'], ['壮族自治区', 'Zhuang Autonomous Region'], ['回族自治区', 'Hui Autonomous Region'],
  ['特别行政区', 'SAR'], ['自治区', 'Autonomous Region'], ['自治州', 'Autonomous Prefecture'], ['自治县', 'Autonomous County'],
  ['街道办事处', 'Subdistrict'], ['街道', 'Subdistrict'], ['新区', 'New Area'], ['地区', 'Prefecture'],
  ['省', 'Province'], ['市', 'City'], ['县', 'County'], ['区', 'District'], ['旗', 'Banner'], ['盟', 'League'], ['镇', 'Town'], ['乡', 'Township'],
];
/** Spellings that differ from plain pinyin by convention. */
const CONVENTIONAL: Record<string, string> = { 陕西: 'Shaanxi', 内蒙古: 'Inner Mongolia', 西藏: 'Xizang', 香港: 'Hong Kong', 澳门: 'Macao' };

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const HAN = /\p{Script=Han}/u;

function spell(stem: string): string {
  if (CONVENTIONAL[stem]) return CONVENTIONAL[stem];
  // Syllables of one name run together (Anyang); non-Han characters stay as they are.
  return cap(pinyin(stem, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join('').replace(/\s+/g, ''));
}

const cache = new Map<string, string>();

export function regionNameEn(name: string): string {
  if (!HAN.test(name)) return name;
  let out = cache.get(name);
  if (out === undefined) {
    const suffix = SUFFIXES.find(([zh]) => name.endsWith(zh) && name.length > zh.length);
    const stem = suffix ? name.slice(0, -suffix[0].length) : name;
    out = suffix ? `${spell(stem)} ${suffix[1]}` : spell(stem);
    cache.set(name, out);
  }
  return out;
}

export const regionLabel = (name: string, lang: 'zh' | 'en'): string => (lang === 'en' ? regionNameEn(name) : name);
