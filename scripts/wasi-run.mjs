// wasi-run.mjs - run a WASI command module (linreg.wasm) under Node.js
// as if it were a native program:
//
//	node --no-warnings scripts/wasi-run.mjs linreg.wasm [ARG]...
//
// Standard input, output and error are the process's own descriptors,
// the environment is passed on, the whole file system is preopened as
// "/" and PWD names the working directory (the module changes to it
// before main: cli/port_wasi.c), and the module's exit status is the
// process's.  --no-warnings keeps Node's ExperimentalWarning for WASI
// off standard error, so that it holds exactly what the program wrote.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { WASI } from 'node:wasi';

// The global process, not an import of node:process: importing it reads
// every property, process.stdin too, which makes a pipe on standard
// input non-blocking, and the module's reads would fail with EAGAIN.

// Node 18 to 22 call WASI functions from WebAssembly as V8 "fast API
// calls", during which an allocation can start a garbage collection
// that corrupts the heap (nodejs/node#46777): a module that reads a few
// MB at a time then crashes Node.  Without fast calls it cannot.
setFlagsFromString('--no-turbo-fast-api-calls');

const [file, ...args] = process.argv.slice(2);
if (!file) {
	process.stderr.write('usage: node wasi-run.mjs MODULE.wasm [ARG]...\n');
	process.exit(64);
}
// `version` is required from Node 20 on, and ignored by Node 18 (Debian
// 12's nodejs), whose WASI has no getImportObject(): both have
// wasiImport, the preview1 functions the import object would hold.
const wasi = new WASI({
	version: 'preview1',
	args: ['linreg', ...args],
	env: { ...process.env, PWD: process.cwd() },
	preopens: { '/': '/' },
	returnOnExit: true,
});
let status;
try {
	const module = await WebAssembly.compile(readFileSync(file));
	const instance = await WebAssembly.instantiate(module,
		{ wasi_snapshot_preview1: wasi.wasiImport });
	status = wasi.start(instance);
} catch (e) {
	// A trap (unreachable: abort(), a stack overflow): as a native
	// program killed by SIGABRT.
	process.stderr.write(`${file}: ${e.message}\n`);
	status = 134;
}
process.exitCode = status;
