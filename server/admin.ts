import { runAdminCli } from './admin/admin-cli';

/** `npm run server:admin -- <command>`: see ADMIN_USAGE in admin/admin-cli.ts. */
runAdminCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  out: (text) => process.stdout.write(text + '\n'),
  now: Date.now,
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
