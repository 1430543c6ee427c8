// worker.mjs - linreg at the edge: a Workers-style module whose default
// export answers
//	POST {"input": [{"x": .., "y": ..}, ...], "predict": [...]}
// with {"coeficient", "intercept", "accuracy", "y_predictions", "fit"}
// (see handler.mjs).  Deploy it with liblinreg.wasm beside it (make
// wasm puts it there): platforms that follow Cloudflare Workers import a
// .wasm file as a compiled WebAssembly.Module, and Node.js does the same
// with --import ./edge/wasm-import.mjs (make edge-serve).
import wasm from './liblinreg.wasm';
import { createHandler } from './handler.mjs';

export default createHandler(wasm);
