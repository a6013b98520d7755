import type { LoadResult } from './load.js';
import type { Target } from './scenarios.js';

export interface ScenarioFigures {
  name: string;
  target: Target;
  larder: LoadResult;
  floor: LoadResult;
}

export interface ServerFigures {
  /** spawn → first 200 from /_health, then from a one-row list: the median over boots. */
  coldStartMs: number[];
  /** Each boot's figures. */
  coldStartRuns: number[][];
  idleRssMiB: number;
  peakRssMiB: number;
}

export interface QueryCount {
  label: string;
  small: number;
  large: number;
}

export interface DatabaseReport {
  database: string;
  notes: string[];
  scenarios: ScenarioFigures[];
  larder: ServerFigures;
  floor: ServerFigures;
  queryCounts: QueryCount[];
  queryPageSizes: [number, number];
}

/** Targets from BENCHMARKS.md that are not ratios of one scenario. */
const COLD_START_MAX_MS = 1_000;
const IDLE_RSS_MAX_MIB = 100;

const round2 = (value: number) => Math.round(value * 100) / 100;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
const pad = (text: string, width: number) => text.padEnd(width);
/** Width of the label column of the server figures. */
const LABEL = 38;
const num = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (value: number) => `${num(value)} ms`;

export interface Tally {
  misses: number;
  /** Anything that makes the run fail: non-2xx, connection errors, timeouts. */
  failures: string[];
}

function failuresOf(server: string, scenario: string, result: LoadResult): string[] {
  const out: string[] = [];
  if (result.non2xx > 0) out.push(`${server} ${scenario}: ${result.non2xx} non-2xx responses (status counts ${JSON.stringify(result.statusCodes)})`);
  if (result.errors > 0 || result.timeouts > 0) out.push(`${server} ${scenario}: ${result.errors} connection errors, ${result.timeouts} timeouts`);
  return out;
}

/** Prints one database's figures as a table; returns the misses and failures to add to the run's tally. */
export function printReport(report: DatabaseReport, tally: Tally): void {
  const lines: string[] = [];
  lines.push('', `== ${report.database} ${'='.repeat(Math.max(0, 100 - report.database.length))}`);
  for (const note of report.notes) lines.push(`   ${note}`);
  lines.push('');
  const header = [pad('scenario', 20), 'larder req/s'.padStart(12), 'p50'.padStart(9), 'p99'.padStart(9), ' │',
    'floor req/s'.padStart(12), 'p50'.padStart(9), 'p99'.padStart(9), ' │', 'ratio'.padStart(7), '  ', pad('target', 18), 'verdict  non-2xx'].join('');
  lines.push(header, '─'.repeat(header.length + 4));
  const byName = new Map(report.scenarios.map((row) => [row.name, row]));
  for (const row of report.scenarios) {
    const ratio = row.larder.rps / row.floor.rps;
    let target = '—';
    let result = '';
    if (row.target.kind === 'floor') {
      target = `≥ ${row.target.min.toFixed(2)}× floor`;
      // Judged on the figure as printed, so a shown 0.60× never reads MISS.
      result = verdict(round2(ratio) >= row.target.min);
    } else if (row.target.kind === 'relative') {
      const base = byName.get(row.target.to);
      const relative = base ? row.larder.rps / base.larder.rps : Number.NaN;
      target = `${row.target.label} (${relative.toFixed(2)}×)`;
      result = verdict(round2(relative) >= row.target.min);
    }
    if (result === 'MISS') tally.misses++;
    const failures = [...failuresOf('larder', row.name, row.larder), ...failuresOf('floor', row.name, row.floor)];
    tally.failures.push(...failures.map((failure) => `${report.database}: ${failure}`));
    const non2xx = `${row.larder.non2xx}/${row.floor.non2xx}${failures.length > 0 ? '  <<< ERROR' : ''}`;
    lines.push([pad(row.name, 20), num(row.larder.rps, 1).padStart(12), ms(row.larder.p50).padStart(9), ms(row.larder.p99).padStart(9), ' │',
      num(row.floor.rps, 1).padStart(12), ms(row.floor.p50).padStart(9), ms(row.floor.p99).padStart(9), ' │',
      `${ratio.toFixed(2)}×`.padStart(7), '  ', pad(target, 18), pad(result, 9), non2xx].join(''));
  }
  const offset = report.scenarios.find((row) => row.name.startsWith('offset page'));
  const keyset = report.scenarios.find((row) => row.name.startsWith('keyset page'));
  if (offset && keyset) {
    lines.push('', `   keyset vs offset at the same depth (Larder): ${(keyset.larder.rps / offset.larder.rps).toFixed(1)}× the throughput`
      + ` (floor: ${(keyset.floor.rps / offset.floor.rps).toFixed(1)}×)`);
  }

  lines.push('', `${pad('server figures', LABEL)}${'larder'.padStart(12)}${'floor'.padStart(12)}   target       verdict`);
  const coldLarder = report.larder.coldStartMs;
  const coldFloor = report.floor.coldStartMs;
  const coldPass = (coldLarder[1] ?? Number.POSITIVE_INFINITY) <= COLD_START_MAX_MS;
  if (!coldPass) tally.misses++;
  const boots = report.larder.coldStartRuns.length;
  const runs = (figures: ServerFigures) => figures.coldStartRuns.map((boot) => num(boot[1] ?? Number.NaN)).join(', ');
  lines.push(`${pad(`cold start → /_health 200${boots > 1 ? ' (median)' : ''}`, LABEL)}${ms(coldLarder[0] ?? Number.NaN).padStart(12)}${ms(coldFloor[0] ?? Number.NaN).padStart(12)}`);
  lines.push(`${pad(`cold start → first list 200${boots > 1 ? ' (median)' : ''}`, LABEL)}${ms(coldLarder[1] ?? Number.NaN).padStart(12)}${ms(coldFloor[1] ?? Number.NaN).padStart(12)}`
    + `   ≤ ${num(COLD_START_MAX_MS)} ms     ${verdict(coldPass)}`);
  if (boots > 1) lines.push(`${' '.repeat(LABEL)}(first list, each of ${boots} boots: larder ${runs(report.larder)} ms; floor ${runs(report.floor)} ms)`);
  const rssPass = report.larder.idleRssMiB <= IDLE_RSS_MAX_MIB;
  if (!rssPass) tally.misses++;
  lines.push(`${pad('idle RSS (after boot + 1 s)', LABEL)}${`${num(report.larder.idleRssMiB, 1)} MiB`.padStart(12)}${`${num(report.floor.idleRssMiB, 1)} MiB`.padStart(12)}`
    + `   ≤ ${IDLE_RSS_MAX_MIB} MiB      ${verdict(rssPass)}`);
  lines.push(`${pad('peak RSS (VmHWM at the end)', LABEL)}${`${num(report.larder.peakRssMiB, 1)} MiB`.padStart(12)}${`${num(report.floor.peakRssMiB, 1)} MiB`.padStart(12)}`);

  const [small, large] = report.queryPageSizes;
  lines.push('', `${pad('SQL queries per request (Larder /metrics)', 44)}${`pageSize ${small}`.padStart(12)}${`pageSize ${large}`.padStart(12)}   target             verdict`);
  for (const count of report.queryCounts) {
    const pass = count.small === count.large;
    if (!pass) tally.misses++;
    lines.push(`${pad(count.label, 44)}${num(count.small, 2).padStart(12)}${num(count.large, 2).padStart(12)}   constant in size   ${verdict(pass)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Larder log lines at warn level or above, and floor stderr, seen during the run. */
export function printProblems(server: string, problems: readonly string[]): void {
  if (problems.length === 0) return;
  process.stdout.write(`\n   ${server} logged ${problems.length} warning/error line(s)${problems.length > 10 ? ' (first 10)' : ''}:\n`);
  for (const line of problems.slice(0, 10)) process.stdout.write(`     ${line}\n`);
}
