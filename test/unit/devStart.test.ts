/**
 * `npm run dev`'s start rules (scripts/dev.js): one dev per folder (a second one says so in one line and leaves the
 * first one's files alone), and ports (a taken default is replaced by a free one, a taken port given is an error).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const DEV_JS = path.join(ROOT, 'scripts', 'dev.js');

// dev.js reads DSCO_DEV_DIR when it is loaded: this file's own folder, never the checkout's .n8n-dev/.
const devDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-devstart-'));
process.env.DSCO_DEV_DIR = devDir;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dev = require(DEV_JS) as {
	parseArgs(argv: string[]): {
		port: number;
		simPort: number;
		portGiven: boolean;
		simPortGiven: boolean;
	};
	choosePort(port: number, given: boolean, what: string, flag: string): Promise<number>;
	acquireDevLock(mode: string): void;
	DevError: new (message: string) => Error;
	LOCK_FILE: string;
};

function listen(): Promise<net.Server> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.listen(0, '127.0.0.1', () => resolve(server));
	});
}
const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;

function run(
	cmd: string,
	args: string[],
	env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

/** Every file under `dir` with its content and modification time. */
function snapshot(dir: string): Record<string, string> {
	const out: Record<string, string> = {};
	const walk = (d: string) => {
		for (const e of fs.readdirSync(d, { withFileTypes: true })) {
			const p = path.join(d, e.name);
			if (e.isDirectory()) walk(p);
			else out[path.relative(dir, p)] = `${fs.statSync(p).mtimeMs} ${fs.readFileSync(p, 'base64')}`;
		}
	};
	walk(dir);
	return out;
}

afterAll(() => fs.rmSync(devDir, { recursive: true, force: true }));

describe('npm run dev: options', () => {
	it('--port alone leaves the simulator port to be chosen (default 5679, replaced when taken)', () => {
		expect(dev.parseArgs(['--port', '5800'])).toMatchObject({
			port: 5800,
			portGiven: true,
			simPort: 5679,
			simPortGiven: false,
		});
		expect(dev.parseArgs(['--sim-port', '6001'])).toMatchObject({
			port: 5678,
			portGiven: false,
			simPort: 6001,
			simPortGiven: true,
		});
	});

	it('refuses a port that is not a port, in one line', () => {
		for (const argv of [
			['--port', 'abc'],
			['--port', '70000'],
			['--sim-port'],
			['--orders', '-1'],
			['--nope'],
		]) {
			expect(() => dev.parseArgs(argv)).toThrow(dev.DevError);
			try {
				dev.parseArgs(argv);
			} catch (err) {
				expect((err as Error).message).not.toContain('\n');
			}
		}
	});
});

describe('npm run dev: ports', () => {
	let taken: net.Server;
	beforeAll(async () => {
		taken = await listen();
	});
	afterAll(() => new Promise<void>((r) => taken.close(() => r())));

	it('keeps a free port', async () => {
		const free = await listen();
		const port = portOf(free);
		await new Promise<void>((r) => free.close(() => r()));
		await expect(dev.choosePort(port, false, 'simulator', '--sim-port')).resolves.toBe(port);
	});

	it('replaces a taken default port with a free one (so --port alone never fails on the simulator port)', async () => {
		const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
		try {
			const chosen = await dev.choosePort(portOf(taken), false, 'simulator', '--sim-port');
			expect(chosen).not.toBe(portOf(taken));
			const probe = net.createServer();
			await new Promise<void>((resolve, reject) =>
				probe.once('error', reject).listen(chosen, '127.0.0.1', () => resolve()),
			);
			await new Promise<void>((r) => probe.close(() => r()));
			expect(write).toHaveBeenCalledWith(
				`[dev] port ${portOf(taken)} (simulator) is in use; using ${chosen}\n`,
			);
		} finally {
			write.mockRestore();
		}
	});

	it('refuses a taken port that was given, naming the option', async () => {
		await expect(dev.choosePort(portOf(taken), true, 'n8n', '--port')).rejects.toThrow(
			new dev.DevError(
				`port ${portOf(taken)} (n8n, --port) is in use; choose another one, or leave --port out to get a free one`,
			),
		);
	});
});

describe('npm run dev: one per folder', () => {
	let first: ReturnType<typeof spawn> | undefined;
	afterEach(() => {
		first?.kill('SIGKILL');
		first = undefined;
		fs.rmSync(dev.LOCK_FILE, { force: true });
	});

	it('a second one says where the first runs in one line, exits 0, and touches none of its files (even with --fresh)', async () => {
		// The "first" dev: a live process whose command line names dev.js, as the lock check requires.
		const fakeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsco-fakedev-'));
		fs.writeFileSync(path.join(fakeDir, 'dev.js'), 'setInterval(() => {}, 1000);\n');
		first = spawn(process.execPath, [path.join(fakeDir, 'dev.js')], { stdio: 'ignore' });
		const pid = first.pid as number;
		fs.writeFileSync(
			dev.LOCK_FILE,
			JSON.stringify({
				pid,
				mode: 'regular',
				n8nUrl: 'http://127.0.0.1:5678',
				simUrl: 'http://127.0.0.1:5679/api/v3',
			}) + '\n',
		);
		fs.mkdirSync(path.join(devDir, '.n8n'), { recursive: true });
		fs.writeFileSync(path.join(devDir, '.n8n', 'database.sqlite'), "the first one's database");
		fs.writeFileSync(
			path.join(devDir, 'dev-state.json'),
			JSON.stringify({ credentialHash: 'abc', examplesHash: 'def' }),
		);
		const before = snapshot(devDir);

		const second = await run(process.execPath, [DEV_JS, '--fresh'], {
			...process.env,
			DSCO_DEV_DIR: devDir,
			DSCO_SKIP_INSTALL: '1',
		});
		fs.rmSync(fakeDir, { recursive: true, force: true });

		expect(second.code).toBe(0);
		expect(second.stdout).toBe('');
		expect(second.stderr).toBe(
			`[dev] npm run dev is already running from this folder (pid ${pid}, regular mode, n8n http://127.0.0.1:5678, simulator http://127.0.0.1:5679/api/v3): use that one, or stop it (Ctrl-C) first\n`,
		);
		expect(snapshot(devDir)).toEqual(before);
	});

	it('takes over the lock of a dev that is gone', async () => {
		const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
		await new Promise((r) => gone.once('exit', r));
		fs.writeFileSync(dev.LOCK_FILE, JSON.stringify({ pid: gone.pid, mode: 'regular' }) + '\n');
		dev.acquireDevLock('queue');
		expect(JSON.parse(fs.readFileSync(dev.LOCK_FILE, 'utf8'))).toMatchObject({
			pid: process.pid,
			mode: 'queue',
		});
	});
});
