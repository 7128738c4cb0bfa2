/**
 * A DSCO answer read as a stream (streamedAnswer.ts): decoded as n8n decodes a JSON answer, told once when its first
 * KiB is in, and failed (never left waiting) when it breaks off or stalls. The watchdog runs on an injected clock.
 */
import { PassThrough } from 'node:stream';

import {
	ARRIVING_AFTER_BYTES,
	BodyReadError,
	WATCHDOG_STEP_MS,
	decodeJsonBody,
	isBodyStream,
	readBody,
} from '../../nodes/Dsco/transport/streamedAnswer';

/** A clock the test moves: `sleep` resolves once the clock has passed its end. */
function manualClock() {
	let now = 0;
	let sleepers: Array<{ until: number; wake: () => void }> = [];
	return {
		now: () => now,
		sleep: (ms: number) => new Promise<void>((wake) => sleepers.push({ until: now + ms, wake })),
		sleeping: () => sleepers.length,
		async advance(ms: number) {
			now += ms;
			const due = sleepers.filter((s) => s.until <= now);
			sleepers = sleepers.filter((s) => s.until > now);
			for (const s of due) s.wake();
			// Let the woken watchdog look and go back to sleep.
			for (let i = 0; i < 5; i++) await Promise.resolve();
		},
	};
}

const TIMEOUT = 10 * WATCHDOG_STEP_MS;

describe('readBody', () => {
	it('decodes UTF-8 split across chunks (a name like Müller cut in the middle of its ü) and drops a byte order mark', async () => {
		const clock = manualClock();
		const stream = new PassThrough();
		const read = readBody(stream, { idleTimeoutMs: TIMEOUT, now: clock.now, sleep: clock.sleep });
		const bytes = Buffer.from('\ufeff{"name":"Müller"}', 'utf8');
		const cut = bytes.indexOf(0xc3) + 1; // between the two bytes of ü
		stream.write(bytes.subarray(0, cut));
		stream.end(bytes.subarray(cut));
		const text = await read;
		expect(text).toBe('{"name":"Müller"}');
		expect(decodeJsonBody(text).body).toEqual({ name: 'Müller' });
	});

	it('tells once, when the first KiB is in, and never for a shorter body', async () => {
		const clock = manualClock();
		const long = new PassThrough();
		const told: number[] = [];
		let received = 0;
		const read = readBody(long, {
			idleTimeoutMs: TIMEOUT,
			now: clock.now,
			sleep: clock.sleep,
			onArriving: () => told.push(received),
		});
		for (const size of [600, 600, 600]) {
			received += size;
			long.write(Buffer.alloc(size, 0x20));
		}
		long.end();
		expect((await read).length).toBe(1800);
		// Told after the chunk that made it 1 KiB (1,200 bytes), not after the first, and only once.
		expect(told).toEqual([1200]);
		expect(ARRIVING_AFTER_BYTES).toBe(1024);

		const short = new PassThrough();
		let shortTold = 0;
		const shortRead = readBody(short, {
			idleTimeoutMs: TIMEOUT,
			now: clock.now,
			sleep: clock.sleep,
			onArriving: () => shortTold++,
		});
		short.end('{"orders":[],"scrollId":"S"}');
		expect(await shortRead).toBe('{"orders":[],"scrollId":"S"}');
		expect(shortTold).toBe(0);
	});

	it('fails with ETIMEDOUT when no byte comes for the timeout, counted from the last byte, and destroys the stream', async () => {
		const clock = manualClock();
		const stream = new PassThrough();
		const read = readBody(stream, { idleTimeoutMs: TIMEOUT, now: clock.now, sleep: clock.sleep });
		let failure: unknown;
		read.catch((error) => (failure = error));
		stream.write('{"orders":[');
		await clock.advance(TIMEOUT - WATCHDOG_STEP_MS);
		// Bytes keep coming: the wait starts again from the last one.
		stream.write('{"dscoOrderId":"1"}');
		await clock.advance(TIMEOUT - WATCHDOG_STEP_MS);
		expect(failure).toBeUndefined();
		expect(stream.destroyed).toBe(false);
		await clock.advance(WATCHDOG_STEP_MS);
		expect(failure).toBeInstanceOf(BodyReadError);
		expect((failure as BodyReadError).code).toBe('ETIMEDOUT');
		expect((failure as Error).message).toMatch(/no byte of its answer for \d+ s after 30 bytes/);
		expect(stream.destroyed).toBe(true);
		// The watchdog stops with the read.
		await clock.advance(WATCHDOG_STEP_MS);
		expect(clock.sleeping()).toBe(0);
	});

	it('fails with ECONNRESET when the body breaks off (an error, or a close without its end), whatever the stream called it', async () => {
		const clock = manualClock();
		const broken = new PassThrough();
		const read = readBody(broken, { idleTimeoutMs: TIMEOUT, now: clock.now, sleep: clock.sleep });
		broken.write('{"orders":[{"dscoOrderId"');
		broken.destroy(Object.assign(new Error('aborted'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
		await expect(read).rejects.toMatchObject({
			code: 'ECONNRESET',
			message: expect.stringContaining('broke off after 25 bytes (ERR_STREAM_PREMATURE_CLOSE)'),
		});

		const closed = new PassThrough();
		const closedRead = readBody(closed, {
			idleTimeoutMs: TIMEOUT,
			now: clock.now,
			sleep: clock.sleep,
		});
		closed.write('{"orders":[');
		closed.destroy();
		await expect(closedRead).rejects.toMatchObject({ code: 'ECONNRESET' });
		// Once settled, the watchdog ends at its next look.
		await clock.advance(WATCHDOG_STEP_MS);
		expect(clock.sleeping()).toBe(0);
	});
});

describe('decodeJsonBody', () => {
	it('decodes as n8n does for a JSON call: JSON when it parses, else the text, and an empty body as an empty string', () => {
		expect(decodeJsonBody('{"a":[1,2]}')).toEqual({ body: { a: [1, 2] }, text: '{"a":[1,2]}' });
		expect(decodeJsonBody('<html>Service down</html>').body).toBe('<html>Service down</html>');
		expect(decodeJsonBody('').body).toBe('');
		expect(decodeJsonBody('\ufeff[]').body).toEqual([]);
	});
});

describe('isBodyStream', () => {
	it('tells a stream from an answer n8n already decoded', () => {
		expect(isBodyStream(new PassThrough())).toBe(true);
		expect(isBodyStream({ orders: [] })).toBe(false);
		expect(isBodyStream('text')).toBe(false);
		expect(isBodyStream(Buffer.from('{}'))).toBe(false);
		expect(isBodyStream(null)).toBe(false);
	});
});
