import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadOptions } from '../config/load-options.js';
import { ConfigError } from '../errors.js';
import { exportDatabase } from '../transfer/export-database.js';
import { importDatabase } from '../transfer/import-database.js';
import { withDatabase } from './migrate-command.js';

// Export and import copy hashes as stored; neither signs anything, so no secret is resolved (or created).
const options = () => loadOptions(process.env, process.cwd(), { secret: 'unused-by-transfer' });

/** parseArgs, with an unknown or malformed option as one line rather than a stack trace. */
function parse(command: string, argv: string[], options: Record<string, { type: 'string' }>) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    throw new ConfigError(command, '', (error as Error).message, 'run: larder export --out FILE, or: larder import FILE');
  }
}

/** `larder export --out FILE` (DESIGN §2): every table of the current schema, as JSONL. */
export async function runExportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse('export', argv, { out: { type: 'string' } });
  if (!values.out || positionals.length > 0) {
    throw new ConfigError('export', '--out', 'the export needs a file to write', 'run: larder export --out larder-export.jsonl');
  }
  // Written beside the target and renamed at the end: a failed export never leaves a file that looks complete.
  const partial = `${values.out}.partial`;
  const out = createWriteStream(partial);
  try {
    const summary = await withDatabase(options(), (db) => exportDatabase(db, out));
    out.end();
    await finished(out);
    renameSync(partial, values.out);
    process.stdout.write(`Exported ${summary.rows} rows from ${summary.tables} tables and ${summary.migrations} migrations to ${values.out}\n`);
    return 0;
  } catch (error) {
    out.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
}

/** `larder import FILE`: restores an export into an empty database, in one transaction. */
export async function runImportCommand(argv: string[]): Promise<number> {
  const { positionals } = parse('import', argv, {});
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new ConfigError('import', 'FILE', 'the import needs one export file', 'run: larder import larder-export.jsonl');
  if (!existsSync(file)) throw new ConfigError(file, '', 'does not exist', 'pass the file that larder export --out wrote');
  const summary = await withDatabase(options(), (db) => importDatabase(db, createReadStream(file)));
  process.stdout.write(`Imported ${summary.rows} rows into ${summary.tables} tables, with ${summary.migrations} migrations of history\n`);
  return 0;
}
