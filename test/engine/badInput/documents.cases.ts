import type { IDataObject } from 'n8n-workflow';

import type { Order, Simulator } from '../../simulator';
import type { BadInputCase } from './types';

// Shipping Label → Create: every value from the input item, so that each case breaks one value of one item. The
// ship-from name carries the case's marker: were the bad item sent, DSCO would receive it.
const label = (extra: IDataObject = {}): IDataObject => ({
	resource: 'shippingLabel',
	operation: 'create',
	orderId: '={{ $json.orderId }}',
	packageType: '={{ $json.type ?? "BOX" }}',
	packageWeight: '={{ $json.weight }}',
	weightUnits: '={{ $json.units ?? "lbs" }}',
	length: '={{ $json.length ?? 0 }}',
	width: '={{ $json.width ?? 0 }}',
	height: '={{ $json.height ?? 0 }}',
	dimensionUnits: '={{ $json.dimUnits ?? "in" }}',
	labelFormat: '={{ $json.format ?? "pdf" }}',
	shipFromSource: 'address',
	shipFromAddress: {
		address: {
			name: '={{ $json.from }}',
			address1: '9 Pier Rd',
			city: '={{ $json.city ?? "Newark" }}',
			state: 'NJ',
			postal: '07105',
			country: 'US',
		},
	},
	...extra,
});
const pkg = (o: Order, from: string, extra: IDataObject = {}): IDataObject => ({
	orderId: o.dscoOrderId,
	weight: 2,
	from,
	...extra,
});
/** A valid label for one order, then the bad one at index 1. */
const labelCase =
	(marker: string, bad: IDataObject, params: IDataObject = label()) =>
	(sim: Simulator) => {
		const [a, b] = sim.orders();
		return {
			params,
			input: [pkg(a, 'Dock GOOD'), pkg(b, `Dock ${marker}`, bad)],
			badItem: 1,
			marker,
		};
	};

// Packing Slip → Create with listed lines from the input item; the number of units carries the marker.
const slip: IDataObject = {
	resource: 'packingSlip',
	operation: 'create',
	orderId: '={{ $json.orderId }}',
	itemsSource: 'json',
	itemsJson: '={{ $json.lines }}',
	additionalFields: { numberOfUnits: '={{ $json.units }}' },
};
const slipCase = (marker: number, bad: (o: Order) => IDataObject['lines']) => (sim: Simulator) => {
	const [a, b] = sim.orders();
	const good: IDataObject = {
		orderId: a.dscoOrderId,
		units: 1,
		lines: [{ itemId: a.lineItems[0].dscoItemId, lineNumber: 1 }],
	};
	return {
		params: slip,
		input: [good, { orderId: b.dscoOrderId, units: marker, lines: bad(b) }],
		badItem: 1,
		marker: String(marker),
	};
};
const SLIP_LINE = 'Items (JSON) › Line 1';

export const documentCases: BadInputCase[] = [
	{
		name: 'label: missing weight',
		field: 'Weight',
		message: /it is empty; give the package's weight/,
		build: labelCase('X-NOWEIGHT', { weight: '' }),
	},
	{
		name: 'label: weight 0',
		field: 'Weight',
		message: /it is 0; give the package's weight/,
		build: labelCase('X-ZEROWEIGHT', { weight: 0 }),
	},
	{
		name: 'label: negative weight',
		field: 'Weight',
		message: /-1 is negative/,
		build: labelCase('X-NEGWEIGHT', { weight: -1 }),
	},
	{
		name: 'label: text weight',
		field: 'Weight',
		message: /"heavy" is not a number/,
		build: labelCase('X-TXTWEIGHT', { weight: 'heavy' }),
	},
	{
		name: 'label: weight units not lbs or kg',
		field: 'Weight Units',
		message: /"oz" is not allowed; use one of lbs, kg/,
		build: labelCase('X-OZ', { units: 'oz' }),
	},
	{
		name: 'label: unknown label format',
		field: 'Label Format',
		message: /"zpl" is not allowed; use one of pdf, png, gif/,
		build: labelCase('X-ZPL', { format: 'zpl' }),
	},
	{
		name: 'label: unknown package type',
		field: 'Package Type',
		message: /"CRATE" is not allowed/,
		build: labelCase('X-CRATE', { type: 'CRATE' }),
	},
	{
		name: 'label: Your Packaging without dimensions',
		field: 'Length',
		message: /with package type Your Packaging DSCO needs the length, width and height/,
		build: labelCase('X-NODIMS', { type: 'YOUR_PACKAGING' }),
	},
	{
		name: 'label: length without width and height',
		field: 'Width',
		message: /give all three dimensions/,
		build: labelCase('X-HALFDIMS', { length: 10 }),
	},
	{
		name: 'label: dimension units not in or cm',
		field: 'Dimension Units',
		message: /"mm" is not allowed; use one of in, cm/,
		build: labelCase('X-MM', { length: 10, width: 5, height: 5, dimUnits: 'mm' }),
	},
	{
		name: 'label: negative dimension',
		field: 'Height',
		message: /-5 is negative/,
		build: labelCase('X-NEGDIM', { length: 10, width: 5, height: -5 }),
	},
	{
		name: 'label: ship-from without city',
		field: 'Ship From Address › City',
		message: /a ship-from address needs/,
		build: labelCase('X-NOCITY', { city: '' }),
	},
	{
		name: 'label: DSCO order ID not digits',
		field: 'Order ID',
		message: /a DSCO order ID is all digits/,
		build: (sim) => ({
			...labelCase('X-BADID', {})(sim),
			input: [
				pkg(sim.orders()[0], 'Dock GOOD'),
				{ orderId: 'PO-X-BADID', weight: 2, from: 'Dock X-BADID' },
			],
		}),
	},
	{
		name: 'label: carrier not FedEx, UPS or USPS',
		field: 'Carrier',
		message: /"DHL" is not allowed; use one of FedEx, UPS, USPS/,
		build: labelCase(
			'X-DHL',
			{ carrier: 'DHL' },
			label({
				shipCodeSource: 'enter',
				carrier: '={{ $json.carrier ?? "UPS" }}',
				carrierServiceLevel: 'UPCG',
			}),
		),
	},
	{
		name: 'label: empty carrier service level',
		field: 'Carrier Service Level',
		message: /it is empty/,
		build: labelCase(
			'X-NOLEVEL',
			{ level: ' ' },
			label({
				shipCodeSource: 'enter',
				carrier: 'UPS',
				carrierServiceLevel: '={{ $json.level ?? "UPCG" }}',
			}),
		),
	},
	{
		name: 'label: output field name with a space',
		field: 'Put Output File in Field',
		message: /"my label" is not a field name/,
		build: labelCase(
			'X-FIELDNAME',
			{ field: 'my label' },
			label({ options: { binaryPropertyName: '={{ $json.field ?? "label" }}' } }),
		),
	},
	{
		name: 'packing slip: item id not digits',
		field: `${SLIP_LINE} › itemId`,
		message: /a DSCO item ID is all digits/,
		build: slipCase(777101, () => [{ itemId: 'SKU-1', lineNumber: 1 }]),
	},
	{
		name: 'packing slip: line without line number',
		field: `${SLIP_LINE} › lineNumber`,
		message: /DSCO needs the line number of every listed item/,
		build: slipCase(777102, (o) => [{ itemId: o.lineItems[0].dscoItemId }]),
	},
	{
		name: 'packing slip: line number 0',
		field: `${SLIP_LINE} › lineNumber`,
		message: /line numbers are whole numbers from 1/,
		build: slipCase(777103, (o) => [{ itemId: o.lineItems[0].dscoItemId, lineNumber: 0 }]),
	},
	{
		name: 'packing slip: unknown key on a line',
		field: SLIP_LINE,
		message: /unknown key "sku"/,
		build: slipCase(777104, (o) => [
			{ itemId: o.lineItems[0].dscoItemId, lineNumber: 1, sku: 'x' },
		]),
	},
	{
		name: 'packing slip: negative quantity',
		field: `${SLIP_LINE} › quantity`,
		message: /-2 is below the minimum of 0/,
		build: slipCase(777105, (o) => [
			{ itemId: o.lineItems[0].dscoItemId, lineNumber: 1, quantity: -2 },
		]),
	},
	{
		name: 'packing slip: no lines listed',
		field: 'Items (JSON)',
		message: /there are no lines/,
		build: slipCase(777106, () => []),
	},
	{
		name: 'packing slip: lines not an array of objects',
		field: 'Items (JSON)',
		message: /give an array of objects \(got 42\)/,
		build: slipCase(777107, () => 42),
	},
];
