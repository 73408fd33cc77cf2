import type { Stats, MultiStats } from "webpack";
export declare function runWebpack(env?: Record<string, unknown>): Promise<Stats | MultiStats>;
