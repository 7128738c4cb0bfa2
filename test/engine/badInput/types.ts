import type { IDataObject } from 'n8n-workflow';

import type { Simulator } from '../../simulator';

/** One bad input: the node's parameters and input items, of which one (`badItem`) is invalid in `field`. */
export interface BadInputCase {
	name: string;
	/** The field the error must name, as in `Invalid "<field>" [item N]`. */
	field: string;
	/** Extra expectation on the error message. */
	message?: RegExp;
	/**
	 * 'node': a setting of the whole run (Request Options, Wait Timeout), read for item 0. Nothing is sent for any item,
	 * and continue-on-fail cannot route around it: the node still fails.
	 */
	scope?: 'node';
	build(sim: Simulator): {
		params: IDataObject;
		/** Input items: all valid except `badItem`, so that the others can go through under continue-on-fail. */
		input: IDataObject[];
		badItem: number;
		/** A string found only in the bad item's data: no request DSCO receives may contain it. */
		marker: string;
		/** The workflow's Timezone setting for this run. */
		timezone?: string;
	};
}
