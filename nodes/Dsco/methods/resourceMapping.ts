import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { catalogMapperFields } from '../helpers/itemCatalog';

/** Catalog → Create or Update: the ItemCatalog fields of the vendor schema (the same for every account). */
export async function getCatalogFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	return { fields: catalogMapperFields() };
}
