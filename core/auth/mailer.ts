import type { Transporter } from 'nodemailer';
import type { MailOptions } from '../config/options.js';
import type { Logger } from '../logging.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Where auth mail goes: SMTP in production, the log in development, a capture in tests (AppRuntime.mailer). */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

const DEFAULT_FROM = 'Larder <no-reply@localhost>';

/**
 * SMTP through nodemailer when LARDER_SMTP_URL is set. Without it,
 * development writes the message to the log at `warn`, so a developer can
 * follow a reset link; production logs only that a mail was not sent, because
 * the link is a credential and logs are read by more people than mailboxes.
 */
export function createMailer(options: MailOptions | undefined, mode: 'development' | 'production', log: Logger): Mailer {
  if (options?.smtpUrl) {
    const { smtpUrl } = options;
    const from = options.from ?? DEFAULT_FROM;
    // Loaded on first use: nodemailer costs memory an instance without mail never needs.
    let transport: Promise<Transporter> | undefined;
    return {
      async send(message) {
        transport ??= import('nodemailer').then((module) => module.default.createTransport(smtpUrl));
        await (await transport).sendMail({ from, ...message });
      },
    };
  }
  return {
    async send(message) {
      if (mode === 'development') {
        log.warn({ event: 'mail.logged', to: message.to, subject: message.subject, text: message.text }, 'LARDER_SMTP_URL is not set: mail written to the log instead of sent');
      } else {
        log.warn({ event: 'mail.not_sent', subject: message.subject }, 'LARDER_SMTP_URL is not set: mail not sent');
      }
    },
  };
}
