import type { IDataObject } from 'n8n-workflow';

import { WAREHOUSE_PAGE } from './answers';
import type { DscoClient } from './client';

/**
 * Reads the supplier's warehouses by code (`GET /warehouse/page?idType=code&idValue=`), each code once per
 * execution: several labels shipped from one warehouse read it once.
 */
export class WarehouseReader {
	private readonly cache = new Map<string, Promise<IDataObject | undefined>>();

	constructor(private readonly client: DscoClient) {}

	/** The warehouse with exactly this code, or undefined when DSCO has none. */
	read(code: string, itemIndex: number): Promise<IDataObject | undefined> {
		let pending = this.cache.get(code);
		if (!pending) {
			pending = this.fetch(code, itemIndex);
			this.cache.set(code, pending);
			pending.catch(() => this.cache.delete(code));
		}
		return pending;
	}

	private async fetch(code: string, itemIndex: number): Promise<IDataObject | undefined> {
		const res = await this.client.request<{ warehouses: IDataObject[] }>({
			method: 'GET',
			path: '/warehouse/page',
			qs: { idType: 'code', idValue: code },
			itemIndexes: itemIndex,
			answer: WAREHOUSE_PAGE,
		});
		return res.body.warehouses.find((w) => w.code === code);
	}
}
