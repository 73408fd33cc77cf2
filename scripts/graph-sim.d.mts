import type { IncomingMessage, ServerResponse } from "node:http";

export declare const SIM_CLIENT_ID: string;
export declare const GRAPH_MAX_BODY_BYTES: number;
export declare function parseHeaderSection(text: string): { fields: Map<string, string[]>; bodyStart: number } | null;
export declare function addresses(values?: string[]): string[];
export declare function itemClassOf(contentType?: string): string;
export declare function createGraphSimulator(): { handle(req: IncomingMessage, res: ServerResponse, origin: string): boolean };
export declare function simulatorPolicy(text: string, origin: string): string;
export declare function fromSimulatedPage(req: IncomingMessage): boolean;
