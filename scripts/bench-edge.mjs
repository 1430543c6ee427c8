// bench-edge.mjs - the edge handler's size and speed (make bench, or
// make bench-edge): the size of edge/liblinreg.wasm against the 64 KiB
// budget, and the CPU time of one request of the seed's 150 points
// through edge/worker.mjs (parse, fit, JSON answer), as the median over
// rounds of requests after a warm-up.  It reports; it asserts nothing.
//	node --import ./edge/wasm-import.mjs scripts/bench-edge.mjs
import { readFileSync, statSync } from 'node:fs';
import worker from '../edge/worker.mjs';

const top = new URL('../', import.meta.url);
const shared = process.env.LINREG_SHARED || new URL('../shared', top).pathname;
const body = readFileSync(`${shared}/data/seed/iris-request.json`, 'utf8');
const size = statSync(new URL('edge/liblinreg.wasm', top)).size;

async function once() {
	const r = await worker.fetch(new Request('http://127.0.0.1/',
		{ method: 'POST', body }));
	if (r.status !== 200)
		throw new Error(`status ${r.status}: ${await r.text()}`);
	await r.arrayBuffer();
}

const ROUNDS = 31;
const PER_ROUND = 200;
for (let i = 0; i < 2000; i++)
	await once();
const cpu = [];
const wall = [];
for (let k = 0; k < ROUNDS; k++) {
	const c0 = process.cpuUsage();
	const t0 = process.hrtime.bigint();
	for (let i = 0; i < PER_ROUND; i++)
		await once();
	const c = process.cpuUsage(c0);
	wall.push(Number(process.hrtime.bigint() - t0) / 1e6 / PER_ROUND);
	cpu.push((c.user + c.system) / 1000 / PER_ROUND);
}
const median = a => a.slice().sort((x, y) => x - y)[a.length >> 1];

console.log('');
console.log('Edge worker (edge/worker.mjs over edge/liblinreg.wasm, ' +
	`Node.js ${process.version}):`);
console.log('');
console.log('| what | measured | budget |');
console.log('|---|---|---|');
console.log(`| liblinreg.wasm size | ${size} bytes (${(size / 1024).toFixed(1)} KiB) | 64 KiB |`);
console.log(`| CPU time of a 150-point request (median of ${ROUNDS} x ${PER_ROUND}) | ${median(cpu).toFixed(3)} ms | 1 ms |`);
console.log(`| wall time of a 150-point request | ${median(wall).toFixed(3)} ms | |`);
