export declare const DEFAULT_TEST_DATABASE_URL: string;
export declare function testDatabaseUrl(env: NodeJS.ProcessEnv): string;
