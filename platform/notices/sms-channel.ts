import { DeliveryRefused, type DeliveryChannel } from './channels.js';

const SMS_TIMEOUT_MS = 10_000;

/**
 * SMS through an HTTP gateway: POST {to, text} as JSON, any 2xx is accepted. The delivery's
 * reference goes along as Idempotency-Key, for gateways that drop a repeat.
 */
export function smsChannel(options: { gatewayUrl: string; timeoutMs?: number }): DeliveryChannel {
  return {
    async send(message) {
      const response = await fetch(options.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': message.reference },
        body: JSON.stringify({ to: message.to, text: message.text }),
        signal: AbortSignal.timeout(options.timeoutMs ?? SMS_TIMEOUT_MS),
      });
      const answer = await response.text();
      if (response.ok) return { providerMessageId: providerIdOf(answer) };
      // A 4xx says this request will never pass (too many requests aside); 5xx and 429 may pass later.
      const text = `SMS gateway answered ${response.status}`;
      if (response.status >= 400 && response.status < 500 && response.status !== 429) throw new DeliveryRefused(text);
      throw new Error(text);
    },
    async close() {},
  };
}

/** The gateway's id for the message when its answer gives one ({"id": …} or {"messageId": …}). */
function providerIdOf(answer: string): string | null {
  try {
    const parsed = JSON.parse(answer) as { id?: unknown; messageId?: unknown };
    const id = parsed.messageId ?? parsed.id;
    return typeof id === 'string' || typeof id === 'number' ? String(id).slice(0, 200) : null;
  } catch {
    return null;
  }
}
