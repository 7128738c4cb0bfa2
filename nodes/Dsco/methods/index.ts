import * as listSearch from './listSearch';
import * as resourceMapping from './resourceMapping';

/**
 * The node's `methods`: resource locator lists and the field mapper's fields (n8n calls them from the editor through its
 * load-options context).
 */
export const methods = {
	listSearch: {
		searchOrders: listSearch.searchOrders,
		searchRetailers: listSearch.searchRetailers,
		searchServiceLevels: listSearch.searchServiceLevels,
		searchShipCarriers: listSearch.searchShipCarriers,
		searchShipMethods: listSearch.searchShipMethods,
		searchTradingPartnerIds: listSearch.searchTradingPartnerIds,
		searchWarehouses: listSearch.searchWarehouses,
	},
	resourceMapping: {
		getCatalogFields: resourceMapping.getCatalogFields,
	},
};
