/**
 * A test clock for code that reads the time through Date (the nodes, n8n's `$now`, the simulator's default clock):
 * Date is faked and moves only when the test moves it (jest.setSystemTime), while timers stay real, so that HTTP,
 * sleeps and n8n's engine run as usual. A test whose outcome depends on what time it is then gets the same answer
 * on a busy machine as on an idle one. Undo with jest.useRealTimers() (e.g. in afterEach).
 */
const REAL_TIMERS = [
	'hrtime',
	'nextTick',
	'performance',
	'queueMicrotask',
	'requestAnimationFrame',
	'cancelAnimationFrame',
	'requestIdleCallback',
	'cancelIdleCallback',
	'setImmediate',
	'clearImmediate',
	'setInterval',
	'clearInterval',
	'setTimeout',
	'clearTimeout',
] as const;

/** Fakes Date only, frozen at `now` (default: the real time now). */
export function fakeDate(now: number = Date.now()): void {
	jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now });
}
