/** The compose pane's layout styles, shared by the pane and its sub-views. */
import { makeStyles, tokens } from "@fluentui/react-components";

export const useComposeStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "12px", padding: "16px", maxWidth: "560px" },
  section: { display: "flex", flexDirection: "column", gap: "6px" },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "10px" },
  recipient: { display: "flex", flexDirection: "column", gap: "4px", paddingBottom: "8px", borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  row: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center" },
  address: { wordBreak: "break-all" },
  actions: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center" },
  hidden: { display: "none" },
});
