/**
 * Reply, Reply all and Forward on a decrypted message: Outlook's own forms with the decrypted text quoted
 * (reply-quote.ts), the decrypted files added to a reply where Outlook allows it (Mailbox 1.15; never to a
 * forward, whose new-message form takes no file content), and the conversation recorded as encrypted so
 * the compose pane opens the reply with Encrypt on and the send guard requires encryption.
 */
import { Button, Checkbox, MessageBar, MessageBarBody, Text } from "@fluentui/react-components";
import { useEffect, useState, type ReactNode } from "react";
import { toBase64 } from "../../core/bytes";
import { safeFileName } from "../../core/mime";
import type { EncryptedConversationsPort, FormAttachment, ReplyPort } from "../../host";
import { errorText, format, useLanguage, useStrings } from "../shared";
import type { AttachmentView } from "./content";
import type { Opened } from "./open-flow";
import { buildQuote, type QuoteKind } from "./reply-quote";
import { replyStrings } from "./reply-strings";

export interface ReplyContext {
  /** The From, To and subject Outlook shows (used where the protected headers do not say). */
  fromShown?: string;
  toShown: string[];
  subjectShown: string;
}

type Outcome = { phase: "idle" } | { phase: "busy" } | { phase: "opened"; kind: QuoteKind; truncated?: { quoted: number; total: number }; leftOut: string[] } | { phase: "error"; error: unknown };

/** Attachments small enough for the platform, as base64, and the names of those left out. */
export function formAttachments(list: AttachmentView[], maxBase64Chars: number): { attachments: FormAttachment[]; leftOut: string[] } {
  const attachments: FormAttachment[] = [];
  const leftOut: string[] = [];
  for (const a of list) {
    // Attacker-chosen names: Outlook's form gets the safe save name, the pane shows the cleaned one.
    const name = safeFileName(a.name);
    if (Math.ceil(a.size / 3) * 4 > maxBase64Chars) leftOut.push(name.display);
    else attachments.push({ name: name.saveAs, base64: toBase64(a.bytes()) });
  }
  return { attachments, leftOut };
}

export function ReplyActions(props: { opened: Opened; context: ReplyContext; reply: ReplyPort; conversations?: EncryptedConversationsPort }): ReactNode {
  const t = useStrings(replyStrings);
  const language = useLanguage();
  const { opened, context, reply, conversations } = props;
  const [outcome, setOutcome] = useState<Outcome>({ phase: "idle" });
  const [withFiles, setWithFiles] = useState(false);
  const [registryError, setRegistryError] = useState<unknown>();
  const capabilities = reply.capabilities();
  const files = opened.display.attachments;

  const remember = async () => {
    const id = reply.conversationId();
    if (!id || !conversations) return;
    try {
      await conversations.record(id);
      setRegistryError(undefined);
    } catch (e) {
      setRegistryError(e);
    }
  };

  useEffect(() => {
    // Opening encrypted mail marks its conversation, so even Outlook's own Reply button leads to an encrypted answer.
    void remember();
  }, [opened]);

  const open = async (kind: QuoteKind) => {
    setOutcome({ phase: "busy" });
    try {
      const headers = opened.display.protectedHeaders;
      const quote = buildQuote({
        kind,
        language,
        from: headers?.from.join(", ") || context.fromShown,
        ...(headers?.date ? { date: headers.date } : {}),
        to: context.toShown,
        subject: headers?.subject ?? context.subjectShown,
        body: opened.display.body,
      });
      let leftOut: string[] = [];
      if (kind === "forward") {
        await reply.openNewMessage({ subject: format(replyStrings[language].forwardSubject, { subject: headers?.subject ?? context.subjectShown }), htmlBody: quote.html });
      } else {
        const picked = withFiles && capabilities.replyAttachments ? formAttachments(files, capabilities.attachmentMaxBase64Chars) : { attachments: [], leftOut: [] };
        leftOut = picked.leftOut;
        await remember();
        await reply.openReply(kind, quote.html, picked.attachments);
      }
      setOutcome({ phase: "opened", kind, leftOut, ...(quote.truncated ? { truncated: { quoted: quote.quotedChars, total: quote.totalChars } } : {}) });
    } catch (e) {
      setOutcome({ phase: "error", error: e });
    }
  };

  if (capabilities.unavailable) {
    return (
      <Text as="p" size={200} data-testid="reply-unavailable">
        {t(capabilities.unavailable === "mobile" ? "unavailableMobile" : "unavailableRequirementSet")}
      </Text>
    );
  }
  const busy = outcome.phase === "busy";
  return (
    <section aria-label={t("replyHeading")} data-testid="reply-actions" style={{ display: "flex", flexDirection: "column", gap: 6 }}>
      <div style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>
        {capabilities.reply && (
          <>
            <Button disabled={busy} onClick={() => void open("reply")}>
              {t("reply")}
            </Button>
            <Button disabled={busy} onClick={() => void open("replyAll")}>
              {t("replyAll")}
            </Button>
          </>
        )}
        {capabilities.forward && (
          <Button disabled={busy} onClick={() => void open("forward")}>
            {t("forward")}
          </Button>
        )}
      </div>
      {files.length > 0 && capabilities.reply && capabilities.replyAttachments && (
        <Checkbox checked={withFiles} onChange={(_, d) => setWithFiles(d.checked === true)} label={t("includeAttachments", { count: files.length })} data-testid="reply-with-files" />
      )}
      {files.length > 0 && capabilities.reply && !capabilities.replyAttachments && <Text size={200}>{t("noAttachmentsBefore115")}</Text>}
      {files.length > 0 && capabilities.forward && <Text size={200}>{t("forwardNoAttachments")}</Text>}
      {registryError !== undefined && (
        <MessageBar intent="warning" data-testid="reply-registry-failed">
          <MessageBarBody>{t("registryFailed")}</MessageBarBody>
        </MessageBar>
      )}
      {outcome.phase === "opened" && (
        <MessageBar intent="info" layout="multiline" data-testid="reply-opened" data-kind={outcome.kind}>
          <MessageBarBody>
            {t(outcome.kind === "forward" ? "openedForward" : "opened")} {t("draftsWarning")}
            {outcome.truncated && <> {t("truncatedNote", outcome.truncated)}</>}
            {outcome.leftOut.length > 0 && <> {t("attachmentsTooLarge", { names: outcome.leftOut.join(", ") })}</>}
          </MessageBarBody>
        </MessageBar>
      )}
      {outcome.phase === "error" && (
        <MessageBar intent="error" data-testid="reply-error">
          <MessageBarBody>{errorText(outcome.error, language)}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
