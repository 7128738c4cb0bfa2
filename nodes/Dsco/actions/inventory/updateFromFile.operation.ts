import type {
	IBinaryData,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { forEachItem } from '../../helpers/items';
import {
	isEmptyLocator,
	locatorValue,
	textThenLocator,
	warehouseLocator,
} from '../../helpers/locators';
import { readQuantity, readText } from '../../helpers/validation';
import type { DscoClient } from '../../transport/client';
import {
	binaryFieldProperty,
	delimiterOption,
	fileFormatProperty,
	inputFile,
	readDelimiter,
	readFileFormat,
	skipBadRowsOption,
	uploadLargeBatch,
} from '../largeBatchFile';
import { asyncWriteOptions, readAsyncWriteOptions } from '../writeOptions';
import { readInventoryFile, type FileColumns, type FileSettings } from './fileRows';
import { isBlank, missingFromCatalogHint } from './itemInventory';
import { safetyStockOption, skipItemsOption } from './update.operation';

const DEFAULT_COLUMNS: FileColumns = {
	sku: 'sku',
	quantity: 'quantity',
	warehouse: 'warehouse',
	warehousePrefix: 'warehouse:',
	status: 'status',
	cost: 'cost',
	estimatedAvailabilityDate: 'estimatedAvailabilityDate',
};

export const description: INodeProperties[] = showOnlyFor('inventory', 'updateFromFile', [
	binaryFieldProperty,
	fileFormatProperty(
		'A header row, then one row per SKU, or per SKU and warehouse',
		'One DSCO ItemInventory object per line',
	),
	...textThenLocator(
		{
			displayName: 'Warehouse Code',
			name: 'warehouseCode',
			type: 'string',
			default: '',
			placeholder: 'e.g. WH-01',
			description:
				"Warehouse for rows that give only a total quantity. DSCO's file API needs at least one warehouse with a quantity per SKU, so such rows are refused when this is empty.",
		},
		{
			...warehouseLocator(
				'warehouseCode',
				'Warehouse',
				'Warehouse for rows that give only a total quantity (rows with their own warehouse column keep theirs)',
			),
			hint: "DSCO's file API needs a warehouse on every line: rows with only a total are refused when this is empty",
		},
	),
	asyncWriteOptions([
		safetyStockOption,
		skipItemsOption,
		skipBadRowsOption,
		delimiterOption,
		{
			displayName: 'SKU Column',
			name: 'skuColumn',
			type: 'string',
			default: 'sku',
			description: 'CSV column holding the SKU',
		},
		{
			displayName: 'Quantity Column',
			name: 'quantityColumn',
			type: 'string',
			default: 'quantity',
			description:
				'CSV column holding the quantity: of the warehouse named on the same row, else the total of the SKU',
		},
		{
			displayName: 'Warehouse Column',
			name: 'warehouseColumn',
			type: 'string',
			default: 'warehouse',
			description:
				'CSV column holding a warehouse code; a SKU in several warehouses then takes one row per warehouse, on consecutive lines',
		},
		{
			displayName: 'Warehouse Column Prefix',
			name: 'warehousePrefixColumn',
			type: 'string',
			default: 'warehouse:',
			description:
				'Columns named with this prefix and a warehouse code (e.g. "warehouse:WH-01") hold that warehouse\'s quantity, one row per SKU',
		},
		{
			displayName: 'Status Column',
			name: 'statusColumn',
			type: 'string',
			default: 'status',
			description:
				'CSV column holding the status (in-stock, out-of-stock, discontinued, hidden); empty cells are inferred from the quantity',
		},
		{
			displayName: 'Cost Column',
			name: 'costColumn',
			type: 'string',
			default: 'cost',
			description: 'CSV column holding the cost (≥ 0, at most 2 decimals)',
		},
		{
			displayName: 'Estimated Availability Date Column',
			name: 'estimatedAvailabilityDateColumn',
			type: 'string',
			default: 'estimatedAvailabilityDate',
			description: 'CSV column holding the estimated availability date (ISO 8601)',
		},
	]),
]);

interface FileOptions {
	safetyStock?: unknown;
	skipItemsThatDontExist?: boolean;
	skipBadRows?: boolean;
	delimiter?: string;
	skuColumn?: string;
	quantityColumn?: string;
	warehouseColumn?: string;
	warehousePrefixColumn?: string;
	statusColumn?: string;
	costColumn?: string;
	estimatedAvailabilityDateColumn?: string;
}

function readSettings(
	ctx: IExecuteFunctions,
	i: number,
	binary: IBinaryData,
	o: FileOptions,
): FileSettings {
	const safetyStock = isBlank(o.safetyStock)
		? 0
		: readQuantity(ctx, i, 'Safety Stock', o.safetyStock);
	const delimiter = readDelimiter(ctx, i, o.delimiter);
	const labels: Record<keyof FileColumns, string> = {
		sku: 'SKU Column',
		quantity: 'Quantity Column',
		warehouse: 'Warehouse Column',
		warehousePrefix: 'Warehouse Column Prefix',
		status: 'Status Column',
		cost: 'Cost Column',
		estimatedAvailabilityDate: 'Estimated Availability Date Column',
	};
	const name = (field: keyof FileColumns, given?: string) =>
		given === undefined
			? DEFAULT_COLUMNS[field]
			: field === 'warehousePrefix'
				? given
				: readText(ctx, i, labels[field], given);
	const columns: FileColumns = {
		sku: name('sku', o.skuColumn),
		quantity: name('quantity', o.quantityColumn),
		warehouse: name('warehouse', o.warehouseColumn),
		warehousePrefix: name('warehousePrefix', o.warehousePrefixColumn),
		status: name('status', o.statusColumn),
		cost: name('cost', o.costColumn),
		estimatedAvailabilityDate: name('estimatedAvailabilityDate', o.estimatedAvailabilityDateColumn),
	};
	const rawWarehouse = ctx.getNodeParameter('warehouseCode', i, '');
	const warehouseCode = isEmptyLocator(rawWarehouse)
		? ''
		: String(locatorValue(rawWarehouse)).trim();
	return {
		format: readFileFormat(ctx, i, binary),
		delimiter,
		columns,
		rules: { safetyStock, warehouseCode, requireWarehouse: true },
	};
}

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const wait = readAsyncWriteOptions(this);
	return await forEachItem(this, items, async (i) => {
		const { binary, fileName, open } = inputFile(this, i);
		const options = this.getNodeParameter('options', i, {}) as FileOptions;
		const settings = readSettings(this, i, binary, options);
		const skipUnknown = options.skipItemsThatDontExist === true;
		return await uploadLargeBatch(
			this,
			client,
			i,
			{
				fileName,
				skipBadRows: options.skipBadRows === true,
				open,
				read: (chunks, seen) => readInventoryFile(this, i, chunks, settings, seen),
			},
			{
				kind: 'inventory',
				qs: skipUnknown ? { skipItemsThatDontExist: true } : undefined,
				// DSCO logs nothing for SKUs skipped under "Skip Items That Don't Exist".
				skipsUnlogged: skipUnknown,
				failureHint: missingFromCatalogHint,
			},
			wait,
		);
	});
}
