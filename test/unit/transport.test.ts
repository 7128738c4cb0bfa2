import {
	backoffDelayMs,
	failureIsNotProcessed,
	parseRetryAfterMs,
} from '../../nodes/Dsco/transport/backoff';
import { resolveBaseUrl } from '../../nodes/Dsco/transport/baseUrl';
import {
	EntryTooLargeError,
	MAX_BATCH_BYTES,
	splitIntoBatches,
} from '../../nodes/Dsco/transport/batching';
import { documentedLimit } from '../../nodes/Dsco/transport/pacing';
import { computeSla } from '../../nodes/Dsco/helpers/sla';
import { itemLabel, formatMessages } from '../../nodes/Dsco/transport/errors';

describe('backoff', () => {
	it('doubles the ceiling each attempt, jitters in its upper half and caps it', () => {
		expect(backoffDelayMs(0, 500, 60_000, () => 0)).toBe(250);
		expect(backoffDelayMs(0, 500, 60_000, () => 1)).toBe(500);
		expect(backoffDelayMs(3, 500, 60_000, () => 1)).toBe(4000);
		expect(backoffDelayMs(3, 500, 60_000, () => 0)).toBe(2000);
		expect(backoffDelayMs(20, 500, 60_000, () => 1)).toBe(60_000);
	});
	it('reads Retry-After as seconds or an HTTP date', () => {
		expect(parseRetryAfterMs('7')).toBe(7000);
		expect(parseRetryAfterMs('1.5')).toBe(1500);
		expect(parseRetryAfterMs(['2'])).toBe(2000);
		const now = Date.parse('2025-11-21T00:00:00Z');
		expect(parseRetryAfterMs('Fri, 21 Nov 2025 00:00:30 GMT', now)).toBe(30_000);
		expect(parseRetryAfterMs(undefined)).toBeUndefined();
		expect(parseRetryAfterMs('soon')).toBeUndefined();
	});
	it('treats only 429, 408 and refused connections as proof that a write was not processed', () => {
		expect(failureIsNotProcessed({ status: 429 })).toBe(true);
		expect(failureIsNotProcessed({ status: 408 })).toBe(true);
		expect(failureIsNotProcessed({ status: 503 })).toBe(false);
		expect(failureIsNotProcessed({ status: 500 })).toBe(false);
		expect(failureIsNotProcessed({ code: 'ECONNREFUSED' })).toBe(true);
		expect(failureIsNotProcessed({ code: 'ECONNRESET' })).toBe(false);
	});
});

describe('base URL', () => {
	it('maps environments and accepts https or loopback http for custom', () => {
		expect(resolveBaseUrl('production', '')).toBe('https://api.dsco.io/api/v3');
		expect(resolveBaseUrl('staging', '')).toBe('https://staging-api.dsco.io/api/v3');
		expect(resolveBaseUrl('custom', 'https://proxy.example.com/dsco/api/v3/')).toBe(
			'https://proxy.example.com/dsco/api/v3',
		);
		expect(resolveBaseUrl('custom', 'http://127.0.0.5:5555/api/v3')).toBe(
			'http://127.0.0.5:5555/api/v3',
		);
		expect(resolveBaseUrl('custom', 'http://localhost:1/x')).toBe('http://localhost:1/x');
		expect(resolveBaseUrl('custom', 'http://[::1]:8080/api/v3')).toBe('http://[::1]:8080/api/v3');
	});
	it('refuses http elsewhere, saying what is allowed', () => {
		expect(() => resolveBaseUrl('custom', 'http://10.0.0.1/api/v3')).toThrow(
			/must use https \(http is allowed only for loopback addresses: 127.0.0.0\/8, ::1, localhost\)/,
		);
		expect(() => resolveBaseUrl('custom', 'http://127.evil.com/api')).toThrow(/must use https/);
		expect(() => resolveBaseUrl('custom', 'not a url')).toThrow(/not a valid URL/);
		expect(() => resolveBaseUrl('moon', '')).toThrow(/Unknown DSCO environment/);
	});
});

describe('splitting into 5 MB calls', () => {
	it('makes the fewest consecutive batches, each under the limit, sizes exact', () => {
		const entries = Array.from({ length: 100 }, (_, i) => ({ i, pad: 'x'.repeat(90) }));
		const batches = splitIntoBatches(entries, 1000);
		for (const b of batches) {
			expect(b.bytes).toBe(Buffer.byteLength(JSON.stringify(b.entries)));
			expect(b.bytes).toBeLessThanOrEqual(1000);
		}
		expect(batches.flatMap((b) => b.indexes)).toEqual(entries.map((_, i) => i));
		const total = batches.reduce((a, b) => a + b.bytes, 0);
		expect(batches.length).toBeLessThanOrEqual(Math.ceil(total / 1000) + 1);
		// Greedy: no batch could have taken the next entry.
		for (let k = 0; k < batches.length - 1; k++) {
			const next = JSON.stringify(entries[batches[k + 1].indexes[0]]);
			expect(batches[k].bytes + 1 + Buffer.byteLength(next)).toBeGreaterThan(1000);
		}
	});
	it('splits 60,000 inventory-sized entries under the real 5 MB limit', () => {
		const entries = Array.from({ length: 60_000 }, (_, i) => ({
			sku: `SKU-${String(i).padStart(8, '0')}`,
			quantityAvailable: 14,
			status: 'in-stock',
			warehouses: [
				{ code: 'WH-EAST', quantity: 7 },
				{ code: 'WH-WEST', quantity: 7 },
			],
		}));
		const batches = splitIntoBatches(entries);
		const total = Buffer.byteLength(JSON.stringify(entries));
		expect(batches.length).toBe(Math.ceil(total / MAX_BATCH_BYTES));
		for (const b of batches) expect(b.bytes).toBeLessThan(MAX_BATCH_BYTES);
	});
	it('names the entry that alone exceeds the limit', () => {
		expect(() => splitIntoBatches([{ a: 1 }, { big: 'y'.repeat(2000) }], 1000)).toThrow(
			EntryTooLargeError,
		);
		try {
			splitIntoBatches([{ a: 1 }, { big: 'y'.repeat(2000) }], 1000);
		} catch (e) {
			expect((e as EntryTooLargeError).index).toBe(1);
		}
	});
});

describe('pacing', () => {
	it('has the documented limits', () => {
		expect(documentedLimit('POST', '/inventory/singleItem')).toEqual([
			{ ms: 1000, max: 5 },
			{ ms: 60_000, max: 300 },
		]);
		expect(documentedLimit('POST', '/order/acknowledge')).toEqual([
			{ ms: 1000, max: 15 },
			{ ms: 60_000, max: 1000 },
		]);
		expect(documentedLimit('POST', '/inventory/batch/small')).toBeUndefined();
	});
});

describe('SLA fields', () => {
	const now = Date.parse('2025-11-21T12:00:00Z');
	it('flags an unacknowledged order past its acknowledge-by date', () => {
		const sla = computeSla(
			{
				dscoLifecycle: 'created',
				acknowledgeByDate: '2025-11-21T06:00:00+00:00',
				shipByDate: '2025-11-23T12:00:00+00:00',
			},
			now,
		);
		expect(sla).toEqual({
			acknowledgeOverdue: true,
			hoursUntilAcknowledgeBy: -6,
			shipOverdue: false,
			hoursUntilShipBy: 48,
			cancelAfterPassed: false,
			evaluatedAt: '2025-11-21T12:00:00.000Z',
		});
	});
	it('does not flag acknowledged or completed orders', () => {
		const sla = computeSla(
			{
				dscoLifecycle: 'completed',
				dscoStatus: 'shipped',
				acknowledgeByDate: '2025-11-01T00:00:00Z',
				shipByDate: '2025-11-02T00:00:00Z',
			},
			now,
		);
		expect(sla.acknowledgeOverdue).toBe(false);
		expect(sla.shipOverdue).toBe(false);
		expect(
			computeSla(
				{
					dscoLifecycle: 'acknowledged',
					acknowledgeByDate: '2025-11-01T00:00:00Z',
					shipByDate: '2025-11-02T00:00:00Z',
				},
				now,
			),
		).toMatchObject({ acknowledgeOverdue: false, shipOverdue: true });
	});
	it('uses null when the order has no such date', () => {
		expect(computeSla({}, now)).toMatchObject({
			hoursUntilAcknowledgeBy: null,
			hoursUntilShipBy: null,
			acknowledgeOverdue: false,
		});
	});
});

describe('error text', () => {
	it('names items and formats DSCO messages', () => {
		expect(itemLabel(3)).toBe(' [item 3]');
		expect(itemLabel([4, 5, 6])).toBe(' [items 4–6]');
		expect(itemLabel([1, 5])).toBe(' [items 1, 5]');
		expect(
			formatMessages([
				{ code: 'A', severity: 'error', description: 'bad' },
				{ description: 'plain' },
			]),
		).toBe('A (error): bad; plain');
	});
});

describe('node options', () => {
	it('show the transport defaults', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { requestOptionsProperty } = require('../../nodes/Dsco/helpers/requestOptions');
		const { DEFAULT_TRANSPORT_SETTINGS } = require('../../nodes/Dsco/transport/client');
		const byName = Object.fromEntries(
			requestOptionsProperty.options.map((o: { name: string; default: number }) => [
				o.name,
				o.default,
			]),
		);
		expect(byName).toEqual({
			maxRetries: DEFAULT_TRANSPORT_SETTINGS.maxRetries,
			maxRetryWaitSeconds: DEFAULT_TRANSPORT_SETTINGS.maxRetryWaitMs / 1000,
			maxRateLimitWaitMinutes: DEFAULT_TRANSPORT_SETTINGS.maxRateLimitWaitMs / 60_000,
			timeoutSeconds: DEFAULT_TRANSPORT_SETTINGS.timeoutMs / 1000,
		});
	});
});
