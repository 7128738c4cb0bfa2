/** The vendor's per-endpoint rate limits (requests per second and per minute), sliding windows on the sim clock. */
import { MINUTE, SECOND, SimClock } from './clock';

export interface RateLimit {
	perSecond: number;
	perMinute: number;
}

/** From the vendor document (api-notes table). */
export const LIMITS = {
	orderGet: { perSecond: 10, perMinute: 500 },
	acknowledge: { perSecond: 15, perMinute: 1000 },
	singleShipment: { perSecond: 15, perMinute: 300 },
	inventoryGet: { perSecond: 15, perMinute: 300 },
	inventorySingleItem: { perSecond: 5, perMinute: 300 },
	invoice: { perSecond: 15, perMinute: 1000 },
	packingSlip: { perSecond: 15, perMinute: 300 },
} satisfies Record<string, RateLimit>;

export class RateLimiter {
	private readonly hits = new Map<string, number[]>();

	constructor(
		private readonly clock: SimClock,
		public enabled: boolean,
	) {}

	/** Counts the request and says whether it is within the limits (rejected requests do not count). */
	take(key: string, limit: RateLimit): boolean {
		if (!this.enabled) return true;
		const now = this.clock.now();
		const hits = (this.hits.get(key) ?? []).filter((t) => now - t < MINUTE);
		const lastSecond = hits.filter((t) => now - t < SECOND).length;
		this.hits.set(key, hits);
		if (lastSecond >= limit.perSecond || hits.length >= limit.perMinute) return false;
		hits.push(now);
		return true;
	}
}
