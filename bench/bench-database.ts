import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { getJson } from './http.js';
import { runLoad, type LoadOptions, type LoadResult } from './load.js';
import { queriesPerRequest } from './query-count.js';
import { printProblems, printReport, type DatabaseReport, type ScenarioFigures, type Tally } from './report.js';
import { buildScenarios, listPath, PAGE_SIZE, selectScenarios, type Scenario } from './scenarios.js';
import { connectForSeed, seedData, TABLES, writeBenchConfig } from './seed.js';
import { deepPage, type BenchSettings } from './settings.js';
import { startServer, startServerMedian, type ServerHandle } from './start-server.js';
import { larderEnv, type Target } from './targets.js';
import { compareWorkers } from './workers.js';

const LARDER_CLI = fileURLToPath(new URL('../core/cli/main.js', import.meta.url));
const FLOOR_SERVER = fileURLToPath(new URL('./floor-server.js', import.meta.url));
const COLD_START_PROBES = ['/_health', '/api/articles?pagination[pageSize]=1'];
const QUERY_PAGE_SIZES: [number, number] = [5, 50];
const COLD_START_BOOTS = 3;
/** Passes over the repeated (relative) pair: A B, B A, A B, B A. */
const REPEATED_PASSES = 4;

interface ListBody {
  data: Array<{ id: number }>;
  meta: { pagination: { next?: string | null } };
}

const log = (message: string) => process.stdout.write(`   ${message}\n`);

/**
 * A pause between runs: when autocannon stops, up to `connections` requests
 * are still in flight on the server. Without it their tail overlaps the next
 * run, and on SQLite their commits race the other server's transactions.
 */
const settle = () => sleep(250);

/** Seeds `target`, starts Larder and the floor on it, runs every scenario on both, prints the table. */
export async function benchDatabase(target: Target, settings: BenchSettings, tally: Tally): Promise<void> {
  process.stdout.write(`\n-- ${target.kind}: preparing\n`);
  writeBenchConfig(target.configDir);
  // The real way to a schema: Larder's own boot generates and applies the migration.
  const schemaBoot = await startServer({ name: 'larder (schema boot)', script: LARDER_CLI, args: ['start'], env: larderEnv(target), cwd: target.dir, probes: ['/_health'], settle: false });
  await schemaBoot.stop();

  const knex = connectForSeed(target.databaseUrl);
  let seeded: Awaited<ReturnType<typeof seedData>>;
  let matching: number;
  try {
    seeded = await seedData(knex, settings.rows);
    const counted = await knex(TABLES.articles).where('views', '>', settings.viewsGt).count({ count: '*' });
    matching = Number(counted[0]?.count ?? 0);
  } finally {
    await knex.destroy();
  }
  log(`seeded ${seeded.rows.toLocaleString('en-US')} articles (+20 categories, 50 tags, 3 links each) in ${seeded.seconds.toFixed(1)} s`);

  const larder = await startServerMedian({ name: 'larder', script: LARDER_CLI, args: ['start'], env: larderEnv(target), cwd: target.dir, probes: COLD_START_PROBES }, COLD_START_BOOTS);
  let floor: ServerHandle | undefined;
  let report: DatabaseReport | undefined;
  try {
    floor = await startServerMedian({ name: 'floor', script: FLOOR_SERVER, env: { FLOOR_DATABASE: target.databaseUrl }, cwd: target.dir, probes: COLD_START_PROBES }, COLD_START_BOOTS);
    report = await measure(target, settings, larder, floor, { matching, sampleDocumentIds: seeded.sampleDocumentIds });
    printReport(report, tally);
  } finally {
    await Promise.all([larder.stop(), floor?.stop()]);
    printProblems('larder', larder.problems);
    if (floor) printProblems('floor', floor.problems);
    if (larder.problems.some((line) => /"level":(50|60)/.test(line))) tally.failures.push(`${target.kind}: Larder logged errors`);
  }
  // With the one-worker server stopped, so the workers have the cores to themselves.
  if (report && settings.only.length === 0) await compareWorkers(target, settings, loadOptions(target, settings), tally);
  else if (report) log('LARDER_WORKERS comparison skipped: BENCH_ONLY is set');
}

function loadOptions(target: Target, settings: BenchSettings): LoadOptions {
  return target.kind === 'postgres'
    ? { connections: settings.connections, warmupSeconds: settings.pgWarmupSeconds, measureSeconds: settings.pgMeasureSeconds }
    : { connections: settings.connections, warmupSeconds: settings.warmupSeconds, measureSeconds: settings.measureSeconds };
}

interface SeedFacts {
  /** Rows the list filter matches. */
  matching: number;
  sampleDocumentIds: string[];
}

async function measure(target: Target, settings: BenchSettings, larder: ServerHandle, floor: ServerHandle, seed: SeedFacts): Promise<DatabaseReport> {
  const queryCounts: DatabaseReport['queryCounts'] = [];
  for (const populate of [false, true]) {
    const perSize: number[] = [];
    for (const size of QUERY_PAGE_SIZES) {
      perSize.push(await queriesPerRequest(larder.baseUrl, listPath(settings.viewsGt, size, populate), settings.queryCountRequests));
    }
    queryCounts.push({ label: populate ? 'list+populate (category, tags)' : 'list', small: perSize[0]!, large: perSize[1]! });
  }

  const page = deepPage(settings.rows, PAGE_SIZE);
  const previous = await getJson<ListBody>(`${larder.baseUrl}/api/articles?pagination[page]=${page - 1}&pagination[pageSize]=${PAGE_SIZE}`);
  const deepCursor = previous.meta.pagination.next;
  if (typeof deepCursor !== 'string') throw new Error(`page ${page - 1} has no meta.pagination.next: ${JSON.stringify(previous.meta)}`);
  const scenarios = selectScenarios(buildScenarios({ sampleDocumentIds: seed.sampleDocumentIds, viewsGt: settings.viewsGt, deepPage: page, deepCursor }), settings.only);
  await checkSameAnswers(scenarios, larder, floor);

  const options = loadOptions(target, settings);
  const figures: ScenarioFigures[] = [];
  let writesWarmed = false;
  for (const scenario of scenarios) {
    // Before the first write, not earlier: the reads see the seeded rows only.
    if (scenario.writes && !writesWarmed) {
      await warmWritePath(scenarios, larder, floor, options);
      writesWarmed = true;
    }
    // Larder first, then the floor, scenario by scenario: machine noise hits both figures of a ratio alike.
    const larderResult = await runLoad(larder.baseUrl, scenario.plan, options);
    await settle();
    larder.assertAlive();
    const floorResult = await runLoad(floor.baseUrl, scenario.floorPlan ?? scenario.plan, options);
    await settle();
    floor.assertAlive();
    // Sampled as we go: a server that dies later still leaves its peak.
    larder.peakRssMiB();
    floor.peakRssMiB();
    log(`${scenario.name.padEnd(20)} larder ${larderResult.rps.toFixed(1).padStart(9)} req/s   floor ${floorResult.rps.toFixed(1).padStart(9)} req/s`);
    figures.push({ name: scenario.name, target: scenario.target, larder: larderResult, floor: floorResult });
  }
  // A B, then B A, A B, B A: the pair's figures alternate, so a drift of the server's
  // speed over the run (it moved by a fifth between passes here) falls on both alike.
  const repeated = scenarios.filter((candidate) => candidate.repeatReversed);
  const runs = new Map(repeated.map((scenario) => [scenario.name, [figures.find((figure) => figure.name === scenario.name)!.larder]]));
  for (let pass = 2; pass <= REPEATED_PASSES; pass++) {
    const order = pass % 2 === 0 ? [...repeated].reverse() : repeated;
    for (const scenario of order) {
      const again = await runLoad(larder.baseUrl, scenario.plan, options);
      await settle();
      larder.assertAlive();
      runs.get(scenario.name)!.push(again);
      log(`${scenario.name.padEnd(20)} larder ${again.rps.toFixed(1).padStart(9)} req/s   (pass ${pass}${pass % 2 === 0 ? ', reverse order' : ''})`);
    }
  }
  for (const figure of figures) {
    const all = runs.get(figure.name);
    if (all) figure.larder = averageRuns(all);
  }

  return {
    database: target.kind === 'sqlite' ? 'SQLite (better-sqlite3)' : 'PostgreSQL (pg)',
    notes: [
      `${settings.rows.toLocaleString('en-US')} articles; list filter views > ${settings.viewsGt} matches ${seed.matching.toLocaleString('en-US')} rows; page size ${PAGE_SIZE}`,
      `${options.connections} connections, ${options.warmupSeconds} s warm-up + ${options.measureSeconds} s measured per server per scenario; p50/p99 in ms`,
    ],
    scenarios: figures,
    larder: { coldStartMs: larder.coldStartMs, coldStartRuns: larder.coldStartRuns, idleRssMiB: larder.idleRssMiB, peakRssMiB: larder.peakRssMiB() },
    floor: { coldStartMs: floor.coldStartMs, coldStartRuns: floor.coldStartRuns, idleRssMiB: floor.idleRssMiB, peakRssMiB: floor.peakRssMiB() },
    queryCounts,
    queryPageSizes: QUERY_PAGE_SIZES,
  };
}

/** Runs of one scenario as one figure: mean throughput and latencies, summed failures. */
function averageRuns(runs: readonly LoadResult[]): LoadResult {
  const statusCodes: Record<string, number> = {};
  for (const run of runs) {
    for (const [code, count] of Object.entries(run.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  }
  const total = (pick: (run: LoadResult) => number) => runs.reduce((sum, run) => sum + pick(run), 0);
  const mean = (pick: (run: LoadResult) => number) => total(pick) / runs.length;
  return {
    rps: mean((run) => run.rps),
    p50: mean((run) => run.p50),
    p99: mean((run) => run.p99),
    requests: total((run) => run.requests),
    non2xx: total((run) => run.non2xx),
    errors: total((run) => run.errors),
    timeouts: total((run) => run.timeouts),
    statusCodes,
  };
}

/**
 * A fresh server's first ten seconds or so of writes ran 20–40% slower than its
 * later ones, whichever type was written (bench/history-cost.md, sixth look): longer
 * than a scenario's own warm-up. Unwarmed, that cost fell on whichever writing
 * scenario came first, in the history pair always the history side. So every
 * writing scenario runs once, unmeasured, on both servers before any is measured.
 */
async function warmWritePath(scenarios: readonly Scenario[], larder: ServerHandle, floor: ServerHandle, options: LoadOptions): Promise<void> {
  const writers = scenarios.filter((scenario) => scenario.writes);
  if (writers.length === 0 || options.warmupSeconds === 0) return;
  const warm = { connections: options.connections, warmupSeconds: 0, measureSeconds: options.warmupSeconds };
  for (const scenario of writers) {
    for (const [server, plan] of [[larder, scenario.plan], [floor, scenario.floorPlan ?? scenario.plan]] as const) {
      const result = await runLoad(server.baseUrl, plan, warm);
      await settle();
      server.assertAlive();
      if (result.non2xx + result.errors + result.timeouts > 0) {
        throw new Error(`${scenario.name}: the write warm-up on ${server.name} failed (${JSON.stringify(result.statusCodes)}, ${result.errors} errors, ${result.timeouts} timeouts)`);
      }
    }
  }
  log(`write path warmed: ${writers.map((scenario) => scenario.name).join(', ')}, ${options.warmupSeconds} s each on both servers`);
}

/** The floor must answer what Larder answers, or its figure is no floor: compare the ids of each read scenario's page. */
async function checkSameAnswers(scenarios: readonly Scenario[], larder: ServerHandle, floor: ServerHandle): Promise<void> {
  for (const scenario of scenarios) {
    if (scenario.writes || scenario.plan.next) continue;
    const [a, b] = await Promise.all([
      getJson<ListBody>(larder.baseUrl + scenario.plan.path),
      getJson<ListBody>(floor.baseUrl + (scenario.floorPlan ?? scenario.plan).path),
    ]);
    const ids = (body: ListBody) => body.data.map((entry) => entry.id).join(',');
    if (ids(a!) !== ids(b!)) throw new Error(`${scenario.name}: Larder and the floor return different rows:\n  larder ${ids(a!)}\n  floor  ${ids(b!)}`);
    if (a!.data.length === 0) throw new Error(`${scenario.name}: empty page; the bench would measure nothing`);
  }
}
