import { APIRequestContext, expect } from '@playwright/test';

/** An empty notebook `name` on the server, for kernel `kernel` (the plain-Playwright suites). */
export async function createNotebook(
  request: APIRequestContext,
  name: string,
  kernel: string,
  displayName = kernel
): Promise<void> {
  const created = await request.put(`/api/contents/${name}`, {
    data: {
      type: 'notebook',
      format: 'json',
      content: {
        cells: [],
        metadata: {
          kernelspec: {
            name: kernel,
            display_name: displayName,
            language: 'python'
          }
        },
        nbformat: 4,
        nbformat_minor: 5
      }
    }
  });
  expect(created.ok()).toBe(true);
}
