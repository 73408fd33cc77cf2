/** Test page script: src/core/keys on `window.keys`, for test/interop/keys/browser.test.ts. */
import * as keys from "../../../src/core/keys";

Object.assign(window, { keys, ready: true });
