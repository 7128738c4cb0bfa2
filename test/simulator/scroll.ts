/**
 * Scrolled result sets (GET /order/page, change logs). As documented: the scrollId does not change between
 * pages, an empty page ends the scroll, and a scroll unused for five minutes is gone (→ 404).
 */
import { randomUUID } from 'node:crypto';
import { MINUTE, SimClock } from './clock';

export const SCROLL_TTL_MS = 5 * MINUTE;

interface Scroll {
	items: unknown[];
	meta: unknown;
	offset: number;
	pageSize: number;
	lastUsed: number;
}

export interface Page<T, M = unknown> {
	items: T[];
	/** Whatever the first query attached (e.g. the change log's PROCESSING / COMPLETED). */
	meta?: M;
	/** Present when the results did not fit in one page. */
	scrollId?: string;
}

export class ScrollStore {
	private readonly scrolls = new Map<string, Scroll>();

	constructor(private readonly clock: SimClock) {}

	/** First page of a result set; a scroll is kept only when there is more than one page. */
	start<T, M = unknown>(items: T[], pageSize: number, meta?: M): Page<T, M> {
		if (items.length <= pageSize) return { items, meta };
		const scrollId = randomUUID();
		this.scrolls.set(scrollId, {
			items,
			meta,
			offset: pageSize,
			pageSize,
			lastUsed: this.clock.now(),
		});
		return { items: items.slice(0, pageSize), scrollId, meta };
	}

	/** Next page, or undefined when the scroll is unknown or expired. */
	next<T, M = unknown>(scrollId: string): Page<T, M> | undefined {
		this.expire();
		const scroll = this.scrolls.get(scrollId);
		if (!scroll) return undefined;
		scroll.lastUsed = this.clock.now();
		const items = scroll.items.slice(scroll.offset, scroll.offset + scroll.pageSize) as T[];
		scroll.offset += items.length;
		return { items, scrollId, meta: scroll.meta as M };
	}

	private expire(): void {
		const now = this.clock.now();
		for (const [id, scroll] of this.scrolls)
			if (now - scroll.lastUsed >= SCROLL_TTL_MS) this.scrolls.delete(id);
	}
}
