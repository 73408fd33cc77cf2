export declare function rewriteManifestOrigin(xml: string, from: string, to: string): string;
