/**
 * The OnMessageSend (Smart Alerts) handler. Its entry is handler.ts, bundled by scripts/build.mjs
 * into dist/app/launchevent.js; importing this module registers the handler with Office.
 */
export { onMessageSendHandler, COMPOSE_COMMAND_ID } from "./handler";
