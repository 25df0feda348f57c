/** A one-line progress bar with ETA on stderr (redrawn in a TTY, one line per ~10% otherwise). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (v: number) => String(v).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

export interface ProgressSink {
  isTTY?: boolean;
  write(chunk: string): unknown;
}

export class ProgressBar {
  private done = 0;
  private timed = 0;
  private timedSeconds = 0;
  private lastDecile = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly sink: ProgressSink = process.stderr,
    private readonly width = 28,
  ) {}

  /** `seconds` = time this item took; omit for items taken from the checkpoint, which must not skew the ETA. */
  tick(item: string, seconds?: number): void {
    this.done++;
    if (seconds !== undefined) {
      this.timed++;
      this.timedSeconds += seconds;
    }
    this.sink.write(this.line(item));
  }

  line(item: string): string {
    const frac = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(frac * this.width);
    const perItem = this.timed ? this.timedSeconds / this.timed : NaN;
    const eta = formatDuration(perItem * (this.total - this.done));
    const text = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${this.done}/${this.total} ETA ${eta} ${item}`;
    if (this.sink.isTTY) return `\r\x1b[2K${text}${this.done === this.total ? '\n' : ''}`;
    const decile = Math.floor(frac * 10);
    if (decile === this.lastDecile && this.done !== this.total) return '';
    this.lastDecile = decile;
    return `${text}\n`;
  }
}
