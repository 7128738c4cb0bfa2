import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * Parameters picked from DSCO's lists (warehouses, trading partners, ship codes) are n8n resource locators from
 * node version 2 on. Version 1 typed them in as text, and a resource locator shows a saved text value as empty in
 * the editor, so the node keeps both under the same name: version 1 nodes (saved workflows) keep their text fields,
 * nodes added since get the locators. The execute code reads either shape with `locatorValue`.
 */
export const LISTS_VERSION = 2;

const V1_ONLY: IDisplayOptions['show'] = { '@version': [1] };
const SINCE_LISTS: IDisplayOptions['show'] = { '@version': [{ _cnd: { gte: LISTS_VERSION } }] };

function alsoShowOnly(property: INodeProperties, show: IDisplayOptions['show']): INodeProperties {
	return {
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, ...show },
		},
	};
}

/** Shows a property on version 1 nodes only (saved workflows keep it), keeping its other display conditions. */
export function onlyInVersion1(property: INodeProperties): INodeProperties {
	return alsoShowOnly(property, V1_ONLY);
}

/** Shows a property on nodes of version LISTS_VERSION and later only, keeping its other display conditions. */
export function sinceListsVersion(property: INodeProperties): INodeProperties {
	return alsoShowOnly(property, SINCE_LISTS);
}

/** A parameter as version 1 nodes (saved workflows) have it, and what replaces it from version 2 on. */
export function version1Then(v1: INodeProperties, since2: INodeProperties): INodeProperties[] {
	return [onlyInVersion1(v1), sinceListsVersion(since2)];
}

/**
 * The version 1 text parameter and its version 2 locator: same name, and shown under the same conditions (the text
 * parameter's displayOptions apply to the locator too).
 */
export function textThenLocator(
	text: INodeProperties,
	locator: INodeProperties,
): INodeProperties[] {
	if (text.name !== locator.name)
		throw new Error(`textThenLocator: ${text.name} and ${locator.name} must share one name`);
	const placed: INodeProperties = text.displayOptions
		? { ...locator, displayOptions: { ...text.displayOptions, ...locator.displayOptions } }
		: locator;
	return version1Then(text, placed);
}

export interface LocatorSpec {
	displayName: string;
	name: string;
	description: string;
	/** The listSearch method of the From List mode (methods/listSearch.ts). */
	searchListMethod: string;
	/** "Select a warehouse..." */
	listPlaceholder: string;
	/**
	 * The typed-in mode. Its name is shown through n8n's own wording when it is "id" ("By ID"), so a mode shown with
	 * another label has its own name ("code": "By Code").
	 */
	byValue: { name: string; displayName: string; placeholder: string; hint?: string };
	hint?: string;
}

/**
 * A resource locator with two modes: From List (searchable, filled by `searchListMethod` through the transport)
 * and a typed-in value, which also takes expressions (ERP data). No By URL mode: DSCO's document gives no web
 * address for warehouses, trading partners or ship codes.
 */
export function locatorProperty(spec: LocatorSpec): INodeProperties {
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: spec.description,
		...(spec.hint ? { hint: spec.hint } : {}),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: spec.listPlaceholder,
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{
				displayName: spec.byValue.displayName,
				name: spec.byValue.name,
				type: 'string',
				placeholder: spec.byValue.placeholder,
				hint: spec.byValue.hint,
			},
		],
	};
}

/**
 * The value of a parameter that is a resource locator from version 2 on: `{__rl: true, mode, value}` gives its
 * value, anything else (version 1 text, a number from an expression) is returned as it is, for the usual checks.
 */
export function locatorValue(raw: unknown): unknown {
	if (raw && typeof raw === 'object' && !Array.isArray(raw) && '__rl' in raw && 'value' in raw) {
		return (raw as { value: unknown }).value;
	}
	return raw;
}

/** Whether a locator or text parameter was left empty (not given). */
export function isEmptyLocator(raw: unknown): boolean {
	const value = locatorValue(raw);
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

/** Warehouse codes from DSCO's `/warehouse/page`. */
export function warehouseLocator(
	name: string,
	displayName: string,
	description: string,
): INodeProperties {
	return locatorProperty({
		displayName,
		name,
		description,
		searchListMethod: 'searchWarehouses',
		listPlaceholder: 'Select a warehouse...',
		byValue: {
			name: 'code',
			displayName: 'By Code',
			placeholder: 'e.g. WH01',
			hint: 'Your code of the warehouse, as set up in DSCO',
		},
	});
}

/** Carrier, method or service level code: documented common values (methods/shipCodes.ts), or any code typed in. */
export function shipCodeLocator(
	name: string,
	displayName: string,
	searchListMethod: 'searchShipCarriers' | 'searchShipMethods' | 'searchServiceLevels',
	text: { description: string; listPlaceholder: string; placeholder: string },
): INodeProperties {
	return locatorProperty({
		displayName,
		name,
		description: text.description,
		searchListMethod,
		listPlaceholder: text.listPlaceholder,
		byValue: {
			name: 'code',
			displayName: 'By Code',
			placeholder: text.placeholder,
			hint: 'Any code your retailer accepts',
		},
	});
}

/** A retailer: From List (`GET /tradingpartner`) or by DSCO's account ID. */
export function retailerLocator(name: string, description: string): INodeProperties {
	return locatorProperty({
		displayName: 'Retailer',
		name,
		description,
		searchListMethod: 'searchRetailers',
		listPlaceholder: 'Select a retailer...',
		byValue: {
			name: 'accountId',
			displayName: 'By DSCO Account ID',
			placeholder: 'e.g. 1000012345',
			hint: "DSCO's account ID of the retailer",
		},
	});
}

/**
 * A retailer's account, as DSCO's return APIs name it: by DSCO's account ID (From List, `GET /tradingpartner`, or
 * typed in), or by your own trading-partner ID for it. `/return/page` takes either as accountIdType
 * (dscoAccountId / tradingPartnerId) + accountIdValue; return writes as dscoAccountId or dscoTradingPartnerId.
 */
export function retailerAccountLocator(name: string, description: string): INodeProperties {
	const locator = retailerLocator(name, description);
	return {
		...locator,
		modes: [
			...(locator.modes ?? []),
			{
				displayName: 'By Your Partner ID',
				name: 'partnerId',
				type: 'string',
				placeholder: 'e.g. RTL-1',
				hint: 'Your own ID for the trading partner, as set in DSCO',
			},
		],
	};
}
