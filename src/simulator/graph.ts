/**
 * The simulator's view of the simulated Microsoft Graph server (scripts/graph-sim.mjs), over fetch on the
 * simulator's own origin: messages it accepted, the mailboxes it delivered them to, failures to inject, and
 * tokens for the fake NAA. Everything is scoped to this simulator's session.
 */
import type { SimMailbox } from "./mailbox-state";
import { deliveryState } from "./delivery-state";

export interface SentMessage {
  /** Every To/Cc/Bcc address of the message, lowercased. */
  recipients: string[];
  itemClass: string;
  /** The raw message as Graph received it (latin1 string of the bytes). */
  mime: string;
}

export interface DeliveredItem {
  folder: "Inbox" | "Sent Items";
  itemClass: string;
  mime: string;
}

/** Failures the simulated Graph can answer the next sendMail with (see FAULTS in scripts/graph-sim.mjs). */
export type GraphFault = "401" | "403" | "413" | "429" | "429-long" | "503" | "500" | "200" | "invalid-base64" | "network-before" | "network-after";

function route(backend: SimMailbox, name: string): string {
  return `/graph/_sim/sessions/${deliveryState(backend).sessionId}/${name}`;
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`simulated Graph: ${what} failed (${response.status}): ${await response.text()}`);
  return (await response.json()) as T;
}

export async function sentMessages(backend: SimMailbox): Promise<SentMessage[]> {
  return json<SentMessage[]>(await fetch(route(backend, "sent"), { cache: "no-store" }), "sentMessages");
}

export async function mailboxItems(backend: SimMailbox, address: string): Promise<DeliveredItem[]> {
  return json<DeliveredItem[]>(await fetch(`${route(backend, "mailbox")}?address=${encodeURIComponent(address)}`, { cache: "no-store" }), "mailbox");
}

export async function failGraphNext(backend: SimMailbox, fault: GraphFault): Promise<void> {
  await json(await fetch(route(backend, "fail"), { method: "POST", body: JSON.stringify({ fault }) }), "failGraphNext");
}

export async function issueToken(backend: SimMailbox, request: { scope: string; user: string; audience: string; clientId: string }): Promise<{ access_token: string; expires_in: number }> {
  const body = { ...request, lifetimeSeconds: deliveryState(backend).tokenLifetimeSeconds };
  return json(await fetch(route(backend, "token"), { method: "POST", body: JSON.stringify(body) }), "token");
}
