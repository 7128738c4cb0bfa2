/**
 * scrollOrders reads one page ahead: the call for page k+1 is made before page k is handed to the caller, never two
 * pages ahead, and none once the caller's Limit is reached. A fake client records each call the moment it is made
 * and answers only when the test says so, so that the order of calls and pages is observed, not timed.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import type { DscoClient, DscoRequest, DscoResponse } from '../../nodes/Dsco/transport/client';
import {
	RETURN_SEARCH,
	scrollOrders,
	scrollPages,
	type OrderPage,
} from '../../nodes/Dsco/transport/paging';

interface Call {
	req: DscoRequest;
	answer(status: number, body: IDataObject): void;
	/** What the client returns when the request's checkBeforeResend said so after a failure. */
	lose(): void;
	fail(error: Error): void;
}

function fakeClient() {
	const calls: Call[] = [];
	let arrived: () => void = () => {};
	const client = {
		node: { name: 'DSCO' } as INode,
		request: (req: DscoRequest) =>
			new Promise<DscoResponse>((resolve, reject) => {
				calls.push({
					req,
					answer: (status, body) => resolve({ status, body }),
					lose: () => resolve({ status: 0, body: undefined, alreadyApplied: true }),
					fail: reject,
				});
				arrived();
			}),
	} as unknown as DscoClient;
	/** Resolves once `n` calls were made. */
	const callsMade = (n: number) =>
		new Promise<void>((resolve) => {
			const check = () => (calls.length >= n ? resolve() : (arrived = check));
			check();
		});
	return { client, calls, callsMade };
}

const orders = (...ids: number[]) =>
	ids.map((id) => ({ dscoOrderId: String(id), poNumber: `PO-${id}`, lineItems: [] }));
const search = {
	ordersCreatedSince: '2025-11-01T00:00:00Z',
	until: '2025-11-20T00:00:00Z',
	ordersPerPage: 2,
};
const ids = (page: IteratorResult<OrderPage>) =>
	page.done ? 'done' : page.value.orders.map((o) => o.dscoOrderId);

describe('scrollOrders reads one page ahead', () => {
	it('asks for page k+1 before handing page k to the caller, and never for two pages ahead', async () => {
		const { client, calls, callsMade } = fakeClient();
		const pages = scrollOrders(client, search);

		const first = pages.next();
		await callsMade(1);
		expect(calls[0].req.qs).toEqual(search);
		calls[0].answer(200, { scrollId: 'S', orders: orders(1, 2) });
		expect(ids(await first)).toEqual(['1', '2']);
		// The caller holds page 1; page 2 is already asked for (and only page 2).
		expect(calls).toHaveLength(2);
		expect(calls[1].req.qs).toEqual({ scrollId: 'S' });
		expect(calls[1].req.acceptStatuses).toEqual([404]);

		const second = pages.next();
		calls[1].answer(200, { scrollId: 'S', orders: orders(3, 4) });
		expect(ids(await second)).toEqual(['3', '4']);
		expect(calls).toHaveLength(3);

		const third = pages.next();
		calls[2].answer(200, { scrollId: 'S', orders: [] });
		expect(ids(await third)).toBe('done');
		expect(calls).toHaveLength(3);
	});

	it('asks for no page beyond the Limit: none once `wanted` orders were handed over', async () => {
		const { client, calls, callsMade } = fakeClient();
		const pages = scrollOrders(client, search, 0, { wanted: 3 });
		const first = pages.next();
		await callsMade(1);
		calls[0].answer(200, { scrollId: 'S', orders: orders(1, 2) });
		await first;
		expect(calls).toHaveLength(2);
		const second = pages.next();
		calls[1].answer(200, { scrollId: 'S', orders: orders(3, 4) });
		expect(ids(await second)).toEqual(['3', '4']);
		// 4 orders handed over, 3 wanted: the caller stops here, so no third page is asked for.
		expect(calls).toHaveLength(2);
		// A caller that still goes on gets the next page, asked for only now.
		const third = pages.next();
		await callsMade(3);
		calls[2].answer(200, { scrollId: 'S', orders: [] });
		expect(ids(await third)).toBe('done');
	});

	it('asks for no page ahead once the caller’s deadline (the trigger’s poll budget) has passed', async () => {
		const { client, calls, callsMade } = fakeClient();
		const pages = scrollOrders(client, search, undefined, { deadline: 0 });
		const first = pages.next();
		await callsMade(1);
		calls[0].answer(200, { scrollId: 'S', orders: orders(1, 2) });
		expect(ids(await first)).toEqual(['1', '2']);
		expect(calls).toHaveLength(1);
		await pages.return(undefined);
		expect(calls).toHaveLength(1);
	});

	it('a caller that stops early abandons the page read ahead: its call is aborted and the loop ends once it settled', async () => {
		const unhandled: unknown[] = [];
		const onUnhandled = (reason: unknown) => unhandled.push(reason);
		process.on('unhandledRejection', onUnhandled);
		try {
			const { client, calls, callsMade } = fakeClient();
			const pages = scrollOrders(client, search);
			const first = pages.next();
			await callsMade(1);
			calls[0].answer(200, { scrollId: 'S', orders: orders(1, 2) });
			await first;
			expect(calls).toHaveLength(2);
			expect(calls[0].req.signal?.aborted).toBe(false);
			let ended = false;
			const stopping = pages.return(undefined).then((result) => {
				ended = true;
				return result;
			});
			await new Promise((resolve) => setImmediate(resolve));
			// The call read ahead is told it is no longer wanted, and the caller's loop is not over while it may still send.
			expect(calls[1].req.signal?.aborted).toBe(true);
			expect(ended).toBe(false);
			calls[1].fail(new Error('DSCO answered 503; not sent again: abandoned'));
			expect(await stopping).toEqual({ done: true, value: undefined });
			await new Promise((resolve) => setImmediate(resolve));
			expect(calls).toHaveLength(2);
			expect(unhandled).toEqual([]);
		} finally {
			process.off('unhandledRejection', onUnhandled);
		}
	});

	it('a caller that fails while holding a page gets its own error, once the page read ahead was abandoned and settled', async () => {
		const { client, calls, callsMade } = fakeClient();
		let failed = false;
		const done = (async () => {
			for await (const page of scrollOrders(client, search)) {
				failed = true;
				throw new Error(`caller failed on ${page.orders.length} orders`);
			}
		})();
		let over = false;
		void done.catch(() => (over = true));
		await callsMade(1);
		calls[0].answer(200, { scrollId: 'S', orders: orders(1, 2) });
		await callsMade(2);
		await new Promise((resolve) => setImmediate(resolve));
		expect(failed).toBe(true);
		expect(calls[1].req.signal?.aborted).toBe(true);
		expect(over).toBe(false);
		// Even a page that arrives now is not handed over, and nothing is asked for after it.
		calls[1].answer(200, { scrollId: 'S', orders: orders(3, 4) });
		await expect(done).rejects.toThrow('caller failed on 2 orders');
		expect(calls).toHaveLength(2);
	});

	it('a page read ahead that fails fails the scan when the caller asks for it', async () => {
		const { client, calls, callsMade } = fakeClient();
		const pages = scrollOrders(client, search);
		const first = pages.next();
		await callsMade(1);
		calls[0].answer(200, { scrollId: 'S', orders: orders(1, 2) });
		await first;
		calls[1].fail(new Error('DSCO answered 503 five times'));
		await expect(pages.next()).rejects.toThrow('DSCO answered 503 five times');
	});

	it('an expired scroll (404 to the page read ahead) runs the search again and skips orders already handed over', async () => {
		const { client, calls, callsMade } = fakeClient();
		const seen: unknown[] = [];
		const done = (async () => {
			for await (const page of scrollOrders(client, search))
				seen.push(
					page.restarted
						? ['restarted', ...page.orders.map((o) => o.dscoOrderId)]
						: page.orders.map((o) => o.dscoOrderId),
				);
		})();
		await callsMade(1);
		calls[0].answer(200, { scrollId: 'old', orders: orders(1, 2) });
		await callsMade(2);
		calls[1].answer(404, { message: 'scroll not found' });
		await callsMade(3);
		expect(calls[2].req.qs).toEqual(search);
		calls[2].answer(200, { scrollId: 'new', orders: orders(1, 2, 3) });
		await callsMade(4);
		expect(calls[3].req.qs).toEqual({ scrollId: 'new' });
		calls[3].answer(200, { scrollId: 'new', orders: [] });
		await done;
		expect(seen).toEqual([
			['1', '2'],
			['restarted', '3'],
		]);
		expect(calls).toHaveLength(4);
	});

	it('a later page whose answer did not arrive is not asked for again by its scrollId: the search runs again, the page read ahead is abandoned, nothing is repeated', async () => {
		const { client, calls, callsMade } = fakeClient();
		const seen: unknown[] = [];
		const done = (async () => {
			for await (const page of scrollOrders(client, search))
				seen.push(
					page.restarted
						? ['restarted', ...page.orders.map((o) => o.dscoOrderId)]
						: page.orders.map((o) => o.dscoOrderId),
				);
		})();
		await callsMade(1);
		// The search may be sent again after any failure (a new search); a later page only when DSCO did not read it.
		expect(calls[0].req.idempotent).toBeUndefined();
		calls[0].answer(200, { scrollId: 'old', orders: orders(1, 2) });
		await callsMade(2);
		expect(calls[1].req.idempotent).toBe(false);
		expect(await calls[1].req.checkBeforeResend?.({ status: 503, retriesLeft: true })).toBe(
			'alreadyApplied',
		);
		// Page 2 starts to arrive (page 3 is asked for), then breaks off.
		calls[1].req.onAnswerArriving?.();
		await callsMade(3);
		expect(calls[2].req.qs).toEqual({ scrollId: 'old' });
		calls[1].lose();
		await new Promise((resolve) => setImmediate(resolve));
		// Page 3 belongs to the scroll given up: abandoned, and the search waits until it settled.
		expect(calls[2].req.signal?.aborted).toBe(true);
		expect(calls).toHaveLength(3);
		calls[2].answer(200, { scrollId: 'old', orders: orders(5, 6) });
		await callsMade(4);
		expect(calls[3].req.qs).toEqual(search);
		expect(calls[3].req.signal?.aborted).toBe(false);
		calls[3].answer(200, { scrollId: 'new', orders: orders(1, 2, 3, 4, 5, 6) });
		await callsMade(5);
		calls[4].answer(200, { scrollId: 'new', orders: [] });
		await done;
		expect(seen).toEqual([
			['1', '2'],
			['restarted', '3', '4', '5', '6'],
		]);
		expect(calls).toHaveLength(5);
	});

	it('stops with an error that says so after pages whose answer did not arrive made it run the search again too often', async () => {
		const { client, calls, callsMade } = fakeClient();
		const done = (async () => {
			for await (const page of scrollOrders(client, search)) void page;
		})();
		let n = 0;
		for (let restart = 0; restart <= 3; restart++) {
			await callsMade(++n);
			calls[n - 1].answer(200, { scrollId: `s${restart}`, orders: orders(1, 2) });
			await callsMade(++n);
			calls[n - 1].lose();
		}
		await expect(done).rejects.toThrow(
			"DSCO's order scroll was run again 4 times during one search (4 pages whose answer did not arrive, 0 expired); 2 orders were read",
		);
		expect(calls).toHaveLength(8);
	});

	it('a scroll that sends the same page again still stops with an error', async () => {
		const { client, calls, callsMade } = fakeClient();
		const done = (async () => {
			for await (const page of scrollOrders(client, search)) void page;
		})();
		await callsMade(1);
		calls[0].answer(200, { scrollId: 'S', orders: orders(1, 2) });
		await callsMade(2);
		calls[1].answer(200, { scrollId: 'S', orders: orders(3, 4) });
		await callsMade(3);
		calls[2].answer(200, { scrollId: 'S', orders: orders(3, 4) });
		await expect(done).rejects.toThrow(/repeats itself: it sent the same page of 2 orders again/);
		// The repeated page was not handed over, and nothing was asked for after it.
		expect(calls).toHaveLength(3);
	});
});

describe('scrollPages pages /return/page as scrollOrders pages /order/page', () => {
	const returnSearch = {
		returnsCreatedSince: '2025-11-01T00:00:00Z',
		until: '2025-11-20T00:00:00Z',
	};
	const returns = (...ids: number[]) =>
		ids.map((id) => ({ dscoReturnId: `R${id}`, lineItems: [] }));

	it('reads the returns list, restarts an expired scroll skipping returns already handed over (by dscoReturnId), and names returns in its errors', async () => {
		const { client, calls, callsMade } = fakeClient();
		const seen: unknown[] = [];
		const done = (async () => {
			for await (const page of scrollPages(client, RETURN_SEARCH, returnSearch))
				seen.push(page.items.map((r) => r.dscoReturnId));
		})();
		await callsMade(1);
		expect([calls[0].req.method, calls[0].req.path, calls[0].req.qs]).toEqual([
			'GET',
			'/return/page',
			returnSearch,
		]);
		calls[0].answer(200, { scrollId: 'old', returns: returns(1, 2) });
		await callsMade(2);
		calls[1].answer(404, { message: 'scroll not found' });
		await callsMade(3);
		expect(calls[2].req.qs).toEqual(returnSearch);
		calls[2].answer(200, { scrollId: 'new', returns: returns(1, 2, 3) });
		await callsMade(4);
		expect([calls[3].req.path, calls[3].req.qs]).toEqual(['/return/page', { scrollId: 'new' }]);
		// The same page again under the same scrollId: DSCO's scroll repeats itself.
		calls[3].answer(200, { scrollId: 'new', returns: returns(1, 2, 3) });
		await expect(done).rejects.toThrow(
			"DSCO's return scroll repeats itself: it sent the same page of 3 returns again (same scrollId); stopped after 3 returns",
		);
		expect(seen).toEqual([['R1', 'R2'], ['R3']]);
		expect(calls).toHaveLength(4);
	});
});

describe('without a Limit, page k+1 is asked for while page k is arriving', () => {
	it('asks for it once page k (from page 2 on) is arriving, still one page ahead, also for a page that arrived while the caller held the one before', async () => {
		const { client, calls, callsMade } = fakeClient();
		const pages = scrollOrders(client, search);
		const first = pages.next();
		await callsMade(1);
		// Every page's answer is read as it arrives; the first page's arriving asks for nothing (no scrollId yet).
		expect(calls[0].req.onAnswerArriving).toBeInstanceOf(Function);
		calls[0].req.onAnswerArriving?.();
		expect(calls).toHaveLength(1);
		calls[0].answer(200, { scrollId: 'S', orders: orders(1, 2) });
		expect(ids(await first)).toEqual(['1', '2']);
		expect(calls).toHaveLength(2);

		const second = pages.next();
		await Promise.resolve();
		// Page 2 is arriving: page 3 is asked for before page 2 is in.
		calls[1].req.onAnswerArriving?.();
		expect(calls).toHaveLength(3);
		expect(calls[2].req.qs).toEqual({ scrollId: 'S' });
		// Page 3 arriving while page 2 is not yet handed over asks for nothing more (never two pages ahead).
		calls[2].req.onAnswerArriving?.();
		calls[1].req.onAnswerArriving?.();
		expect(calls).toHaveLength(3);
		calls[1].answer(200, { scrollId: 'S', orders: orders(3, 4) });
		expect(ids(await second)).toEqual(['3', '4']);
		expect(calls).toHaveLength(3);

		// Page 3 arrived while the caller held page 2: page 4 is asked for as soon as the caller asks for page 3.
		const third = pages.next();
		await callsMade(4);
		expect(calls[3].req.qs).toEqual({ scrollId: 'S' });
		calls[2].answer(200, { scrollId: 'S', orders: orders(5, 6) });
		expect(ids(await third)).toEqual(['5', '6']);
		expect(calls).toHaveLength(4);

		// The empty page that ends the scroll is too short to count as arriving: nothing is asked for after it.
		const fourth = pages.next();
		calls[3].answer(200, { scrollId: 'S', orders: [] });
		expect(ids(await fourth)).toBe('done');
		expect(calls).toHaveLength(4);
	});

	it('with a Limit, no answer is read as it arrives and pages are asked for once the one before is read', async () => {
		const { client, calls, callsMade } = fakeClient();
		const pages = scrollOrders(client, search, 0, { wanted: 10 });
		const first = pages.next();
		await callsMade(1);
		calls[0].answer(200, { scrollId: 'S', orders: orders(1, 2) });
		await first;
		expect(calls).toHaveLength(2);
		expect(calls.map((c) => c.req.onAnswerArriving)).toEqual([undefined, undefined]);
		const second = pages.next();
		calls[1].answer(200, { scrollId: 'S', orders: [] });
		expect(ids(await second)).toBe('done');
	});

	it('asks for nothing while a page arrives once the caller’s deadline has passed', async () => {
		const now = jest.spyOn(Date, 'now').mockReturnValue(1000);
		try {
			const { client, calls, callsMade } = fakeClient();
			const pages = scrollOrders(client, search, undefined, { deadline: 2000 });
			const first = pages.next();
			await callsMade(1);
			calls[0].answer(200, { scrollId: 'S', orders: orders(1, 2) });
			await first;
			expect(calls).toHaveLength(2);
			now.mockReturnValue(3000);
			const second = pages.next();
			calls[1].req.onAnswerArriving?.();
			expect(calls).toHaveLength(2);
			calls[1].answer(200, { scrollId: 'S', orders: orders(3, 4) });
			expect(ids(await second)).toEqual(['3', '4']);
			expect(calls).toHaveLength(2);
		} finally {
			now.mockRestore();
		}
	});
});
