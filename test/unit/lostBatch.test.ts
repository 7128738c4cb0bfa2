import { CLOCK_SKEW_MS, changeLogWindow, payloadContains } from '../../nodes/Dsco/writes/lostBatch';

describe('payloadContains: is a change-log payload the entry that was sent?', () => {
	const sent = {
		dscoOrderId: '1001',
		shipments: [
			{
				trackingNumber: '1ZA',
				shipDate: '2025-11-20T15:04:05Z',
				lineItems: [{ sku: 'S-1', quantity: 1 }],
			},
		],
	};

	it('holds when DSCO echoes what was sent, with fields of its own added', () => {
		const logged = {
			dscoOrderId: 1001,
			poNumber: 'PO-1',
			shipments: [
				{
					trackingNumber: '1ZA',
					shipDate: '2025-11-20T15:04:05+00:00',
					lineItems: [{ sku: 'S-1', quantity: '1', dscoItemId: '9' }],
				},
			],
		};
		expect(payloadContains(logged, sent)).toBe(true);
	});

	it('fails on any value that differs, a line more or less, or a missing field', () => {
		expect(payloadContains({ ...sent, dscoOrderId: '1002' }, sent)).toBe(false);
		expect(
			payloadContains(
				{ ...sent, shipments: [{ ...sent.shipments[0], trackingNumber: '1ZB' }] },
				sent,
			),
		).toBe(false);
		expect(
			payloadContains(
				{ ...sent, shipments: [{ ...sent.shipments[0], shipDate: '2025-11-20T15:04:06Z' }] },
				sent,
			),
		).toBe(false);
		expect(
			payloadContains({ ...sent, shipments: [...sent.shipments, sent.shipments[0]] }, sent),
		).toBe(false);
		expect(payloadContains({ shipments: sent.shipments }, sent)).toBe(false);
		expect(payloadContains(undefined, sent)).toBe(false);
		expect(payloadContains({ ...sent, shipments: { 0: sent.shipments[0] } }, sent)).toBe(false);
	});

	it('compares numbers by value and text exactly', () => {
		expect(payloadContains({ totalAmount: '25.00' }, { totalAmount: 25 })).toBe(true);
		expect(payloadContains({ invoiceId: 'inv-1' }, { invoiceId: 'INV-1' })).toBe(false);
		expect(payloadContains({ cancelCode: 'CXSS ' }, { cancelCode: 'CXSS' })).toBe(false);
	});
});

describe('changeLogWindow', () => {
	it('starts 2 minutes before the send and ends 2 minutes after now, as ISO dates', () => {
		const since = Date.parse('2025-11-21T10:00:00Z');
		const now = Date.parse('2025-11-21T10:05:00Z');
		expect(changeLogWindow(since, now)).toEqual({
			startDate: '2025-11-21T09:58:00.000Z',
			endDate: '2025-11-21T10:07:00.000Z',
		});
		expect(CLOCK_SKEW_MS).toBe(120_000);
	});
});
