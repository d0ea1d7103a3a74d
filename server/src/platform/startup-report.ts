/**
 * What the server says on the terminal while it starts: readable progress lines (the first
 * start migrates and seeds for about 40 s), then one block with the addresses and accounts.
 * Written as plain text, apart from the JSON logs, which are for log collectors.
 */
export interface StartupReport {
  /** A line of progress, stamped with the seconds since the start. */
  step(text: string): void;
  /** The closing block, framed so it stands out. */
  block(lines: string[]): void;
}

export function startupReport(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  started = performance.now(),
): StartupReport {
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1).padStart(5);
  return {
    step: (text) => write(`[${seconds()} s] ${text}`),
    block: (lines) => {
      const rule = '─'.repeat(64);
      write(['', rule, ...lines.map((line) => `  ${line}`), rule, ''].join('\n'));
    },
  };
}
