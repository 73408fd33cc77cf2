/** Loaded on demand (dynamic import): the bundled Mozilla e-mail roots are large and not needed to draw the pane. */
export { loadBundledAnchors } from "../../core/pki/anchors";
