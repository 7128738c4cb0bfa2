import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { sendBatched } from '../../writes/batchWrite';
import type { DscoClient } from '../../transport/client';
import { asyncWriteOptions, readAsyncWriteOptions } from '../writeOptions';
import type { ItemCatalogEntry } from '../../helpers/itemCatalog';
import { readItemCatalog } from './itemCatalogInput';

export const description: INodeProperties[] = showOnlyFor('catalog', 'upsert', [
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Map Each Field',
				value: 'fields',
				description: 'Pick the ItemCatalog fields and map a value to each',
			},
			{
				name: 'JSON',
				value: 'json',
				description:
					'One whole ItemCatalog object per input item, e.g. from an expression; a null deletes that attribute',
			},
		],
		default: 'fields',
		description: 'How the item is given',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			resourceMapper: {
				resourceMapperMethod: 'getCatalogFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				supportAutoMap: false,
				multiKeyMatch: false,
			},
		},
		displayOptions: { show: { inputMode: ['fields'] } },
	},
	{
		displayName: 'Item Catalog (JSON)',
		name: 'itemCatalogJson',
		type: 'json',
		required: true,
		default: '{\n  "sku": "ABC-123",\n  "title": "Blue mug",\n  "productStatus": "active"\n}',
		description:
			'An ItemCatalog object as DSCO documents it (sku, title and productStatus required); a null value deletes that attribute at DSCO',
		displayOptions: { show: { inputMode: ['json'] } },
	},
	asyncWriteOptions(),
]);

/** The SKU of a sent entry, or of the ItemCatalog a change-log entry is about (see loggedObject). */
const catalogKey = (item: IDataObject) => (typeof item.sku === 'string' ? item.sku : undefined);

/** What identifies an item in its output (`status` there is DSCO's result, the item's own is productStatus). */
function describe(entry: ItemCatalogEntry): IDataObject {
	const out: IDataObject = { sku: entry.sku };
	if (entry.title !== undefined) out.title = entry.title;
	if (entry.productStatus !== undefined) out.productStatus = entry.productStatus;
	return out;
}

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const wait = readAsyncWriteOptions(this);
	return await sendBatched<ItemCatalogEntry>(this, client, items, {
		path: '/catalog/batch/small',
		// The endpoint's description: "Data must be sent in JSON Lines format" (its schema shows an array; the simulator
		// takes both). Sent with the Content-Type the document declares for it, application/json.
		format: 'jsonLines',
		noun: 'catalog item',
		// Each entry carries the item's full values for the fields it names: applying it twice leaves the item as
		// applying it once does, so a batch whose answer was lost (5xx, timeout) is sent again without looking first
		// (as inventory; lostBatch.ts's check is for writes a repeat can duplicate, such as shipments).
		idempotent: true,
		read: (i) => readItemCatalog(this, i),
		describe,
		verify: {
			kind: 'catalog',
			key: catalogKey,
			wait: wait.waitForResult,
			timeoutMs: wait.waitTimeoutMs,
		},
	});
}
