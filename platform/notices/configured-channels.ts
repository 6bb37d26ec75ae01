import type { NoticeConfig } from '../config.js';
import type { DeliveryChannel } from './channels.js';
import { mailChannel } from './mail-channel.js';
import { smsChannel } from './sms-channel.js';

/** A channel, or why there is none: each delivery on it is then recorded as not sent with that reason. */
export type ConfiguredChannel = DeliveryChannel | { unavailable: string };

export function configuredChannels(config: NoticeConfig): { email: ConfiguredChannel; sms: ConfiguredChannel } {
  return {
    email: config.smtpUrl ? mailChannel({ smtpUrl: config.smtpUrl, from: config.mailFrom }) : { unavailable: 'SMTP_URL is not set' },
    sms: config.smsGatewayUrl ? smsChannel({ gatewayUrl: config.smsGatewayUrl }) : { unavailable: 'SMS_GATEWAY_URL is not set' },
  };
}
