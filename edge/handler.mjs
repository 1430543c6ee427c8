// handler.mjs - the edge worker's request handling over liblinreg.wasm
// (edge/abi.c): read and check the request (edge/request.mjs), send the
// points through the core, answer with the seed's fields and our whole
// fit.
//
// The request (the seed format; other keys are ignored):
//	{"input": [{"x": 5.1, "y": 3.5}, ...], "predict": [4.5, 6.5]}
// read by the rules of `linreg --json` (see request.mjs): a point may
// also be [x, y], a number a string holding one; a key twice in an
// object, \u0000 in a string or nesting deeper than 1000 is an error.
// The answer (200):
//	{"coeficient": slope, "intercept": .., "accuracy": RMSE,
//	 "y_predictions": [fitted values at "predict"],
//	 "fit": the object `linreg --json` prints, same keys and values}
// 400 {"error": ".."} for a body that is not JSON or not that shape,
// or points that do not determine a line; 405 for a method other than
// POST; 413 for a body over the limit (createHandler's maxBody, 8 MiB
// by default); 500 if the module fails (it is then made anew).
//
// The body is read as bytes, at most maxBody of them, and parsed in
// place: the points go to the core in batches as they are met, so a
// request costs its body's bytes and little more (no JSON.parse tree,
// no array of points).
//
// Numbers are doubles throughout; an undefined statistic (NaN in the
// core) is JSON null.

import { RequestError, SHAPE, readRequest } from './request.mjs';

// lr_status (core/linreg.h)
const LR_OK = 0;
const LR_ENOMEM = 1;
const LR_ETOOFEW = 4;
const LR_ESINGULAR = 5;

// The order of lrw_stats's output (edge/abi.c).
const STATS = ['n', 'df', 'ncoef', 'intercept', 'level', 'sigma', 'r2',
	'adj_r2', 'r', 'f', 'f_df1', 'f_df2', 'f_p', 'rmse', 'sse', 'tss',
	'loglik', 'aic', 'bic'];
const COEF = ['estimate', 'std_error', 't', 'p', 'ci_low', 'ci_high'];
const PRED = ['fit', 'se_fit', 'conf_low', 'conf_high', 'pred_low',
	'pred_high'];

const LEVEL = 0.95;

// The default limit on a body's size.
export const MAX_BODY = 8 * 1024 * 1024;

// A prediction in the answer costs about 200 bytes of JSON: so many of
// them keep the answer's size near the body limit's.
export const MAX_PREDICT = 65536;

class TooLarge extends Error {}

function reply(status, body, headers = {}) {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8',
			...headers },
	});
}

// The body's bytes, refusing (TooLarge) more than max of them before
// reading them all.  One chunk is used as it is; several are copied
// once into a buffer of their total size.
async function bodyBytes(request, max) {
	if (Number(request.headers.get('content-length')) > max)
		throw new TooLarge();
	if (!request.body)
		return new Uint8Array(0);
	const reader = request.body.getReader();
	const chunks = [];
	let len = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done)
			break;
		len += value.length;
		if (len > max) {
			chunks.length = 0;
			await reader.cancel();
			throw new TooLarge();
		}
		chunks.push(value);
	}
	if (chunks.length === 1)
		return chunks[0];
	const buf = new Uint8Array(len);
	let at = 0;
	for (const c of chunks) {
		buf.set(c, at);
		at += c.length;
	}
	return buf;
}

// Throw the words for a failed call, as the CLI says them.
function check(lib, st, n) {
	if (st === LR_OK)
		return;
	if (st === LR_ETOOFEW)
		throw new RequestError('need at least 2 data points to fit a ' +
			`line, got ${n}`);
	if (st === LR_ESINGULAR)
		throw new RequestError('all x values are equal: the slope is ' +
			'undefined');
	const { e } = lib;
	const p = e.lrw_strerror(st);
	const bytes = new Uint8Array(e.memory.buffer, p);
	const msg = new TextDecoder().decode(bytes.subarray(0,
		bytes.indexOf(0)));
	if (st === LR_ENOMEM)
		throw new Error(msg);
	throw new RequestError(msg);
}

// lrw_out's first k doubles, as a plain array (a view of the memory
// would go stale when the memory grows).
function out(e, ctx, k) {
	return Array.from(new Float64Array(e.memory.buffer, e.lrw_out(ctx), k));
}

// The fit of the request in body (bytes), in the shape of `linreg
// --json`: the points go to the core in batches as they are read.
function fit(lib, body) {
	const { e, ctx } = lib;
	const batch = e.lrw_batch();
	const xy = new Float64Array(2 * batch);
	const predict = [];
	let n = 0;
	let m = 0;
	let missing = 0;
	const flush = () => {
		// a fresh view: lrw_add may grow the memory
		const rows = new Float64Array(e.memory.buffer,
			e.lrw_rows(ctx), 2 * batch);
		rows.set(xy.subarray(0, m), 0);
		rows.set(xy.subarray(batch, batch + m), batch);
		check(lib, e.lrw_add(ctx, m, 0), n);
		m = 0;
	};
	try {
		check(lib, e.lrw_begin(ctx, 1, 1, 0), 0);
		readRequest(body, (x, y) => {
			if (Number.isNaN(x) || Number.isNaN(y)) {
				missing++; // left out, as linreg --json leaves it
				return;
			}
			xy[m] = x;
			xy[batch + m] = y;
			n++;
			if (++m === batch)
				flush();
		}, (px) => {
			if (predict.length === MAX_PREDICT)
				throw new RequestError('"predict": at most ' +
					`${MAX_PREDICT} values`);
			predict.push(px);
		});
		if (m > 0)
			flush();
		check(lib, e.lrw_solve(ctx, LEVEL), n);
		check(lib, e.lrw_stats(ctx), n);
		const s = Object.fromEntries(out(e, ctx, STATS.length)
			.map((v, k) => [STATS[k], v]));
		const coefficients = ['(Intercept)', 'x'].map((term, j) => {
			check(lib, e.lrw_coef(ctx, j), n);
			const c = out(e, ctx, COEF.length);
			return { term, ...Object.fromEntries(c.map((v, k) =>
				[COEF[k], v])) };
		});
		const vcov = [0, 1].map(i => [0, 1].map(j =>
			e.lrw_vcov(ctx, i, j)));
		const predictions = predict.map(px => {
			new Float64Array(e.memory.buffer, e.lrw_rows(ctx), 1)[0] = px;
			check(lib, e.lrw_predict(ctx), n);
			const p = out(e, ctx, PRED.length);
			return { x: px, ...Object.fromEntries(p.map((v, k) =>
				[PRED[k], v])) };
		});
		return {
			model: 'linear', formula: 'y ~ x', x: 'x', y: 'y',
			weights: null, degree: 1, n: s.n, df: s.df,
			coefficients,
			intercept: coefficients[0].estimate,
			slope: coefficients[1].estimate,
			sigma: s.sigma, r2: s.r2, adj_r2: s.adj_r2, r: s.r,
			f: s.f, f_df1: s.f_df1, f_df2: s.f_df2, f_p: s.f_p,
			rmse: s.rmse, sse: s.sse, tss: s.tss,
			loglik: s.loglik, aic: s.aic, bic: s.bic,
			level: s.level, vcov, predictions,
			rows_read: n + missing, rows_used: n, rows_skipped: 0,
			rows_missing: missing,
		};
	} finally {
		e.lrw_end(ctx);
	}
}

const stats = new WeakMap();

// A Workers-style handler { fetch } over a compiled liblinreg.wasm.  One
// instance serves every request; a failing one is replaced.  Bodies
// over maxBody bytes get 413.
export function createHandler(wasmModule, { maxBody = MAX_BODY } = {}) {
	let lib = null;
	const count = { instances: 0 };

	function load() {
		if (!lib) {
			const instance = new WebAssembly.Instance(wasmModule, {});
			const e = instance.exports;
			const ctx = e.lrw_new();
			if (!ctx)
				throw new Error('out of memory');
			lib = { e, ctx };
			count.instances++;
		}
		return lib;
	}

	async function fetch(request) {
		if (request.method !== 'POST')
			return reply(405, { error: `${request.method} is not ` +
				`allowed: POST a JSON body ${SHAPE}` }, { allow: 'POST' });
		let body;
		try {
			body = await bodyBytes(request, maxBody);
		} catch (err) {
			if (err instanceof TooLarge)
				return reply(413, { error: 'the body is larger than ' +
					`${maxBody} bytes` });
			return reply(400, { error: 'the body could not be read: ' +
				err.message });
		}
		try {
			const f = fit(load(), body);
			return reply(200, {
				coeficient: f.slope,
				intercept: f.intercept,
				accuracy: f.rmse,
				y_predictions: f.predictions.map(p => p.fit),
				fit: f,
			});
		} catch (err) {
			if (err instanceof RequestError)
				return reply(400, { error: err.message });
			lib = null; // a trap or no memory: start afresh next time
			return reply(500, { error: 'internal error: ' +
				String(err && err.message).slice(0, 200) });
		}
	}

	const handler = { fetch };
	stats.set(handler, () => ({
		instances: count.instances,
		memoryBytes: lib ? lib.e.memory.buffer.byteLength : 0,
		liveBlocks: lib ? lib.e.lrw_live(0) : 0,
		liveBytes: lib ? lib.e.lrw_live(1) : 0,
	}));
	return handler;
}

// For tests and monitoring: instances made so far, and the current
// instance's memory size and live allocations.
export function handlerStats(handler) {
	return stats.get(handler)();
}
