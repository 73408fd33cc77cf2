/**
 * The Outlook event handlers. The entry is handler.ts, bundled by webpack.config.js's `event` configuration
 * into launchevent.js (ES2016); importing it registers both handlers with Office. The web runtime's
 * decryption module is ./web (its own ES2022 bundle, loaded by launchevent.html).
 */
export { onMessageSendHandler, COMPOSE_COMMAND_ID } from "./handler";
export { onMessageDecryptHandler } from "./decrypt-gate";
export { REFUSAL_TEXT, NEUTRAL_LINE, DECRYPT_HOOK, type DecryptRefusal, type DecryptEvent, type DecryptHook } from "./decrypt-texts";
