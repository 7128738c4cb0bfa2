/**
 * One OAuth2 token fetch at a time per credential in this process. The token lives in the n8n credential, shared by
 * every process (n8n stores what the credential's preAuthentication returns). DSCO may revoke a client's older tokens
 * when it issues a new one, so each extra fetch can cost calls of other executions or processes a 401: when one call
 * of this process fetches, the others wait for it and then read the token it stored.
 */
const fetching = new Map<string, Promise<void>>();

/** The fetch of this credential's token in progress in this process, if any. */
export function tokenFetchInProgress(credentialKey: string): Promise<void> | undefined {
	return fetching.get(credentialKey);
}

/** Marks a fetch as started; call the returned function once the call that fetches has its answer (or failed). */
export function startTokenFetch(credentialKey: string): () => void {
	let finish!: () => void;
	const done = new Promise<void>((resolve) => (finish = resolve));
	fetching.set(credentialKey, done);
	return () => {
		if (fetching.get(credentialKey) === done) fetching.delete(credentialKey);
		finish();
	};
}
