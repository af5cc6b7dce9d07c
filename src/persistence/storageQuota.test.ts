import { describe, expect, it } from 'vitest';
import { requestPersistentStorage, storageEstimate } from './storageQuota';

describe('storage quota helpers', () => {
  it('asks for persistence only when not yet granted', async () => {
    let asked = 0;
    const persist = () => {
      asked++;
      return Promise.resolve(false);
    };
    expect(await requestPersistentStorage({ persisted: () => Promise.resolve(true), persist })).toBe(true);
    expect(asked).toBe(0);
    expect(await requestPersistentStorage({ persisted: () => Promise.resolve(false), persist })).toBe(false);
    expect(asked).toBe(1);
  });

  it('reports usage, and null where the API is missing or fails', async () => {
    expect(await storageEstimate({ estimate: () => Promise.resolve({ usage: 25, quota: 100 }) })).toEqual({ usageBytes: 25, quotaBytes: 100, fraction: 0.25 });
    expect(await storageEstimate({ estimate: () => Promise.resolve({}) })).toEqual({ usageBytes: 0, quotaBytes: 0, fraction: null });
    expect(await storageEstimate({ estimate: () => Promise.reject(new Error('denied')) })).toBeNull();
    expect(await storageEstimate(undefined)).toBeNull();
    expect(await requestPersistentStorage({})).toBeNull();
    expect(await requestPersistentStorage({ persist: () => Promise.reject(new Error('x')) })).toBeNull();
  });
});
