import { formatDuration, ProgressBar } from '../../../tools/validate/progress';

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  return { sink: { isTTY, write: (c: string) => chunks.push(c) }, chunks };
}

describe('ProgressBar', () => {
  it('estimates the remaining time from timed items only (checkpoint items do not count)', () => {
    const { sink, chunks } = capture(false);
    const bar = new ProgressBar('m', 10, sink, 10);
    bar.tick('resumed-1'); // from the checkpoint: no time
    bar.tick('p2', 4);
    bar.tick('p3', 2);
    // 3 s per timed item × 7 left = 21 s.
    expect(chunks[chunks.length - 1]).toBe('m [###.......] 3/10 ETA 0:21 p3\n');
  });
  it('redraws one line in a terminal and ends it when done', () => {
    const { sink, chunks } = capture(true);
    const bar = new ProgressBar('m', 2, sink, 4);
    bar.tick('a', 1);
    bar.tick('b', 1);
    expect(chunks[0].startsWith('\r\x1b[2K')).toBe(true);
    expect(chunks[1].endsWith('ETA 0:00 b\n')).toBe(true);
  });
  it('writes about one line per 10% to a log file', () => {
    const { sink, chunks } = capture(false);
    const bar = new ProgressBar('m', 100, sink);
    for (let i = 0; i < 100; i++) bar.tick(`p${i}`, 0.1);
    expect(chunks.filter((c) => c !== '')).toHaveLength(11);
  });
});

describe('formatDuration', () => {
  it('formats m:ss and h:mm:ss, and unknown as --:--', () => {
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(NaN)).toBe('--:--');
  });
});
