// Loaded into each n8n process the bench starts (NODE_OPTIONS=--require …): samples the process's resident set
// size every 20 ms and, when the process exits, writes the samples and the kernel's peak (getrusage maxRSS =
// /proc VmHWM) to $BENCH_RSS_DIR/<pid>.json. Measurement only; never part of the package.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.BENCH_RSS_DIR;
if (dir) {
	const samples = [];
	const sample = () => samples.push([Date.now(), process.memoryUsage.rss()]);
	sample();
	setInterval(sample, 20).unref();
	process.on('exit', () => {
		sample();
		const out = {
			pid: process.pid,
			argv: process.argv.slice(1, 3),
			maxRssBytes: process.resourceUsage().maxRSS * 1024,
			samples,
		};
		try {
			fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify(out));
		} catch {}
	});
}
