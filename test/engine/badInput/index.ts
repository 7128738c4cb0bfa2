import { catalogCases } from './catalog.cases';
import { documentCases } from './documents.cases';
import { inventoryCases } from './inventory.cases';
import { limitCases } from './limits.cases';
import { orderCases } from './orders.cases';
import { returnCases } from './returns.cases';
import { shippingCases } from './shipping.cases';
import type { BadInputCase } from './types';

/** Every bad-input case, one import per operation group. */
export const badInputCases: BadInputCase[] = [
	...orderCases,
	...shippingCases,
	...inventoryCases,
	...limitCases,
	...documentCases,
	...returnCases,
	...catalogCases,
];
