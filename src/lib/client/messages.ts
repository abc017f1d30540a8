/**
 * What a person reads when something goes wrong, in their language; the technical text (often an
 * English browser or DuckDB message) is kept for a folded "details" line, never shown instead.
 */
import type { Lang } from '../i18n.ts';

export function friendlyError(message: string, lang: Lang): string {
  const zh = lang === 'zh';
  if (/fetch|network|load failed|HTTP|404|range/i.test(message))
    return zh ? '数据文件无法读取：网络中断或服务器未提供该文件。请检查连接后重试。' : 'The data files could not be read: the network is down or the server did not serve the file. Check the connection and retry.';
  if (/wasm|worker|memory/i.test(message))
    return zh ? '分析引擎无法在此浏览器中启动。请换用较新的浏览器重试。' : 'The analysis engine could not start in this browser. Try a recent browser.';
  return zh ? '查询未能完成。请重试；如仍失败，请反馈下方的技术细节。' : 'The query did not complete. Retry; if it fails again, report the technical details below.';
}

const REASONS: Record<string, [string, string]> = {
  'unknown parameter': ['未知参数', 'unknown parameter'],
  'repeated parameter': ['参数重复', 'repeated parameter'],
  'value too long': ['取值过长', 'value too long'],
  'unknown language': ['未知语言', 'unknown language'],
  'unknown data source': ['未知数据来源', 'unknown data source'],
  'not a year': ['不是年份', 'not a year'],
  'not a list of region codes': ['不是地区代码列表', 'not a list of region codes'],
  'unknown body type': ['未知机关类型', 'unknown body type'],
  'unknown template': ['未知模板', 'unknown template'],
  'unknown metric': ['未知指标', 'unknown metric'],
  'unknown grouping': ['未知分组', 'unknown grouping'],
  'unknown chart type': ['未知图表类型', 'unknown chart type'],
  'not a list of regions or body types': ['不是地区或机关类型列表', 'not a list of regions or body types'],
  'unknown measure': ['未知度量', 'unknown measure'],
  'not a region code': ['不是地区代码', 'not a region code'],
  'not a report id': ['不是报告编号', 'not a report id'],
};

/** Why a URL parameter was dropped (url-state.ts gives the reason in English), in the reader's language. */
export const reasonText = (reason: string, lang: Lang): string => REASONS[reason]?.[lang === 'zh' ? 0 : 1] ?? (lang === 'zh' ? '无效' : reason);

/** The clipboard refused the link (no permission, an insecure origin, an old browser): say so and where to find it. */
export const copyFailedText = (lang: Lang): string =>
  lang === 'zh' ? '未能复制：浏览器不允许写入剪贴板。请从地址栏复制链接。' : 'Not copied: the browser did not allow writing to the clipboard. Copy the address from the address bar.';
