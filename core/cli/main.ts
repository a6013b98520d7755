#!/usr/bin/env node
import { ConfigError } from '../errors.js';
import { OperatorError } from '../schema/errors.js';
import { runAdminCommand } from './admin-command.js';
import { runMigrateCommand } from './migrate-command.js';
import { runServeCommand } from './serve-command.js';
import { runExportCommand, runImportCommand } from './transfer-command.js';

const USAGE = `Usage: larder <command>

Commands:
  start                         serve the API (and admin) on $PORT (default 8080)
  dev                           serve with pretty logs
  migrate status                list applied and pending migrations
  migrate plan                  show what would change; exits 2 when there is drift
  migrate generate --name NAME  write the pending changes to migrations/
                                (--rename TYPE.OLD=NEW, --rename-type OLD=NEW: move data)
  migrate apply [--allow-destructive]
                                apply pending migration files
  export --out FILE             write all content, users and settings as JSONL
  import FILE                   restore an export into an empty database
  admin:create --email EMAIL --password PASSWORD [--username NAME]
                                create an admin user
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return runServeCommand({ pretty: false });
    case 'dev':
      return runServeCommand({ pretty: true });
    case 'migrate':
      return runMigrateCommand(rest);
    case 'export':
      return runExportCommand(rest);
    case 'import':
      return runImportCommand(rest);
    case 'admin:create':
      return runAdminCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
    // A cluster worker's IPC channel would keep the process alive after a graceful stop.
    if (process.connected) process.disconnect();
  },
  (error: unknown) => {
    // Configuration and schema problems are the operator's to fix: one clear message, no stack.
    if (error instanceof ConfigError || error instanceof OperatorError) {
      process.stderr.write(`larder: ${error.message}\n`);
    } else {
      process.stderr.write(`larder: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exit(1);
  },
);
