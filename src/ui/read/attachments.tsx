/** Decrypted attachments: name, type, size and a Save button (a Blob download; nothing goes back to the mailbox). */
import { Button, Text } from "@fluentui/react-components";
import { useId, type ReactNode } from "react";
import { formatSize, useLanguage, useStrings } from "../shared";
import type { AttachmentView } from "./content";
import { strings } from "./strings";

/** A file name safe to offer for download: no path parts, no control characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "_").replace(/^\.+/, "").trim();
  return clean.slice(0, 200) || "attachment";
}

export function saveBytes(name: string, bytes: Uint8Array): void {
  // application/octet-stream: the browser saves it and never renders it (an HTML attachment must not run here).
  const blob = new Blob([bytes as BlobPart], { type: "application/octet-stream" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = safeFileName(name);
  a.rel = "noopener";
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function AttachmentList(props: { attachments: AttachmentView[] }): ReactNode {
  const t = useStrings(strings);
  const language = useLanguage();
  const headingId = `spm-attachments-${useId().replace(/:/g, "")}`;
  if (props.attachments.length === 0) return null;
  return (
    <section aria-labelledby={headingId} style={{ marginTop: 12 }}>
      <h2 id={headingId} style={{ fontSize: 14, margin: "8px 0" }}>
        {t("attachmentsHeading")}
      </h2>
      <ul style={{ listStyle: "none", padding: 0, margin: 0 }} data-testid="attachments">
        {props.attachments.map((a, i) => (
          <li key={i} style={{ display: "flex", alignItems: "center", gap: 8, padding: "4px 0" }} data-name={a.name}>
            <div style={{ flex: 1, minWidth: 0 }}>
              <Text weight="semibold" style={{ overflowWrap: "anywhere" }}>
                {a.name}
              </Text>
              <br />
              <Text size={200}>{t("attachmentRow", { type: a.mediaType, size: formatSize(a.size, language) })}</Text>
            </div>
            <Button size="small" onClick={() => saveBytes(a.name, a.bytes())}>
              {t("saveAttachment", { name: a.name })}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
