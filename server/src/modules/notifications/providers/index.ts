import { createAliyunProvider } from './aliyun.ts';
import { createLogProvider, type LogProvider, type MessageLogger } from './log.ts';
import { createTencentProvider } from './tencent.ts';
import type { MessageProvider } from './types.ts';

export type { AliyunOptions } from './aliyun.ts';
export type { LoggedMessage, LogProvider, MessageLogger } from './log.ts';
export type { RetryOptions, RetryResult } from './retry.ts';
export { sendWithRetry } from './retry.ts';
export type { TencentOptions } from './tencent.ts';
export type { Channel, MessageProvider, OutgoingMessage, SendOutcome } from './types.ts';

export type ProviderName = MessageProvider['name'];

/**
 * What configuration hands over. Credentials are optional in the type because they come from the
 * environment; createProvider says which one is missing for the provider chosen.
 */
export interface ProviderSettings {
  provider: ProviderName;
  /** Where the log provider writes. */
  logger: MessageLogger;
  /** How many messages the log provider keeps for the development page. Default 200. */
  logCapacity?: number;
  timeoutMs?: number;
  aliyun?: {
    accessKeyId?: string;
    accessKeySecret?: string;
    signName?: string;
    endpoint?: string;
    voiceEndpoint?: string;
    calledShowNumber?: string;
  };
  tencent?: {
    secretId?: string;
    secretKey?: string;
    smsSdkAppId?: string;
    signName?: string;
    voiceSdkAppId?: string;
    region?: string;
    endpoint?: string;
    voiceEndpoint?: string;
  };
}

function required<T extends object, K extends keyof T & string>(section: T | undefined, prefix: string, keys: K[]) {
  for (const key of keys) {
    const value = section?.[key];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new Error(`SMS provider '${prefix}' needs the setting ${prefix}.${key}, which is empty`);
    }
  }
  return section as T & Record<K, string>;
}

export function createProvider(settings: ProviderSettings & { provider: 'log' }): LogProvider;
export function createProvider(settings: ProviderSettings): MessageProvider;
export function createProvider(settings: ProviderSettings): MessageProvider {
  switch (settings.provider) {
    case 'log':
      return createLogProvider({ logger: settings.logger, capacity: settings.logCapacity });
    case 'aliyun': {
      const a = required(settings.aliyun, 'aliyun', ['accessKeyId', 'accessKeySecret', 'signName']);
      return createAliyunProvider({ ...a, timeoutMs: settings.timeoutMs });
    }
    case 'tencent': {
      const t = required(settings.tencent, 'tencent', ['secretId', 'secretKey', 'smsSdkAppId', 'signName']);
      return createTencentProvider({ ...t, timeoutMs: settings.timeoutMs });
    }
    default:
      throw new Error(`Unknown SMS provider '${String(settings.provider)}': use log, aliyun or tencent`);
  }
}

/** Whether the provider keeps messages in memory for the development page. */
export function isLogProvider(provider: MessageProvider): provider is LogProvider {
  return provider.name === 'log' && 'recent' in provider;
}
