import { warmUp } from '../../../tools/bench/warmUp';

function sequence(ms: number[]) {
  let k = 0;
  return { run: async () => ms[Math.min(k++, ms.length - 1)], calls: () => k };
}

describe('bench warm-up', () => {
  it("keeps Chromium's tier-up plateau out of the timed runs", async () => {
    // Measured in Chromium with the demo model: a plateau near 1 s before the optimised code arrives.
    const s = sequence([2361, 942, 1052, 1029, 322, 250, 251, 249]);
    expect(await warmUp(s.run)).toEqual({ firstRunMs: 2361, warmupRuns: 7 });
  });

  it('a fast steady backend stops at maxRuns, a slow one once past minMs and steady', async () => {
    expect(await warmUp(sequence([88, 84, 85]).run)).toEqual({ firstRunMs: 88, warmupRuns: 12 });
    expect(await warmUp(sequence([560, 480, 470]).run, { minMs: 1000 })).toEqual({ firstRunMs: 560, warmupRuns: 2 });
  });

  it('stops after maxRuns when the speed never settles', async () => {
    expect(await warmUp(sequence([100, 3000, 100, 3000]).run, { maxRuns: 4 })).toEqual({ firstRunMs: 100, warmupRuns: 4 });
  });
});
