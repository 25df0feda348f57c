/** Public surface of the statistics library (pure TypeScript, no DOM). */
export * from './auc';
export * from './special';
export * from './proportion';
export * from './prng';
export * from './delong';
export * from './roc';
export * from './bootstrap';
export * from './confusion';
export * from './youden';
export * from './calibration';
export * from './decisionCurve';
