/**
 * A virtual clock for tests of timing logic: `sleep` resolves when `run` moves time to its instant, never by the wall
 * clock. Between two instants every pending promise callback runs (one macrotask turn drains the microtasks).
 */
export class VirtualClock {
	private current: number;
	private readonly timers: Array<{ at: number; seq: number; wake: () => void }> = [];
	private seq = 0;

	constructor(start = 0) {
		this.current = start;
	}

	readonly now = (): number => this.current;

	readonly sleep = (ms: number): Promise<void> =>
		new Promise((resolve) => {
			const timer = { at: this.current + Math.max(0, ms), seq: this.seq++, wake: resolve };
			let k = this.timers.length;
			while (
				k > 0 &&
				(this.timers[k - 1].at > timer.at ||
					(this.timers[k - 1].at === timer.at && this.timers[k - 1].seq > timer.seq))
			)
				k--;
			this.timers.splice(k, 0, timer);
		});

	/** Lets every pending callback run at the current instant. */
	async settle(): Promise<void> {
		await new Promise<void>((resolve) => setImmediate(resolve));
	}

	/** Moves time forward timer by timer until `done` holds or nothing is left to wake; throws past `limitMs`. */
	async run(done: () => boolean, limitMs = Infinity): Promise<void> {
		for (;;) {
			await this.settle();
			if (done()) return;
			const next = this.timers.shift();
			if (!next) return;
			if (next.at > limitMs) throw new Error(`virtual clock passed ${limitMs} ms`);
			this.current = next.at;
			next.wake();
		}
	}
}
