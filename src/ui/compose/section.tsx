/** A titled part of the compose pane: a section named by its h2, so screen readers list the pane's parts by title. */
import { Subtitle2 } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { useComposeStyles } from "./styles";

export function PaneSection(props: { id: string; title: string; children: ReactNode }): ReactNode {
  const styles = useComposeStyles();
  return (
    <section className={styles.section} aria-labelledby={props.id}>
      <Subtitle2 as="h2" id={props.id}>
        {props.title}
      </Subtitle2>
      {props.children}
    </section>
  );
}
