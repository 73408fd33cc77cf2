/** The Graph sendMail port against a scripted fetch: what each answer becomes, Retry-After once, never twice. */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { isSpmError } from "../../../src/core/errors";
import { createGraphSendPort, retryAfterMs } from "../../../src/host/graph";

interface Call {
  url: string;
  init: RequestInit;
}

function scripted(answers: (Response | Error)[]) {
  const calls: Call[] = [];
  const waits: number[] = [];
  const port = createGraphSendPort({
    endpoint: "https://graph.example/",
    fetch: (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      const next = answers.shift();
      if (!next) throw new Error("no more answers");
      if (next instanceof Error) throw next;
      return next;
    }) as unknown as typeof fetch,
    sleep: async (ms) => {
      waits.push(ms);
    },
    online: () => true,
  });
  return { port, calls, waits };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

async function failure(p: Promise<void>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    assert.ok(isSpmError(e, "HOST_ERROR"), String(e));
    return e.details ?? {};
  }
  assert.fail("expected a failure");
}

describe("createGraphSendPort", () => {
  test("202: one POST to /v1.0/me/sendMail with the bearer token and a text/plain base64 body", async () => {
    const { port, calls } = scripted([new Response(null, { status: 202 })]);
    await port.sendMime("TUlNRQ==", "tok-1");
    assert.equal(calls.length, 1);
    assert.equal(calls[0].url, "https://graph.example/v1.0/me/sendMail");
    assert.equal(calls[0].init.method, "POST");
    assert.deepEqual({ ...(calls[0].init.headers as Record<string, string>) }, { Authorization: "Bearer tok-1", "Content-Type": "text/plain" });
    assert.equal(calls[0].init.body, "TUlNRQ==");
    assert.equal(calls[0].init.credentials, "omit");
  });

  test("each refusal is typed, says nothing was sent, and is not retried", async () => {
    const cases: [Response, string][] = [
      [json(401, { error: { code: "InvalidAuthenticationToken" } }), "unauthorized"],
      [json(403, { error: { code: "ErrorAccessDenied" } }), "forbidden"],
      [json(413, { error: { code: "RequestEntityTooLarge" } }), "too-large"],
      [json(400, { error: { code: "ErrorMimeContentInvalidBase64String", message: "Invalid base64 string for MIME content." } }), "invalid-base64"],
      [json(400, { error: { code: "ErrorInvalidRecipients" } }), "rejected"],
    ];
    for (const [response, delivery] of cases) {
      const { port, calls } = scripted([response]);
      const d = await failure(port.sendMime("QQ==", "t"));
      assert.equal(d.delivery, delivery);
      assert.equal(d.maybeSent, false);
      assert.equal(calls.length, 1, delivery);
    }
  });

  test("429 and 503: Retry-After honoured once (decimal seconds), then success; a second refusal ends it", async () => {
    for (const status of [429, 503]) {
      const ok = scripted([json(status, { error: { code: "ApplicationThrottled" } }, { "Retry-After": "2.128" }), new Response(null, { status: 202 })]);
      await ok.port.sendMime("QQ==", "t");
      assert.deepEqual(ok.waits, [2128]);
      assert.equal(ok.calls.length, 2);
      const twice = scripted([json(status, {}, { "Retry-After": "1" }), json(status, {}, { "Retry-After": "1" })]);
      const d = await failure(twice.port.sendMime("QQ==", "t"));
      assert.equal(d.delivery, "throttled");
      assert.equal(twice.calls.length, 2);
    }
    const long = scripted([json(429, {}, { "Retry-After": "120" })]);
    const d = await failure(long.port.sendMime("QQ==", "t"));
    assert.deepEqual([d.delivery, d.retryAfterSeconds, long.waits.length], ["throttled", 120, 0]);
  });

  test("5xx, a broken connection, an unexpected 200: unknown outcome (maybe sent), never re-sent", async () => {
    for (const answer of [json(500, {}), json(502, {}), new TypeError("Failed to fetch"), new Response(null, { status: 200 })]) {
      const { port, calls } = scripted([answer]);
      const d = await failure(port.sendMime("QQ==", "t"));
      assert.equal(d.delivery, "unknown-outcome");
      assert.equal(d.maybeSent, true);
      assert.equal(calls.length, 1);
    }
  });

  test("offline: nothing is attempted", async () => {
    let called = false;
    const port = createGraphSendPort({ endpoint: "https://g.example", online: () => false, fetch: async () => ((called = true), new Response(null, { status: 202 })) });
    const d = await failure(port.sendMime("QQ==", "t"));
    assert.deepEqual([d.delivery, d.maybeSent, called], ["offline", false, false]);
  });
});

test("retryAfterMs: seconds, decimals, HTTP dates, garbage", () => {
  assert.equal(retryAfterMs("3"), 3000);
  assert.equal(retryAfterMs("0.5"), 500);
  assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6_000);
  assert.equal(retryAfterMs("soon"), undefined);
  assert.equal(retryAfterMs(null), undefined);
});
