// Jest ignores `testTimeout` inside a project's configuration (jest#9881): each group sets its own here.
// Interop and browser tests drive Chromium, OpenSSL and NSS on 2 cores: generous, but finite.
import { jest } from "@jest/globals";

jest.setTimeout(120_000);
