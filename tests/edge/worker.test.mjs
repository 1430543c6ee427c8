// worker.test.mjs - the edge handler (edge/worker.mjs over
// edge/liblinreg.wasm).  Run from the top of the tree after make wasm:
//	node --import ./edge/wasm-import.mjs --test tests/edge/
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import wasm from '../../edge/liblinreg.wasm';
import worker from '../../edge/worker.mjs';
import { createHandler, handlerStats } from '../../edge/handler.mjs';

const top = fileURLToPath(new URL('../../', import.meta.url));
const seedDir = `${process.env.LINREG_SHARED || `${top}../shared`}/data/seed`;
const seedBody = readFileSync(`${seedDir}/iris-request.json`, 'utf8');
const seedF32 = JSON.parse(readFileSync(`${seedDir}/iris-response-f32.json`,
	'utf8')).response;

// The exact least-squares fit of the seed's 150 points as written
// (decimal), rounded to 40 digits, from Python's fractions:
//	python3 -c 'import json; from fractions import Fraction as F
//	from decimal import Decimal as D, getcontext; getcontext().prec = 40
//	r = json.load(open("iris-request.json"))
//	p = [(F(str(q["x"])), F(str(q["y"]))) for q in r["input"]]; n = len(p)
//	mx = sum(x for x, _ in p) / n; my = sum(y for _, y in p) / n
//	b = sum((x - mx) * (y - my) for x, y in p) / sum((x - mx) ** 2 for x, _ in p)
//	a = my - b * mx; sse = sum((y - a - b * x) ** 2 for x, y in p)
//	d = lambda q: D(q.numerator) / D(q.denominator)
//	print(d(b), d(a), (d(sse) / n).sqrt(), [d(a + b * F(str(v))) for v in r["predict"]])'
const exact = {
	coeficient: -0.05726823379716480970946640348444560447627,
	intercept: 3.388637379488099704735648684360777148823,
	accuracy: 0.4295542151584034038995998546862941293734,
	y_predictions: [3.130930327400858061043049868680771928680,
		3.016393859806528441624117061711880719727],
};

function close(got, want, rel, what) {
	assert.equal(typeof got, 'number', `${what}: not a number: ${got}`);
	assert.ok(Math.abs(got - want) <= rel * Math.abs(want),
		`${what}: got ${got}, want ${want} (relative ${rel})`);
}

function post(body, handler = worker) {
	return handler.fetch(new Request('http://127.0.0.1/', {
		method: 'POST',
		body: typeof body === 'string' ? body : JSON.stringify(body),
	}));
}

async function fails(body, status, pattern) {
	const r = await post(body);
	assert.equal(r.status, status);
	assert.match(r.headers.get('content-type'), /^application\/json/);
	const j = await r.json();
	assert.equal(typeof j.error, 'string');
	assert.match(j.error, pattern);
}

test('liblinreg.wasm imports nothing, exports only lrw_ functions and its memory, and is under 64 KiB', () => {
	assert.deepEqual(WebAssembly.Module.imports(wasm), []);
	const names = WebAssembly.Module.exports(wasm).map(e => e.name);
	assert.ok(names.includes('memory'));
	for (const name of names)
		assert.match(name, /^(memory|lrw_[a-z_]+)$/);
	const size = statSync(`${top}edge/liblinreg.wasm`).size;
	assert.ok(size < 65536, `liblinreg.wasm is ${size} bytes`);
});

test('the seed request: 200 with the seed published values to 32-bit precision', async () => {
	const r = await post(seedBody);
	assert.equal(r.status, 200);
	assert.match(r.headers.get('content-type'), /^application\/json/);
	const j = await r.json();
	// The seed computed in 32-bit floats (unit roundoff 2^-24 = 6e-8):
	// its intercept, accuracy and predictions are within one rounding
	// of the exact fit, its slope, from sums that cancel, within 13
	// (7.5e-7 relative).  1e-6 relative holds them all.
	close(j.coeficient, seedF32.coeficient, 1e-6, 'coeficient');
	close(j.intercept, seedF32.intercept, 1e-6, 'intercept');
	close(j.accuracy, seedF32.accuracy, 1e-6, 'accuracy');
	assert.equal(j.y_predictions.length, seedF32.y_predictions.length);
	j.y_predictions.forEach((v, i) =>
		close(v, seedF32.y_predictions[i], 1e-6, `y_predictions[${i}]`));
});

test('the seed request: ours to full double precision', async () => {
	const j = await (await post(seedBody)).json();
	close(j.coeficient, exact.coeficient, 1e-12, 'coeficient');
	close(j.intercept, exact.intercept, 1e-12, 'intercept');
	close(j.accuracy, exact.accuracy, 1e-12, 'accuracy');
	j.y_predictions.forEach((v, i) =>
		close(v, exact.y_predictions[i], 1e-12, `y_predictions[${i}]`));
	assert.equal(j.fit.slope, j.coeficient);
	assert.equal(j.fit.intercept, j.intercept);
	assert.equal(j.fit.rmse, j.accuracy);
	assert.deepEqual(j.y_predictions, j.fit.predictions.map(p => p.fit));
});

test('fit is the object linreg --json prints for the same request', async (t) => {
	const linreg = `${top}linreg`;
	if (!existsSync(linreg)) {
		t.skip('no native ./linreg (make linreg)');
		return;
	}
	const j = await (await post(seedBody)).json();
	const cli = JSON.parse(execFileSync(linreg,
		['--json', `${seedDir}/iris-request.json`], { encoding: 'utf8' }));
	// Same keys in the same order, same strings and nulls, and numbers
	// equal to the last bits a libm may differ in.
	const same = (a, b, path) => {
		if (typeof b === 'number') {
			close(a, b, 1e-14, path);
		} else if (b === null || typeof b !== 'object') {
			assert.equal(a, b, path);
		} else {
			assert.deepEqual(Object.keys(a), Object.keys(b), path);
			for (const k of Object.keys(b))
				same(a[k], b[k], `${path}.${k}`);
		}
	};
	same(j.fit, cli, 'fit');
});

test('two points: a fit whose undefined statistics are null', async () => {
	const r = await post({ input: [{ x: 1, y: 3 }, { x: 2, y: 5 }],
		predict: [3] });
	assert.equal(r.status, 200);
	const j = await r.json();
	assert.equal(j.coeficient, 2);
	assert.equal(j.intercept, 1);
	assert.equal(j.accuracy, 0);
	assert.deepEqual(j.y_predictions, [7]);
	assert.equal(j.fit.df, 0);
	assert.equal(j.fit.sigma, null);
	assert.equal(j.fit.coefficients[1].p, null);
	assert.equal(j.fit.predictions[0].pred_low, null);
});

test('predict is optional', async () => {
	const j = await (await post({ input: [{ x: 1, y: 3 }, { x: 2, y: 5 },
		{ x: 3, y: 8 }] })).json();
	assert.deepEqual(j.y_predictions, []);
	assert.deepEqual(j.fit.predictions, []);
});

test('bad requests: 400 with a message', async () => {
	await fails('', 400, /not valid JSON/);
	await fails('{"input": [', 400, /not valid JSON/);
	await fails('[1, 2]', 400, /expected a JSON object/);
	await fails('null', 400, /expected a JSON object/);
	await fails({}, 400, /missing "input"/);
	await fails({ points: [] }, 400, /missing "input"/);
	await fails({ input: 3 }, 400, /"input": expected an array/);
	await fails({ input: [1, 2] }, 400, /input\[0\]: expected/);
	await fails({ input: [{ x: 1, y: 2 }, { x: 'a', y: 3 }] }, 400,
		/input\[1\]\.x: expected a finite number, got "a"/);
	await fails({ input: [{ x: 1, y: 2 }, { x: '2', y: 3 }] }, 400,
		/input\[1\]\.x: expected a finite number/);
	await fails({ input: [{ x: 1 }, { x: 2, y: 3 }] }, 400,
		/input\[0\]\.y: expected a finite number, got nothing/);
	await fails('{"input": [{"x": 1e999, "y": 2}, {"x": 2, "y": 3}]}', 400,
		/input\[0\]\.x: expected a finite number, got a number beyond/);
	await fails({ input: [{ x: 1, y: 2 }, { x: 2, y: 3 }], predict: 4 },
		400, /"predict": expected an array/);
	await fails({ input: [{ x: 1, y: 2 }, { x: 2, y: 3 }],
		predict: [4, null] }, 400, /predict\[1\]: expected a finite number/);
});

test('too few points: 400', async () => {
	await fails({ input: [] }, 400,
		/^need at least 2 data points to fit a line, got 0$/);
	await fails({ input: [{ x: 1, y: 2 }] }, 400,
		/^need at least 2 data points to fit a line, got 1$/);
	await fails({ input: [{ x: 1, y: 2 }, { x: 1, y: 3 }, { x: 1, y: 4 }] },
		400, /^all x values are equal: the slope is undefined$/);
});

test('methods other than POST: 405 with Allow: POST', async () => {
	for (const method of ['GET', 'PUT', 'DELETE', 'HEAD']) {
		const r = await worker.fetch(new Request('http://127.0.0.1/',
			{ method }));
		assert.equal(r.status, 405, method);
		assert.equal(r.headers.get('allow'), 'POST');
	}
});

test('1000 sequential requests: one instance, no growing memory, nothing leaked', async () => {
	const h = createHandler(wasm);
	const small = JSON.stringify({ input: Array.from({ length: 150 },
		(_, i) => ({ x: i / 10, y: 2 + 3 * (i / 10) + (i % 7) / 10 })),
		predict: [1, 2, 3] });
	for (let i = 0; i < 10; i++)
		assert.equal((await post(small, h)).status, 200);
	const warm = handlerStats(h);
	assert.equal(warm.instances, 1);
	for (let i = 0; i < 1000; i++) {
		const body = i % 10 === 9 ? '{"input": [{"x": 1, "y": 2}]}' : small;
		const r = await post(body, h);
		assert.equal(r.status, i % 10 === 9 ? 400 : 200);
		await r.arrayBuffer();
		const s = handlerStats(h);
		assert.equal(s.liveBlocks, warm.liveBlocks, `request ${i}`);
		assert.equal(s.liveBytes, warm.liveBytes, `request ${i}`);
	}
	const end = handlerStats(h);
	assert.equal(end.instances, 1);
	assert.equal(end.memoryBytes, warm.memoryBytes);
});

test('a request of 100 000 points goes through in batches: the memory does not grow', async () => {
	const h = createHandler(wasm);
	assert.equal((await post({ input: [{ x: 1, y: 2 }, { x: 2, y: 3 }] },
		h)).status, 200);
	const before = handlerStats(h).memoryBytes;
	const input = Array.from({ length: 100000 },
		(_, i) => ({ x: i, y: 1 + 2 * i + (i % 2 ? 0.5 : -0.5) }));
	const j = await (await post({ input, predict: [10] }, h)).json();
	assert.equal(j.fit.n, 100000);
	close(j.coeficient, 2, 1e-9, 'slope');
	close(j.accuracy, 0.5, 1e-9, 'rmse');
	assert.equal(handlerStats(h).memoryBytes, before);
});
