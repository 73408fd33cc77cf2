/** Screen-reader announcements for status changes: one polite live region per pane. */
import { useCallback, useState, type ReactNode } from "react";

export function useAnnouncer(): { announce: (text: string) => void; region: ReactNode } {
  const [text, setText] = useState("");
  const announce = useCallback((next: string) => {
    // Clear first so the same sentence twice is still announced.
    setText("");
    setTimeout(() => setText(next), 50);
  }, []);
  const region = (
    <div aria-live="polite" role="status" style={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}>
      {text}
    </div>
  );
  return { announce, region };
}
