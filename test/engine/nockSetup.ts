import nock from 'nock';

/**
 * nock for one test file: no real network while it runs, interceptors cleared after each test, and — because
 * nock patches node's http module, which Jest shares between the test files of one worker — the patch removed
 * after the file, so that later simulator-backed files in the same worker reach 127.0.0.1.
 */
export function useNock() {
	beforeAll(() => {
		if (!nock.isActive()) nock.activate();
		nock.disableNetConnect();
	});
	afterEach(() => nock.cleanAll());
	afterAll(() => {
		nock.cleanAll();
		nock.enableNetConnect();
		nock.restore();
	});
}
