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

// Same keys in the same order, same strings and nulls, and numbers
// equal to the last bits a libm may differ in.
function same(a, b, path) {
	if (typeof b === 'number') {
		close(a, b, 1e-14, path);
	} else if (b === null || typeof b !== 'object') {
		assert.equal(a, b, path);
	} else {
		assert.deepEqual(Object.keys(a), Object.keys(b), path);
		for (const k of Object.keys(b))
			same(a[k], b[k], `${path}.${k}`);
	}
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
	await fails({ input: [{ x: 1, y: 2 }, { x: '2 apples', y: 3 }] }, 400,
		/input\[1\]\.x: expected a finite number, got "2 apples"/);
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

// Requests both readers must take alike (issue 13, defect 10): each
// body goes to `linreg --json --input-format json` and to the handler;
// both answer (exit 0, 200) with the same fit or both refuse (exit 65,
// 400).  true: the request is good; false: it is refused.
const P = '{"x": 1, "y": 3}, {"x": 2, "y": 5}, {"x": 3, "y": 7.5}';
const same_requests = [
	// a key twice: JSON.parse kept the last, cJSON the first
	[false, '{"input": [{"x": 1, "x": 9, "y": 3}, {"x": 2, "y": 5}, {"x": 3, "y": 7.5}]}'],
	[false, `{"input": [${P}], "input": [{"x": 1, "y": 1}, {"x": 2, "y": 9}]}`],
	[false, `{"input": [${P}], "predict": [1], "predict": [2]}`],
	[false, `{"input": [${P}], "meta": {"a": 1, "b": [{"c": 1, "c": 1}]}}`],
	[false, '{"input": [{"\\u0078": 1, "x": 9, "y": 3}, {"x": 2, "y": 5}]}'],
	[true, '{"input": [{"\\u0078": 1, "y": 3}, {"x": 2, "y": 5}, {"x": 3, "y": 7.5}]}'],
	// \u0000: the CLI read "a\u0000b" as "a"
	[false, '{"input": [{"x\\u0000z": 9, "x": 1, "y": 3}, {"x": 2, "y": 5}, {"x": 3, "y": 7.5}]}'],
	[false, '{"input": [{"x": "1\\u0000", "y": 3}, {"x": 2, "y": 5}, {"x": 3, "y": 7.5}]}'],
	[false, `{"input": [${P}], "note": "a\\u0000"}`],
	// numbers as strings (num_parse's grammar) and [x, y] points
	[true, '{"input": [{"x": "1", "y": " 3 "}, {"x": "2e0", "y": "+5"}, {"x": "3.", "y": ".75e1"}], "predict": ["4", 5]}'],
	[true, '{"input": [[1, 3], [2, 5], [3, 7.5, "more"]], "predict": [4]}'],
	[true, '{"input": [[1, 3], {"x": 2, "y": 5, "z": true}, ["3", 7.5]]}'],
	[false, '{"input": [[1, 3], [2], [3, 7.5]]}'],
	[false, '{"input": [{"x": 1, "y": 3}, {"x": "1,5", "y": 5}, {"x": 3, "y": 7.5}]}'],
	[true, '{"input": [{"x": 1, "y": 3}, {"x": "", "y": 5}, {"x": 3, "y": 7.5}]}'],
	[false, '{"input": [{"x": 1, "y": 3}, {"x": "0x10", "y": 5}, {"x": 3, "y": 7.5}]}'],
	[false, '{"input": [{"x": 1, "y": 3}, {"x": "1e400", "y": 5}, {"x": 3, "y": 7.5}]}'],
	[false, '{"input": [{"x": 1, "y": 3}, {"x": 1e400, "y": 5}, {"x": 3, "y": 7.5}]}'],
	[true, '{"input": [{"x": 1, "y": 3}, {"x": null, "y": 5}, {"x": 3, "y": 7.5}]}'],
	[false, '{"input": [{"x": 1, "y": 3}, {"x": true, "y": 5}, {"x": 3, "y": 7.5}]}'],
	[false, '{"input": [{"x": 1, "y": 3}, {"x": [2], "y": 5}, {"x": 3, "y": 7.5}]}'],
	[true, '{"input": [{"x": -0, "y": "-2.5E-1"}, {"x": 1E2, "y": 5}, {"x": "\\u0032", "y": "1e-3"}]}'],
	// predict: null or absent is none; an array of one is its value
	[true, `{"input": [${P}], "predict": null}`],
	[true, `{"input": [${P}], "predict": [[4], 5]}`],
	[false, `{"input": [${P}], "predict": [[4, 5]]}`],
	[false, `{"input": [${P}], "predict": [[]]}`],
	[false, `{"input": [${P}], "predict": [null]}`],
	[false, `{"input": [${P}], "predict": 4}`],
	// JSON's own grammar, which cJSON reads loosely
	[false, '{"input": [{"x": 01, "y": 3}, {"x": 2, "y": 5}, {"x": 3, "y": 7.5}]}'],
	[false, '{"input": [{"x": 1., "y": 3}, {"x": 2, "y": 5}, {"x": 3, "y": 7.5}]}'],
	[false, '{"input": [{"x": -.5, "y": 3}, {"x": 2, "y": 5}, {"x": 3, "y": 7.5}]}'],
	[false, `{"input": [${P}], "note": "a\tb"}`],
	[false, `{"input": [${P}],\f"note": 1}`],
	[false, `{"input": [${P}], "note": "\\ud800"}`],
	[false, `{"input": [${P}], "note": "\\udc00\\ud800"}`],
	[true, `{"input": [${P}], "note": "\\ud83d\\ude00 \u00e9"}`],
	[false, `{"input": [${P}]} x`],
	[false, `{"input": [${P}],}`],
	[true, `\ufeff {"input": [${P}]}\n`],
	[true, `{"input": [${P}], "deep": ${'['.repeat(999)}${']'.repeat(999)}}`],
	[false, `{"input": [${P}], "deep": ${'['.repeat(1000)}${']'.repeat(1000)}}`],
	// shapes
	[false, '{"input": []}'],
	[false, '{"input": {}}'],
	[false, '{"input": null}'],
	[false, '{"predict": [1]}'],
	[false, '{"input": [1, 2]}'],
];

test('the CLI and the handler take the same requests alike: same fits, same refusals', async (t) => {
	const linreg = `${top}linreg`;
	if (!existsSync(linreg)) {
		t.skip('no native ./linreg (make linreg)');
		return;
	}
	const wrong = [];
	for (const [good, body] of same_requests) {
		let cli = null;
		let status = 0;
		let stderr = '';
		try {
			cli = JSON.parse(execFileSync(linreg, ['--json',
				'--input-format', 'json', '-'], { input: body,
				encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }));
		} catch (err) {
			status = err.status;
			stderr = err.stderr;
		}
		const r = await post(body);
		const j = await r.json();
		const shown = JSON.stringify(body.slice(0, 120));
		if (status !== (good ? 0 : 65))
			wrong.push(`linreg: exit ${status} on ${shown} ${stderr}`);
		if (r.status !== (good ? 200 : 400))
			wrong.push(`handler: ${r.status} on ${shown}: ${j.error}`);
		if (good && status === 0 && r.status === 200)
			same(j.fit, cli, `fit of ${body}`);
		if (!good && r.status === 400 && typeof j.error !== 'string')
			wrong.push(`handler: no message on ${shown}`);
	}
	assert.deepEqual(wrong, []);
});

test('a body nested 5000 deep: 400 that says so, and the instance is kept', async () => {
	const h = createHandler(wasm);
	assert.equal((await post({ input: [[1, 2], [2, 3]] }, h)).status, 200);
	for (const body of [
		'{"input": ' + '['.repeat(5000) + ']'.repeat(5000) + '}',
		'{"input": [{"x": ' + '['.repeat(5000) + ']'.repeat(5000) + '}]}',
		'{"input": [], "x": ' + '{"a":'.repeat(5000) + '1' +
			'}'.repeat(5000) + '}',
		'['.repeat(5000),
	]) {
		const r = await post(body, h);
		const j = await r.json();
		assert.equal(r.status, 400, j.error);
		assert.match(j.error, /nested more than 1000 deep|expected/);
	}
	const r = await post('{"input": [{"x": ' + '['.repeat(5000) +
		']'.repeat(5000) + '}]}', h);
	assert.match((await r.json()).error, /^input\[0\]\.x: expected a finite number/);
	const deep = await post('{"input": [], "x": ' + '['.repeat(5000) +
		']'.repeat(5000) + '}', h);
	assert.match((await deep.json()).error, /nested more than 1000 deep/);
	assert.equal((await post({ input: [[1, 2], [2, 3]] }, h)).status, 200);
	assert.equal(handlerStats(h).instances, 1);
});

test('a body over the limit: 413, before it is read whole; at the limit: read', async () => {
	const small = createHandler(wasm, { maxBody: 100 });
	const body = JSON.stringify({ input: [[1, 3], [2, 5], [3, 7]] });
	const pad = (k) => body.slice(0, -1) + ', "pad": "' +
		'.'.repeat(k - body.length - 11) + '"}';
	assert.equal(pad(100).length, 100);
	assert.equal((await post(pad(100), small)).status, 200);
	const r = await post(pad(101), small);
	assert.equal(r.status, 413);
	assert.match((await r.json()).error, /larger than 100 bytes/);
	// a declared length over the limit is refused without reading
	const declared = await small.fetch(new Request('http://127.0.0.1/', {
		method: 'POST', body: pad(101),
		headers: { 'content-length': '101' } }));
	assert.equal(declared.status, 413);
	// the default: 8 MiB
	const big = '{"input": [[1, 3], [2, 5]], "pad": "' +
		'.'.repeat(8 * 1024 * 1024) + '"}';
	assert.equal((await post(big)).status, 413);
	assert.equal((await post(pad(100))).status, 200);
});

test('at most 65536 predict values: the answer stays near the body size', async () => {
	const input = [[1, 3], [2, 5], [3, 7]];
	const ok = await post({ input, predict: Array(65536).fill(1) });
	assert.equal(ok.status, 200);
	assert.equal((await ok.json()).y_predictions.length, 65536);
	const r = await post({ input, predict: Array(65537).fill(1) });
	assert.equal(r.status, 400);
	assert.match((await r.json()).error, /"predict": at most 65536 values/);
});
