import type { IDataObject } from 'n8n-workflow';

import type { Simulator } from '../../simulator';

/** One bad input: the node's parameters and input items, of which one (`badItem`) is invalid in `field`. */
export interface BadInputCase {
	name: string;
	/** The field the error must name, as in `Invalid "<field>" [item N]`. */
	field: string;
	/** Extra expectation on the error message. */
	message?: RegExp;
	build(sim: Simulator): {
		params: IDataObject;
		/** Input items: all valid except `badItem`, so that the others can go through under continue-on-fail. */
		input: IDataObject[];
		badItem: number;
		/** A string found only in the bad item's data: no request DSCO receives may contain it. */
		marker: string;
	};
}
