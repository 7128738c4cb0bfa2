import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { forEachItem } from '../../helpers/items';
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
import { CSV_MAPPING, readCatalogFile } from './catalogFile';

export const description: INodeProperties[] = showOnlyFor('catalog', 'updateFromFile', [
	{
		...binaryFieldProperty,
		hint: "Every row is checked against DSCO's ItemCatalog first (sku, title and productStatus required): nothing is sent when a row is bad, and the error names its line and field",
	},
	fileFormatProperty(
		'A header row of ItemCatalog field names, then one item per row',
		'One DSCO ItemCatalog object per line, sent as it is (null deletes a field)',
	),
	{
		displayName: `CSV columns: ${CSV_MAPPING}`,
		name: 'csvColumnsNotice',
		type: 'notice',
		default: '',
		displayOptions: { hide: { fileFormat: ['jsonl'] } },
	},
	asyncWriteOptions([
		skipBadRowsOption,
		delimiterOption,
		{
			displayName: 'Ignore Unknown Fields',
			name: 'ignoreUnknownFields',
			type: 'boolean',
			default: false,
			description:
				"Whether to leave out CSV columns and JSON fields that are not ItemCatalog fields (e.g. a shop export's own columns). Otherwise such a column stops the node before anything is sent, so that a misspelt field is never dropped silently.",
		},
	]),
]);

interface FileOptions {
	skipBadRows?: boolean;
	delimiter?: string;
	ignoreUnknownFields?: boolean;
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
		const settings = {
			format: readFileFormat(this, i, binary),
			delimiter: readDelimiter(this, i, options.delimiter),
			ignoreUnknownFields: options.ignoreUnknownFields === true,
		};
		return await uploadLargeBatch(
			this,
			client,
			i,
			{
				fileName,
				skipBadRows: options.skipBadRows === true,
				open,
				read: (chunks, seen) => readCatalogFile(this, i, chunks, settings, seen),
			},
			{ kind: 'catalog', skipsUnlogged: false },
			wait,
		);
	});
}
