// A shared "now" that ticks once a second while something shows elapsed time.
let now = $state(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | null = null;

export const clock = {
  get now(): number {
    return now;
  },
  /** Starts ticking for a component; call the returned function on destroy. */
  use(): () => void {
    users += 1;
    timer ??= setInterval(() => (now = Date.now()), 1000);
    return () => {
      users -= 1;
      if (users === 0 && timer) {
        clearInterval(timer);
        timer = null;
      }
    };
  },
};

/** "42 s", then "3 min": past a minute the text (and so the window)
 * changes once a minute, not every second, however many tasks wait. */
export function elapsed(fromMs: number, toMs: number): string {
  const seconds = Math.max(0, Math.round((toMs - fromMs) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min`;
}
