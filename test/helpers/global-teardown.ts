/** Jest globalTeardown of the `browser` group: remove the shared development build made by globalSetup. */
import { rmSync } from "node:fs";

export default async function globalTeardown(): Promise<void> {
  const dir = process.env.SPM_TEST_BUILD;
  if (dir && process.env.SPM_TEST_BUILD_OWNED === "1") rmSync(dir, { recursive: true, force: true });
}
