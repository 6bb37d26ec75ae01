import nodemailer from 'nodemailer';
import { DeliveryRefused, type DeliveryChannel } from './channels.js';

/** Each stage of an SMTP exchange gives up after this long, well within a sender's lease. */
const SMTP_TIMEOUT_MS = 10_000;

/**
 * E-mail over SMTP. The Message-ID is the delivery's reference, so a message sent again after a
 * crash between sending and recording carries the same id and the receiving side can tell.
 */
export function mailChannel(options: { smtpUrl: string; from: string }): DeliveryChannel {
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  return {
    async send(message) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId: message.reference,
        });
        return { providerMessageId: info.messageId ?? message.reference };
      } catch (err) {
        const responseCode = (err as { responseCode?: number }).responseCode;
        // A 5xx answer is the server's final word on this message; anything else (no connection, 4xx) may pass later.
        if (typeof responseCode === 'number' && responseCode >= 500) throw new DeliveryRefused(`SMTP ${responseCode}: ${(err as Error).message}`);
        throw err;
      }
    },
    async close() {
      transport.close();
    },
  };
}
