// wasm-import.mjs - `import m from './x.wasm'` gives a compiled
// WebAssembly.Module, as on Cloudflare Workers, so that worker.mjs runs
// unchanged under Node.js:
//	node --import ./edge/wasm-import.mjs edge/serve.mjs
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

// Module hooks run on a thread of their own, which loads this file too.
if (isMainThread)
	register(import.meta.url);

export async function load(url, context, nextLoad) {
	if (!new URL(url).pathname.endsWith('.wasm'))
		return nextLoad(url, context);
	return {
		format: 'module',
		shortCircuit: true,
		source: "import { readFileSync } from 'node:fs';\n" +
			'export default new WebAssembly.Module(readFileSync(' +
			`new URL(${JSON.stringify(url)})));\n`,
	};
}
