// The command registry, in the order `aksguard --help` lists them.
import type { CommandRegistration } from '../main.js';
import { registerAudit } from './audit.js';
import { registerNetpol } from './netpol.js';
import { registerPlan } from './plan.js';
import { registerReport } from './report.js';
import { registerRules } from './rules.js';
import { registerScan } from './scan.js';

export const COMMANDS: readonly CommandRegistration[] = [
  registerScan,
  registerPlan,
  registerAudit,
  registerRules,
  registerNetpol,
  registerReport,
];
