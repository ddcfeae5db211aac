/**
 * `.env` support with Node's own parser (`process.loadEnvFile`), as dotenv did it: the file
 * is optional, it may set any subset of the variables, and a variable already set in the
 * environment wins over the file.
 */

/** Loads `file` (default `.env` in the working directory) into `process.env`, if it exists. */
export function loadEnvFile(file = '.env'): void {
  try {
    process.loadEnvFile(file)
  } catch (err) {
    // No file is the normal case; anything else (unreadable, a directory) is worth a stop.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
}
