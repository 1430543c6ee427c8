// request.mjs - the edge worker's request, read straight from the body's
// bytes: a strict JSON parser (RFC 8259) that hands over the points and
// the prediction values as it meets them and builds no objects.
//
// It follows the rules of linreg's JSON reader (cli/read_json.c), so
// that the worker and `linreg --json` accept the same requests and read
// the same numbers from them (README, "Running at the edge"):
//   - a key appears at most once in an object (JSON.parse would keep the
//     last, cJSON the first: both answers were silently different);
//   - no string holds \u0000 (cJSON's strings end at a NUL, so the CLI
//     could not tell "a\u0000b" from "a"), and no lone surrogate
//     (cJSON refuses it);
//   - containers nest at most 1000 deep (cJSON's limit); the parser keeps
//     its own stack, so a deep body costs no recursion here or in the
//     error message;
//   - a point is {"x": .., "y": ..} (other keys ignored) or [x, y, ...]
//     (further elements ignored); a value is a JSON number or a string
//     holding a plain decimal number (the CLI's num_parse: blanks, a
//     sign, digits with a point, an exponent); null, "" or "NA" is a
//     missing value (the point is passed on as NaN, for the handler to
//     leave out and count, as linreg --json does), an absent x or y an
//     error;
//   - "predict" is an array of such values (or of one-element arrays of
//     them), or null or absent for none.
// Besides the body's bytes the memory needed is the stack and the keys
// of the objects open on it.

export const MAX_DEPTH = 1000;

export const SHAPE = '{"input": [{"x": number, "y": number}, ...], ' +
	'"predict": [number, ...]}';

export class RequestError extends Error {}

// The roles of a container, from where it stands in the request.
const TOP = 0;       // the request object
const INPUT = 1;     // "input"
const POINT = 2;     // one element of "input"
const PREDICT = 3;   // "predict"
const PREDICT1 = 4;  // an array in "predict": [value]
const OTHER = 5;     // anything else: checked, ignored
// and of a scalar: 'x' and 'y' of a point, 'p' the value in a
// PREDICT1, 'p1' one too many there.

// num_parse's grammar (cli/number.c), for strings.
const DECIMAL = /^[ \t]*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t]*$/;
const BLANK = /^[ \t]*$/;

const NOT_POINTS = '"input": expected an array of points ' +
	'{"x": number, "y": number} or [x, y]';
const NOT_NUMBERS = '"predict": expected an array of numbers';

const utf8 = new TextDecoder();

// The strings of one byte.
const ONE = Array.from({ length: 256 }, (_, c) => String.fromCharCode(c));

// Powers of ten that are exact doubles.
const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

// bytes b[s..e) as a string of one char per byte.
function binary(b, s, e) {
	let out = '';
	if (e - s <= 32) {
		for (let k = s; k < e; k++)
			out += ONE[b[k]];
		return out;
	}
	for (let k = s; k < e; k += 8192)
		out += String.fromCharCode.apply(null,
			b.subarray(k, Math.min(e, k + 8192)));
	return out;
}

// A byte string (as binary() makes) as text, for messages.
function text(bs) {
	return utf8.decode(Uint8Array.from(bs, ch => ch.charCodeAt(0)));
}

// A value as the request has it, short, for an error message.
function shown(b, s) {
	const raw = utf8.decode(b.subarray(s, s + 41));
	return raw.length > 40 ? raw.slice(0, 37) + '...' : raw;
}

// The code point c appended to the byte string out as UTF-8.
function utf8Bytes(c) {
	if (c < 0x80)
		return String.fromCharCode(c);
	if (c < 0x800)
		return String.fromCharCode(0xc0 | c >> 6, 0x80 | c & 63);
	if (c < 0x10000)
		return String.fromCharCode(0xe0 | c >> 12, 0x80 | c >> 6 & 63,
			0x80 | c & 63);
	return String.fromCharCode(0xf0 | c >> 18, 0x80 | c >> 12 & 63,
		0x80 | c >> 6 & 63, 0x80 | c & 63);
}

// Read the request in the bytes b: point(x, y) for each point of
// "input" in order, predict(v) for each value of "predict".  Throws a
// RequestError that says what is wrong and where.
export function readRequest(b, point, predict) {
	const n = b.length;
	// The open containers: frames reused from one point to the next,
	// so that a point costs no allocation.
	const stack = [];
	let depth = 0;
	let i = 0;
	let sawInput = false;

	const bad = (what, at) => {
		throw new RequestError(`the body is not valid JSON: ${what} ` +
			(at < n ? `at byte ${at}` : 'at its end'));
	};
	const ws = () => {
		while (i < n) {
			const c = b[i];
			if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09)
				break;
			i++;
		}
	};
	const hex4 = (at) => {
		let v = 0;
		for (let k = at; k < at + 4; k++) {
			const c = k < n ? b[k] : 0;
			const d = c >= 0x30 && c <= 0x39 ? c - 0x30 :
				c >= 0x61 && c <= 0x66 ? c - 0x57 :
				c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
			if (d < 0)
				bad('a \\u escape needs four hex digits', at - 2);
			v = v * 16 + d;
		}
		return v;
	};
	// The string at b[i] == '"'; i moves past it.  Its contents as a
	// byte string when decode, else only checked.
	const string = (decode) => {
		const start = i++;
		if (decode) {
			// short and plain (keys, mostly): no subarray to make
			let k = i;
			let out = '';
			while (k < n && k - i < 16 && b[k] !== 0x22 &&
			    b[k] !== 0x5c && b[k] >= 0x20)
				out += ONE[b[k++]];
			if (b[k] === 0x22 && k < n) {
				i = k + 1;
				return out;
			}
		}
		let out = '';
		let run = i;
		for (;;) {
			if (i >= n)
				bad('a string does not end', start);
			const c = b[i];
			if (c === 0x22)
				break;
			if (c < 0x20)
				bad('a control character in a string must be ' +
					'escaped', i);
			if (c !== 0x5c) {
				i++;
				continue;
			}
			if (decode)
				out += binary(b, run, i);
			const e = i + 1 < n ? b[i + 1] : 0;
			let ch = '';
			switch (e) {
			case 0x22: ch = '"'; break;
			case 0x5c: ch = '\\'; break;
			case 0x2f: ch = '/'; break;
			case 0x62: ch = '\b'; break;
			case 0x66: ch = '\f'; break;
			case 0x6e: ch = '\n'; break;
			case 0x72: ch = '\r'; break;
			case 0x74: ch = '\t'; break;
			case 0x75: {
				let cp = hex4(i + 2);
				if (cp === 0)
					throw new RequestError('a string holds \\u0000 ' +
						`(at byte ${i}), which linreg does not accept`);
				if (cp >= 0xdc00 && cp <= 0xdfff)
					bad('a lone surrogate in a \\u escape', i);
				if (cp >= 0xd800 && cp <= 0xdbff) {
					if (b[i + 6] !== 0x5c || b[i + 7] !== 0x75)
						bad('a lone surrogate in a \\u escape', i);
					const lo = hex4(i + 8);
					if (lo < 0xdc00 || lo > 0xdfff)
						bad('a lone surrogate in a \\u escape', i);
					cp = 0x10000 + (cp - 0xd800) * 0x400 + (lo - 0xdc00);
					i += 6;
				}
				if (decode)
					ch = utf8Bytes(cp);
				i += 4;
				break;
			}
			default:
				bad('an unknown escape in a string', i);
			}
			out += ch;
			i += 2;
			run = i;
		}
		if (decode)
			out += binary(b, run, i);
		i++;
		return out;
	};
	// The number at b[i] in JSON's grammar; i moves past it.  Up to 15
	// digits without an exponent, the digits w and 10^f are exact
	// doubles and w / 10^f is correctly rounded (the CLI's fast path,
	// cli/number.c); anything else is left to Number().
	let w = 0;
	const digits = () => {
		const d = i;
		for (; i < n; i++) {
			const c = b[i] - 0x30;
			if (c < 0 || c > 9)
				break;
			w = w * 10 + c;
		}
		if (i === d)
			bad('a digit expected in a number', i);
		return i - d;
	};
	const number = () => {
		const s = i;
		let nd = 1;
		let nf = 0;
		w = 0;
		if (b[i] === 0x2d)
			i++;
		if (b[i] === 0x30)
			i++;
		else
			nd = digits();
		if (b[i] === 0x2e) {
			i++;
			nf = digits();
			nd += nf;
		}
		if (b[i] === 0x65 || b[i] === 0x45) {
			i++;
			if (b[i] === 0x2b || b[i] === 0x2d)
				i++;
			digits();
			nd = 99;
		}
		if (nd <= 15)
			return (b[s] === 0x2d ? -w : w) / POW10[nf];
		return Number(binary(b, s, i));
	};
	const literal = (word, value) => {
		for (let k = 0; k < word.length; k++)
			if (b[i + k] !== word.charCodeAt(k))
				bad('an unexpected character', i + k);
		i += word.length;
		return value;
	};

	// The role of the value about to start, from the container it is in.
	const role = (f) => {
		if (!f)
			return TOP;
		switch (f.role) {
		case TOP:
			return f.key === 'input' ? INPUT :
				f.key === 'predict' ? PREDICT : OTHER;
		case INPUT:
			return POINT;
		case POINT:
			return (f.obj ? f.key === 'x' : f.count === 0) ? 'x' :
				(f.obj ? f.key === 'y' : f.count === 1) ? 'y' : OTHER;
		case PREDICT:
			return PREDICT1;
		case PREDICT1:
			return f.count === 0 ? 'p' : 'p1';
		default:
			return OTHER;
		}
	};
	// A point's or a prediction's name, from its index (made only for
	// a message).
	const name = (g) => (g.role === POINT ? 'input' : 'predict') +
		`[${g.index}]`;
	// Where the value about to start (role r, in f) is, for messages.
	const where = (f, r) => {
		if (r === INPUT || r === PREDICT)
			return `"${r === INPUT ? 'input' : 'predict'}"`;
		if (r === POINT)
			return `input[${f.count}]`;
		if (r === 'x' || r === 'y')
			return f.obj ? `${name(f)}.${r}` : `${name(f)}[${f.count}]`;
		if (r === PREDICT1)
			return `predict[${f.count}]`;
		return name(f);
	};
	// A value for x, y or a prediction (r, in container f): a number,
	// or a string holding one; kind is the first byte of the value.
	const value = (f, r, v, kind, at) => {
		if (typeof v === 'number' && kind !== 0x22 && Number.isFinite(v))
			return v;
		if (kind === 0x22 && !BLANK.test(v) && DECIMAL.test(v)) {
			const d = Number(v.trim());
			if (Number.isFinite(d))
				return d;
		}
		// a point's missing value (null, "", "NA"), as linreg --json
		// takes it: the point is left out and counted (handler.mjs)
		if ((r === 'x' || r === 'y') && (kind === 0x6e ||
		    (kind === 0x22 && (v === '' || v === 'NA'))))
			return NaN;
		const what = r === 'p' ? name(f) : where(f, r);
		const got = kind === 0x6e ? 'null (a missing value)' :
			typeof v === 'number' ? 'a number beyond the range of a double' :
			shown(b, at);
		throw new RequestError(`${what}: expected a finite number, ` +
			`got ${got}`);
	};
	// After a point's "x"/"y" or a prediction's scalar value.
	const deliver = (f, r, v, kind, at) => {
		if (r === 'x' || r === 'y')
			f[r] = value(f, r, v, kind, at);
		else if (r === PREDICT1)
			predict(value(f, r, v, kind, at));
		else if (r === 'p')
			f.p = value(f, r, v, kind, at);
		else if (r === 'p1')
			throw new RequestError(`${name(f)}: expected one number ` +
				'(or an array of one)');
	};
	const close = (f) => {
		if (f.role === POINT) {
			for (const r of ['x', 'y'])
				if (f[r] === undefined)
					throw new RequestError(`${f.obj ? `${name(f)}.${r}` :
						`${name(f)}[${r === 'x' ? 0 : 1}]`}: expected a ` +
						'finite number, got nothing');
			point(f.x, f.y);
		} else if (f.role === PREDICT1) {
			if (f.p === undefined)
				throw new RequestError(`${name(f)}: expected one number ` +
					'(or an array of one)');
			predict(f.p);
		}
	};
	// A member's key at b[i] and its colon; i moves past them.
	const key = (f) => {
		if (b[i] !== 0x22)
			bad('a key (a string) expected', i);
		const at = i;
		const k = string(true);
		// an array while small (most objects are points), then a Set
		let keys = f.keys;
		if (Array.isArray(keys) ? keys.includes(k) : keys.has(k))
			throw new RequestError(`key "${text(k)}" appears twice in ` +
				`one object (at byte ${at}): each key may appear once`);
		if (Array.isArray(keys) && keys.length === 8)
			keys = f.keys = new Set(keys);
		if (Array.isArray(keys))
			keys.push(k);
		else
			keys.add(k);
		f.key = k;
		ws();
		if (b[i] !== 0x3a)
			bad('":" expected after a key', i);
		i++;
		ws();
	};

	if (n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf)
		i = 3;
	ws();
	if (i >= n)
		bad('no value', i);
	for (;;) {
		// A value starts at b[i]; f is the container it is in.
		const f = depth ? stack[depth - 1] : undefined;
		const r = role(f);
		const c = b[i];
		const at = i;
		if (c === 0x7b || c === 0x5b) {
			const obj = c === 0x7b;
			if (r === TOP && !obj)
				throw new RequestError(`expected a JSON object ${SHAPE}`);
			if (r === INPUT && obj)
				throw new RequestError(NOT_POINTS);
			if (r === PREDICT && obj)
				throw new RequestError(NOT_NUMBERS);
			if (r === PREDICT1 && obj)
				throw new RequestError(`predict[${f.count}]: expected a ` +
					`finite number, got ${shown(b, at)}`);
			if (r === 'x' || r === 'y' || r === 'p' || r === 'p1')
				deliver(f, r, undefined, c, at);
			if (depth >= MAX_DEPTH)
				throw new RequestError('the body is nested more than ' +
					`${MAX_DEPTH} deep (at byte ${at})`);
			if (r === INPUT)
				sawInput = true;
			let g = stack[depth];
			if (!g)
				g = stack[depth] = { obj, role: r, keys: [], key: null,
					count: 0, index: 0, x: undefined, y: undefined,
					p: undefined };
			g.obj = obj;
			g.role = r;
			if (Array.isArray(g.keys))
				g.keys.length = 0;
			else
				g.keys = [];
			g.key = null;
			g.count = 0;
			g.index = f ? f.count : 0;
			g.x = g.y = g.p = undefined;
			depth++;
			i++;
			ws();
			if (b[i] !== (obj ? 0x7d : 0x5d)) {
				if (obj)
					key(stack[depth - 1]);
				continue;
			}
			// an empty container: closed below
		} else {
			let v;
			if (c === 0x22)
				v = string(r === 'x' || r === 'y' || r === PREDICT1 ||
					r === 'p');
			else if (c === 0x2d || (c >= 0x30 && c <= 0x39))
				v = number();
			else if (c === 0x74)
				v = literal('true', true);
			else if (c === 0x66)
				v = literal('false', false);
			else if (c === 0x6e)
				v = literal('null', null);
			else
				bad(i < n ? 'an unexpected character' : 'a value expected',
					i);
			if (r === TOP)
				throw new RequestError(`expected a JSON object ${SHAPE}`);
			if (r === INPUT)
				throw new RequestError(NOT_POINTS);
			if (r === PREDICT && c !== 0x6e)
				throw new RequestError(NOT_NUMBERS);
			if (r === POINT)
				throw new RequestError(`input[${f.count}]: expected ` +
					'{"x": number, "y": number} or [x, y], got ' +
					shown(b, at));
			deliver(f, r, v, c, at);
			ws();
		}
		// After a value: the ends of containers, then a comma and the
		// next value (count, the index in an array, moves with commas).
		for (;;) {
			const g = depth ? stack[depth - 1] : undefined;
			if (!g) {
				if (i < n)
					bad('more after the request', i);
				if (!sawInput)
					throw new RequestError('missing "input": expected ' +
						SHAPE);
				return;
			}
			if (b[i] === (g.obj ? 0x7d : 0x5d)) {
				i++;
				depth--;
				close(g);
				ws();
				continue;
			}
			if (b[i] !== 0x2c)
				bad(`"," or "${g.obj ? '}' : ']'}" expected`, i);
			i++;
			g.count++;
			ws();
			if (g.obj)
				key(g);
			break;
		}
	}
}
