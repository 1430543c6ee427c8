// serve.mjs - the edge handler (worker.mjs) on http://127.0.0.1:PORT/
// for local use (make edge-serve; PORT defaults to 8787):
//	node --import ./edge/wasm-import.mjs edge/serve.mjs
// Each request becomes a Fetch API Request for worker.fetch, and its
// Response goes back as it is.  Loopback only: this is no production
// server.
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import worker from './worker.mjs';

const port = Number(process.env.PORT || 8787);
const host = '127.0.0.1';

const server = createServer(async (req, res) => {
	try {
		// The body as a stream, so that the handler's size limit stops
		// reading it (a Buffer of it all would not).
		const streamed = req.method !== 'GET' && req.method !== 'HEAD';
		const request = new Request(`http://${host}:${port}${req.url}`, {
			method: req.method,
			headers: Object.entries(req.headers).flatMap(([k, v]) =>
				Array.isArray(v) ? v.map(x => [k, x]) : [[k, v]]),
			body: streamed ? Readable.toWeb(req) : undefined,
			duplex: streamed ? 'half' : undefined,
		});
		const response = await worker.fetch(request);
		res.writeHead(response.status, Object.fromEntries(response.headers));
		res.end(Buffer.from(await response.arrayBuffer()));
	} catch (err) {
		res.writeHead(500, { 'content-type': 'text/plain' });
		res.end(`internal error: ${err.message}\n`);
	}
});
server.listen(port, host, () => {
	console.log(`linreg edge worker on http://${host}:${port}/ ` +
		'(POST {"input": [{"x": .., "y": ..}], "predict": [..]})');
});
