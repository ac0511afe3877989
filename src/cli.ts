#!/usr/bin/env node
/** The `ehcp-audit` executable. */
import { main } from './main.js';

process.exitCode = await main(process.argv);
