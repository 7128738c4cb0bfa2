/** Files DSCO produces (labels, packing slips) as n8n binary data on output items. */
import type {
	IBinaryKeyData,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { invalidInput } from './items';

/** A value (PO number, tracking number) made safe for a file name: anything but letters, digits, ".", "-" and "_" becomes "_". */
export function fileNamePart(value: unknown): string {
	const text = String(value ?? '')
		.replace(/[^A-Za-z0-9._-]+/g, '_')
		.replace(/^[._]+|_+$/g, '')
		.slice(0, 100);
	return text || 'unknown';
}

/** The "Put Output File in Field" option: the binary property the file is written to. */
export function binaryPropertyOption(defaultName: string, what: string): INodeProperties {
	return {
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: defaultName,
		hint: 'The name of the output binary field to put the file in',
		description: `The binary property of the output item that receives ${what}. Files the input item carries under other names are kept.`,
	};
}

/** Reads the binary property name option. */
export function readBinaryPropertyName(
	ctx: IExecuteFunctions,
	itemIndex: number,
	defaultName: string,
): string {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as {
		binaryPropertyName?: unknown;
	};
	const name = options.binaryPropertyName ?? defaultName;
	if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,100}$/.test(name.trim())) {
		throw invalidInput(
			ctx,
			itemIndex,
			'Put Output File in Field',
			`"${String(name)}" is not a field name; use letters, digits, "_" or "-"`,
		);
	}
	return name.trim();
}

/**
 * The input item's binary data with `data` added under `property` as n8n binary data (stored in n8n's binary data
 * mode). Like n8n's HTTP Request node when it downloads a file, the files already on the item are kept.
 */
export async function withFile(
	ctx: IExecuteFunctions,
	input: INodeExecutionData | undefined,
	property: string,
	data: Buffer,
	fileName: string,
	mimeType: string,
): Promise<IBinaryKeyData> {
	return {
		...(input?.binary ?? {}),
		[property]: await ctx.helpers.prepareBinaryData(data, fileName, mimeType),
	};
}
