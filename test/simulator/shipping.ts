/**
 * Shipping documents: carrier labels (POST /shippinglabels) and packing slips
 * (POST / GET /packingslip), with the files they produce.
 *
 * Labels: the account has carrier accounts for FedEx, UPS and USPS and a few enabled ship codes per carrier (DSCO's
 * "Mapping Settings → Ship Mappings"); a label is refused, in its own result (`success: false` and a status text, as
 * the document's ShippingLabelResponse has them), for an unknown order, a reference that is not the order's, a
 * service level not enabled for the carrier, an address missing a part, Your Packaging without dimensions or a
 * weight of 0. A created label gets a tracking number in the carrier's format, a tracking link and a temporary URL
 * to its file (PDF with the PO and tracking number as text, PNG or GIF).
 *
 * Packing slips are generated "asynchronously": pending for packingSlipReadyMs (simulator clock), then success with
 * a temporary URL to a one-page PDF listing the lines and the order's tracking numbers, or failure with details
 * (unknown order, a listed line that is not on the order).
 */
import { randomUUID } from 'node:crypto';
import type { SimClock } from './clock';
import { formatDate } from './clock';
import { RETAILER_ID, SUPPLIER_ID, SUPPLIER_NAME } from './data';
import {
	type PdfRect,
	type PdfText,
	barsOf,
	renderLabelGif,
	renderLabelPng,
	renderPdf,
} from './documents';
import type { FileStore, StoredFile } from './files';
import type { OrderBook } from './orders';
import type { Order } from './types';

/** Enabled DSCO ship codes per label carrier (Ship Mappings of the simulated account). */
export const SHIP_MAPPINGS: Record<string, string[]> = {
	UPS: ['UPCG', 'UP2D', 'UPND'],
	FedEx: ['FECG', 'FEHD', 'FE2D'],
	USPS: ['USGA', 'USPM'],
};

type Obj = Record<string, unknown>;

export interface SimLabel {
	trackingNumber: string;
	trackingLink: string;
	dscoOrderId: string;
	poNumber: string;
	referenceId: string;
	carrier: string;
	carrierServiceLevel: string;
	labelFormat: string;
	warehouseId?: string;
	fileId: string;
	fileBytes: number;
	createdAt: string;
}

export interface SimPackingSlip {
	requestId: string;
	dscoOrderId?: string;
	poNumber?: string;
	status: 'pending' | 'success' | 'failure';
	readyAt: number;
	failure?: { errorCode: string; errorDescription: string };
	items?: Obj[];
	numberOfPallets?: number;
	numberOfUnits?: number;
	fileId?: string;
}

const text = (v: unknown): string | undefined =>
	typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

const ADDRESS_PARTS = ['name', 'address', 'city', 'state', 'postal', 'country'] as const;

function missingAddressParts(address: unknown): string[] {
	const a = (address ?? {}) as Obj;
	return ADDRESS_PARTS.filter((part) => {
		if (part === 'address')
			return !Array.isArray(a.address) || !a.address.some((line) => text(line));
		return !text(a[part]);
	});
}

function trackingLinkOf(carrier: string, tracking: string): string {
	if (carrier === 'UPS') return `https://www.ups.com/track?tracknum=${tracking}`;
	if (carrier === 'FedEx') return `https://www.fedex.com/fedextrack/?trknbr=${tracking}`;
	return `https://tools.usps.com/go/TrackConfirmAction?tLabels=${tracking}`;
}

/** One label's result, as ShippingLabelResponse. */
function labelResult(shipment: Obj, fields: Obj): Obj {
	return {
		orderId: shipment.orderId,
		referenceId: shipment.referenceId,
		retailerId: shipment.retailerId,
		supplierId: shipment.supplierId,
		...(shipment.warehouseId ? { warehouseId: shipment.warehouseId } : {}),
		carrier: shipment.carrier,
		carrierServiceLevel: shipment.carrierServiceLevel,
		...fields,
	};
}

export class ShippingDesk {
	readonly labels: SimLabel[] = [];
	readonly slips = new Map<string, SimPackingSlip>();
	private sequence = 0;

	constructor(
		private readonly clock: SimClock,
		private readonly orders: OrderBook,
		private readonly files: FileStore,
		private readonly seed: number,
		private readonly slipReadyMs: number,
	) {}

	private trackingNumber(carrier: string): string {
		const n = ++this.sequence;
		const serial = String((this.seed * 7919 + n * 104729) % 100_000_000).padStart(8, '0');
		if (carrier === 'UPS') return `1ZSIM${String(this.seed % 1000).padStart(3, '0')}03${serial}`;
		if (carrier === 'FedEx') return `77${String(this.seed % 100).padStart(2, '0')}${serial}`;
		return `9400100${String(this.seed % 1000).padStart(3, '0')}${String(n).padStart(4, '0')}${serial}`;
	}

	/** Why DSCO would refuse this label, or undefined. */
	private refusal(shipment: Obj, order: Order | undefined): string | undefined {
		if (!order) return `Order ${String(shipment.orderId)} not found`;
		if (
			shipment.referenceId !== order.poNumber &&
			shipment.referenceId !== order.supplierOrderNumber
		) {
			return `Reference ${String(shipment.referenceId)} is neither the PO number nor the supplier order number of order ${order.dscoOrderId}`;
		}
		if (
			shipment.retailerId !== order.dscoRetailerId ||
			shipment.supplierId !== order.dscoSupplierId
		) {
			return `No carrier credentials found for retailer ${String(shipment.retailerId)} and supplier ${String(shipment.supplierId)}`;
		}
		const carrier = String(shipment.carrier);
		if (!SHIP_MAPPINGS[carrier]?.includes(String(shipment.carrierServiceLevel))) {
			return `Carrier service level ${String(shipment.carrierServiceLevel)} is not a valid and enabled ship code for ${carrier} (Mapping Settings -> Ship Mappings)`;
		}
		for (const which of ['toAddress', 'fromAddress'] as const) {
			const missing = missingAddressParts(shipment[which]);
			if (missing.length) return `Invalid ${which}: missing ${missing.join(', ')}`;
		}
		if (!(Number(shipment.packageWeight) > 0)) return 'Package weight must be greater than 0';
		const dims = shipment.packageDimensions as Obj | null | undefined;
		if (
			(shipment.packageType ?? 'YOUR_PACKAGING') === 'YOUR_PACKAGING' &&
			!(dims && ['length', 'width', 'height'].every((k) => Number(dims[k]) > 0))
		) {
			return 'Package dimensions are required for package type YOUR_PACKAGING';
		}
		return undefined;
	}

	/** One result per shipment of a (schema-valid) POST /shippinglabels body. */
	createLabels(origin: string, shipments: Obj[]): Obj[] {
		return shipments.map((shipment) => {
			const order = this.orders.get(String(shipment.orderId));
			const refused = this.refusal(shipment, order);
			if (refused || !order) return labelResult(shipment, { success: false, status: refused });
			const carrier = String(shipment.carrier);
			const trackingNumber = this.trackingNumber(carrier);
			const trackingLink = trackingLinkOf(carrier, trackingNumber);
			const format = String(shipment.labelFormats);
			const file = this.labelFile(shipment, order, trackingNumber, format);
			this.labels.push({
				trackingNumber,
				trackingLink,
				dscoOrderId: order.dscoOrderId,
				poNumber: order.poNumber,
				referenceId: String(shipment.referenceId),
				carrier,
				carrierServiceLevel: String(shipment.carrierServiceLevel),
				labelFormat: format,
				warehouseId: text(shipment.warehouseId),
				fileId: file.id,
				fileBytes: file.data.length,
				createdAt: formatDate(this.clock.now()),
			});
			return labelResult(shipment, {
				success: true,
				status: 'Label created',
				trackingNumber,
				trackingLink,
				labelUrl: this.files.url(origin, file),
			});
		});
	}

	private labelFile(
		shipment: Obj,
		order: Order,
		trackingNumber: string,
		format: string,
	): StoredFile {
		const name = `label-${trackingNumber}.${format}`;
		if (format === 'png') return this.files.add(name, 'image/png', renderLabelPng(trackingNumber));
		if (format === 'gif') return this.files.add(name, 'image/gif', renderLabelGif(trackingNumber));
		return this.files.add(name, 'application/pdf', renderLabelPdf(shipment, order, trackingNumber));
	}

	/** POST /packingslip (schema-valid body): the slip request, pending until packingSlipReadyMs have passed. */
	requestSlip(body: Obj): SimPackingSlip {
		const dscoOrderId =
			body.dscoOrderId === undefined || body.dscoOrderId === null
				? undefined
				: String(body.dscoOrderId);
		const poNumber = text(body.poNumber);
		const order =
			dscoOrderId !== undefined
				? this.orders.get(dscoOrderId)
				: poNumber !== undefined
					? this.orders.lookup('poNumber', poNumber)[0]
					: undefined;
		const slip: SimPackingSlip = {
			requestId: randomUUID(),
			dscoOrderId: order?.dscoOrderId ?? dscoOrderId,
			poNumber: order?.poNumber ?? poNumber,
			status: 'pending',
			readyAt: this.clock.now() + this.slipReadyMs,
			items: Array.isArray(body.items) ? (body.items as Obj[]) : undefined,
			numberOfPallets: typeof body.numberOfPallets === 'number' ? body.numberOfPallets : undefined,
			numberOfUnits: typeof body.numberOfUnits === 'number' ? body.numberOfUnits : undefined,
		};
		this.slips.set(slip.requestId, slip);
		this.advance(slip);
		return slip;
	}

	/** The slip as DSCO would report it now (generated once it is due). */
	slip(requestId: string): SimPackingSlip | undefined {
		const slip = this.slips.get(requestId);
		if (slip) this.advance(slip);
		return slip;
	}

	private advance(slip: SimPackingSlip): void {
		if (slip.status !== 'pending' || this.clock.now() < slip.readyAt) return;
		const order = slip.dscoOrderId !== undefined ? this.orders.get(slip.dscoOrderId) : undefined;
		if (!order) {
			slip.status = 'failure';
			slip.failure = {
				errorCode: 'ORDER_NOT_FOUND',
				errorDescription: `Order not found: ${slip.dscoOrderId ?? slip.poNumber}`,
			};
			return;
		}
		const lines = slip.items
			? slip.items.map((item) => ({
					item,
					line: order.lineItems.find(
						(l) => l.lineNumber === item.lineNumber && l.dscoItemId === String(item.itemId),
					),
				}))
			: order.lineItems.map((line) => ({ item: undefined as Obj | undefined, line }));
		const unknown = lines.find((l) => !l.line);
		if (unknown) {
			slip.status = 'failure';
			slip.failure = {
				errorCode: 'ITEM_NOT_FOUND',
				errorDescription: `Order ${order.dscoOrderId} has no line ${String(unknown.item?.lineNumber)} with item ${String(unknown.item?.itemId)}`,
			};
			return;
		}
		const file = this.files.add(
			`packing-slip-${order.poNumber}.pdf`,
			'application/pdf',
			renderSlipPdf(
				order,
				lines.map((l) => ({ line: l.line!, quantity: l.item?.quantity })),
				this.trackingNumbersOf(order),
				slip,
				this.clock.now(),
			),
		);
		slip.status = 'success';
		slip.fileId = file.id;
	}

	private trackingNumbersOf(order: Order): string[] {
		const fromLabels = this.labels
			.filter((l) => l.dscoOrderId === order.dscoOrderId)
			.map((l) => l.trackingNumber);
		return [...new Set([...order.packages.map((p) => p.trackingNumber), ...fromLabels])];
	}

	/** GET /packingslip's answer body for a slip. */
	slipAnswer(origin: string, slip: SimPackingSlip): Obj {
		if (slip.status === 'success')
			return { status: 'success', url: this.files.url(origin, this.files.get(slip.fileId!)!) };
		if (slip.status === 'failure') return { status: 'failure', url: null, details: slip.failure };
		return { status: 'pending', url: null };
	}
}

// ---------------------------------------------------------------------------------------------------------------
// The documents
// ---------------------------------------------------------------------------------------------------------------

function addressLines(address: Obj | undefined): string[] {
	const a = address ?? {};
	const street = Array.isArray(a.address) ? (a.address as unknown[]).map(String) : [];
	return [
		text(a.name),
		text(a.company),
		...street,
		[text(a.city), text(a.state), text(a.postal)].filter(Boolean).join(' '),
		text(a.country),
	].filter((l): l is string => !!l);
}

/** A 4 × 6 in label: ship-from, ship-to, carrier and service level, bars, tracking number, PO and order. */
function renderLabelPdf(shipment: Obj, order: Order, trackingNumber: string): Buffer {
	const W = 288;
	const H = 432;
	const texts: PdfText[] = [];
	const from = addressLines(shipment.fromAddress as Obj);
	texts.push({ x: 14, y: H - 22, size: 7, text: 'FROM', bold: true });
	from.forEach((line, k) => texts.push({ x: 14, y: H - 32 - k * 9, size: 8, text: line }));
	texts.push({
		x: 200,
		y: H - 22,
		size: 8,
		text: `${String(shipment.packageWeight)} ${String((shipment.carrierSpecs as Obj | undefined)?.weightUnits ?? 'lbs')}`,
	});
	texts.push({ x: 14, y: 318, size: 8, text: 'SHIP TO', bold: true });
	addressLines(shipment.toAddress as Obj).forEach((line, k) =>
		texts.push({ x: 24, y: 302 - k * 13, size: 12, text: line, bold: k === 0 }),
	);
	texts.push({
		x: 14,
		y: 222,
		size: 20,
		text: `${String(shipment.carrier)} ${String(shipment.carrierServiceLevel)}`,
		bold: true,
	});
	texts.push({ x: 14, y: 84, size: 9, text: 'TRACKING #', bold: true });
	texts.push({ x: 14, y: 70, size: 13, text: trackingNumber, bold: true });
	texts.push({ x: 14, y: 48, size: 9, text: `PO: ${order.poNumber}` });
	texts.push({
		x: 14,
		y: 36,
		size: 9,
		text: `DSCO order: ${order.dscoOrderId}   Ref: ${String(shipment.referenceId)}`,
	});
	texts.push({
		x: 14,
		y: 14,
		size: 6,
		text: `SIMULATED LABEL - NOT VALID FOR SHIPPING - ${SUPPLIER_NAME}`,
	});
	const barsLeft = 14;
	const barsWidth = W - 28;
	const rects: PdfRect[] = barsOf(trackingNumber).map((bar) => ({
		x: barsLeft + bar.at * barsWidth,
		y: 100,
		w: Math.max(0.8, bar.width * barsWidth),
		h: 90,
	}));
	rects.push({ x: 6, y: 6, w: W - 12, h: H - 12, stroke: true });
	return renderPdf({
		width: W,
		height: H,
		title: `Shipping label ${trackingNumber}`,
		texts,
		rects,
		lines: [
			[6, 332, W - 6, 332],
			[6, 240, W - 6, 240],
			[6, 200, W - 6, 200],
			[6, 94, W - 6, 94],
		],
	});
}

/** A letter-size packing slip: PO, order, ship-to, lines, tracking numbers. */
function renderSlipPdf(
	order: Order,
	lines: Array<{ line: Order['lineItems'][number]; quantity?: unknown }>,
	tracking: string[],
	slip: SimPackingSlip,
	now: number,
): Buffer {
	const H = 792;
	const texts: PdfText[] = [
		{ x: 40, y: H - 60, size: 22, text: 'PACKING SLIP', bold: true },
		{ x: 40, y: H - 90, size: 11, text: `PO: ${order.poNumber}`, bold: true },
		{
			x: 40,
			y: H - 106,
			size: 10,
			text: `DSCO order: ${order.dscoOrderId}    Consumer order: ${order.consumerOrderNumber}`,
		},
		{
			x: 40,
			y: H - 122,
			size: 10,
			text: `Date: ${formatDate(now).slice(0, 10)}    Retailer: ${RETAILER_ID}    Supplier: ${SUPPLIER_NAME}`,
		},
		{ x: 40, y: H - 152, size: 9, text: 'SHIP TO', bold: true },
	];
	const shipTo = order.shipping;
	const shipToLines = [
		shipTo.name ?? `${shipTo.firstName ?? ''} ${shipTo.lastName ?? ''}`.trim(),
		...(shipTo.address ?? [shipTo.address1 ?? '']),
		`${shipTo.city} ${shipTo.region} ${shipTo.postal}`,
		shipTo.country ?? '',
	];
	shipToLines
		.filter(Boolean)
		.forEach((line, k) => texts.push({ x: 40, y: H - 166 - k * 13, size: 11, text: line }));
	let y = H - 250;
	texts.push(
		{ x: 40, y, size: 9, text: 'LINE', bold: true },
		{ x: 80, y, size: 9, text: 'SKU', bold: true },
		{ x: 190, y, size: 9, text: 'ITEM', bold: true },
		{ x: 500, y, size: 9, text: 'QTY', bold: true },
	);
	for (const { line, quantity } of lines) {
		y -= 16;
		texts.push(
			{ x: 40, y, size: 10, text: String(line.lineNumber) },
			{ x: 80, y, size: 10, text: line.sku },
			{ x: 190, y, size: 10, text: String(line.title ?? line.dscoItemId) },
			{
				x: 500,
				y,
				size: 10,
				text: String(typeof quantity === 'number' ? quantity : line.quantity),
			},
		);
	}
	y -= 36;
	texts.push({ x: 40, y, size: 9, text: 'TRACKING', bold: true });
	(tracking.length ? tracking : ['(none yet)']).forEach((t, k) =>
		texts.push({ x: 110, y: y - k * 14, size: 10, text: t }),
	);
	if (slip.numberOfPallets !== undefined || slip.numberOfUnits !== undefined) {
		texts.push({
			x: 40,
			y: 90,
			size: 10,
			text: `Pallets: ${slip.numberOfPallets ?? '-'}    Units: ${slip.numberOfUnits ?? '-'}`,
		});
	}
	texts.push({
		x: 40,
		y: 40,
		size: 7,
		text: `Simulated by the n8n-nodes-dsco DSCO simulator. Request ${slip.requestId}`,
	});
	return renderPdf({
		width: 612,
		height: H,
		title: `Packing slip ${order.poNumber}`,
		texts,
		lines: [[40, H - 256, 572, H - 256]],
	});
}
