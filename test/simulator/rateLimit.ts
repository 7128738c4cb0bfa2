/** The vendor's per-endpoint rate limits (requests per second, minute or hour), sliding windows on the sim clock. */
import { HOUR, MINUTE, SECOND, SimClock } from './clock';

export interface RateLimit {
	perSecond: number;
	perMinute: number;
	perHour?: number;
}

/** From the vendor document (api-notes table); the catalog read is the only one counted per hour. */
export const LIMITS = {
	orderGet: { perSecond: 10, perMinute: 500 },
	acknowledge: { perSecond: 15, perMinute: 1000 },
	singleShipment: { perSecond: 15, perMinute: 300 },
	inventoryGet: { perSecond: 15, perMinute: 300 },
	inventorySingleItem: { perSecond: 5, perMinute: 300 },
	invoice: { perSecond: 15, perMinute: 1000 },
	packingSlip: { perSecond: 15, perMinute: 300 },
	/** getCatalogById: "10 times per second, or up to 10000 times per hour" (the minute allows what 10/s allows). */
	catalogGet: { perSecond: 10, perMinute: 600, perHour: 10000 },
} satisfies Record<string, RateLimit>;

export class RateLimiter {
	/** Accepted request times per endpoint, oldest first. */
	private readonly hits = new Map<string, number[]>();

	constructor(
		private readonly clock: SimClock,
		public enabled: boolean,
	) {}

	/** Counts the request and says whether it is within the limits (rejected requests do not count). */
	take(key: string, limit: RateLimit): boolean {
		if (!this.enabled) return true;
		const now = this.clock.now();
		const span = limit.perHour !== undefined ? HOUR : MINUTE;
		const hits = this.hits.get(key) ?? [];
		let expired = 0;
		while (expired < hits.length && now - hits[expired] >= span) expired++;
		if (expired > 0) hits.splice(0, expired);
		this.hits.set(key, hits);
		const within = (windowMs: number) => {
			let count = 0;
			for (let i = hits.length - 1; i >= 0 && now - hits[i] < windowMs; i--) count++;
			return count;
		};
		if (within(SECOND) >= limit.perSecond) return false;
		if (within(MINUTE) >= limit.perMinute) return false;
		if (limit.perHour !== undefined && hits.length >= limit.perHour) return false;
		hits.push(now);
		return true;
	}
}
