/**
 * The rules for files DSCO hands out by URL (labels, packing slips, uploads): which URLs are fetched at all (https;
 * http only on loopback; no other scheme; no credentials in the URL), how they appear in messages (no signature),
 * when a pre-signed URL expires, and which bytes are a PDF, PNG or GIF.
 */
import {
	bodyStart,
	describeFileUrl,
	FILE_KINDS,
	fileUrlExpiresAt,
	fileUrlProblem,
} from '../../nodes/Dsco/transport/fileUrls';

describe('fileUrlProblem', () => {
	it.each([
		'https://dsco-labels.s3.amazonaws.com/abc/label.pdf?X-Amz-Signature=1',
		'http://127.0.0.1:5679/__files/x/label.pdf',
		'http://127.8.9.10/x',
		'http://localhost:8080/x',
		'http://[::1]:8080/x',
	])('fetches %s', (url) => {
		expect(fileUrlProblem(url)).toBeUndefined();
	});

	it.each([
		[
			'http://dsco-labels.s3.amazonaws.com/x.pdf',
			'it uses http to dsco-labels.s3.amazonaws.com; files are fetched only over https (http only on loopback addresses: 127.0.0.0/8, ::1, localhost)',
		],
		[
			'http://10.0.0.5/x.pdf',
			'it uses http to 10.0.0.5; files are fetched only over https (http only on loopback addresses: 127.0.0.0/8, ::1, localhost)',
		],
		[
			'http://127.0.0.1.evil.example/x',
			'it uses http to 127.0.0.1.evil.example; files are fetched only over https (http only on loopback addresses: 127.0.0.0/8, ::1, localhost)',
		],
		[
			'ftp://files.example/x.pdf',
			'its scheme is ftp; only https is accepted (http only on loopback addresses)',
		],
		[
			'file:///etc/passwd',
			'its scheme is file; only https is accepted (http only on loopback addresses)',
		],
		[
			'javascript:alert(1)',
			'its scheme is javascript; only https is accepted (http only on loopback addresses)',
		],
		['https://user:secret@files.example/x.pdf', 'it carries a user name or password'],
		['', 'the URL is empty'],
		[undefined, 'the URL is empty'],
		['not a url', 'it is not an absolute URL'],
		['/put/req-1', 'it is not an absolute URL'],
	])('refuses %s', (url, problem) => {
		expect(fileUrlProblem(url)).toBe(problem);
	});
});

it('describeFileUrl drops the query (the signature)', () => {
	expect(
		describeFileUrl('https://files.example/a/label.pdf?X-Amz-Signature=deadbeef&X-Amz-Date=1'),
	).toBe('https://files.example/a/label.pdf');
	expect(describeFileUrl('::')).toBe('(not a URL)');
});

describe('fileUrlExpiresAt', () => {
	it('reads AWS Signature V4 (X-Amz-Date + X-Amz-Expires), any case', () => {
		expect(
			fileUrlExpiresAt('https://f.example/x?X-Amz-Date=20251121T063400Z&X-Amz-Expires=900'),
		).toBe(Date.UTC(2025, 10, 21, 6, 49, 0));
		expect(
			fileUrlExpiresAt('https://f.example/x?x-amz-date=20251121T063400Z&x-amz-expires=60'),
		).toBe(Date.UTC(2025, 10, 21, 6, 35, 0));
	});
	it('reads V2 / CloudFront Expires (epoch seconds)', () => {
		expect(fileUrlExpiresAt('https://f.example/x?Expires=1763707000&Signature=abc')).toBe(
			1763707000 * 1000,
		);
	});
	it('is undefined when the URL does not say', () => {
		expect(fileUrlExpiresAt('https://f.example/x.pdf')).toBeUndefined();
		expect(
			fileUrlExpiresAt('https://f.example/x?X-Amz-Date=garbage&X-Amz-Expires=900'),
		).toBeUndefined();
		expect(fileUrlExpiresAt('https://f.example/x?Expires=tomorrow')).toBeUndefined();
	});
});

describe('FILE_KINDS', () => {
	const pdf = Buffer.from('%PDF-1.4\n...');
	const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
	const gif = Buffer.from('GIF89a....');
	const html = Buffer.from('<!DOCTYPE html><html><body>Gateway</body></html>');
	it.each([
		['pdf', pdf, [png, gif, html, Buffer.alloc(0), Buffer.from('%PD')]],
		['png', png, [pdf, gif, html, png.subarray(0, 7)]],
		['gif', gif, [pdf, png, html, Buffer.from('GIF88a')]],
	] as const)('%s recognises its own bytes only', (kind, own, others) => {
		expect(FILE_KINDS[kind].matches(own)).toBe(true);
		for (const other of others) expect(FILE_KINDS[kind].matches(other)).toBe(false);
	});
	it('mime types and extensions', () => {
		expect(Object.values(FILE_KINDS).map((k) => [k.extension, k.mimeType])).toEqual([
			['pdf', 'application/pdf'],
			['png', 'image/png'],
			['gif', 'image/gif'],
		]);
	});
	it('bodyStart shows the first bytes printable', () => {
		expect(bodyStart(Buffer.from('<html>\n<body>'))).toBe('<html>.<body>');
		expect(bodyStart(Buffer.from('x'.repeat(70)))).toBe(`${'x'.repeat(60)}…`);
	});
});
