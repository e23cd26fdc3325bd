/**
 * postgres-mcp v0.3.0's extension and version checks (sql/extension_utils.py), with their texts: the
 * server version from `SHOW server_version` (cached for the process), whether an extension is installed
 * or available, and the HypoPG status message that explain_query and the index tools answer with.
 */
import { executeParamQuery, type Driver } from './drivers.js';

let cachedVersion: number | undefined;

export async function postgresVersion(driver: Driver): Promise<number> {
  if (cachedVersion !== undefined) return cachedVersion;
  try {
    const rows = await driver.executeQuery('SHOW server_version');
    const text = rows?.[0]?.get('server_version');
    if (typeof text !== 'string') return 0;
    const major = text.split('.')[0]!;
    if (!/^\s*[+-]?\d+\s*$/.test(major)) throw new Error(`invalid literal for int() with base 10: '${major}'`);
    cachedVersion = Number(major);
    return cachedVersion;
  } catch {
    throw new Error('Error determining PostgreSQL version');
  }
}

export interface ExtensionStatus {
  installed: boolean;
  available: boolean;
  version: string | null;
}

export async function checkExtension(driver: Driver, name: string): Promise<ExtensionStatus> {
  const installed = await executeParamQuery(driver, 'SELECT extversion FROM pg_extension WHERE extname = {}', [name]);
  if (installed && installed.length > 0) return { installed: true, available: true, version: String(installed[0]!.get('extversion')) };
  const available = await executeParamQuery(driver, 'SELECT default_version FROM pg_available_extensions WHERE name = {}', [name]);
  if (available && available.length > 0) return { installed: false, available: true, version: (available[0]!.get('default_version') as string | null) ?? null };
  return { installed: false, available: false, version: null };
}

/** check_hypopg_installation_status(message_type="markdown"): [installed, message]. */
export async function hypopgStatus(driver: Driver): Promise<[boolean, string]> {
  const status = await checkExtension(driver, 'hypopg');
  if (status.installed) return [true, 'The **hypopg** extension is already installed.'];
  if (status.available) {
    return [
      false,
      "The **hypopg** extension is required to test hypothetical indexes, but it is not currently installed.\n\n" +
        "You can ask me to install 'hypopg' using the 'execute_query' tool.\n\n" +
        "**Is it safe?** Installing 'hypopg' is generally safe and a standard practice for index testing. " +
        'It adds a virtual layer that simulates indexes without actually creating them in the database. ' +
        'It requires database privileges (often superuser) to install.\n\n' +
        '**What does it do?** It allows you to create virtual indexes and test how they would affect query performance ' +
        'without the overhead of actually creating the indexes.\n\n' +
        "**How to undo?** If you later decide to remove it, you can ask me to run 'DROP EXTENSION hypopg;'.",
    ];
  }
  const version = await postgresVersion(driver);
  const major = version > 0 ? String(version) : 'XX';
  return [
    false,
    'The **hypopg** extension is not available on this PostgreSQL server.\n\n' +
      'To install HypoPG:\n' +
      `1. For Debian/Ubuntu: \`sudo apt-get install postgresql-${major}-hypopg\`\n` +
      `2. For RHEL/CentOS: \`sudo yum install postgresql${major}-hypopg\`\n` +
      '3. For MacOS with Homebrew: `brew install hypopg`\n' +
      '4. For other systems, build from source: `git clone https://github.com/HypoPG/hypopg`\n\n' +
      'After installing the extension packages, connect to your database and run: `CREATE EXTENSION hypopg;`',
  ];
}
