// The adapters' settings: which outside systems get real calls, the secret that signs them and
// how long a call may take. Read once at worker start, so a bad setting stops the worker at once.
import type { AdapterConfig } from '../../activities/adapters/outbox.js';
import type { OutboxChannel } from '../../db/schema/index.js';
import { setting, type SettingName } from '../config.js';

const urlSettings: Record<OutboxChannel, SettingName> = {
  sms: 'SMS_GATEWAY_URL',
  supervision: 'SUPERVISION_PLATFORM_URL',
  credit: 'CREDIT_PLATFORM_URL',
  licence: 'ELICENCE_URL',
  approval: 'APPROVAL_PLATFORM_URL',
};

/** The adapters' configuration from the environment; throws on a setting that cannot work. */
export function adapterConfig(env: NodeJS.ProcessEnv = process.env): AdapterConfig {
  const urls: AdapterConfig['urls'] = {};
  for (const [channel, name] of Object.entries(urlSettings) as [OutboxChannel, SettingName][]) {
    const value = setting(name, env);
    if (value === undefined) continue;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new Error(`${name} must be an http(s) URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`${name} must be an http(s) URL, got ${parsed.protocol}`);
    urls[channel] = value;
  }
  const signingSecret = setting('ADAPTER_SIGNING_SECRET', env);
  const configured = Object.keys(urls).map((channel) => urlSettings[channel as OutboxChannel]);
  if (configured.length > 0 && !signingSecret) {
    throw new Error(`ADAPTER_SIGNING_SECRET must be set when an adapter URL is set (${configured.join(', ')}): every outbound call is signed with it.`);
  }
  const timeoutMs = Number(setting('ADAPTER_TIMEOUT_MS', env));
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error(`ADAPTER_TIMEOUT_MS must be a positive whole number of milliseconds, got ${JSON.stringify(setting('ADAPTER_TIMEOUT_MS', env))}`);
  return { urls, signingSecret, timeoutMs };
}
