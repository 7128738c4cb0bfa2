import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput, quote } from '../../helpers/items';
import { readText } from '../../helpers/validation';

/**
 * DSCO's cancel codes (api-notes): supplier codes with their meaning, and the retailer codes. Retailers may enable
 * a subset or their own codes, so "Custom Code" takes any code of the right form.
 */
export const SUPPLIER_CANCEL_CODES: Record<string, string> = {
	CXSS: 'Out of stock',
	CXSD: 'Discontinued',
	CXSN: 'Not enough stock',
	CXSB: 'Bad address',
	CXSI: 'Invalid ship instructions',
	CXST: 'Cannot ship on time',
	CXSC: 'Cancelled at retailer request',
	CXSO: 'Other',
};
export const RETAILER_CANCEL_CODES = ['CXRR', 'CXRF', 'CXRN', 'CXLS', 'CXRO'];

/** A cancel code's form: 2 to 10 upper-case letters or digits (every documented code is 4 such characters). */
export const CANCEL_CODE_PATTERN = /^[A-Z0-9]{2,10}$/;

export const CUSTOM_CANCEL_CODE = 'custom';

export const CANCEL_CODE_OPTIONS = [
	...Object.entries(SUPPLIER_CANCEL_CODES).map(([code, meaning]) => ({
		name: `${code} (${meaning})`,
		value: code,
	})),
	...RETAILER_CANCEL_CODES.map((code) => ({ name: `${code} (Retailer Code)`, value: code })),
	{
		name: 'Custom Code',
		value: CUSTOM_CANCEL_CODE,
		description: 'A code your retailer enabled that is not listed',
	},
].sort((a, b) => a.name.localeCompare(b.name));

/** The Cancel Code picker and its Custom Code field. */
export function cancelCodeProperties(description: string): INodeProperties[] {
	return [
		{
			displayName: 'Cancel Code',
			name: 'cancelCode',
			type: 'options',
			options: CANCEL_CODE_OPTIONS,
			default: 'CXSS',
			description,
		},
		{
			displayName: 'Custom Code',
			name: 'customCancelCode',
			type: 'string',
			default: '',
			// Not marked required: with Cancel Code set by an expression n8n would demand it before running.
			placeholder: 'e.g. CXRX',
			displayOptions: { show: { cancelCode: [CUSTOM_CANCEL_CODE] } },
			description: 'A cancel code your retailer accepts: 2 to 10 upper-case letters or digits',
		},
	];
}

/** Checks a cancel code's form (any code: DSCO accepts retailer-specific ones). */
export function readCancelCode(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): string {
	const code = readText(ctx, itemIndex, field, value);
	if (!CANCEL_CODE_PATTERN.test(code)) {
		throw invalidInput(
			ctx,
			itemIndex,
			field,
			`${quote(code)} is not a cancel code; codes are 2 to 10 upper-case letters or digits, e.g. CXSS (out of stock) or a code your retailer enabled`,
		);
	}
	return code;
}

/** The code chosen with the Cancel Code picker (or its Custom Code field) for one input item. */
export function readChosenCancelCode(ctx: IExecuteFunctions, itemIndex: number): string {
	const picked = ctx.getNodeParameter('cancelCode', itemIndex) as string;
	if (picked === CUSTOM_CANCEL_CODE) {
		return readCancelCode(
			ctx,
			itemIndex,
			'Custom Code',
			ctx.getNodeParameter('customCancelCode', itemIndex, ''),
		);
	}
	return readCancelCode(ctx, itemIndex, 'Cancel Code', picked);
}
