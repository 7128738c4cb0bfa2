import { transcript } from './harness';

/** Registers a final test asserting that no secret appears in any output item, error or log line of the file. */
export function itLeaksNoSecrets(secrets: () => string[]) {
	it('leaks no client secret or token into outputs, errors or logs', () => {
		expect(transcript.length).toBeGreaterThan(10);
		const all = transcript.join('\n');
		for (const secret of secrets()) expect(all).not.toContain(secret);
	});
}
