import type { INode } from 'n8n-workflow';

import { dscoApiError } from './errors';

/**
 * The shapes of DSCO's success answers, one per endpoint family, written by hand from the vendor document
 * (dsco-openapi.yaml, with api-notes.md where production differs). DscoClient.request checks every 2xx answer
 * against the shape its caller names, so that an HTML page from a gateway, an empty body or an object of
 * another kind is an error at the transport, never an empty list, a write status or "not found" further on.
 * The checks cover what this package reads and what identifies the kind of answer; fields DSCO adds later are
 * ignored, as the notes ask.
 */
export interface AnswerShape {
	/** What DSCO documents for this endpoint, for the error message. */
	readonly expected: string;
	/** Undefined when the body has the documented shape; otherwise what is wrong with it. */
	problem(body: unknown): string | undefined;
}

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj =>
	!!v && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** What the body is, in a few words, when it is not an object at all. */
function kindOf(body: unknown): string {
	if (body === undefined || body === null || body === '') return 'an empty body';
	if (Buffer.isBuffer(body)) return body.length ? 'binary data' : 'an empty body';
	if (typeof body === 'string') return /^\s*</.test(body) ? 'an HTML or XML page' : 'plain text';
	if (Array.isArray(body)) return body.length ? 'a list' : 'an empty list';
	return typeof body;
}

function notAnObject(body: unknown): string | undefined {
	return isObject(body) ? undefined : `${kindOf(body)} instead of a JSON object`;
}

/** Runs the checks in order and returns the first problem. */
function first(...checks: Array<() => string | undefined>): string | undefined {
	for (const check of checks) {
		const found = check();
		if (found) return found;
	}
	return undefined;
}

const oneOf = (body: Obj, field: string, allowed: readonly string[]) => () =>
	typeof body[field] === 'string' && allowed.includes(body[field] as string)
		? undefined
		: `"${field}" is ${describeValue(body[field])}, not one of ${allowed.join(', ')}`;
const text = (body: Obj, field: string) => () =>
	isText(body[field]) ? undefined : `"${field}" is ${describeValue(body[field])}, not a string`;
const optionalText = (body: Obj, field: string) => () =>
	body[field] === undefined || typeof body[field] === 'string'
		? undefined
		: `"${field}" is ${describeValue(body[field])}, not a string`;
const list = (body: Obj, field: string) => () =>
	Array.isArray(body[field])
		? undefined
		: `"${field}" is ${describeValue(body[field])}, not a list`;

function describeValue(v: unknown): string {
	if (v === undefined) return 'missing';
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'a list';
	if (typeof v === 'string') return v === '' ? 'empty' : `"${v.slice(0, 40)}"`;
	return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/** The first element of `items` that fails `check`, as "<field>[k]: problem". */
function eachOf(body: Obj, field: string, check: (item: unknown) => string | undefined) {
	return () => {
		const items = body[field] as unknown[];
		for (let k = 0; k < items.length; k++) {
			const found = check(items[k]);
			if (found) return `${field}[${k}]: ${found}`;
		}
		return undefined;
	};
}

function orderProblem(body: unknown): string | undefined {
	if (!isObject(body)) return notAnObject(body);
	// Order requires poNumber, lineItems and shipping; the package identifies orders and reads their lines.
	return first(text(body, 'poNumber'), list(body, 'lineItems'), optionalText(body, 'dscoOrderId'));
}

/** `GET /order/` (getOrderById): one Order object. */
export const ORDER: AnswerShape = {
	expected: 'an Order object (poNumber, lineItems[])',
	problem: orderProblem,
};

/** `GET /order/page` (getOrders): `{orders: Order[], scrollId?}`; an empty `orders` ends the scroll. */
export const ORDER_PAGE: AnswerShape = {
	expected: '{orders: [Order…], scrollId?}',
	problem: (body) =>
		isObject(body)
			? first(
					list(body, 'orders'),
					optionalText(body, 'scrollId'),
					eachOf(body, 'orders', orderProblem),
				)
			: notAnObject(body),
};

const RETURN_STATUSES = ['created', 'acknowledged', 'completed'] as const;

function returnProblem(body: unknown): string | undefined {
	if (!isObject(body)) return notAnObject(body);
	// Return requires lineItems; the package identifies returns by dscoReturnId and reads their status and lines.
	return first(list(body, 'lineItems'), optionalText(body, 'dscoReturnId'), () =>
		body.status === undefined ? undefined : oneOf(body, 'status', RETURN_STATUSES)(),
	);
}

/** `GET /return/page` (getReturns): PagedReturnResult `{returns: [Return…], scrollId?}`; an empty page ends the scroll. */
export const RETURN_PAGE: AnswerShape = {
	expected: '{returns: [Return…], scrollId?}',
	problem: (body) =>
		isObject(body)
			? first(
					list(body, 'returns'),
					optionalText(body, 'scrollId'),
					eachOf(body, 'returns', returnProblem),
				)
			: notAnObject(body),
};

/**
 * The sync return writes: `POST /return/update` (updateReturn) 201 and `PUT /return/` (completeReturn) 200, both
 * ReturnResponse `{status: success|failure, return?}`: `status` is required; `return`, when given, is a Return.
 */
export const RETURN_WRITE: AnswerShape = {
	expected: '{status: success|failure, return?: Return}',
	problem: (body) =>
		isObject(body)
			? first(oneOf(body, 'status', ['success', 'failure']), () =>
					body.return === undefined || body.return === null
						? undefined
						: returnProblem(body.return) && `"return": ${returnProblem(body.return)}`,
				)
			: notAnObject(body),
};

const ACCEPT_STATUSES = ['success', 'failure', 'pending'] as const;

/**
 * An async write's 202 (acknowledge, shipment / cancel / order-update / inventory / invoice small batches) and the
 * sync cancel's 200: `{status: success|failure|pending, requestId, eventDate, messages?}`. A rejection
 * (`status: failure`) is read by the caller even without a requestId.
 */
export const WRITE_ACCEPT: AnswerShape = {
	expected: '{status: success|failure|pending, requestId, eventDate}',
	problem: (body) =>
		isObject(body)
			? first(oneOf(body, 'status', ACCEPT_STATUSES), () =>
					body.status === 'failure' ? undefined : text(body, 'requestId')(),
				)
			: notAnObject(body),
};

/**
 * A sync write's 201 (`/order/singleShipment`, `/inventory/singleItem`, `/invoice`). The document requires
 * `status` and lists `success: boolean`; production answers `{success: true}` (api-notes): either says what
 * happened, an object with neither says nothing.
 */
export const SYNC_WRITE: AnswerShape = {
	expected: '{success: true} or {status: success|failure|pending}',
	problem: (body) => {
		if (!isObject(body)) return notAnObject(body);
		if (typeof body.success === 'boolean') return undefined;
		if (body.success !== undefined)
			return `"success" is ${describeValue(body.success)}, not true or false`;
		return body.status === undefined
			? 'neither "success" nor "status" says whether the write was applied'
			: oneOf(body, 'status', ACCEPT_STATUSES)();
	},
};

/** What a sync write's answer (SYNC_WRITE or WRITE_ACCEPT shape) says about the write. */
export function writeOutcome(body: unknown): 'success' | 'failure' | 'pending' {
	const b = isObject(body) ? body : {};
	if (b.success === false || b.status === 'failure') return 'failure';
	if (b.status === 'pending') return 'pending';
	return b.success === true || b.status === 'success' ? 'success' : 'failure';
}

function logEntryProblem(entry: unknown): string | undefined {
	if (!isObject(entry)) return notAnObject(entry);
	return first(text(entry, 'status'), () =>
		entry.results === undefined || Array.isArray(entry.results)
			? undefined
			: '"results" is not a list',
	);
}

/**
 * `GET /order/log`, `/inventory/log`, `/invoice/log`, `/return/log` (and `/catalog/log`, below) by requestId (first page): `{status: PROCESSING|COMPLETED,
 * logs: [...], scrollId?}`. The document requires only `logs`, but the package decides from `status` whether DSCO
 * has finished a request: an answer without it cannot be read as finished.
 */
export const CHANGE_LOG_PAGE: AnswerShape = {
	expected: '{status: PROCESSING|COMPLETED, logs: [...], scrollId?}',
	problem: (body) =>
		isObject(body)
			? first(
					list(body, 'logs'),
					oneOf(body, 'status', ['PROCESSING', 'COMPLETED']),
					optionalText(body, 'scrollId'),
					eachOf(body, 'logs', logEntryProblem),
				)
			: notAnObject(body),
};

/**
 * The same change logs searched by date window (`startDate` + `endDate`), and the later pages of any scroll: `logs`
 * is what the document requires; a `status`, when present, must still be one DSCO documents.
 */
export const CHANGE_LOG_SEARCH_PAGE: AnswerShape = {
	expected: '{logs: [...], status?: PROCESSING|COMPLETED, scrollId?}',
	problem: (body) =>
		isObject(body)
			? first(
					list(body, 'logs'),
					() =>
						body.status === undefined
							? undefined
							: oneOf(body, 'status', ['PROCESSING', 'COMPLETED'])(),
					optionalText(body, 'scrollId'),
					eachOf(body, 'logs', logEntryProblem),
				)
			: notAnObject(body),
};

function catalogLogEntryProblem(entry: unknown): string | undefined {
	return first(
		() => logEntryProblem(entry),
		() => {
			// ItemCatalogChangeLog: the payload wraps the ItemCatalog the entry is about as {message}.
			const payload = (entry as Obj).payload;
			if (!isObject(payload)) return `"payload" is ${describeValue(payload)}, not an object`;
			return isObject(payload.message)
				? undefined
				: `"payload.message" is ${describeValue(payload.message)}, not an ItemCatalog object`;
		},
	);
}

/** `GET /catalog/log` by requestId (first page): CHANGE_LOG_PAGE with each entry's payload `{message: ItemCatalog}`. */
export const CATALOG_CHANGE_LOG_PAGE: AnswerShape = {
	expected:
		'{status: PROCESSING|COMPLETED, logs: [{payload: {message: ItemCatalog}, status}…], scrollId?}',
	problem: (body) =>
		first(
			() => CHANGE_LOG_PAGE.problem(body),
			() => eachOf(body as Obj, 'logs', catalogLogEntryProblem)(),
		),
};

/** `GET /catalog/log` by date window and later pages: CHANGE_LOG_SEARCH_PAGE with catalog entries. */
export const CATALOG_CHANGE_LOG_SEARCH_PAGE: AnswerShape = {
	expected:
		'{logs: [{payload: {message: ItemCatalog}, status}…], status?: PROCESSING|COMPLETED, scrollId?}',
	problem: (body) =>
		first(
			() => CHANGE_LOG_SEARCH_PAGE.problem(body),
			() => eachOf(body as Obj, 'logs', catalogLogEntryProblem)(),
		),
};

function itemInventoryProblem(item: unknown): string | undefined {
	return isObject(item) ? text(item, 'sku')() : notAnObject(item);
}

/**
 * `GET /inventory` (getInventoryById): the document gives no schema; DSCO answers the ItemInventory (sku and
 * warehouses required), or a list of them with returnMultiple, and 404 for an unknown item.
 */
export const INVENTORY: AnswerShape = {
	expected: 'an ItemInventory object (sku, warehouses[]) or a list of them',
	problem: (body) => {
		if (!Array.isArray(body)) return itemInventoryProblem(body);
		if (body.length === 0) return 'an empty list (DSCO answers 404 for an item it does not know)';
		return eachOf({ items: body }, 'items', itemInventoryProblem)();
	},
};

function itemCatalogAnswerProblem(item: unknown): string | undefined {
	// ItemCatalog requires sku (Item) and title and productStatus (ItemCatalogObj); productStatus is nullable.
	return isObject(item)
		? first(text(item, 'sku'), () =>
				typeof item.title === 'string'
					? undefined
					: `"title" is ${describeValue(item.title)}, not a string`,
			)
		: notAnObject(item);
}

/**
 * `GET /catalog` (getCatalogById) 200: the ItemCatalog, or with returnMultiple the list of every match; 404 for an
 * item DSCO does not know.
 */
export const ITEM_CATALOG: AnswerShape = {
	expected: 'an ItemCatalog object (sku, title, productStatus) or a list of them',
	problem: (body) => {
		if (!Array.isArray(body)) return itemCatalogAnswerProblem(body);
		if (body.length === 0) return 'an empty list (DSCO answers 404 for an item it does not know)';
		return eachOf({ items: body }, 'items', itemCatalogAnswerProblem)();
	},
};

/** `GET /invoice` (getInvoicesById) 200: `{invoices: [Invoice…]}` (an empty list when DSCO has none). */
export const INVOICES: AnswerShape = {
	expected: '{invoices: [...]}',
	problem: (body) =>
		isObject(body)
			? first(list(body, 'invoices'), eachOf(body, 'invoices', notAnObject))
			: notAnObject(body),
};

/** `POST /inventory/batch/large` (updateInventoryLargeBatch) and `/catalog/batch/large` (updateCatalogLargeBatch) 200: `{status, requestId, eventDate, dataUrl}`. */
export const LARGE_BATCH_START: AnswerShape = {
	expected: '{status: success|failure, requestId, eventDate, dataUrl}',
	problem: (body) =>
		isObject(body)
			? first(oneOf(body, 'status', ['success', 'failure']), () =>
					body.status === 'failure'
						? undefined
						: first(text(body, 'requestId'), text(body, 'dataUrl')),
				)
			: notAnObject(body),
};

function partitionProblem(p: unknown): string | undefined {
	if (!isObject(p)) return notAnObject(p);
	if (!Number.isInteger(p.partitionId))
		return `"partitionId" is ${describeValue(p.partitionId)}, not an integer`;
	return text(p, 'position')();
}

function streamProblem(s: unknown): string | undefined {
	if (!isObject(s)) return notAnObject(s);
	// A stream without readable partitions would be read as "nothing new" forever.
	return first(
		text(s, 'objectType'),
		list(s, 'partitions'),
		() => ((s.partitions as unknown[]).length ? undefined : '"partitions" is empty'),
		eachOf(s, 'partitions', partitionProblem),
	);
}

/** `GET /stream?id=` (listStreams): a list of streams with their partitions; 404 for an unknown id. */
export const STREAM_LIST: AnswerShape = {
	expected: 'a list of streams, each {objectType, partitions: [{partitionId, position}…]}',
	problem: (body) =>
		Array.isArray(body)
			? eachOf({ streams: body }, 'streams', streamProblem)()
			: `${kindOf(body)} instead of a JSON list`,
};

/** `POST /stream` (createStream) 201: the stream (objectType and query required; partitions may follow later). */
export const STREAM_CREATED: AnswerShape = {
	expected: 'the created stream {objectType, query, partitions?}',
	problem: (body) =>
		isObject(body)
			? first(text(body, 'objectType'), () =>
					body.partitions === undefined || Array.isArray(body.partitions)
						? undefined
						: '"partitions" is not a list',
				)
			: notAnObject(body),
};

function eventProblem(e: unknown): string | undefined {
	if (!isObject(e)) return notAnObject(e);
	return first(text(e, 'id'), () =>
		isObject(e.payload) ? undefined : `"payload" is ${describeValue(e.payload)}, not an object`,
	);
}

/** `GET /stream/{id}/{partitionId}/{position}`: `{partitionId, events: [{id, payload, source}…]}`; no events = caught up. */
export const STREAM_EVENTS: AnswerShape = {
	expected: '{partitionId, events: [{id, payload, source}…]}',
	problem: (body) =>
		isObject(body)
			? first(
					list(body, 'events'),
					() =>
						Number.isInteger(body.partitionId)
							? undefined
							: `"partitionId" is ${describeValue(body.partitionId)}, not an integer`,
					eachOf(body, 'events', eventProblem),
				)
			: notAnObject(body),
};

/** `PUT /stream/{id}/{partitionId}/{position}` (updateStreamPosition): `{status: success|failure}`. */
export const STREAM_COMMIT: AnswerShape = {
	expected: '{status: success|failure}',
	problem: (body) =>
		isObject(body) ? oneOf(body, 'status', ['success', 'failure'])() : notAnObject(body),
};

const WAREHOUSE_STATUSES = ['active', 'inactive'] as const;

function warehouseProblem(w: unknown): string | undefined {
	if (!isObject(w)) return notAnObject(w);
	// Warehouse requires code (the supplier's own ID, what every warehouse parameter takes); status is an enum.
	return first(text(w, 'code'), optionalText(w, 'name'), () =>
		w.status === undefined || w.status === null
			? undefined
			: oneOf(w, 'status', WAREHOUSE_STATUSES)(),
	);
}

/** `GET /warehouse/page` (getWarehouses) 200: PagedWarehouseResult `{warehouses: [Warehouse…], scrollId?}`. */
export const WAREHOUSE_PAGE: AnswerShape = {
	expected: '{warehouses: [{code, name?, status?}…], scrollId?}',
	problem: (body) =>
		isObject(body)
			? first(
					list(body, 'warehouses'),
					optionalText(body, 'scrollId'),
					eachOf(body, 'warehouses', warehouseProblem),
				)
			: notAnObject(body),
};

const nullableText = (body: Obj, field: string) => () =>
	body[field] === undefined || body[field] === null || typeof body[field] === 'string'
		? undefined
		: `"${field}" is ${describeValue(body[field])}, not a string`;

function tradingPartnerProblem(p: unknown): string | undefined {
	if (!isObject(p)) return notAnObject(p);
	// TradingPartner requires accountId (DSCO's ID of the partner); your own ID and name are nullable.
	return first(
		text(p, 'accountId'),
		nullableText(p, 'tradingPartnerId'),
		nullableText(p, 'tradingPartnerName'),
		nullableText(p, 'status'),
	);
}

/** `GET /tradingpartner` (getTradingPartners) 200: a list of TradingPartner `{accountId, tradingPartnerId?, tradingPartnerName?, status?}`. */
export const TRADING_PARTNERS: AnswerShape = {
	expected:
		'a list of trading partners, each {accountId, tradingPartnerId?, tradingPartnerName?, status?}',
	problem: (body) => {
		if (!Array.isArray(body))
			return `${isObject(body) ? 'a JSON object' : kindOf(body)} instead of a JSON list`;
		return eachOf({ partners: body }, 'partners', tradingPartnerProblem)();
	},
};

function labelResultProblem(r: unknown): string | undefined {
	if (!isObject(r)) return notAnObject(r);
	if (typeof r.success !== 'boolean')
		return `"success" is ${describeValue(r.success)}, not true or false`;
	// A failed label says why in `status`; a created one must carry what identifies and fetches it.
	if (r.success === false) return optionalText(r, 'status')();
	return first(
		text(r, 'trackingNumber'),
		text(r, 'labelUrl'),
		optionalText(r, 'status'),
		optionalText(r, 'trackingLink'),
	);
}

/**
 * `POST /shippinglabels` (createShippingLabels) 200: a list of ShippingLabelResponse, "one array entry for each label
 * requested": `{success, status (human-readable), trackingNumber, trackingLink, labelUrl (temporary), …}`.
 */
export const SHIPPING_LABELS: AnswerShape = {
	expected:
		'a list with one ShippingLabelResponse {success, status, trackingNumber, trackingLink, labelUrl} per label requested',
	problem: (body) => {
		if (!Array.isArray(body)) return `${kindOf(body)} instead of a JSON list`;
		if (body.length === 0) return 'an empty list instead of one result per label requested';
		return eachOf({ labels: body }, 'labels', labelResultProblem)();
	},
};

const PACKING_SLIP_STATUSES = ['pending', 'success', 'failure'] as const;

/**
 * `POST /packingslip` (createPackingSlip): 200 `{requestId, url}` when the PDF is ready at once, 202 (the async
 * answer `{status: pending|failure, requestId, eventDate, messages?}`) while DSCO generates it.
 */
export const PACKING_SLIP_CREATED: AnswerShape = {
	expected: '{requestId, url} (200) or {status: pending|failure, requestId, eventDate} (202)',
	problem: (body) => {
		if (!isObject(body)) return notAnObject(body);
		if (body.url !== undefined && body.url !== null)
			return first(text(body, 'requestId'), text(body, 'url'));
		return WRITE_ACCEPT.problem(body);
	},
};

/**
 * `GET /packingslip?requestId=` (getPackingSlip) 200: `{status: pending|success|failure, url?, details?: {errorCode,
 * errorDescription}}`; `url` is null while pending and required once it is success.
 */
export const PACKING_SLIP_STATUS: AnswerShape = {
	expected:
		'{status: pending|success|failure, url (when success), details?: {errorCode, errorDescription}}',
	problem: (body) =>
		isObject(body)
			? first(
					oneOf(body, 'status', PACKING_SLIP_STATUSES),
					() => (body.status === 'success' ? text(body, 'url')() : undefined),
					() =>
						body.details === undefined || body.details === null || isObject(body.details)
							? undefined
							: `"details" is ${describeValue(body.details)}, not an object`,
				)
			: notAnObject(body),
};

/** How many characters of an unexpected body the error quotes. */
export const BODY_EXCERPT_CHARS = 200;

/** The first characters of a body as DSCO sent it (JSON re-serialised), for an error. */
export function bodyExcerpt(body: unknown): string {
	let raw: string;
	if (body === undefined || body === null || body === '') return '(empty)';
	if (Buffer.isBuffer(body)) raw = body.toString('utf8');
	else if (typeof body === 'string') raw = body;
	else {
		try {
			raw = JSON.stringify(body) ?? String(body);
		} catch {
			raw = String(body);
		}
	}
	if (raw.trim() === '') return '(empty)';
	return raw.length > BODY_EXCERPT_CHARS ? `${raw.slice(0, BODY_EXCERPT_CHARS)}…` : raw;
}

export interface UnexpectedAnswer {
	status: number;
	method: string;
	path: string;
	body: unknown;
	/** What is wrong with it. */
	problem: string;
	/** What DSCO documents instead. */
	expected: string;
	itemIndexes?: readonly number[] | number;
}

/**
 * The error for a 2xx answer of another shape than DSCO documents: "DSCO answered with an unexpected body", the
 * HTTP status, the endpoint and the first 200 characters of the body. Built through dscoApiError like every error
 * about a DSCO answer (no request headers reach it).
 */
export function unexpectedAnswerError(node: INode, a: UnexpectedAnswer) {
	return dscoApiError(node, {
		status: a.status,
		method: a.method,
		path: a.path,
		body: undefined,
		itemIndexes: a.itemIndexes,
		message: `DSCO answered with an unexpected body: HTTP ${a.status} from ${a.method} ${a.path}, ${a.problem}. Body: ${bodyExcerpt(a.body)}`,
		note: `Expected ${a.expected}. Nothing was taken from this answer: it may come from a proxy or gateway in front of DSCO, or from a change at DSCO.`,
	});
}

/** Throws unexpectedAnswerError when a 2xx answer does not have the shape `shape` documents. */
export function checkAnswer(
	node: INode,
	req: { method: string; path: string; itemIndexes?: readonly number[] | number },
	shape: AnswerShape,
	status: number,
	body: unknown,
): void {
	if (status < 200 || status >= 300) return;
	const problem = shape.problem(body);
	if (problem === undefined) return;
	throw unexpectedAnswerError(node, {
		status,
		method: req.method,
		path: req.path,
		body,
		problem,
		expected: shape.expected,
		itemIndexes: req.itemIndexes,
	});
}
