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
  for (const scenario of scenarios) {
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
  for (const scenario of scenarios.filter((candidate) => candidate.repeatReversed).reverse()) {
    const again = await runLoad(larder.baseUrl, scenario.plan, options);
    await settle();
    larder.assertAlive();
    const figure = figures.find((candidate) => candidate.name === scenario.name)!;
    log(`${scenario.name.padEnd(20)} larder ${again.rps.toFixed(1).padStart(9)} req/s   (second pass, reverse order)`);
    figure.larder = averageRuns(figure.larder, again);
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

/** Two runs of one scenario as one figure: mean throughput and latencies, summed failures. */
function averageRuns(first: LoadResult, second: LoadResult): LoadResult {
  const statusCodes: Record<string, number> = { ...first.statusCodes };
  for (const [code, count] of Object.entries(second.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  return {
    rps: (first.rps + second.rps) / 2,
    p50: (first.p50 + second.p50) / 2,
    p99: (first.p99 + second.p99) / 2,
    requests: first.requests + second.requests,
    non2xx: first.non2xx + second.non2xx,
    errors: first.errors + second.errors,
    timeouts: first.timeouts + second.timeouts,
    statusCodes,
  };
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
