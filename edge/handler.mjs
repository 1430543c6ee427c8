// handler.mjs - the edge worker's request handling over liblinreg.wasm
// (edge/abi.c): parse and check the request, send the points through
// the core, answer with the seed's fields and our whole fit.
//
// The request (the seed format; other keys are ignored):
//	{"input": [{"x": 5.1, "y": 3.5}, ...], "predict": [4.5, 6.5]}
// The answer (200):
//	{"coeficient": slope, "intercept": .., "accuracy": RMSE,
//	 "y_predictions": [fitted values at "predict"],
//	 "fit": the object `linreg --json` prints, same keys and values}
// 400 {"error": ".."} for a body that is not JSON or not that shape,
// or points that do not determine a line; 405 for a method other than
// POST; 500 if the module fails (it is then made anew).
//
// Numbers are doubles throughout; an undefined statistic (NaN in the
// core) is JSON null.

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
const SHAPE = '{"input": [{"x": number, "y": number}, ...], ' +
	'"predict": [number, ...]}';

class RequestError extends Error {}

function reply(status, body, headers = {}) {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8',
			...headers },
	});
}

// A value as the request had it, short, for an error message.
function shown(v) {
	if (v === undefined)
		return 'nothing';
	if (typeof v === 'number')
		return 'a number beyond the range of a double';
	const s = JSON.stringify(v);
	return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

function number(v, where) {
	if (typeof v !== 'number' || !Number.isFinite(v))
		throw new RequestError(`${where}: expected a finite number, ` +
			`got ${shown(v)}`);
	return v;
}

// The checked request: x, y and the prediction points as arrays.
function parse(body) {
	if (body === null || typeof body !== 'object' || Array.isArray(body))
		throw new RequestError(`expected a JSON object ${SHAPE}`);
	if (body.input === undefined)
		throw new RequestError(`missing "input": expected ${SHAPE}`);
	if (!Array.isArray(body.input))
		throw new RequestError('"input": expected an array of ' +
			'{"x": number, "y": number}');
	const n = body.input.length;
	const x = new Float64Array(n);
	const y = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const p = body.input[i];
		if (p === null || typeof p !== 'object' || Array.isArray(p))
			throw new RequestError(`input[${i}]: expected ` +
				`{"x": number, "y": number}, got ${shown(p)}`);
		x[i] = number(p.x, `input[${i}].x`);
		y[i] = number(p.y, `input[${i}].y`);
	}
	let predict = [];
	if (body.predict !== undefined && body.predict !== null) {
		if (!Array.isArray(body.predict))
			throw new RequestError('"predict": expected an array ' +
				'of numbers');
		predict = body.predict.map((v, i) => number(v, `predict[${i}]`));
	}
	return { x, y, predict };
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

// The fit of y on x, in the shape of `linreg --json`.
function fit(lib, { x, y, predict }) {
	const { e, ctx } = lib;
	const n = x.length;
	try {
		check(lib, e.lrw_begin(ctx, 1, 1, 0), n);
		const batch = e.lrw_batch();
		for (let i = 0; i < n; i += batch) {
			const m = Math.min(batch, n - i);
			const rows = new Float64Array(e.memory.buffer,
				e.lrw_rows(ctx), 2 * batch);
			rows.set(x.subarray(i, i + m), 0);
			rows.set(y.subarray(i, i + m), batch);
			check(lib, e.lrw_add(ctx, m, 0), n);
		}
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
			rows_read: n, rows_used: n, rows_skipped: 0,
		};
	} finally {
		e.lrw_end(ctx);
	}
}

const stats = new WeakMap();

// A Workers-style handler { fetch } over a compiled liblinreg.wasm.  One
// instance serves every request; a failing one is replaced.
export function createHandler(wasmModule) {
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
			body = JSON.parse(await request.text());
		} catch (err) {
			return reply(400, { error: 'the body is not valid JSON: ' +
				err.message });
		}
		try {
			const req = parse(body);
			const f = fit(load(), req);
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
			return reply(500, { error: 'internal error: ' + err.message });
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
