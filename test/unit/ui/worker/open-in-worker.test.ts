/**
 * The read pane's opening job through the worker protocol (src/ui/worker): the real worker code (serveJobs) on a
 * stand-in scope whose messages cross as they do between threads (structured clone with transfer, asynchronous).
 * What moves and what is copied, the key copies wiped in the worker, the ready handshake's fallback, and the same
 * result as on the main thread.
 */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { isSpmError } from "../../../../src/core/errors";
import { buildDraftEntity } from "../../../../src/core/mime";
import { protectEntity } from "../../../../src/core/smime";
import type { KeyPair } from "../../../../src/core/types";
import { runOpening, WorkerFailedError, WORKER_THRESHOLD_BYTES, type OpenJob } from "../../../../src/ui/worker";
import { serveJobs, type WorkerScope } from "../../../../src/ui/worker/serve";
import { asIdentity, loadPki } from "../../../helpers/fixtures";

const pki = loadPki("basic");
const alice = asIdentity(pki.identity("alice"));
const bob = asIdentity(pki.identity("bob"));

interface Crossing {
  message: unknown;
  /** The sender's transfer list, and each buffer's size before it left (0 afterwards when it really moved). */
  transferred: { buffer: ArrayBuffer; sizeBefore: number }[];
}

/** A Worker stand-in running serveJobs; records what crossed in each direction. */
function fakeWorker(behaviour: "load" | "fail-to-load" | "crash-after-ready" = "load") {
  const toWorker: Crossing[] = [];
  const toPane: Crossing[] = [];
  const received: unknown[] = [];
  let terminated = false;
  const cross = (message: unknown, transfer: Transferable[] | undefined, log: Crossing[]) => {
    const list = (transfer ?? []) as ArrayBuffer[];
    const transferred = list.map((buffer) => ({ buffer, sizeBefore: buffer.byteLength }));
    const copy: unknown = structuredClone(message, { transfer: list });
    log.push({ message, transferred });
    return copy;
  };
  const worker = {
    onmessage: null as ((e: { data: unknown }) => void) | null,
    onerror: null as ((e: { message: string; preventDefault(): void }) => void) | null,
    onmessageerror: null as (() => void) | null,
    postMessage(message: unknown, transfer?: Transferable[]) {
      const data = cross(message, transfer, toWorker);
      received.push(data);
      if (behaviour === "crash-after-ready") setTimeout(() => worker.onerror?.({ message: "out of memory", preventDefault() {} }));
      else setTimeout(() => scope.onmessage?.({ data } as MessageEvent<never>));
    },
    terminate() {
      terminated = true;
    },
  };
  const scope: WorkerScope = {
    onmessage: null,
    postMessage(message, transfer) {
      const data = cross(message, transfer, toPane);
      setTimeout(() => worker.onmessage?.({ data }));
    },
  };
  setTimeout(() => {
    if (behaviour === "fail-to-load") worker.onerror?.({ message: "refused by the content security policy", preventDefault() {} });
    else serveJobs(scope);
  });
  return { create: () => worker as unknown as Worker, toWorker, toPane, received, terminated: () => terminated };
}

const attachment = new Uint8Array(WORKER_THRESHOLD_BYTES + 200_000).map((_, i) => (i * 7) & 0xff);

async function message(): Promise<Uint8Array> {
  const entity = buildDraftEntity({
    from: { address: "alice@example.org" },
    to: [{ address: "bob@example.org" }],
    cc: [],
    subject: "Scan",
    text: "The scan is attached.",
    attachments: [{ name: "scan.tiff", content: attachment, contentType: "image/tiff" }],
  });
  return (await protectEntity({ entity, signer: alice, recipients: [{ certificate: bob.certificate }] })).cms;
}

const keys = (): KeyPair[] => [{ certificate: bob.certificate, privateKey: bob.privateKey.slice() }];
const job = (bytes: Uint8Array, k: KeyPair[] = keys()): OpenJob => ({ bytes, keys: k, anchors: [pki.caCertDer], pinned: [], addresses: ["alice@example.org"] });

describe("opening in the crypto worker", () => {
  test("same result as on the main thread; handed-over bytes move, key copies are wiped there, decoded parts come back transferred", async () => {
    const cms = await message();
    const here = await runOpening(job(cms.slice()), { worker: "never" });
    const w = fakeWorker();
    const bytes = cms.slice();
    const paneKeys = keys();
    const stages: string[] = [];
    const there = await runOpening(job(bytes, paneKeys), { createWorker: w.create, handOver: true, onStage: (s) => stages.push(s) });

    assert.equal(here.inWorker, false);
    assert.equal(there.inWorker, true);
    assert.deepEqual(stages, ["decrypt", "verify", "prepare"]);
    for (const r of [here, there]) {
      assert.equal(r.report.signature, "valid");
      assert.equal(r.report.signer?.email, "alice@example.org");
      assert.equal(r.report.encryption, "aes-256-cbc");
      assert.deepEqual(r.display.body, { kind: "text", text: "The scan is attached." });
      assert.deepEqual(r.display.attachments.map((a) => [a.name, a.mediaType, a.size]), [["scan.tiff", "image/tiff", attachment.length]]);
      assert.ok(Buffer.from(r.display.attachments[0].bytes()).equals(Buffer.from(attachment)));
    }
    assert.deepEqual(there.report.findings, here.report.findings);

    // To the worker: the message's own buffer (no copy: it is gone here) and an exact copy of each private key.
    const [sent] = w.toWorker;
    assert.equal(bytes.byteLength, 0, "the handed-over bytes were transferred, not copied");
    assert.deepEqual(sent.transferred.map((t) => t.sizeBefore), [cms.length, bob.privateKey.length]);
    assert.ok(Buffer.from(paneKeys[0].privateKey).equals(Buffer.from(bob.privateKey)), "the pane keeps its own key");
    const inWorker = w.received[0] as { job: OpenJob };
    assert.ok(inWorker.job.keys[0].privateKey.every((b) => b === 0), "the worker's key copy is wiped");

    // Back: stages, then the result with its buffers moved (the worker keeps no copy of the decoded attachment).
    const done = w.toPane.find((c) => (c.message as { type: string }).type === "done");
    assert.ok(done);
    const moved = done.transferred.map((t) => t.sizeBefore);
    assert.ok(moved.some((n) => n >= attachment.length), `the decoded attachment was transferred (moved: ${moved.join(", ")})`);
    assert.ok(done.transferred.every((t) => t.buffer.byteLength === 0), "every listed buffer left the worker");
    assert.equal(w.terminated(), true);
  });

  test("bytes not handed over (the reader keeps them, nested parts are views) go as an exact copy of just those bytes", async () => {
    const cms = await message();
    const big = new Uint8Array(cms.length + 500_000);
    big.set(cms, 1000);
    const view = big.subarray(1000, 1000 + cms.length);
    // Not handed over; handed over but a small part of a larger buffer (the rest is not the caller's to give).
    for (const handOver of [false, true]) {
      const w = fakeWorker();
      const r = await runOpening(job(view), { createWorker: w.create, handOver });
      assert.equal(r.report.signature, "valid");
      assert.equal(view.byteLength, cms.length, "the caller's bytes are intact");
      assert.equal(w.toWorker[0].transferred[0].sizeBefore, cms.length, "only the view's bytes were copied");
    }
  });

  test("handed-over bytes that are nearly all of their buffer (the base64 decoder's large results) move without a copy", async () => {
    const cms = await message();
    const buffer = new Uint8Array(cms.length + 3);
    buffer.set(cms);
    const view = buffer.subarray(0, cms.length);
    const w = fakeWorker();
    const r = await runOpening(job(view), { createWorker: w.create, handOver: true });
    assert.equal(r.report.signature, "valid");
    assert.equal(view.byteLength, 0, "moved");
    assert.equal(w.toWorker[0].transferred[0].sizeBefore, cms.length + 3);
  });

  test("a worker that cannot load never took the job: it runs on the main thread with the bytes intact", async () => {
    const cms = await message();
    const bytes = cms.slice();
    const w = fakeWorker("fail-to-load");
    const warn = console.warn;
    console.warn = () => {};
    try {
      const r = await runOpening(job(bytes), { createWorker: w.create, handOver: true });
      assert.equal(r.inWorker, false);
      assert.equal(r.report.signature, "valid");
    } finally {
      console.warn = warn;
    }
    assert.equal(w.toWorker.length, 0);
    assert.equal(bytes.byteLength, cms.length);
  });

  test("a worker that stops while it has the job fails the job (no second try with bytes it took)", async () => {
    const cms = await message();
    const w = fakeWorker("crash-after-ready");
    await assert.rejects(runOpening(job(cms.slice()), { createWorker: w.create, handOver: true }), (e) => e instanceof WorkerFailedError && /out of memory/.test(e.message));
  });

  test("errors keep their stable code across the boundary", async () => {
    const cms = await message();
    const w = fakeWorker();
    await assert.rejects(runOpening(job(cms, []), { createWorker: w.create }), (e) => isSpmError(e, "NOT_FOR_ME"));
  });
});
