// Jest ignores `testTimeout` inside a project's configuration (jest#9881): each group sets its own here.
// Unit and security tests: test PKIs are made with the openssl binary in beforeAll (RSA keygen takes seconds).
import { jest } from "@jest/globals";

jest.setTimeout(60_000);
