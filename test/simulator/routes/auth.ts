/** POST /oauth2/token (client credentials) and GET /hello. */
import { reply } from '../http';
import type { Route } from '../router';

export const authRoutes: Route[] = [
	{
		method: 'POST',
		path: '/oauth2/token',
		auth: false,
		body: 'form',
		schema: 'getAccessToken',
		onInvalid: (messages) =>
			reply(400, {
				error: 'invalid_request',
				error_description: messages.map((m) => m.description).join('; '),
			}),
		handler: ({ state, body }) => {
			const form = body as Record<string, string>;
			const { clientId, clientSecret } = state.credentials;
			if (form.client_id !== clientId || form.client_secret !== clientSecret) {
				return reply(401, { error: 'invalid_client' });
			}
			return reply(200, {
				access_token: state.tokens.issue(),
				token_type: 'Bearer',
				expires_in: state.tokens.ttlSeconds,
			});
		},
	},
	{
		method: 'GET',
		path: '/hello',
		handler: () => reply(200, { hello: 'World!' }),
	},
];
