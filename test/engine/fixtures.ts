import type { IDataObject } from 'n8n-workflow';

export const BASE = 'https://dsco.test';
export const BASE_PATH = '/api/v3';
export const CLIENT_SECRET = 'sekret-Client-9f2c1e';
export const TOKENS = ['tok-AAA-111', 'tok-BBB-222', 'tok-CCC-333'];

export const oauthCredential = {
	environment: 'custom',
	baseUrl: `${BASE}${BASE_PATH}`,
	authType: 'oAuth2ClientCredentials',
	clientId: 'client-42',
	clientSecret: CLIENT_SECRET,
};

export function order(id: number, extra: IDataObject = {}): IDataObject {
	return {
		dscoOrderId: String(id),
		poNumber: `PO-${id}`,
		dscoLifecycle: 'created',
		dscoStatus: 'created',
		acknowledgeByDate: '2020-01-01T00:00:00+00:00',
		shipByDate: '2099-01-01T00:00:00+00:00',
		lineItems: [{ lineNumber: 1, quantity: 1, sku: `SKU-${id}` }],
		...extra,
	};
}
