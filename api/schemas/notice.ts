import { Type } from 'typebox';
import { LocalizedText } from './common.js';

const Instant = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const NoticeDelivery = Type.Object({
  channel: Type.Union([Type.Literal('email'), Type.Literal('sms')]),
  recipientKind: Type.Union([Type.Literal('citizen'), Type.Literal('staff')]),
  recipient: Type.Union([Type.String(), Type.Null()], { description: 'the address, masked (h***@example.org, +2126****5678); null when none is on record' }),
  language: Type.String({ description: 'fr, ar or en' }),
  state: Type.Union(['pending', 'sending', 'sent', 'failed', 'not_sent'].map((s) => Type.Literal(s)), {
    description: 'pending (waiting for its next attempt), sending, sent, failed (no attempt left) or not_sent (no channel or no address)',
  }),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'why the last attempt failed or why it is not sent' }),
  sentAt: Instant,
  nextAttemptAt: Instant,
});

export const CaseNotices = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      eventSeq: Type.Integer(),
      audience: Type.String({ description: 'citizen, handler, head_of_service or manager' }),
      kind: Type.String({ description: 'the event that caused it' }),
      message: LocalizedText,
      createdAt: Type.String({ format: 'date-time' }),
      deliveries: Type.Array(NoticeDelivery),
    }),
  ),
});
