import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, type EmulatorOptions, startClockifyEmulator } from './index.js';
import { ALICE_KEY, BERLIN_KEY, createTestClient, SHARED_WORKSPACE, twoUserSeed } from './test-client.js';

describe('rate limits per API key', () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
  });

  /** An emulator on a clock the test moves by hand, so no assertion depends on the machine's speed. */
  async function startWithClock(rateLimit: EmulatorOptions['rateLimit']) {
    const clock = { now: Date.UTC(2026, 1, 4, 15) };
    emulator = await startClockifyEmulator({ seed: twoUserSeed, rateLimit, now: () => clock.now });
    return {
      clock,
      alice: createTestClient(emulator, ALICE_KEY),
      bernd: createTestClient(emulator, BERLIN_KEY),
    };
  }

  async function statuses(call: ReturnType<typeof createTestClient>, count: number): Promise<number[]> {
    const result: number[] = [];
    for (let i = 0; i < count; i++) result.push((await call('GET', '/user')).status);
    return result;
  }

  it('answers 429 with an empty body and no Retry-After above perSecond, then admits again a second later', async () => {
    const { clock, alice } = await startWithClock({ perSecond: 3 });
    expect(await statuses(alice, 3)).toEqual([200, 200, 200]);
    const limited = await alice('GET', '/user');
    expect(limited.status).toBe(429);
    expect(limited.text).toBe('');
    expect(limited.headers.get('retry-after')).toBeNull();
    clock.now += 999;
    expect(await statuses(alice, 1)).toEqual([429]);
    clock.now += 1;
    expect(await statuses(alice, 4)).toEqual([200, 200, 200, 429]);
  });

  it('uses a sliding window: a slot frees exactly one window after the request that took it', async () => {
    const { clock, alice } = await startWithClock({ perSecond: 2 });
    expect(await statuses(alice, 1)).toEqual([200]);
    clock.now += 600;
    expect(await statuses(alice, 2)).toEqual([200, 429]);
    clock.now += 400; // the first request has left the window, the second has not
    expect(await statuses(alice, 2)).toEqual([200, 429]);
  });

  it('limits per hour, per key, counting every authenticated request', async () => {
    const { clock, alice, bernd } = await startWithClock({ perHour: 2 });
    expect((await alice('POST', `/workspaces/${SHARED_WORKSPACE}/time-entries`, { body: {} })).status).toBe(
      400,
    );
    expect((await alice('GET', '/no-such-route')).status).toBe(404);
    expect(await statuses(alice, 1)).toEqual([429]);
    expect(await statuses(bernd, 2)).toEqual([200, 200]);
    clock.now += 59 * 60_000;
    expect(await statuses(alice, 1)).toEqual([429]);
    clock.now += 60_000;
    expect(await statuses(alice, 1)).toEqual([200]);
  });

  it('does not count requests with a missing or unknown key', async () => {
    const { alice } = await startWithClock({ perSecond: 1 });
    for (let i = 0; i < 3; i++) expect((await alice('GET', '/user', { apiKey: 'nobody' })).status).toBe(401);
    expect(await statuses(alice, 2)).toEqual([200, 429]);
  });

  it('sends Retry-After in whole seconds when asked to', async () => {
    const { clock, alice } = await startWithClock({ perHour: 1, retryAfter: true });
    expect(await statuses(alice, 1)).toEqual([200]);
    clock.now += 1000;
    const limited = await alice('GET', '/user');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3599');
  });

  it('changes limits at run time with setRateLimit', async () => {
    const { alice } = await startWithClock(undefined);
    expect(await statuses(alice, 5)).toEqual([200, 200, 200, 200, 200]);
    emulator?.setRateLimit({ perSecond: 1 });
    expect(await statuses(alice, 2)).toEqual([200, 429]);
    emulator?.setRateLimit(undefined);
    expect(await statuses(alice, 2)).toEqual([200, 200]);
    expect(() => emulator?.setRateLimit({ perSecond: 0 })).toThrow(RangeError);
  });
});
