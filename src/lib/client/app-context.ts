/** What the layout shares with every page: the parsed view state, navigation and the engine. */
import { getContext, setContext } from 'svelte';
import type { Lang } from '../i18n.ts';
import type { Row } from './arrow-rows.ts';
import { Cancelled, Coordinator, type Query } from './coordinator.ts';
import { preliminary, type Engine, type Phase } from './engine.ts';
import type { Page, Source, ViewState } from './url-state.ts';

export interface AppContext {
  readonly state: ViewState;
  readonly page: Page;
  readonly lang: Lang;
  /** Whose reports are shown (the header's switch; in the URL). */
  readonly source: Source;
  readonly phase: Phase;
  readonly error: string | undefined;
  readonly engine: Engine | null;
  /** Navigates (a new history entry) to a page with the state patched. */
  go(page: Page, patch?: Partial<ViewState>): void;
  /** The address of a page with the state patched (a real href: opens in a new tab, copies, shares). */
  link(page: Page, patch?: Partial<ViewState>): string;
  /** Same page, state patched. */
  set(patch: Partial<ViewState>): void;
  levelOf(code: string): string | undefined;
  /** A region's name in the page's language (pinyin with a translated suffix in English): from the loaded regions table, or the summary's names before the engine is up. */
  regionName(code: string | null | undefined): string;
  /** A region name (as the data spells it) in the page's language. */
  placeName(name: string): string;
  /** What the page shows (a body, a region), for the tab title and link previews; null for the page's name. */
  setTitle(title: string | null): void;
}

const KEY = Symbol('gongkai-app');
export const provideApp = (ctx: AppContext): AppContext => setContext(KEY, ctx);
export const useApp = (): AppContext => getContext<AppContext>(KEY);

export interface QueryResult {
  loading: boolean;
  error: string | null;
  rows: Row[][] | null;
  /** Identifies the queries these rows answer (lets tests and the bench see that a chart was updated). */
  key?: string;
  /** Rows from the build's summary, shown until DuckDB-WASM's own answer replaces them. */
  preliminary?: boolean;
}
export const LOADING: QueryResult = { loading: true, error: null, rows: null };

/** A chart's query client: each call supersedes the previous one; results land through `set`. */
export function requester(): (engine: Engine | null, qs: Query[] | null, set: (r: QueryResult) => void) => void {
  let client: ReturnType<Engine['coordinator']['client']> | null = null;
  let owner: Engine | null = null;
  // The key of the summary's rows on show: the live request for the same queries keeps them up instead of a spinner.
  let early: string | null = null;
  return (engine, qs, set) => {
    if (!qs) return;
    const key = qs.map((q) => Coordinator.key(q)).join('\n');
    if (!engine) {
      const rows = preliminary(qs);
      if (rows) {
        early = key;
        set({ loading: false, error: null, rows, key, preliminary: true });
      }
      return;
    }
    if (owner !== engine) {
      owner = engine;
      client = engine.coordinator.client();
    }
    if (early !== key) set(LOADING);
    early = null;
    client!.request(qs).then(
      (rows) => set({ loading: false, error: null, rows, key }),
      (e: unknown) => {
        if (e instanceof Cancelled) return;
        set({ loading: false, error: e instanceof Error ? e.message : String(e), rows: null });
      },
    );
  };
}
