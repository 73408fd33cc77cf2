/** The draft the outgoing-message tests build from (unit: test/unit/smime/outgoing.test.ts; OpenSSL: test/interop/smime/outgoing.test.ts). */
const date = new Date("2026-03-04T05:06:07Z");

export function draft(over: Record<string, unknown> = {}) {
  return {
    from: { name: "Dr. Alice", address: "alice@clinic.example" },
    to: [{ name: "Bob Lab", address: "bob@lab.example" }],
    cc: [],
    subject: "Befund Frau M., geb. 03.04.1961",
    date,
    messageId: "<0123abcd@clinic.example>",
    text: "Dear Bob,\r\nthe results.\r\n",
    attachments: [{ name: "labs.csv", content: new TextEncoder().encode("a;b\r\n1;2\r\n") }],
    ...over,
  };
}
