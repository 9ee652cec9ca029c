/**
 * The main process's own words (OS notifications, the Help menu, its dialogs), in the languages
 * the page speaks; the page's words live in renderer/src/i18n.
 */
import type { LanguageSetting } from '../../shared/settings/settings';

export type MainLanguage = 'en' | 'zh-CN';

/** The saved language, or the OS's for `system`: any Chinese locale gets Simplified Chinese. */
export function mainLanguage(setting: LanguageSetting, systemLocale: string): MainLanguage {
  if (setting !== 'system') return setting;
  return systemLocale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export interface MainWords {
  readonly orderApproved: (orderId: string) => string;
  readonly help: string;
  readonly openLogsFolder: string;
  readonly copyDiagnostics: string;
  readonly diagnosticsCopied: string;
  readonly failedTitle: string;
  readonly failedBody: (message: string) => string;
  readonly updateReadyTitle: string;
  readonly updateReadyBody: (version: string) => string;
  readonly updateReadyDetail: string;
  readonly restartNow: string;
  readonly later: string;
}

const WORDS: Record<MainLanguage, MainWords> = {
  en: {
    orderApproved: (orderId: string) => `Order ${orderId} approved — ready to pay`,
    help: 'Help',
    openLogsFolder: 'Open Logs Folder',
    copyDiagnostics: 'Copy Diagnostics',
    diagnosticsCopied: 'Diagnostics copied to the clipboard (no token, no card data).',
    failedTitle: 'Settle ran into an error',
    failedBody: (message: string) => `${message}\n\nIt was written to Settle’s log (Help → Open Logs Folder). If it happens again, send the log with Help → Copy Diagnostics to support.`,
    updateReadyTitle: 'An update is ready',
    updateReadyBody: (version: string) => `Settle ${version} has been downloaded. Restart now to use it?`,
    updateReadyDetail: 'Settle never restarts during a payment. Later installs it when you quit Settle.',
    restartNow: 'Restart now',
    later: 'Later',
  },
  'zh-CN': {
    orderApproved: (orderId: string) => `订单 ${orderId} 已审核通过，可以支付`,
    help: '帮助',
    openLogsFolder: '打开日志文件夹',
    copyDiagnostics: '复制诊断信息',
    diagnosticsCopied: '诊断信息已复制到剪贴板（不含令牌和卡信息）。',
    failedTitle: 'Settle 出错了',
    failedBody: (message: string) => `${message}\n\n已写入 Settle 的日志（帮助 → 打开日志文件夹）。如果再次出现，请通过“帮助 → 复制诊断信息”将日志发送给技术支持。`,
    updateReadyTitle: '更新已就绪',
    updateReadyBody: (version: string) => `Settle ${version} 已下载。现在重启以使用新版本吗？`,
    updateReadyDetail: 'Settle 不会在支付过程中重启。选择“稍后”将在退出 Settle 时安装。',
    restartNow: '立即重启',
    later: '稍后',
  },
};

export function mainWords(language: MainLanguage): MainWords {
  return WORDS[language];
}
