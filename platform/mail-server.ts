import { MailDev } from 'maildev';
import { isPortFree } from './free-port.js';

const LOOPBACK = '127.0.0.1';
/** MailDev's usual inbox port, taken when free so the address stays the same from one start to the next. */
const USUAL_INBOX_PORT = 1080;

export interface MailServer {
  /** where the dispatcher sends (SMTP_URL) */
  smtpUrl: string;
  /** the web inbox */
  inboxUrl: string;
  /** MailDev's REST API (GET /email lists what arrived) */
  apiUrl: string;
  stop(): Promise<void>;
}

/**
 * MailDev on loopback, for development and tests: an SMTP server that keeps every message, with a
 * web inbox. SMTP on `smtpPort`, else any free port; the inbox on 1080 when free (`preferUsualInboxPort`), else any.
 * Messages are kept as files in `mailDirectory` and shown again after a restart.
 */
export async function startMailServer(options: { mailDirectory: string; preferUsualInboxPort: boolean; smtpPort?: number }): Promise<MailServer> {
  const usual = options.preferUsualInboxPort && (await isPortFree(LOOPBACK, USUAL_INBOX_PORT));
  const start = async (web: number) => {
    const maildev = new MailDev({ smtp: options.smtpPort ?? 0, ip: LOOPBACK, web, webIp: LOOPBACK, silent: true, mailDirectory: options.mailDirectory });
    return { maildev, servers: await maildev.start() };
  };
  // Another process may take the usual port between the check and the bind: then any free one does.
  const { maildev, servers } = usual ? await start(USUAL_INBOX_PORT).catch(() => start(0)) : await start(0);
  const smtpPort = servers.smtp.getAddress().port;
  const webPort = servers.api?.getAddress()?.port;
  const inboxUrl = `http://${LOOPBACK}:${webPort}`;
  return { smtpUrl: `smtp://${LOOPBACK}:${smtpPort}`, inboxUrl, apiUrl: `${inboxUrl}/api`, stop: () => maildev.stop() };
}
