import * as listSearch from './listSearch';

/** The node's `methods`: resource locator lists (n8n calls them from the editor through its load-options context). */
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
};
