import type { IDataObject } from 'n8n-workflow';

import { TRADING_PARTNERS, WAREHOUSE_PAGE } from './answers';
import type { DscoClient } from './client';

/** A Warehouse of DSCO's PagedWarehouseResult (the fields the package shows). */
export interface DscoWarehouse extends IDataObject {
	code: string;
	name?: string;
	status?: 'active' | 'inactive';
	warehouseId?: string;
	city?: string;
	region?: string;
}

export interface WarehousePage {
	warehouses: DscoWarehouse[];
	/** Present while DSCO has more pages; DSCO keeps it the same from page to page. */
	scrollId?: string;
	/** DSCO no longer knows the scrollId (unused for 5 minutes: 404). */
	expired: boolean;
}

/**
 * One page of `GET /warehouse/page` (getWarehouses): the first page without parameters (every warehouse of the
 * account), later ones by the scrollId alone, as DSCO documents. An empty page ends the scroll; an expired
 * scrollId answers 404, reported as `expired` so the caller can say what to do.
 */
export async function warehousePage(client: DscoClient, scrollId?: string): Promise<WarehousePage> {
	const res = await client.request<{ warehouses: DscoWarehouse[]; scrollId?: string }>({
		method: 'GET',
		path: '/warehouse/page',
		qs: scrollId ? { scrollId } : undefined,
		acceptStatuses: scrollId ? [404] : [],
		answer: WAREHOUSE_PAGE,
	});
	if (res.status === 404) return { warehouses: [], expired: true };
	return {
		warehouses: res.body.warehouses,
		scrollId: res.body.scrollId || undefined,
		expired: false,
	};
}

/**
 * Reads the supplier's warehouses by code (`GET /warehouse/page?idType=code&idValue=`), each code once per
 * execution: several labels shipped from one warehouse read it once.
 */
export class WarehouseReader {
	private readonly cache = new Map<string, Promise<DscoWarehouse | undefined>>();

	constructor(private readonly client: DscoClient) {}

	/** The warehouse with exactly this code, or undefined when DSCO has none. */
	read(code: string, itemIndex: number): Promise<DscoWarehouse | undefined> {
		let pending = this.cache.get(code);
		if (!pending) {
			pending = this.fetch(code, itemIndex);
			this.cache.set(code, pending);
			pending.catch(() => this.cache.delete(code));
		}
		return pending;
	}

	private async fetch(code: string, itemIndex: number): Promise<DscoWarehouse | undefined> {
		const res = await this.client.request<{ warehouses: DscoWarehouse[] }>({
			method: 'GET',
			path: '/warehouse/page',
			qs: { idType: 'code', idValue: code },
			itemIndexes: itemIndex,
			answer: WAREHOUSE_PAGE,
		});
		return res.body.warehouses.find((w) => w.code === code);
	}
}

/** A TradingPartner of DSCO's `/tradingpartner` answer. */
export interface DscoTradingPartner extends IDataObject {
	/** DSCO's ID of the partner (what DSCO calls dscoRetailerId on a supplier's calls). */
	accountId: string;
	/** Your own ID for the partner, if you gave one. */
	tradingPartnerId?: string | null;
	tradingPartnerName?: string | null;
	status?: string | null;
}

/**
 * `GET /tradingpartner` (getTradingPartners) without parameters: every trading partner the account is connected
 * to that is not terminated (DSCO's default). One answer, no paging.
 */
export async function tradingPartners(client: DscoClient): Promise<DscoTradingPartner[]> {
	const res = await client.request<DscoTradingPartner[]>({
		method: 'GET',
		path: '/tradingpartner',
		answer: TRADING_PARTNERS,
	});
	return res.body;
}
