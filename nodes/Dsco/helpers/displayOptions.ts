import type { INodeProperties } from 'n8n-workflow';

/** Shows each property only for the given resource and operation(s), keeping any displayOptions it already has. */
export function showOnlyFor(
	resource: string,
	operation: string | string[],
	properties: INodeProperties[],
): INodeProperties[] {
	const operations = Array.isArray(operation) ? operation : [operation];
	return properties.map((p) => ({
		...p,
		displayOptions: {
			...p.displayOptions,
			show: { ...p.displayOptions?.show, resource: [resource], operation: operations },
		},
	}));
}
