/**
 * A body the transport receives as bytes (DscoRequest.arrived: the scroll's early read-ahead) is decoded to the value
 * n8n's HTTP client (axios, no response type asked for) makes of the same body, so that the answer checks and error
 * messages see the same thing either way. Compared with axios itself over a real socket, body by body.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';

import { decodeAnswerBody } from '../../nodes/Dsco/transport/client';

const BODIES: Array<[string, string | Buffer]> = [
	['a JSON object', '{"scrollId":"S","orders":[{"dscoOrderId":"1","note":"café ✓"}]}'],
	['JSON after a byte-order mark', '\uFEFF{"orders":[]}'],
	['an HTML page', '<html><body>Service Unavailable</body></html>'],
	['an empty body', ''],
	['only whitespace', '  \n'],
	['JSON cut short', '{"orders":[{"dscoOrderId":"1"'],
	['a JSON string', '"maintenance"'],
	['a JSON number', '42'],
	['JSON null', 'null'],
	['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
];

let server: http.Server;
let base: string;
beforeAll(async () => {
	server = http.createServer((req, res) => {
		const [, body] = BODIES[Number(req.url?.slice(1))];
		res.setHeader('content-type', 'application/json');
		res.end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => await new Promise((resolve) => server.close(resolve)));

describe('decodeAnswerBody', () => {
	it.each(BODIES.map(([what], i) => [what, i] as const))(
		'%s: the value axios gives without a response type',
		async (_what, i) => {
			const asAxios = await axios.get(`${base}/${i}`);
			const asBytes = await axios.get(`${base}/${i}`, { responseType: 'arraybuffer' });
			expect(Buffer.isBuffer(asBytes.data)).toBe(true);
			expect(decodeAnswerBody(asBytes.data)).toEqual(asAxios.data);
		},
	);

	it('leaves a value that is not bytes as it is', () => {
		const body = { orders: [] };
		expect(decodeAnswerBody(body)).toBe(body);
		expect(decodeAnswerBody(undefined)).toBeUndefined();
	});
});
