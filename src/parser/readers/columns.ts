/**
 * Which column each printed number of a layout table is in. A blank cell in laid-out text is only a
 * wider gap, so the columns are learned from the rows that print every cell (their number positions),
 * page by page (a PDF tool lays out each page on its own grid, so the same column moves between
 * pages), and every row's numbers are placed in the learned columns nearest them, in order.
 */

/** The monotone placement of points into columns (each column at most one point) nearest in total. */
export function placeInColumns(points: readonly number[], cols: readonly number[]): number[] {
  const m = points.length;
  const n = cols.length;
  if (m > n) return points.map((_, i) => i);
  // cost[i][j]: points 0..i-1 placed in columns 0..j-1.
  const INF = Number.POSITIVE_INFINITY;
  const cost: number[][] = Array.from({ length: m + 1 }, () => Array<number>(n + 1).fill(INF));
  const take: boolean[][] = Array.from({ length: m + 1 }, () => Array<boolean>(n + 1).fill(false));
  for (let j = 0; j <= n; j++) cost[0]![j] = 0;
  for (let i = 1; i <= m; i++)
    for (let j = i; j <= n; j++) {
      const skip = cost[i]![j - 1]!;
      const use = cost[i - 1]![j - 1]! + Math.abs(points[i - 1]! - cols[j - 1]!);
      // Ties go to the later column only when it is strictly nearer: equal costs keep the earlier one.
      if (use <= skip) {
        cost[i]![j] = use;
        take[i]![j] = true;
      } else cost[i]![j] = skip;
    }
  const at = Array<number>(m).fill(0);
  let j = n;
  for (let i = m; i > 0; i--) {
    while (!take[i]![j]) j--;
    at[i - 1] = j - 1;
    j--;
  }
  return at;
}

/**
 * One row's numbers placed in order into known columns or new ones: each number goes to a column
 * (costing its distance) or opens a new column between its neighbours (costing `open`). Returns, for
 * each number, its column index, or -1 for a new one.
 */
function placeOrOpen(points: readonly number[], cols: readonly number[], open: number): number[] {
  const m = points.length;
  const n = cols.length;
  const INF = Number.POSITIVE_INFINITY;
  // cost[i][j]: the first i numbers placed, using columns before j.
  const cost: number[][] = Array.from({ length: m + 1 }, () => Array<number>(n + 1).fill(INF));
  const how: number[][] = Array.from({ length: m + 1 }, () => Array<number>(n + 1).fill(0)); // 0 skip column, 1 use, 2 open
  cost[0]![0] = 0;
  for (let i = 0; i <= m; i++)
    for (let j = 0; j <= n; j++) {
      const c = cost[i]![j]!;
      if (c === INF) continue;
      if (j < n && c < cost[i]![j + 1]!) ((cost[i]![j + 1] = c), (how[i]![j + 1] = 0));
      if (i < m && j < n) {
        const u = c + Math.abs(points[i]! - cols[j]!);
        if (u < cost[i + 1]![j + 1]!) ((cost[i + 1]![j + 1] = u), (how[i + 1]![j + 1] = 1));
      }
      if (i < m && c + open < cost[i + 1]![j]!) ((cost[i + 1]![j] = c + open), (how[i + 1]![j] = 2));
    }
  const at = Array<number>(m).fill(-1);
  let i = m;
  let j = n;
  while (i > 0) {
    const h = how[i]![j]!;
    if (h === 0) j--;
    else if (h === 1) ((at[--i] = --j), undefined);
    else at[--i] = -1;
  }
  return at;
}

/**
 * Column positions of one page's part of a table, from its rows (each row's number positions): rows
 * are read from the fullest down; each number joins the column nearest it in order, or opens a column
 * of its own where that fits far better (a column the rows read so far left blank). Each column is
 * the running mean of the numbers placed in it.
 */
export function columnsOf(rows: readonly (readonly number[])[], spacingHint = Number.POSITIVE_INFINITY): number[] {
  const sorted = [...rows].sort((p, q) => q.length - p.length);
  const first = sorted[0] ?? [];
  let sums = [...first];
  let counts = first.map(() => 1);
  if (first.length === 0) return [];
  const mean = () => sums.map((s, j) => s / counts[j]!);
  for (const r of sorted.slice(1)) {
    const cols = mean();
    const gaps = cols.slice(1).map((c, j) => c - cols[j]!).sort((p, q) => p - q);
    // Half the usual distance between columns: more than a number strays within its own column.
    // (or of the column headers, when the rows seen so far are too few to tell).
    const open = Math.min(spacingHint, gaps.length ? gaps[Math.floor(gaps.length / 2)]! : Number.POSITIVE_INFINITY) / 2;
    const at = placeOrOpen(r, cols, open);
    const ns: number[] = [];
    const nc: number[] = [];
    let j = 0;
    r.forEach((x, i) => {
      const k = at[i]!;
      if (k < 0) {
        ns.push(x);
        nc.push(1);
        return;
      }
      for (; j < k; j++) (ns.push(sums[j]!), nc.push(counts[j]!));
      ns.push(sums[k]! + x);
      nc.push(counts[k]! + 1);
      j = k + 1;
    });
    for (; j < cols.length; j++) (ns.push(sums[j]!), nc.push(counts[j]!));
    // A new column goes where it lies among the columns the row skipped.
    const order = ns.map((_, k) => k).sort((p, q) => ns[p]! / nc[p]! - ns[q]! / nc[q]!);
    sums = order.map((k) => ns[k]!);
    counts = order.map((k) => nc[k]!);
  }
  return mean();
}

/** Least-squares x' = a·x + b through pairs; its summed squared residual. */
export function fit(xs: readonly number[], ys: readonly number[]): { a: number; b: number; residual: number } {
  const n = xs.length;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  const a = n < 2 || sxx === 0 ? 1 : sxy / sxx;
  const b = my - a * mx;
  let residual = 0;
  for (let i = 0; i < n; i++) residual += (a * xs[i]! + b - ys[i]!) ** 2;
  return { a, b, residual };
}

function* subsets(n: number, k: number, from = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === k) {
    yield acc.slice();
    return;
  }
  for (let i = from; i <= n - (k - acc.length); i++) {
    acc.push(i);
    yield* subsets(n, k, i + 1, acc);
    acc.pop();
  }
}

/**
 * A page's columns when none of its rows prints every cell: its m columns are m of the n columns of
 * another page of the table, moved and stretched (each page has its own grid). The choice that maps
 * the other page onto this one with the least residual is taken; the unseen columns are placed by
 * that map. Null when the choice is not clear (two choices fit as well with different columns).
 */
export function completeColumns(seen: readonly number[], ref: readonly number[]): number[] | null {
  const m = seen.length;
  const n = ref.length;
  if (m >= n) return seen.slice();
  if (m === 0) return ref.slice();
  if (n > 16 || n - m > 6) return null;
  type Cand = { pick: number[]; a: number; b: number; residual: number };
  const cands: Cand[] = [];
  for (const pick of subsets(n, m)) {
    const f = fit(
      pick.map((j) => ref[j]!),
      seen,
    );
    // A page grid stretches a little, never folds or doubles: keep the scale plausible.
    if (m >= 2 && (f.a < 0.6 || f.a > 1.6)) continue;
    // With one column seen, only the shift is known: the same scale, nearest shift.
    cands.push({ pick, ...(m === 1 ? { a: 1, b: seen[0]! - ref[pick[0]!]!, residual: 0 } : f) });
  }
  if (cands.length === 0) return null;
  // Among fits alike, the one that moves and stretches least.
  const score = (c: Cand) => c.residual + (m === 1 ? Math.abs(c.b) : 0.05 * c.b * c.b + 10 * (c.a - 1) ** 2);
  cands.sort((p, q) => score(p) - score(q));
  const best = cands[0]!;
  const second = cands[1];
  if (second && score(second) - score(best) < 0.5) return null;
  if (m >= 2) {
    // The map must fit each seen column (within an eighth of the column distance), and no other
    // choice of columns may fit within a quarter: a tool that moves a page's columns unevenly makes
    // several choices fit about as badly, and none of them is known.
    const gaps = ref.slice(1).map((x, j) => x - ref[j]!).sort((p, q) => p - q);
    const gap = gaps[Math.floor(gaps.length / 2)]!;
    const worst = (c: Cand) => Math.max(...c.pick.map((j, i) => Math.abs(c.a * ref[j]! + c.b - seen[i]!)));
    if (worst(best) > (best.a * gap) / 8) return null;
    if (cands.slice(1).some((c) => worst(c) <= (c.a * gap) / 4)) return null;
  }
  const out = ref.map((x) => best.a * x + best.b);
  best.pick.forEach((j, i) => (out[j] = seen[i]!));
  return out;
}

/**
 * A page's columns from the column headers above it: the headers moved by the one shift that puts
 * the columns seen in the numbers nearest under them (numbers may sit left, right or centre under
 * their header), the seen columns where they are, with that shift and how far the columns seen
 * stray from the moved headers on average. Null where another placement
 * fits nearly as well (within a quarter of the headers' distance).
 */
export function alignToHeader(seen: readonly number[], header: readonly number[]): (number[] & { shift: number; stray: number }) | null {
  if (seen.length === 0 || seen.length > header.length) return Object.assign(header.slice(), { shift: 0, stray: 0 });
  const gaps = header.slice(1).map((x, j) => x - header[j]!);
  const reach = Math.max(2, ...gaps) / 2;
  const tried: { cost: number; b: number; at: number[] }[] = [];
  for (let b = -reach; b <= reach; b += 0.5) {
    const moved = header.map((x) => x + b);
    const at = placeInColumns(seen, moved);
    tried.push({ cost: seen.reduce((sum, x, i) => sum + Math.abs(x - moved[at[i]!]!), 0) + 0.01 * Math.abs(b), b, at });
  }
  const best = tried.reduce((p, q) => (q.cost < p.cost ? q : p));
  // Numbers that stand half a cell off their headers (right- or left-aligned under centred
  // headers) fit a shift to either neighbour about as well: a placement only another shift
  // nearly matches is not known.
  const sorted = gaps.slice().sort((p, q) => p - q);
  const quarter = (sorted[Math.floor(sorted.length / 2)] ?? 0) / 4;
  const same = (at: readonly number[]) => at.every((j, i) => j === best.at[i]);
  if (tried.some((t) => !same(t.at) && t.cost - best.cost < quarter)) return null;
  const out = header.map((x) => x + best.b);
  seen.forEach((x, i) => (out[best.at[i]!] = x));
  return Object.assign(out, { shift: best.b, stray: (best.cost - 0.01 * Math.abs(best.b)) / seen.length });
}

/** The least total distance of a monotone placement of points into columns, point `i` kept out of column `j`. */
function costWithout(points: readonly number[], cols: readonly number[], i0: number, j0: number): number {
  const m = points.length;
  const n = cols.length;
  let prev = Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    const cur = Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
    for (let j = i; j <= n; j++) {
      const use = i - 1 === i0 && j - 1 === j0 ? Number.POSITIVE_INFINITY : prev[j - 1]! + Math.abs(points[i - 1]! - cols[j - 1]!);
      cur[j] = Math.min(cur[j - 1]!, use);
    }
    prev = cur;
  }
  return prev[n]!;
}

/**
 * How clearly a row's numbers fall in the columns `at` puts them in: the least extra distance any
 * other placement costs (moving one number or more to other columns). A row that prints every column
 * has only one placement (infinite margin); a row with blanks is only as sure as its least clear
 * number.
 */
export function placementMargin(points: readonly number[], cols: readonly number[], at: readonly number[]): number {
  if (points.length >= cols.length) return Number.POSITIVE_INFINITY;
  const best = points.reduce((s, x, i) => s + Math.abs(x - cols[at[i]!]!), 0);
  let margin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < points.length; i++) margin = Math.min(margin, costWithout(points, cols, i, at[i]!) - best);
  return margin;
}
