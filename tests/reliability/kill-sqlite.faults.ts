/** The import process SIGKILLed mid-write, many times, on sqlite: see support/kill-suite.ts. */
import { killSuite } from "./support/kill-suite.ts";

killSuite("sqlite");
