import { concatBatches, runOneByOne, type ModelSession } from '../../../extension/src/runtime/sessionCore';

/** A session that answers logits [b, 2] = (index of the first input value, batch size) and maps from the input. */
function fakeSession(calls: number[][]): ModelSession {
  return {
    inputNames: ['input'],
    outputNames: ['logits', 'cam', 'attention'],
    async run(data, dims) {
      calls.push([...dims]);
      const n = dims[0];
      const per = data.length / n;
      const logits = new Float32Array(n * 2);
      const cam = new Float32Array(n * 2 * 4);
      const attention = new Float32Array(n * 4);
      for (let b = 0; b < n; b++) {
        logits[2 * b] = data[b * per];
        logits[2 * b + 1] = n;
        cam.fill(data[b * per], b * 8, b * 8 + 8);
        attention.fill(-data[b * per], b * 4, b * 4 + 4);
      }
      return { logits: { data: logits, dims: [n, 2] }, cam: { data: cam, dims: [n, 2, 2, 2] }, attention: { data: attention, dims: [n, 1, 2, 2] } };
    },
    release: async () => undefined,
  };
}

describe('slice-by-slice runs for sessions with the batch dimension pinned to 1 (WebNN)', () => {
  it('runs each slice alone and joins the outputs in order along the batch dimension', async () => {
    const calls: number[][] = [];
    const per = 3 * 4 * 4;
    const data = new Float32Array(3 * per);
    [10, 20, 30].forEach((v, b) => data.fill(v, b * per, (b + 1) * per));
    const out = await runOneByOne(fakeSession(calls), data, [3, 3, 4, 4]);
    expect(calls).toEqual([[1, 3, 4, 4], [1, 3, 4, 4], [1, 3, 4, 4]]);
    expect(out.logits.dims).toEqual([3, 2]);
    expect(Array.from(out.logits.data)).toEqual([10, 1, 20, 1, 30, 1]);
    expect(out.cam!.dims).toEqual([3, 2, 2, 2]);
    expect(Array.from(out.cam!.data.subarray(8, 16))).toEqual(new Array(8).fill(20));
    expect(out.attention!.dims).toEqual([3, 1, 2, 2]);
    expect(out.attention!.data[11]).toBe(-30);
  });

  it('drops a map that one part lacks and passes a single part through', () => {
    const a = { logits: { data: new Float32Array([1, 2]), dims: [1, 2] }, cam: { data: new Float32Array(8), dims: [1, 2, 2, 2] } };
    const b = { logits: { data: new Float32Array([3, 4]), dims: [1, 2] } };
    const joined = concatBatches([a, b]);
    expect(joined.cam).toBeUndefined();
    expect(Array.from(joined.logits.data)).toEqual([1, 2, 3, 4]);
    expect(concatBatches([a])).toBe(a);
  });
});
