/** A message one channel carries; `reference` is stable per delivery, so a resend is recognisable. */
export interface OutgoingMessage {
  reference: string;
  to: string;
  subject: string;
  text: string;
}

/** What a channel does with a message. Throws DeliveryRefused for a refusal retrying cannot change, any other error to be retried. */
export interface DeliveryChannel {
  send(message: OutgoingMessage): Promise<{ providerMessageId: string | null }>;
  close(): Promise<void>;
}

/** The provider refused this message for good (a rejected address, a malformed request): no retry. */
export class DeliveryRefused extends Error {
  override name = 'DeliveryRefused';
}
