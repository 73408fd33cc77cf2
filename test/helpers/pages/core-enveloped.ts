/** Test page script: the CMS enveloping engine on `window.engine`, for test/interop/enveloped/browser.test.ts. */
import * as engine from "../../../src/core/cms/enveloped";

Object.assign(window, { engine, ready: true });
