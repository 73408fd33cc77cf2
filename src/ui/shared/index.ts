/** Shared UI building blocks for the panes. */
export { bootPane } from "./boot";
export { PaneProvider, createServicesContext, type PaneEnvironment } from "./provider";
export { useLanguage, useStrings, format, formatDate, formatSize, LanguageContext, type Resources, type TranslateFn } from "./i18n";
export { errorText, errorCode } from "./errors";
export { useAnnouncer } from "./announce";
export { loadOrganisationPolicy, loadOrganisationAnchors } from "./config";
