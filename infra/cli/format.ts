import type { CallbackUrl } from './context';

/** Step 5 of the admin guide names the console page; say exactly where the values go. */
export const CONSOLE_PAGE = 'WeCom admin console → 应用管理 → (your app) → 接收消息 → 接收消息服务器配置 (设置API接收)';

/** The three values the console asks for, aligned so they can be copied one by one. */
export function consoleValueLines(callback: CallbackUrl, token: string, encodingAesKey: string): string[] {
  return [
    `  URL             ${callback.url}${callback.placeholder ? '   ← placeholder, see the warning' : ''}`,
    `  Token           ${token}`,
    `  EncodingAESKey  ${encodingAesKey}`,
  ];
}

/** `2h 5m` — precise enough to tell an admin how long an old pair still works. */
export function formatDuration(milliseconds: number): string {
  const totalMinutes = Math.max(0, Math.round(milliseconds / 60_000));
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  return [days ? `${days}d` : '', days || hours ? `${hours}h` : '', `${minutes}m`].filter(Boolean).join(' ');
}
