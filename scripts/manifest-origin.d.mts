export declare function rewriteManifestOrigin(xml: string, from: string, to: string): string;
export declare function officeAddinsAllowed(manifestXml: string): string;
