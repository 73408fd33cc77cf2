/**
 * Decrypted attachments: name, real extension, type, size and a Save button (a Blob download; nothing goes
 * back to the mailbox). Names are attacker text: shown and saved through core's safeFileName (bidi and
 * zero-width characters removed, the real extension shown on its own, a save name without paths).
 */
import { Badge, Button, Text } from "@fluentui/react-components";
import { useId, type ReactNode } from "react";
import { safeFileName } from "../../core/mime";
import { formatSize, useLanguage, useStrings } from "../shared";
import type { AttachmentView } from "./content";
import { strings } from "./strings";

export function saveBytes(name: string, bytes: Uint8Array): void {
  // application/octet-stream: the browser saves it and never renders it (an HTML attachment must not run here).
  const blob = new Blob([bytes as BlobPart], { type: "application/octet-stream" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = safeFileName(name).saveAs;
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
        {props.attachments.map((a, i) => {
          const name = safeFileName(a.name);
          return (
            <li key={i} style={{ display: "flex", alignItems: "center", gap: 8, padding: "4px 0" }} data-name={name.display} data-extension={name.extension}>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Text weight="semibold" style={{ overflowWrap: "anywhere" }}>
                  {name.display}
                </Text>{" "}
                <Badge appearance="outline" color={name.extension ? "informative" : "subtle"} data-testid="attachment-extension">
                  {name.extension ? t("fileType", { extension: name.extension.toUpperCase() }) : t("noExtension")}
                </Badge>
                <br />
                <Text size={200}>{t("attachmentRow", { type: a.mediaType, size: formatSize(a.size, language) })}</Text>
                {name.changed && (
                  <>
                    <br />
                    <Text size={200} weight="semibold" data-testid="attachment-name-changed">
                      {t("nameChanged")}
                    </Text>
                  </>
                )}
              </div>
              <Button size="small" onClick={() => saveBytes(a.name, a.bytes())}>
                {t("saveAttachment", { name: name.display })}
              </Button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
