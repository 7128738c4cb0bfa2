/**
 * Ship codes offered in the shipment's From List modes. DSCO has no endpoint that lists carriers, methods or service
 * level codes (the valid codes are each retailer's "Ship Mappings" in DSCO's web app), so these are the values the
 * vendor document and production traffic show; any other code goes in the By Code mode.
 */

export interface ShipCodeEntry {
	value: string;
	name: string;
	description: string;
}

/** Carriers named in the vendor document: the shipping-label carriers (FedEx, UPS, USPS) and rate shopping's. */
export const SHIP_CARRIERS: ShipCodeEntry[] = [
	{ value: 'FedEx', name: 'FedEx', description: 'Shipping labels and rate shopping carrier' },
	{ value: 'OnTrac', name: 'OnTrac', description: 'Rate shopping carrier' },
	{ value: 'Purolator Courier', name: 'Purolator Courier', description: 'Rate shopping carrier' },
	{ value: 'UPS', name: 'UPS', description: 'Shipping labels and rate shopping carrier' },
	{ value: 'USPS', name: 'USPS', description: 'Shipping labels and rate shopping carrier' },
];

/**
 * Carrier-specific service level codes DSCO accepts on packages. FECG is FedEx Ground in the document's rate
 * shopping example; UPCG and USGA were accepted in production (api-notes), where the generic GCG was refused.
 */
export const SERVICE_LEVEL_CODES: Array<ShipCodeEntry & { carrier: string; method: string }> = [
	{
		value: 'FECG',
		name: 'FECG (FedEx Ground)',
		description: 'FedEx Ground',
		carrier: 'FedEx',
		method: 'Ground',
	},
	{
		value: 'UPCG',
		name: 'UPCG (UPS Ground)',
		description: 'UPS Ground',
		carrier: 'UPS',
		method: 'Ground',
	},
	{
		value: 'USGA',
		name: 'USGA (USPS Ground Advantage)',
		description: 'USPS Ground Advantage',
		carrier: 'USPS',
		method: 'Ground Advantage',
	},
];

/** Ship methods of the codes above (DSCO takes a method as free text next to the carrier). */
export const SHIP_METHODS: ShipCodeEntry[] = [
	...new Set(SERVICE_LEVEL_CODES.map((c) => c.method)),
].map((method) => {
	const carriers = SERVICE_LEVEL_CODES.filter((c) => c.method === method).map((c) => c.carrier);
	return {
		value: method,
		name: method,
		description: `${carriers.join(', ')} (${SERVICE_LEVEL_CODES.filter((c) => c.method === method)
			.map((c) => c.value)
			.join(', ')})`,
	};
});
