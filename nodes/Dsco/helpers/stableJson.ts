/**
 * JSON with object keys sorted, so that the same content gives the same text whatever the order of its fields: for
 * ids and digests derived from DSCO objects and stream queries (the trigger's stream id depends on it: keep it as is).
 */
export function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
			a.localeCompare(b),
		);
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}
