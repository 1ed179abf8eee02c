// Date formatting that gives the same text on the server and in the browser (otherwise React's
// hydration fails whenever the server's time zone differs from the user's). Reviews happen in China.
const DATE_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** "2026/11/23 20:15:48" in China Standard Time. */
export function formatDateTime(value: Date | string | number): string {
  return DATE_TIME.format(new Date(value));
}

const YEAR = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' });

/** The calendar year in China now (form defaults): the same on the server and in the browser. */
export function currentYear(now: Date = new Date()): number {
  return Number(YEAR.format(now));
}

/** Whole percent done, rounded down (99.6 % is not yet 100 %): the progress board and the home page. */
export function progressPercent(done: number, of: number): number {
  return of === 0 ? 0 : Math.floor((done * 100) / of);
}

const TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** "20:15:48" in China Standard Time (the scoring page's 已保存 hh:mm:ss). */
export function formatTime(value: Date | string | number): string {
  return TIME.format(new Date(value));
}

/** "09:45" in China Standard Time (planned start times in the 答辩安排): formatTime without seconds. */
export function formatHourMinute(value: Date | string | number): string {
  return formatTime(value).slice(0, 5);
}

/** "2026/12/04 23:59" in China Standard Time (a big-screen link's expiry): formatDateTime without seconds. */
export function formatDateMinute(value: Date | string | number): string {
  return formatDateTime(value).slice(0, 16);
}
