import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The import boundaries of architecture.md are lint errors; this proves each rule really fires on
 * a forbidden import (and stays quiet on an allowed one), so a typo in the config can't turn it off.
 */
const eslint = new ESLint();

async function restrictedImports(file: string, source: string): Promise<number> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
}

describe('import boundaries', () => {
  it.each([
    ['shared/x.ts', "import { readFileSync } from 'node:fs';"],
    ['shared/x.ts', "import { Cache } from '../main/cache/cache';"],
    ['shared/x.ts', "import React from 'react';"],
    ['renderer/src/x.ts', "import { Cache } from '../../main/cache/cache';"],
    ['renderer/src/x.ts', "import { startSandbox } from '../../sandbox/server';"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';"],
    ['renderer/src/x.ts', "import { readFileSync } from 'node:fs';"],
    ['main/sync/x.ts', "import { app } from 'electron';"],
    ['main/cache/x.ts', "import { startSandbox } from '../../sandbox/server';"],
    ['main/ipc/x.ts', "import { App } from '../../renderer/src/App';"],
    ['sandbox/x.ts', "import { Cache } from '../main/cache/cache';"],
    ['sandbox/x.ts', "import axios from 'axios';"],
    ['preload/x.ts', "import { z } from 'zod';"],
    ['preload/x.ts', "import { readFileSync } from 'node:fs';"],
    ['main/electron/x.ts', "import { App } from '../../renderer/src/App';"],
  ])('%s may not: %s', async (file, source) => {
    expect(await restrictedImports(file, `${source}\nexport {};\n`)).toBe(1);
  });

  it.each([
    ['main/electron/x.ts', "import { app } from 'electron';"],
    ['main/app/demo-sandbox.ts', "import { startSandbox } from '../../sandbox/server';"],
    ['renderer/src/x.ts', "import { formatMoney } from '../../shared/money';"],
    ['sandbox/x.ts', "import { Order } from '../shared/billing-api/schemas';"],
    ['preload/x.ts', "import { contextBridge } from 'electron';"],
  ])('%s may: %s', async (file, source) => {
    expect(await restrictedImports(file, `${source}\nexport {};\n`)).toBe(0);
  });
});
