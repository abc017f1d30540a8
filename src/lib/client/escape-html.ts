/** Escapes text for HTML (ECharts tooltips are HTML strings, and names come from reports). */
export const escapeHtml = (s: unknown): string =>
  String(s).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
