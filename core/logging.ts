import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino blanks out wherever they appear in a logged object (DESIGN §8):
 * credentials in headers, and any password or token field.
 */
const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  'headers.authorization', 'headers.cookie',
  'authorization', 'cookie',
  'password', '*.password', '*.*.password', 'currentPassword', '*.currentPassword', 'passwordConfirmation', '*.passwordConfirmation',
  'token', '*.token', 'jwt', '*.jwt', 'refreshToken', '*.refreshToken', 'accessKey', '*.accessKey', 'secret', '*.secret',
];

export interface LoggerOptions {
  level: string;
  pretty: boolean;
  destination?: NodeJS.WritableStream;
}

/** One logger per app: JSON lines on stdout, or pretty output for `larder dev`. */
export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    base: undefined,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } });
  }
  return pino(base, pino.destination({ sync: false }));
}
