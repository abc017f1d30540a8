// What kind of body issued a report, from the words of its name that follow the place names.
import type { BodyType } from '../lib/types.ts';
import type { NameEntry } from './gazetteer.ts';
import { ZONE_WORD } from './names.ts';

const GOV_OFFICE = /(?:人民政府|政府)办(?:公室|公厅)?$|政府办$/;
const GOVERNMENT = /(?:人民政府|政府)$/;
const TOWNSHIP_TAIL = /^(?:人民政府|政府|办事处|街道办事处|街道办|街办|办)?$/;
const TOWNSHIP_NAME = /(?:乡|镇|街道|苏木)(?:人民政府|政府|办事处|街道办|办)?$|街道办事处$|街办$/;
const GOVERNMENT_NAME = /(?:省|市|县|区|旗|州|盟)(?:人民政府|政府)$/;
const DEPARTMENT = /(?:局|委|委员会|办|办公室|中心|厅|院|所|站|队|处|署|部|室|馆|社|台|司|团|会|中队|大队|支队)$/;

/**
 * `remainder` is what follows the place names read from the name (e.g. 人民政府办公室); `last` is the
 * last place read, or undefined when the name held none (then the whole name is classified by its ending).
 */
export function classifyBody(org: string | null, remainder: string, last: NameEntry | undefined): BodyType {
  if (!org) return 'other';
  const name = org;
  if (GOV_OFFICE.test(name)) return 'gov_office';
  if (last) {
    // A unit the gazetteer no longer names (上饶 + 县人民政府): classify by its own suffix.
    const unit = /^(?:(县|区|市|旗)|(镇|乡|街道))/.exec(remainder);
    if (unit) {
      const rest = remainder.slice(unit[0].length);
      if (unit[2]) return TOWNSHIP_TAIL.test(rest) ? 'township' : DEPARTMENT.test(rest) ? 'department' : 'other';
      if (rest === '' || rest === '人民政府' || rest === '政府') return 'government';
      return DEPARTMENT.test(rest) ? 'department' : 'other';
    }
    if (last.zone !== null || last.div.zone) return 'zone';
    // Township-level units of zones (工业园区, 经济开发区…); 浦东新区 and 滨海新区 are districts.
    if (last.div.level === 'township' && ZONE_WORD.test(last.div.name)) return 'zone';
    if (ZONE_WORD.test(remainder)) return 'zone';
    if (last.div.level === 'township') {
      if (TOWNSHIP_TAIL.test(remainder)) return 'township';
    } else if (remainder === '' || GOVERNMENT.test(remainder) && remainder.length <= 4) {
      return 'government';
    }
    return DEPARTMENT.test(remainder) ? 'department' : 'other';
  }
  if (ZONE_WORD.test(name)) return 'zone';
  if (TOWNSHIP_NAME.test(name)) return 'township';
  if (GOVERNMENT_NAME.test(name)) return 'government';
  return DEPARTMENT.test(name) ? 'department' : 'other';
}
