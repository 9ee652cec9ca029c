export interface CacheLogger {
  warn(msg: string, meta?: object): void;
  info(msg: string, meta?: object): void;
}
