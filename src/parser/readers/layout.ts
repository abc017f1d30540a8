/** Text from `pdftotext -layout`: columns aligned with runs of spaces. (Reader to come: declines every text for now.) */
import type { TextRead } from './types.ts';

export function readLayout(_text: string, _file: string): TextRead | null {
  return null;
}
