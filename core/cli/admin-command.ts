import { parseArgs } from 'node:util';
import { createApp } from '../app.js';
import { createAdmin } from '../auth/admins.js';
import { loadOptions } from '../config/load-options.js';
import { ValidationError } from '../errors.js';

const USAGE = 'Usage: larder admin:create --email EMAIL --password PASSWORD [--username NAME]\n';

/**
 * `larder admin:create` (DESIGN §2): an admin user, whether or not one exists.
 * It boots the app without listening, so the schema and the built-in roles
 * are in place exactly as `larder start` would leave them.
 */
export async function runAdminCommand(argv: string[]): Promise<number> {
  let values: { email?: string; password?: string; username?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { email: { type: 'string' }, password: { type: 'string' }, username: { type: 'string' } },
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 1;
  }
  if (!values.email || !values.password) {
    process.stderr.write(USAGE);
    return 1;
  }
  const app = await createApp(loadOptions(process.env, process.cwd(), { logLevel: 'warn' }));
  try {
    const user = await createAdmin(app.db.knex, {
      email: values.email, password: values.password, ...(values.username ? { username: values.username } : {}),
    });
    process.stdout.write(`Created admin "${user.username}" <${user.email}> (id ${user.id}).\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const issue = (error.details.errors as Array<{ path: string[] }> | undefined)?.[0];
    process.stderr.write(`larder: ${issue ? `--${issue.path[0]}: ` : ''}${error.message}\n`);
    return 1;
  } finally {
    await app.close();
  }
}
