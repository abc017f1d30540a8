/**
 * Map outlines from the `china-geojson` npm package (MIT, AntV): the country by province (feature id
 * = the two-digit province code) and each province by city. Bundled by Vite, never fetched from a CDN.
 */
import { echarts } from './echarts.ts';

type GeoJSON = { type: string; features: { properties: { id?: string; name: string } }[] };

const PROVINCE_FILES: Record<string, () => Promise<{ default: unknown }>> = {
  '11': () => import('china-geojson/src/geojson/bei_jing_geo.json'),
  '12': () => import('china-geojson/src/geojson/tian_jin_geo.json'),
  '13': () => import('china-geojson/src/geojson/he_bei_geo.json'),
  '14': () => import('china-geojson/src/geojson/shan_xi_2_geo.json'),
  '15': () => import('china-geojson/src/geojson/nei_meng_gu_geo.json'),
  '21': () => import('china-geojson/src/geojson/liao_ning_geo.json'),
  '22': () => import('china-geojson/src/geojson/ji_lin_geo.json'),
  '23': () => import('china-geojson/src/geojson/hei_long_jiang_geo.json'),
  '31': () => import('china-geojson/src/geojson/shang_hai_geo.json'),
  '32': () => import('china-geojson/src/geojson/jiang_su_geo.json'),
  '33': () => import('china-geojson/src/geojson/zhe_jiang_geo.json'),
  '34': () => import('china-geojson/src/geojson/an_hui_geo.json'),
  '35': () => import('china-geojson/src/geojson/fu_jian_geo.json'),
  '36': () => import('china-geojson/src/geojson/jiang_xi_geo.json'),
  '37': () => import('china-geojson/src/geojson/shan_dong_geo.json'),
  '41': () => import('china-geojson/src/geojson/he_nan_geo.json'),
  '42': () => import('china-geojson/src/geojson/hu_bei_geo.json'),
  '43': () => import('china-geojson/src/geojson/hu_nan_geo.json'),
  '44': () => import('china-geojson/src/geojson/guang_dong_geo.json'),
  '45': () => import('china-geojson/src/geojson/guang_xi_geo.json'),
  '46': () => import('china-geojson/src/geojson/hai_nan_geo.json'),
  '50': () => import('china-geojson/src/geojson/chong_qing_geo.json'),
  '51': () => import('china-geojson/src/geojson/si_chuan_geo.json'),
  '52': () => import('china-geojson/src/geojson/gui_zhou_geo.json'),
  '53': () => import('china-geojson/src/geojson/yun_nan_geo.json'),
  '54': () => import('china-geojson/src/geojson/xi_zang_geo.json'),
  '61': () => import('china-geojson/src/geojson/shan_xi_1_geo.json'),
  '62': () => import('china-geojson/src/geojson/gan_su_geo.json'),
  '63': () => import('china-geojson/src/geojson/qing_hai_geo.json'),
  '64': () => import('china-geojson/src/geojson/ning_xia_geo.json'),
  '65': () => import('china-geojson/src/geojson/xin_jiang_geo.json'),
};

const registered = new Map<string, Promise<GeoJSON>>();

/** Registers the map 'china' or 'p<2-digit code>' with ECharts; returns its GeoJSON. */
export function loadMap(name: string): Promise<GeoJSON> {
  let p = registered.get(name);
  if (!p) {
    const load = name === 'china' ? () => import('china-geojson/src/geojson/china.json') : PROVINCE_FILES[name.slice(1)];
    if (!load) return Promise.reject(new Error(`no map outline for ${name}`));
    p = load().then((m) => {
      const geo = m.default as GeoJSON;
      echarts.registerMap(name, geo as never);
      return geo;
    });
    registered.set(name, p);
  }
  return p;
}

export const hasProvinceMap = (provinceCode: string): boolean => provinceCode.slice(0, 2) in PROVINCE_FILES;

/** Region names differ in suffixes between sources (吉林省 vs 吉林, 延边朝鲜族自治州 vs 延边州): compare stems. */
export const nameStem = (name: string): string =>
  name.replace(/(维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|省|市|自治州|地区|盟)$/, '').slice(0, 2);
