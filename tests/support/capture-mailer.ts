import type { MailMessage, Mailer } from '../../core/auth/mailer.js';

/** A Mailer that keeps every message, for tests: no network. */
export interface CaptureMailer extends Mailer {
  sent: MailMessage[];
  /** The next message to `to` (already sent or still to come); rejects after `timeoutMs`. */
  next(to: string, timeoutMs?: number): Promise<MailMessage>;
}

export function captureMailer(): CaptureMailer {
  const sent: MailMessage[] = [];
  const taken = new Set<MailMessage>();
  const waiters: Array<{ to: string; resolve: (message: MailMessage) => void }> = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
      const index = waiters.findIndex((waiter) => waiter.to === message.to);
      if (index >= 0) {
        taken.add(message);
        waiters.splice(index, 1)[0]!.resolve(message);
      }
    },
    next(to, timeoutMs = 5000) {
      const waiting = sent.find((message) => message.to === to && !taken.has(message));
      if (waiting) {
        taken.add(waiting);
        return Promise.resolve(waiting);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no mail to ${to} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ to, resolve: (message) => { clearTimeout(timer); resolve(message); } });
      });
    },
  };
}
