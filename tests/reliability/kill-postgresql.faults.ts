/** The import process SIGKILLed mid-write, many times, on postgresql: see support/kill-suite.ts. */
import { killSuite } from "./support/kill-suite.ts";

killSuite("postgresql");
