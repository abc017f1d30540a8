// Pure name handling for divisions: the short forms people write ("赣州" for 赣州市, "恩施州" for
// 恩施土家族苗族自治州) and the abbreviations of functional-zone names ("高新区" for
// 高新技术产业开发区). No I/O, no gazetteer: the index builder feeds names through these.

/** The 55 recognised minority nationalities, as they appear inside autonomous-area names. */
const ETHNIC_GROUPS = [
  '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白', '土家', '哈尼',
  '哈萨克', '傣', '黎', '傈僳', '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土',
  '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米', '塔吉克', '怒', '乌孜别克',
  '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔', '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺',
];
// Longest first so that 土家 is tried before 土. Names of two or more characters also appear without 族
// (新疆维吾尔自治区, 克孜勒苏柯尔克孜自治州).
const byLength = [...ETHNIC_GROUPS].sort((a, b) => b.length - a.length);
const ETHNIC_SUFFIX = new RegExp(`(?:(?:${byLength.join('|')})族|(?:${byLength.filter((e) => e.length >= 2).join('|')})族?)$`);
const AUTONOMOUS = /自治(?:区|州|县|旗)$/;

const ADMIN_SUFFIX = /(?:特别行政区|自治区|自治州|自治县|自治旗|地区|林区|特区|省|市|州|盟|县|区|旗)$/;

/**
 * The short form of a division name: 江西省 → 江西, 广西壮族自治区 → 广西, 黔东南苗族侗族自治州 → 黔东南,
 * 横峰县 → 横峰. Null when stripping leaves fewer than two characters (城区 → 城 is no name) or when
 * nothing was stripped.
 */
export function shortName(name: string): string | null {
  let s = name.replace(ADMIN_SUFFIX, '');
  if (s === name) return null;
  // Only autonomous areas carry nationality names; 东乡区 keeps its 东乡.
  for (let guard = 0; AUTONOMOUS.test(name) && guard < 6; guard++) {
    const t = s.replace(ETHNIC_SUFFIX, '');
    if (t === s) break;
    s = t;
  }
  if (s.endsWith('各族')) s = s.slice(0, -2);
  return s.length >= 2 ? s : null;
}

/** The "州" form of an autonomous prefecture: 恩施土家族苗族自治州 → 恩施州. */
export function prefectureForm(name: string): string | null {
  if (!name.endsWith('自治州')) return null;
  const s = shortName(name);
  return s ? `${s}州` : null;
}

// Generic tails of zone names and their common abbreviations, longest first.
const ZONE_TAILS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['高新技术产业开发区', ['高新区', '高新技术开发区']],
  ['高新技术产业园区', ['高新区']],
  ['经济技术开发区', ['经开区', '经济开发区']],
  ['经济开发区', ['经开区']],
  ['综合保税区', []],
  ['工业园区', []],
  ['产业园区', []],
  ['开发区', []],
  ['新区', []],
  ['园区', []],
  ['示范区', []],
  ['管理区', []],
  ['试验区', []],
];

export const ZONE_WORD = /开发区|高新区|经开区|新区|园区|工业区|产业园|示范区|试验区|保税区|合作区|管理区|管委会|管理委员会/;

/**
 * Other spellings of a zone name: the abbreviated tail (唐山高新技术产业开发区 → 唐山高新区) and the
 * name with leading place words removed (河北唐山芦台经济开发区 → 芦台经济开发区, given the prefixes).
 * `strip` lists place words that may lead the name (province and city full and short names).
 * Returns [alias, generic] pairs: generic aliases (nothing but a tail, e.g. 高新区) only mean something
 * once a parent place has been read.
 */
export function zoneAliases(name: string, strip: readonly string[]): Array<{ alias: string; generic: boolean }> {
  const bases = new Set<string>([name]);
  let changed = true;
  while (changed) {
    changed = false;
    for (const b of [...bases]) {
      for (const p of strip) {
        if (p && b.startsWith(p) && b.length > p.length && !bases.has(b.slice(p.length))) {
          bases.add(b.slice(p.length));
          changed = true;
        }
      }
    }
  }
  const out = new Map<string, boolean>();
  for (const b of bases) {
    const forms = [b];
    for (const [tail, abbrs] of ZONE_TAILS) {
      if (b.endsWith(tail)) {
        for (const a of abbrs) forms.push(b.slice(0, -tail.length) + a);
        break;
      }
    }
    for (const f of forms) {
      if (f === name) continue;
      const generic = ZONE_TAILS.some(([tail, abbrs]) => f === tail || abbrs.includes(f));
      if (f.length >= 2 && !out.has(f)) out.set(f, generic);
    }
  }
  return [...out].map(([alias, generic]) => ({ alias, generic }));
}

/** 江源街道办事处 → 江源街道: township names appear in the gazetteer both with and without 办事处. */
export function townshipBase(name: string): string {
  return name.endsWith('街道办事处') ? name.slice(0, -3) : name;
}
