/** The delivery fields of config/policy.json: delivery mode and the Graph app registration. */
import assert from "node:assert/strict";
import { test } from "@jest/globals";
import { parsePolicy } from "../../../src/core/policy";

const CLIENT = "11111111-2222-3333-4444-555555555555";

test("defaults: auto delivery, Graph not configured", () => {
  const p = parsePolicy({});
  assert.equal(p.delivery, "auto");
  assert.equal(p.graph, undefined);
});

test("a Graph registration with its defaults, and each delivery mode", () => {
  const p = parsePolicy({ delivery: "standard", graph: { clientId: CLIENT.toUpperCase() } });
  assert.deepEqual({ ...p.graph }, { clientId: CLIENT, authority: "https://login.microsoftonline.com/common", endpoint: "https://graph.microsoft.com" });
  assert.equal(p.delivery, "standard");
  assert.equal(parsePolicy({ delivery: "attachment" }).delivery, "attachment");
  const national = parsePolicy({ graph: { clientId: CLIENT, authority: "https://login.microsoftonline.us/contoso.onmicrosoft.com/", endpoint: "https://graph.microsoft.us/" } });
  assert.equal(national.graph?.authority, "https://login.microsoftonline.us/contoso.onmicrosoft.com");
  assert.equal(national.graph?.endpoint, "https://graph.microsoft.us");
  // Loopback http: the simulator's endpoint (browsers treat it as a secure context).
  assert.equal(parsePolicy({ graph: { clientId: CLIENT, endpoint: "http://127.0.0.1:3000/graph" } }).graph?.endpoint, "http://127.0.0.1:3000/graph");
});

test("bad values name the field", () => {
  assert.throws(() => parsePolicy({ delivery: "graph" }), /"delivery" must be one of/);
  assert.throws(() => parsePolicy({ graph: { clientId: "my-app" } }), /"graph\.clientId" must be/);
  assert.throws(() => parsePolicy({ graph: { clientId: CLIENT, secret: "x" } }), /"graph\.secret" is unknown/);
  assert.throws(() => parsePolicy({ graph: { clientId: CLIENT, endpoint: "http://graph.example" } }), /"graph\.endpoint" must be an https URL/);
  assert.throws(() => parsePolicy({ graph: { clientId: CLIENT, authority: "https://login.example/?x=1" } }), /"graph\.authority" must not have a query/);
  assert.throws(() => parsePolicy({ graph: "x" }), /"graph" must be/);
});
