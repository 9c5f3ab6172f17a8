import type { Linter } from 'eslint';

export declare function boundaryRules(): Linter.Config[];
