/**
 * The Content Security Policy built in scripts/csp.mjs (issue 18): what it allows and refuses, that every page
 * template carries it first in <head>, that the build's page check catches a page without it, that the dev
 * server sends it, that the example hosting configurations in deploy/ carry exactly the same policy, and the
 * Trusted Types default policy's script-URL rule.
 */
import { describe, test } from "@jest/globals";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { GRAPH_ORIGIN, headerPolicy, hostingHeaders, metaTag, OFFICE_JS_ORIGIN, OUTLOOK_FRAME_ANCESTORS, pagePolicy, pageProblem, parseConnectOrigins, policyDirectives, POLICY_PAGES } from "../../../scripts/csp.mjs";
import { CSP_REPORT_PATH, devHeaders } from "../../../scripts/serve-lib.mjs";
import { allowedScriptUrl } from "../../../src/ui/trusted-types/default-policy";

const ROOT = resolve(import.meta.dirname, "../../..");
const directives = (policy: string) => new Map(policy.split(/;\s*/).map((d) => [d.split(" ")[0], d.split(" ").slice(1)] as const));

describe("the policy", () => {
  test("panes: nothing by default, scripts from here and Office.js's CDN only, Graph and nothing else to connect to", () => {
    const d = directives(pagePolicy());
    assert.deepEqual(d.get("default-src"), ["'none'"]);
    assert.deepEqual(d.get("script-src"), ["'self'", OFFICE_JS_ORIGIN]);
    assert.deepEqual(d.get("style-src"), ["'self'", "'unsafe-inline'"]);
    assert.deepEqual(d.get("img-src"), ["'self'", "data:", "blob:"]);
    assert.deepEqual(d.get("connect-src"), ["'self'", GRAPH_ORIGIN]);
    assert.deepEqual(d.get("worker-src"), ["'self'"]);
    assert.deepEqual(d.get("frame-src"), ["'none'"]);
    for (const name of ["object-src", "base-uri", "form-action"]) assert.deepEqual(d.get(name), ["'none'"], name);
    assert.deepEqual(d.get("require-trusted-types-for"), ["'script'"]);
    assert.deepEqual(d.get("trusted-types"), ["default", "spm-frame", "spm-parse", "spm-webpack"]);
    // Never script escapes, and nothing a meta tag ignores.
    assert.doesNotMatch(pagePolicy(), /unsafe-eval|unsafe-hashes|wasm|\*|frame-ancestors|report-uri|sandbox/);
    assert.deepEqual([...pagePolicy().matchAll(/https?:\/\/[^\s;]+/g)].map((m) => m[0]), [OFFICE_JS_ORIGIN, GRAPH_ORIGIN]);
    assert.doesNotMatch(d.get("script-src")!.join(" "), /unsafe-inline/);
  });

  test("the web reader: no Office.js, no Graph", () => {
    const d = directives(pagePolicy({ office: false, graph: false }));
    assert.deepEqual(d.get("script-src"), ["'self'"]);
    assert.deepEqual(d.get("connect-src"), ["'self'"]);
  });

  test("national clouds: extra connect-src origins from the build, https origins only", () => {
    assert.deepEqual(parseConnectOrigins("https://graph.microsoft.us, https://dod-graph.microsoft.us/"), ["https://graph.microsoft.us", "https://dod-graph.microsoft.us"]);
    assert.deepEqual(parseConnectOrigins(undefined), []);
    for (const bad of ["http://graph.microsoft.us", "https://graph.microsoft.us/v1.0", "*", "'unsafe-inline'", "https://*.example"]) {
      assert.throws(() => parseConnectOrigins(bad), /https origins/, bad);
    }
    assert.deepEqual(directives(pagePolicy({ connectOrigins: ["https://graph.microsoft.us"] })).get("connect-src"), ["'self'", GRAPH_ORIGIN, "https://graph.microsoft.us"]);
  });

  test("the header is the page policy plus frame-ancestors (Outlook's hosts), which a meta tag cannot carry", () => {
    assert.equal(headerPolicy(), `${pagePolicy()}; frame-ancestors ${OUTLOOK_FRAME_ANCESTORS.join(" ")}`);
    assert.ok(OUTLOOK_FRAME_ANCESTORS.every((o) => /^https:\/\/outlook\.[a-z0-9.]+$/.test(o)));
    assert.deepEqual(Object.keys(hostingHeaders()), ["Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy"]);
  });

  test("every directive appears once", () => {
    const names = policyDirectives().map(([n]) => n);
    assert.equal(new Set(names).size, names.length);
  });
});

describe("pages", () => {
  test("every page template puts the policy placeholder first in <head>, before any script", () => {
    for (const page of POLICY_PAGES) {
      const html = readFileSync(join(ROOT, "public", page), "utf8");
      // What the build makes of the template: the placeholder replaced by the policy.
      const built = html.replace("<%= htmlWebpackPlugin.options.csp %>", pagePolicy());
      assert.equal(pageProblem(built, pagePolicy()), undefined, page);
      // Pages with Office.js load the Trusted Types default policy right before it.
      if (html.includes("appsforoffice")) assert.match(html, /<script src="trusted-types\.js"><\/script>\s*(<!--[^>]*-->\s*)?<script src="https:\/\/appsforoffice/, page);
    }
  });

  test("the build's check refuses a page without the policy, with two, with another one, or with a script before it", () => {
    const policy = pagePolicy();
    const head = (inner: string) => `<!doctype html><html><head><meta charset="utf-8" />${inner}</head><body></body></html>`;
    assert.equal(pageProblem(head(`${metaTag(policy)}<script src="a.js"></script>`), policy), undefined);
    assert.match(pageProblem(head('<script src="a.js"></script>'), policy)!, /found 0/);
    assert.match(pageProblem(head(metaTag(policy) + metaTag(policy)), policy)!, /found 2/);
    assert.match(pageProblem(head(metaTag("default-src *")), policy)!, /differs/);
    assert.match(pageProblem(head(`<script src="a.js"></script>${metaTag(policy)}`), policy)!, /before the policy/);
    assert.match(pageProblem(head(`<link rel="stylesheet" href="x.css">${metaTag(policy)}`), policy)!, /before the policy/);
  });

  test("the dev and test server send the policy on the add-in's pages and scripts, not on the simulator or fixtures", () => {
    // The same policy, with a report-uri only the dev/test server has (it prints or collects the reports).
    const header = `${headerPolicy({ frameAncestors: ["'self'", ...OUTLOOK_FRAME_ANCESTORS] })}; report-uri ${CSP_REPORT_PATH}`;
    for (const url of ["/compose.html?_sim=1", "/read.html", "/settings.html", "/launchevent.html?_sim=2", "/reader.html", "/chunks/spm-crypto.1234abcd.js"]) {
      assert.equal(devHeaders(url)["Content-Security-Policy"], header, url);
    }
    for (const url of ["/simulator.html", "/test-pane.html", "/simulator.js", "/chunks/classic-outlook-runtime.34f8d3f3.js"]) assert.equal(devHeaders(url)["Content-Security-Policy"], undefined, url);
    assert.equal(devHeaders("/compose.html")["X-Content-Type-Options"], "nosniff");
  });
});

describe("example hosting configurations carry the same policy as the pages", () => {
  test("nginx", () => {
    const conf = readFileSync(join(ROOT, "deploy/nginx/secure-patient-mail.conf"), "utf8");
    const added = Object.fromEntries([...conf.matchAll(/^\s*add_header\s+([\w-]+)\s+"([^"]*)"\s+always;/gm)].map((m) => [m[1], m[2]]));
    assert.deepEqual(added, hostingHeaders());
    // No caching directives: Office shows generic icons for icons served with cache-control.
    assert.doesNotMatch(conf.replace(/^\s*#.*$/gm, ""), /expires|Cache-Control/i);
    assert.match(conf, /return 301 https:\/\/\$host\$request_uri;/);
  });

  test("the README's admin guide", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    assert.ok(readme.includes(`\`${headerPolicy()}\``), "README shows the current header policy");
  });

  test("Azure Static Web Apps", () => {
    const json = JSON.parse(readFileSync(join(ROOT, "deploy/azure-static-web-apps/staticwebapp.config.json"), "utf8")) as { globalHeaders: Record<string, string> };
    assert.deepEqual({ ...json.globalHeaders }, hostingHeaders());
    assert.doesNotMatch(JSON.stringify(json), /cache-control/i);
  });
});

describe("the Trusted Types default policy", () => {
  const page = "https://mail-addin.example.org/spm/compose.html";
  test("lets through script URLs of this origin and of Office.js's CDN, resolved", () => {
    assert.equal(allowedScriptUrl("chunks/a.js", page), "https://mail-addin.example.org/spm/chunks/a.js");
    assert.equal(allowedScriptUrl("https://appsforoffice.microsoft.com/lib/1/hosted/outlook-web-16.01.js", page), "https://appsforoffice.microsoft.com/lib/1/hosted/outlook-web-16.01.js");
    // The policy's copy of the CDN origin is the one the CSP's script-src names (scripts/csp.mjs).
    assert.equal(allowedScriptUrl(`${OFFICE_JS_ORIGIN}/lib/1/hosted/office.js`, page), `${OFFICE_JS_ORIGIN}/lib/1/hosted/office.js`);
  });
  test("refuses everything else", () => {
    for (const url of ["https://evil.example/x.js", "//evil.example/x.js", "data:text/javascript,alert(1)", "blob:https://mail-addin.example.org/1", "javascript:alert(1)", "https://appsforoffice.microsoft.com.evil.example/x.js", "http://appsforoffice.microsoft.com/x.js", "https://mail-addin.example.org:8443/x.js"]) {
      assert.equal(allowedScriptUrl(url, page), null, url);
    }
  });
});
