// Jest's `node` environment with one correction: structuredClone runs in the test realm.
//
// Jest runs each test file in its own vm context but hands it Node's own structuredClone, which builds the
// clone from the outer realm's Object/Array/Date. Code under test that reads a record back from
// fake-indexeddb (which clones with structuredClone) then returns objects whose prototypes are not the test
// realm's, and assert.deepStrictEqual fails with "no visual difference". The clone below is Node's, with the
// plain containers rebuilt in the test realm; typed arrays and ArrayBuffer are Node's in Jest anyway.
import { TestEnvironment } from "jest-environment-node";
import { runInContext } from "node:vm";

const REBUILD_IN_CONTEXT = `(outerClone) => function structuredClone(value, options) {
  const cloned = outerClone(value, options);
  const seen = new Map();
  const tagOf = (x) => Object.prototype.toString.call(x);
  const rebuild = (x) => {
    if (x === null || typeof x !== "object") return x;
    if (seen.has(x)) return seen.get(x);
    if (Array.isArray(x)) {
      const out = [];
      seen.set(x, out);
      for (let i = 0; i < x.length; i++) out[i] = rebuild(x[i]);
      return out;
    }
    const tag = tagOf(x);
    if (tag === "[object Date]") return new Date(x.getTime());
    if (tag === "[object Map]") {
      const out = new Map();
      seen.set(x, out);
      for (const [k, v] of x) out.set(rebuild(k), rebuild(v));
      return out;
    }
    if (tag === "[object Set]") {
      const out = new Set();
      seen.set(x, out);
      for (const v of x) out.add(rebuild(v));
      return out;
    }
    const proto = Object.getPrototypeOf(x);
    const plain = proto === null || (Object.getPrototypeOf(proto) === null && tag === "[object Object]");
    if (!plain) return x; // typed arrays, ArrayBuffer, CryptoKey, Blob...: keep Node's object
    const out = proto === null ? Object.create(null) : {};
    seen.set(x, out);
    for (const key of Object.keys(x)) out[key] = rebuild(x[key]);
    return out;
  };
  return rebuild(cloned);
}`;

export default class SpmNodeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const makeClone = runInContext(REBUILD_IN_CONTEXT, this.getVmContext());
    this.global.structuredClone = makeClone(structuredClone);
  }
}
