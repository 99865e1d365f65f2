// The adapters' settings: nothing configured records only; a URL needs the signing secret, so a
// worker with half a configuration stops at start instead of sending unsigned calls.
import { describe, expect, it } from 'vitest';
import { adapterConfig } from '../../scripts/lib/adapter-config.js';

describe('adapterConfig', () => {
  it('records only by default, with a 10 s timeout', () => {
    expect(adapterConfig({})).toEqual({ urls: {}, signingSecret: undefined, timeoutMs: 10_000 });
  });

  it('maps each URL setting to its channel', () => {
    const config = adapterConfig({
      SMS_GATEWAY_URL: 'https://sms.example/send',
      SUPERVISION_PLATFORM_URL: 'https://jg.example/hook',
      CREDIT_PLATFORM_URL: 'https://credit.example/hook',
      ELICENCE_URL: 'https://licence.example/check',
      APPROVAL_PLATFORM_URL: 'http://approval.internal/hook',
      ADAPTER_SIGNING_SECRET: 's3cret',
      ADAPTER_TIMEOUT_MS: '2500',
    });
    expect(config).toEqual({
      urls: {
        sms: 'https://sms.example/send',
        supervision: 'https://jg.example/hook',
        credit: 'https://credit.example/hook',
        licence: 'https://licence.example/check',
        approval: 'http://approval.internal/hook',
      },
      signingSecret: 's3cret',
      timeoutMs: 2500,
    });
  });

  it('refuses a URL without the signing secret, naming what is set', () => {
    expect(() => adapterConfig({ CREDIT_PLATFORM_URL: 'https://credit.example/hook' })).toThrow(/ADAPTER_SIGNING_SECRET must be set .*CREDIT_PLATFORM_URL/);
  });

  it('refuses a URL that is not http(s) and a timeout that is not a positive number', () => {
    expect(() => adapterConfig({ SMS_GATEWAY_URL: 'sms.example', ADAPTER_SIGNING_SECRET: 's' })).toThrow(/SMS_GATEWAY_URL must be an http\(s\) URL/);
    expect(() => adapterConfig({ SMS_GATEWAY_URL: 'ftp://sms.example', ADAPTER_SIGNING_SECRET: 's' })).toThrow(/SMS_GATEWAY_URL must be an http\(s\) URL/);
    expect(() => adapterConfig({ ADAPTER_TIMEOUT_MS: '0' })).toThrow(/ADAPTER_TIMEOUT_MS must be a positive/);
  });
});
