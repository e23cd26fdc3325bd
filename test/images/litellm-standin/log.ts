/** json_logs: one JSON object per line, as LiteLLM writes with litellm_settings.json_logs. */
export function log(level: 'INFO' | 'ERROR' | 'WARNING', message: string): void {
  process.stdout.write(`${JSON.stringify({ message, level, timestamp: new Date().toISOString() })}\n`);
}
