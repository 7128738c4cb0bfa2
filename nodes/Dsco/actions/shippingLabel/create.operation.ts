import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { showOnlyFor } from '../../helpers/displayOptions';
import { locatorValue, textThenLocator, warehouseLocator } from '../../helpers/locators';
import {
	binaryPropertyOption,
	fileNamePart,
	readBinaryPropertyName,
	withFile,
} from '../../helpers/fileOutput';
import {
	asNodeError,
	forEachItem,
	invalidInput,
	ItemWithBinary,
	validateAll,
} from '../../helpers/items';
import {
	readMoney,
	readNonNegativeNumber,
	readOrderReference,
	readText,
} from '../../helpers/validation';
import { SHIPPING_LABELS } from '../../transport/answers';
import type { DscoClient } from '../../transport/client';
import { dscoApiError } from '../../transport/errors';
import { FILE_KINDS, type FileFormat } from '../../transport/fileUrls';
import { OrderReader } from '../../transport/orders';
import { WarehouseReader } from '../../transport/lists';
import { orderReferenceProperties } from '../common';

// Enums of ShippingLabelShipment in the vendor document (POST /shippinglabels).
const CARRIERS = ['FedEx', 'UPS', 'USPS'] as const;
const PACKAGE_TYPES = [
	'EXTRA_LARGE_BOX',
	'LARGE_BOX',
	'MEDIUM_BOX',
	'SMALL_BOX',
	'10KG_BOX',
	'25KG_BOX',
	'BOX',
	'ENVELOPE',
	'PAK',
	'TUBE',
	'YOUR_PACKAGING',
] as const;
const WEIGHT_UNITS = ['lbs', 'kg'] as const;
const DIMENSION_UNITS = ['in', 'cm'] as const;
const LABEL_FORMATS = ['pdf', 'png', 'gif'] as const;
const ADDRESS_TYPES = ['residential', 'commercial'] as const;
/** The only currencyCode DSCO documents for paying a label. */
const CURRENCY = 'USD';
/** With this package type DSCO requires the package's dimensions. */
const OWN_PACKAGING = 'YOUR_PACKAGING';

const addressValues: INodeProperties[] = [
	{
		displayName: 'Address Line 1',
		name: 'address1',
		type: 'string',
		default: '',
		description: 'Street address (required)',
	},
	{ displayName: 'Address Line 2', name: 'address2', type: 'string', default: '' },
	{
		displayName: 'Address Type',
		name: 'addressType',
		type: 'options',
		options: [
			{ name: 'Commercial', value: 'commercial' },
			{ name: 'Residential', value: 'residential' },
		],
		default: 'commercial',
	},
	{ displayName: 'City', name: 'city', type: 'string', default: '', description: 'Required' },
	{ displayName: 'Company', name: 'company', type: 'string', default: '' },
	{
		displayName: 'Country',
		name: 'country',
		type: 'string',
		default: 'US',
		description: 'ISO 3166-1 country code (required)',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Contact or business name (required)',
	},
	{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
	{
		displayName: 'Postal Code',
		name: 'postal',
		type: 'string',
		default: '',
		description: 'Required',
	},
	{
		displayName: 'State',
		name: 'state',
		type: 'string',
		default: '',
		placeholder: 'e.g. NJ',
		description: 'ISO 3166-2 state or province abbreviation (required)',
	},
];

const dimension = (name: string, displayName: string): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 2 },
	default: 0,
	description: `The package's ${displayName.toLowerCase()}; required with package type Your Packaging. 0 = not given.`,
});

export const description: INodeProperties[] = showOnlyFor('shippingLabel', 'create', [
	...orderReferenceProperties(
		"The order the package belongs to; one label per input item. DSCO reads the ship-to address, PO number and the order's carrier and service level from it.",
		'={{ $json.dscoOrderId }}',
	),
	{
		displayName: 'Carrier and Service Level',
		name: 'shipCodeSource',
		type: 'options',
		options: [
			{
				name: "From the Order's Ship Codes",
				value: 'order',
				description: "The order's shipCarrier and shippingServiceLevelCode",
			},
			{ name: 'Enter Below', value: 'enter' },
		],
		default: 'order',
		description: 'Where the carrier and the service level of the label come from',
	},
	{
		displayName: 'Carrier',
		name: 'carrier',
		type: 'options',
		options: CARRIERS.map((c) => ({ name: c, value: c })),
		default: 'UPS',
		displayOptions: { show: { shipCodeSource: ['enter'] } },
		description: 'The carrier to buy the label from, on the carrier account set up in DSCO',
	},
	{
		displayName: 'Carrier Service Level',
		name: 'carrierServiceLevel',
		type: 'string',
		default: '',
		placeholder: 'e.g. UPCG',
		displayOptions: { show: { shipCodeSource: ['enter'] } },
		description:
			'A DSCO ship code enabled for the carrier in DSCO (Mapping Settings → Ship Mappings), e.g. UPCG, FECG, USGA',
	},
	{
		displayName: 'Package Type',
		name: 'packageType',
		type: 'options',
		options: PACKAGE_TYPES.map((t) => ({
			name: t === OWN_PACKAGING ? 'Your Packaging' : t,
			value: t,
		})),
		default: OWN_PACKAGING,
		description:
			"The carrier's packaging, or Your Packaging (then the dimensions below are required)",
	},
	{
		displayName: 'Weight',
		name: 'packageWeight',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		required: true,
		default: 0,
		description: 'The weight of the package, in Weight Units',
	},
	{
		displayName: 'Weight Units',
		name: 'weightUnits',
		type: 'options',
		options: [
			{ name: 'Pounds', value: 'lbs' },
			{ name: 'Kilograms', value: 'kg' },
		],
		default: 'lbs',
	},
	dimension('length', 'Length'),
	dimension('width', 'Width'),
	dimension('height', 'Height'),
	{
		displayName: 'Dimension Units',
		name: 'dimensionUnits',
		type: 'options',
		options: [
			{ name: 'Inches', value: 'in' },
			{ name: 'Centimeters', value: 'cm' },
		],
		default: 'in',
	},
	{
		displayName: 'Label Format',
		name: 'labelFormat',
		type: 'options',
		options: [
			{ name: 'PDF', value: 'pdf' },
			{ name: 'PNG', value: 'png' },
			{ name: 'GIF', value: 'gif' },
		],
		default: 'pdf',
		description: 'The file format of the label',
	},
	{
		displayName: 'Ship From',
		name: 'shipFromSource',
		type: 'options',
		options: [
			{
				name: 'Warehouse',
				value: 'warehouse',
				description:
					'One of your warehouses in DSCO: its address, and its carrier account where DSCO has one per warehouse',
			},
			{ name: 'Address', value: 'address', description: 'An address entered below' },
		],
		default: 'warehouse',
		description: 'Where the package ships from',
	},
	...textThenLocator(
		{
			displayName: 'Warehouse Code',
			name: 'warehouseCode',
			type: 'string',
			default: '',
			placeholder: 'e.g. WH01',
			displayOptions: { show: { shipFromSource: ['warehouse'] } },
			description:
				"Your code of the warehouse in DSCO (as in inventory); the node reads the warehouse's address from DSCO",
		},
		warehouseLocator(
			'warehouseCode',
			'Warehouse',
			'The warehouse the package ships from; the node reads its address from DSCO',
		),
	),
	{
		displayName: 'Ship From Address',
		name: 'shipFromAddress',
		type: 'fixedCollection',
		default: {},
		placeholder: 'Add Address',
		displayOptions: { show: { shipFromSource: ['address'] } },
		options: [{ displayName: 'Address', name: 'address', values: addressValues }],
	},
	{
		displayName: 'Reference',
		name: 'referenceSource',
		type: 'options',
		options: [
			{ name: 'PO Number', value: 'poNumber' },
			{ name: 'Supplier Order Number', value: 'supplierOrderNumber' },
		],
		default: 'poNumber',
		description: "Which of the order's numbers DSCO records as the label's reference",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Dry Ice Quantity',
				name: 'dryIceQuantity',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
			},
			{
				displayName: 'Dry Ice Units',
				name: 'dryIceUnits',
				type: 'options',
				options: [
					{ name: 'Pounds', value: 'lbs' },
					{ name: 'Kilograms', value: 'kg' },
				],
				default: 'lbs',
			},
			{
				displayName: 'DSCO Warehouse ID',
				name: 'warehouseId',
				type: 'string',
				default: '',
				description:
					"DSCO's ID of the warehouse shipping, for accounts with a carrier account per warehouse (with Ship From: Warehouse it is the warehouse's own)",
			},
			{
				displayName: 'Insurance Amount',
				name: 'insuranceAmount',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 0,
				description: 'The value of the shipment for insurance',
			},
			{
				displayName: 'Insurance Currency Code',
				name: 'insuranceCurrencyCode',
				type: 'string',
				default: 'USD',
			},
			{
				displayName: 'Lithium Ion in Equipment',
				name: 'lithiumIonInEquipment',
				type: 'boolean',
				default: false,
				description: 'Whether the package contains equipment with lithium ion components',
			},
			{
				displayName: 'Print PO Number on Label',
				name: 'printReferences',
				type: 'boolean',
				default: true,
				description:
					"Whether to print the order's PO number and consumer order number on the label (customLabelEntries)",
			},
			{
				displayName: 'Rate Indicator (USPS)',
				name: 'rateIndicator',
				type: 'string',
				default: '',
				description: 'USPS only: the code of the container type that may affect postage',
			},
			{
				displayName: 'Saturday Delivery',
				name: 'saturdayDelivery',
				type: 'boolean',
				default: false,
				description: 'Whether to pay extra to allow Saturday delivery',
			},
			{
				displayName: 'Saturday Pickup',
				name: 'saturdayPickup',
				type: 'boolean',
				default: false,
				description: 'Whether to pay extra for a Saturday pickup',
			},
			{
				displayName: 'Ship From Phone',
				name: 'shipFromPhone',
				type: 'string',
				default: '',
				description:
					'A phone number for the ship-from address (a DSCO warehouse has none; carriers may ask for one)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [binaryPropertyOption('label', 'the label file')],
	},
]);

type Carrier = (typeof CARRIERS)[number];

/** What one input item asks for, read and checked before anything is sent. */
interface LabelInput {
	shipCodes?: { carrier: Carrier; carrierServiceLevel: string };
	packageType: string;
	packageWeight: number;
	packageDimensions?: { length: number; width: number; height: number };
	carrierSpecs: IDataObject;
	labelFormat: FileFormat;
	warehouseCode?: string;
	fromAddress?: IDataObject;
	referenceSource: 'poNumber' | 'supplierOrderNumber';
	printReferences: boolean;
	warehouseId?: string;
	shipFromPhone?: string;
	rateIndicator?: string;
	binaryPropertyName: string;
}

function oneOf<T extends string>(
	ctx: IExecuteFunctions,
	i: number,
	field: string,
	value: unknown,
	allowed: readonly T[],
): T {
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
		return value as T;
	throw invalidInput(
		ctx,
		i,
		field,
		`${value === undefined || value === '' ? 'it is empty' : `"${String(value)}" is not allowed`}; use one of ${allowed.join(', ')}`,
	);
}

function positive(
	ctx: IExecuteFunctions,
	i: number,
	field: string,
	value: unknown,
	what: string,
): number {
	if (value === undefined || value === null || value === '')
		throw invalidInput(ctx, i, field, `it is empty; give ${what}`);
	const n = readNonNegativeNumber(ctx, i, field, value);
	if (n === 0) throw invalidInput(ctx, i, field, `it is 0; give ${what}`);
	return n;
}

/** A text field of an address entered in the node; `required` ones must not be empty. */
function addressText(
	ctx: IExecuteFunctions,
	i: number,
	address: IDataObject,
	name: string,
	label: string,
	required: boolean,
): string | undefined {
	const value = address[name];
	if (value === undefined || value === null || String(value).trim() === '') {
		if (required)
			throw invalidInput(
				ctx,
				i,
				`Ship From Address › ${label}`,
				'it is empty; a ship-from address needs name, address line 1, city, state, postal code and country',
			);
		return undefined;
	}
	return readText(ctx, i, `Ship From Address › ${label}`, value);
}

function readFromAddress(ctx: IExecuteFunctions, i: number): IDataObject {
	const address = (ctx.getNodeParameter('shipFromAddress', i, {}) as { address?: IDataObject })
		.address;
	if (!address)
		throw invalidInput(
			ctx,
			i,
			'Ship From Address',
			'it is empty; add the address the package ships from',
		);
	const line1 = addressText(ctx, i, address, 'address1', 'Address Line 1', true)!;
	const line2 = addressText(ctx, i, address, 'address2', 'Address Line 2', false);
	const out: IDataObject = {
		name: addressText(ctx, i, address, 'name', 'Name', true),
		address: line2 ? [line1, line2] : [line1],
		city: addressText(ctx, i, address, 'city', 'City', true),
		state: addressText(ctx, i, address, 'state', 'State', true),
		postal: addressText(ctx, i, address, 'postal', 'Postal Code', true),
		country: addressText(ctx, i, address, 'country', 'Country', true),
	};
	for (const [name, label] of [
		['company', 'Company'],
		['phone', 'Phone'],
		['email', 'Email'],
	]) {
		const value = addressText(ctx, i, address, name, label, false);
		if (value !== undefined) out[name] = value;
	}
	if (address.addressType !== undefined && address.addressType !== '') {
		out.addressType = oneOf(
			ctx,
			i,
			'Ship From Address › Address Type',
			address.addressType,
			ADDRESS_TYPES,
		);
	}
	return out;
}

function readInput(ctx: IExecuteFunctions, i: number): LabelInput {
	const source = oneOf(
		ctx,
		i,
		'Carrier and Service Level',
		ctx.getNodeParameter('shipCodeSource', i),
		['order', 'enter'] as const,
	);
	const shipCodes =
		source === 'enter'
			? {
					carrier: oneOf(ctx, i, 'Carrier', ctx.getNodeParameter('carrier', i), CARRIERS),
					carrierServiceLevel: readText(
						ctx,
						i,
						'Carrier Service Level',
						ctx.getNodeParameter('carrierServiceLevel', i, ''),
					),
				}
			: undefined;
	const packageType = oneOf(
		ctx,
		i,
		'Package Type',
		ctx.getNodeParameter('packageType', i),
		PACKAGE_TYPES,
	);
	const packageWeight = positive(
		ctx,
		i,
		'Weight',
		ctx.getNodeParameter('packageWeight', i, undefined),
		"the package's weight",
	);
	const carrierSpecs: IDataObject = {
		weightUnits: oneOf(
			ctx,
			i,
			'Weight Units',
			ctx.getNodeParameter('weightUnits', i),
			WEIGHT_UNITS,
		),
	};

	const sides = (['length', 'width', 'height'] as const).map((name) => {
		const value = ctx.getNodeParameter(name, i, 0);
		return value === 0 || value === '' || value === null || value === undefined
			? undefined
			: readNonNegativeNumber(ctx, i, name[0].toUpperCase() + name.slice(1), value);
	});
	let packageDimensions: LabelInput['packageDimensions'];
	if (sides.some((v) => v !== undefined && v > 0)) {
		const missing = (['Length', 'Width', 'Height'] as const).find((_, k) => !sides[k]);
		if (missing)
			throw invalidInput(ctx, i, missing, 'it is empty; give all three dimensions of the package');
		packageDimensions = { length: sides[0]!, width: sides[1]!, height: sides[2]! };
		carrierSpecs.dimensionUnits = oneOf(
			ctx,
			i,
			'Dimension Units',
			ctx.getNodeParameter('dimensionUnits', i),
			DIMENSION_UNITS,
		);
	} else if (packageType === OWN_PACKAGING) {
		throw invalidInput(
			ctx,
			i,
			'Length',
			'it is empty; with package type Your Packaging DSCO needs the length, width and height',
		);
	}

	const labelFormat = oneOf(
		ctx,
		i,
		'Label Format',
		ctx.getNodeParameter('labelFormat', i),
		LABEL_FORMATS,
	);
	const shipFrom = oneOf(ctx, i, 'Ship From', ctx.getNodeParameter('shipFromSource', i), [
		'warehouse',
		'address',
	] as const);
	const warehouseCode =
		shipFrom === 'warehouse'
			? readText(
					ctx,
					i,
					'Warehouse Code',
					locatorValue(ctx.getNodeParameter('warehouseCode', i, '')),
				)
			: undefined;
	const fromAddress = shipFrom === 'address' ? readFromAddress(ctx, i) : undefined;
	const referenceSource = oneOf(ctx, i, 'Reference', ctx.getNodeParameter('referenceSource', i), [
		'poNumber',
		'supplierOrderNumber',
	] as const);

	const extra = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const optionalText = (name: string, label: string) =>
		extra[name] === undefined || extra[name] === ''
			? undefined
			: readText(ctx, i, label, extra[name]);
	for (const [name, label] of [
		['saturdayDelivery', 'Saturday Delivery'],
		['saturdayPickup', 'Saturday Pickup'],
		['lithiumIonInEquipment', 'Lithium Ion in Equipment'],
	]) {
		if (extra[name] === undefined) continue;
		if (typeof extra[name] !== 'boolean')
			throw invalidInput(ctx, i, label, `"${String(extra[name])}" is not true or false`);
		carrierSpecs[name] = extra[name];
	}
	if (extra.insuranceAmount !== undefined && extra.insuranceAmount !== 0) {
		carrierSpecs.insuranceAmount = readMoney(ctx, i, 'Insurance Amount', extra.insuranceAmount);
		carrierSpecs.insuranceCurrencyCode =
			optionalText('insuranceCurrencyCode', 'Insurance Currency Code') ?? CURRENCY;
	}
	if (extra.dryIceQuantity !== undefined && extra.dryIceQuantity !== 0) {
		carrierSpecs.dryIceQuantity = readNonNegativeNumber(
			ctx,
			i,
			'Dry Ice Quantity',
			extra.dryIceQuantity,
		);
		carrierSpecs.dryIceUnits = oneOf(
			ctx,
			i,
			'Dry Ice Units',
			extra.dryIceUnits ?? 'lbs',
			WEIGHT_UNITS,
		);
	}
	const printReferences = extra.printReferences ?? true;
	if (typeof printReferences !== 'boolean')
		throw invalidInput(
			ctx,
			i,
			'Print PO Number on Label',
			`"${String(printReferences)}" is not true or false`,
		);

	return {
		shipCodes,
		packageType,
		packageWeight,
		packageDimensions,
		carrierSpecs,
		labelFormat,
		warehouseCode,
		fromAddress,
		referenceSource,
		printReferences,
		warehouseId: optionalText('warehouseId', 'DSCO Warehouse ID'),
		shipFromPhone: optionalText('shipFromPhone', 'Ship From Phone'),
		rateIndicator: optionalText('rateIndicator', 'Rate Indicator (USPS)'),
		binaryPropertyName: readBinaryPropertyName(ctx, i, 'label'),
	};
}

const textOf = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** The order's fault, not the node's parameters: a clear error naming the order and the item. */
function orderLacks(
	ctx: IExecuteFunctions,
	i: number,
	order: IDataObject,
	what: string,
	hint: string,
) {
	return new NodeOperationError(
		ctx.getNode(),
		`DSCO order ${String(order.dscoOrderId)} has no ${what} [item ${i}]`,
		{ itemIndex: i, description: `${hint} Nothing was sent to DSCO for this item.` },
	);
}

/** The order's ship-to (OrderShipping) as a label's toAddress (ShippingLabelAddress). */
function toAddressOf(ctx: IExecuteFunctions, i: number, order: IDataObject): IDataObject {
	const shipping = (order.shipping ?? {}) as IDataObject;
	const lines = Array.isArray(shipping.address)
		? shipping.address.map(textOf).filter((l): l is string => !!l)
		: [textOf(shipping.address1), textOf(shipping.address2)].filter((l): l is string => !!l);
	const name =
		textOf(shipping.name) ??
		([textOf(shipping.firstName), textOf(shipping.lastName)].filter(Boolean).join(' ') ||
			textOf(shipping.company));
	const fields: Array<[string, unknown]> = [
		['name', name],
		['address', lines.length ? lines : undefined],
		['city', textOf(shipping.city)],
		['state', textOf(shipping.region) ?? textOf(shipping.state)],
		['postal', textOf(shipping.postal)],
		['country', textOf(shipping.country)],
	];
	const hint =
		'A label needs the ship-to name, address line, city, state, postal code and country.';
	const out: IDataObject = {};
	for (const [key, value] of fields) {
		if (value === undefined || value === '')
			throw orderLacks(
				ctx,
				i,
				order,
				`ship-to ${key === 'postal' ? 'postal code' : key === 'address' ? 'street address' : key}`,
				hint,
			);
		out[key] = value as string | string[];
	}
	for (const key of ['company', 'phone', 'email'] as const) {
		const value = textOf(shipping[key]);
		if (value) out[key] = value;
	}
	const type = textOf(shipping.addressType)?.toLowerCase();
	if (type === 'residential' || type === 'commercial') out.addressType = type;
	return out;
}

/** The order's final ship codes as a label's carrier (one of DSCO's label carriers) and service level. */
function orderShipCodes(
	ctx: IExecuteFunctions,
	i: number,
	order: IDataObject,
): { carrier: Carrier; carrierServiceLevel: string } {
	const hint = 'Choose "Enter Below" under Carrier and Service Level.';
	const raw = textOf(order.shipCarrier);
	if (!raw) throw orderLacks(ctx, i, order, 'ship carrier (shipCarrier)', hint);
	const carrier = CARRIERS.find((c) => c.toLowerCase() === raw.toLowerCase());
	if (!carrier) {
		throw new NodeOperationError(
			ctx.getNode(),
			`DSCO order ${String(order.dscoOrderId)} ships with "${raw}", not one of DSCO's label carriers ${CARRIERS.join(', ')} [item ${i}]`,
			{
				itemIndex: i,
				description: `${hint} Nothing was sent to DSCO for this item.`,
			},
		);
	}
	const carrierServiceLevel = textOf(order.shippingServiceLevelCode);
	if (!carrierServiceLevel)
		throw orderLacks(ctx, i, order, 'service level code (shippingServiceLevelCode)', hint);
	return { carrier, carrierServiceLevel };
}

/** A DSCO warehouse (Warehouse of /warehouse/page) as a label's fromAddress. */
function fromWarehouse(
	ctx: IExecuteFunctions,
	i: number,
	code: string,
	warehouse: IDataObject,
	order: IDataObject,
): IDataObject {
	const lines = Array.isArray(warehouse.address)
		? warehouse.address.map(textOf).filter((l): l is string => !!l)
		: [textOf(warehouse.address1), textOf(warehouse.address2)].filter((l): l is string => !!l);
	const fields: Array<[string, unknown, string]> = [
		['name', textOf(warehouse.name), 'name'],
		['address', lines.length ? lines : undefined, 'street address'],
		['city', textOf(warehouse.city), 'city'],
		['state', textOf(warehouse.region), 'region'],
		['postal', textOf(warehouse.postal), 'postal code'],
		['country', textOf(warehouse.country), 'country'],
	];
	const out: IDataObject = {};
	for (const [key, value, what] of fields) {
		if (value === undefined) {
			throw invalidInput(
				ctx,
				i,
				'Warehouse Code',
				`DSCO's warehouse ${code} has no ${what}; complete it in DSCO or choose Ship From: Address`,
			);
		}
		out[key] = value as string | string[];
	}
	const company = textOf(order.dscoSupplierName);
	if (company) out.company = company;
	out.addressType = 'commercial';
	return out;
}

/** The error as an n8n node error, with a line added to its description (what the user must know before re-running). */
function withNote(ctx: IExecuteFunctions, error: unknown, note: string) {
	const e = asNodeError(ctx.getNode(), error);
	e.description = [e.description, note].filter(Boolean).join('\n');
	return e;
}

/** Where the package ships from: the DSCO warehouse (its address and ID) or the address entered. */
async function shipFrom(
	ctx: IExecuteFunctions,
	i: number,
	input: LabelInput,
	order: IDataObject,
	warehouses: WarehouseReader,
) {
	let fromAddress = input.fromAddress;
	let warehouseId = input.warehouseId;
	if (input.warehouseCode) {
		const warehouse = await warehouses.read(input.warehouseCode, i);
		if (!warehouse)
			throw invalidInput(
				ctx,
				i,
				'Warehouse Code',
				`DSCO has no warehouse with code "${input.warehouseCode}"`,
			);
		fromAddress = fromWarehouse(ctx, i, input.warehouseCode, warehouse, order);
		warehouseId = textOf(warehouse.warehouseId) ?? warehouseId;
	}
	if (input.shipFromPhone) fromAddress = { ...fromAddress, phone: input.shipFromPhone };
	return { fromAddress: fromAddress!, warehouseId };
}

/** The ShippingLabelShipment for one package: the input's package and options, the order's parties and ship-to. */
function labelShipment(
	ctx: IExecuteFunctions,
	i: number,
	input: LabelInput,
	order: IDataObject,
	from: { fromAddress: IDataObject; warehouseId?: string },
): IDataObject {
	const dscoOrderId = textOf(order.dscoOrderId);
	if (!dscoOrderId)
		throw orderLacks(ctx, i, order, 'dscoOrderId', 'DSCO answered an order without its ID.');
	const { carrier, carrierServiceLevel } = input.shipCodes ?? orderShipCodes(ctx, i, order);
	const referenceId = textOf(order[input.referenceSource]);
	if (!referenceId)
		throw orderLacks(
			ctx,
			i,
			order,
			input.referenceSource === 'poNumber' ? 'PO number' : 'supplier order number',
			'Choose another Reference.',
		);
	const retailerId = textOf(order.dscoRetailerId);
	const supplierId = textOf(order.dscoSupplierId);
	if (!retailerId)
		throw orderLacks(
			ctx,
			i,
			order,
			'retailer ID (dscoRetailerId)',
			'DSCO needs it to find the carrier account.',
		);
	if (!supplierId)
		throw orderLacks(
			ctx,
			i,
			order,
			'supplier ID (dscoSupplierId)',
			'DSCO needs it to find the carrier account.',
		);
	const shipment: IDataObject = {
		carrier,
		carrierServiceLevel,
		carrierSpecs: input.carrierSpecs,
		currencyCode: CURRENCY,
		fromAddress: from.fromAddress,
		labelFormats: input.labelFormat,
		orderId: dscoOrderId,
		packageType: input.packageType,
		packageWeight: input.packageWeight,
		referenceId,
		retailerId,
		supplierId,
		toAddress: toAddressOf(ctx, i, order),
	};
	if (input.packageDimensions) shipment.packageDimensions = input.packageDimensions;
	if (input.printReferences) {
		const entries: IDataObject = {};
		if (textOf(order.poNumber)) entries.poNumber = textOf(order.poNumber);
		if (textOf(order.consumerOrderNumber))
			entries.customerOrder = textOf(order.consumerOrderNumber);
		if (Object.keys(entries).length) shipment.customLabelEntries = entries;
	}
	if (input.rateIndicator) shipment.rateIndicator = input.rateIndicator;
	if (from.warehouseId) shipment.warehouseId = from.warehouseId;
	return shipment;
}

/**
 * Asks DSCO for one label and returns DSCO's result for it, a created label. A label is bought from the carrier:
 * never sent twice. After a failure that may have reached DSCO (timeout, 5xx) the transport does not send it again,
 * and nothing can tell whether a label was made.
 */
async function buyLabel(
	ctx: IExecuteFunctions,
	client: DscoClient,
	i: number,
	shipment: IDataObject,
): Promise<IDataObject> {
	let labels: IDataObject[];
	try {
		labels = (
			await client.request<IDataObject[]>({
				method: 'POST',
				path: '/shippinglabels',
				body: [shipment],
				itemIndexes: i,
				idempotent: false,
				answer: SHIPPING_LABELS,
			})
		).body;
	} catch (error) {
		throw withNote(
			ctx,
			error,
			'A label may have been created at the carrier all the same: check in DSCO before running this item again.',
		);
	}
	const answered = {
		status: 200,
		method: 'POST',
		path: '/shippinglabels',
		body: undefined,
		itemIndexes: i,
	};
	if (labels.length !== 1) {
		throw dscoApiError(ctx.getNode(), {
			...answered,
			message: `DSCO answered ${labels.length} labels for the one requested: tracking numbers ${labels.map((l) => String(l.trackingNumber ?? '?')).join(', ')}`,
			note: 'Nothing was downloaded. Check these labels in DSCO before running this item again.',
		});
	}
	const [label] = labels;
	if (label.success !== true) {
		throw dscoApiError(ctx.getNode(), {
			...answered,
			message: `DSCO could not create the label: ${String(label.status ?? 'no status given')}`,
			note: `Order ${String(shipment.orderId)}, ${String(shipment.carrier)} ${String(shipment.carrierServiceLevel)}.`,
		});
	}
	return label;
}

export async function execute(
	this: IExecuteFunctions,
	client: DscoClient,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const orders = new OrderReader(client);
	const warehouses = new WarehouseReader(client);
	// Every item is checked before any label is bought.
	const { valid, errors } = validateAll(this, items, (i) => ({
		input: readInput(this, i),
		ref: readOrderReference(this, i),
	}));
	const checked = new Map(valid.map((v) => [v.itemIndex, v.value]));
	return await forEachItem(this, items, async (i) => {
		const error = errors.get(i);
		if (error) throw error;
		const { input, ref } = checked.get(i)!;
		const order = await orders.require(ref, i);
		const from = await shipFrom(this, i, input, order, warehouses);
		const shipment = labelShipment(this, i, input, order, from);
		const label = await buyLabel(this, client, i, shipment);

		const trackingNumber = String(label.trackingNumber);
		const kind = FILE_KINDS[input.labelFormat];
		const fileName = `${fileNamePart(order.poNumber ?? shipment.referenceId)}-${fileNamePart(trackingNumber)}.${kind.extension}`;
		let file: Buffer;
		try {
			file = await client.download(String(label.labelUrl), kind, {
				what: 'the label file',
				itemIndexes: i,
			});
		} catch (error) {
			throw withNote(
				this,
				error,
				`The label was created: tracking number ${trackingNumber}${label.trackingLink ? ` (${String(label.trackingLink)})` : ''}. Running this item again would buy a second label.`,
			);
		}
		const json: IDataObject = {
			dscoOrderId: shipment.orderId,
			poNumber: textOf(order.poNumber) ?? null,
			referenceId: shipment.referenceId,
			carrier: textOf(label.carrier) ?? shipment.carrier,
			carrierServiceLevel: textOf(label.carrierServiceLevel) ?? shipment.carrierServiceLevel,
			trackingNumber,
			trackingLink: textOf(label.trackingLink) ?? null,
			success: true,
			status: textOf(label.status) ?? null,
			labelFormat: input.labelFormat,
			fileName,
		};
		if (from.warehouseId) json.warehouseId = from.warehouseId;
		return new ItemWithBinary(
			json,
			await withFile(this, items[i], input.binaryPropertyName, file, fileName, kind.mimeType),
		);
	});
}
