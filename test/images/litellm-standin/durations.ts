/**
 * Key durations as LiteLLM 1.77.3 turns them into an expiry (from the 1.77.3 source:
 * litellm/litellm_core_utils/duration_parser.py, called by common_utils/timezone_utils.get_budget_reset_time).
 * `/key/generate` aligns to the calendar (FACTS.md: "`1d` ends at the next midnight UTC, `7d` next Monday,
 * `30d` the 1st of next month; an unknown unit (`1w`) ends at the next midnight"): other day counts are
 * midnight today + N days, hours/minutes/seconds go to the next multiple of N on the clock, `1mo` is the 1st
 * of next month and any other `Nmo` raises; `0d` (and 0 of any clock unit) is "now", an already expired key.
 * `/key/update` does not align: it adds duration_in_seconds() to now (`w` = 7 days, `mo` = a calendar month).
 * The stand-in runs in UTC, the default `timezone` setting.
 */

export class DurationError extends Error {}

const day = 86_400_000;

function midnight(t: Date): number {
  return Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
}

function firstOfNextMonth(t: Date): Date {
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1));
}

/** The next multiple of `value` of a clock unit (hour 24, minute 60, second 60), rolled over as Python does. */
function clockReset(now: Date, value: number, unit: 'h' | 'm' | 's'): Date {
  if (value === 0) return now;
  const base = midnight(now);
  const h = now.getUTCHours();
  const m = now.getUTCMinutes();
  const s = now.getUTCSeconds();
  const next = (current: number) => (current % value !== 0 ? current + value - (current % value) : current + value);
  if (unit === 'h') {
    const hour = next(h);
    return hour >= 24 ? new Date(base + day + (hour % 24) * 3_600_000) : new Date(base + hour * 3_600_000);
  }
  let hour = h;
  let minute = m;
  let second = 0;
  if (unit === 'm') {
    minute = next(m);
  } else {
    second = next(s);
    minute = m + Math.floor(second / 60);
    second %= 60;
  }
  hour += Math.floor(minute / 60);
  minute %= 60;
  const offset = (hour % 24) * 3_600_000 + minute * 60_000 + second * 1000;
  return new Date((hour >= 24 ? base + day : base) + offset);
}

/** get_next_standardized_reset_time(duration, now, "UTC"). */
export function nextReset(duration: string, now: Date = new Date()): Date {
  const match = /^(\d+)([a-z]+)/.exec(duration);
  if (!match) return new Date(midnight(now) + day);
  const value = Number(match[1]);
  const unit = match[2]!;
  switch (unit) {
    case 'd':
      if (value === 0) return now;
      if (value === 1) return new Date(midnight(now) + day);
      if (value === 7) {
        const untilMonday = (7 - ((now.getUTCDay() + 6) % 7)) % 7 || 7;
        return new Date(midnight(now) + untilMonday * day);
      }
      if (value === 30) return firstOfNextMonth(now);
      return new Date(midnight(now) + value * day);
    case 'h':
    case 'm':
    case 's':
      return clockReset(now, value, unit);
    case 'mo':
      if (value !== 1) throw new DurationError('Monthly resets currently only support 1 month intervals');
      return firstOfNextMonth(now);
    default:
      return new Date(midnight(now) + day);
  }
}

/** duration_in_seconds(duration), for /key/update. */
export function durationSeconds(duration: string, now: Date = new Date()): number {
  const match = /^(\d+)(mo|[smhdw]?)/.exec(duration);
  if (!match) throw new DurationError('Invalid duration format');
  const value = Number(match[1]);
  const factor: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
  const unit = match[2]!;
  if (unit in factor) return value * factor[unit]!;
  if (unit === 'mo') {
    // Python's version: same day and time `value` months on (December rolls to January only).
    const month = now.getUTCMonth() === 11 ? 12 : now.getUTCMonth() + value;
    const target = new Date(Date.UTC(now.getUTCFullYear(), month, 1));
    const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    target.setUTCDate(Math.min(now.getUTCDate(), lastDay));
    target.setUTCHours(now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds());
    return Math.floor((target.getTime() - now.getTime()) / 1000);
  }
  throw new DurationError(`Unsupported duration unit, passed duration: ${duration}`);
}
