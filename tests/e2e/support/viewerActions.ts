/** What a user does in the viewer, done through the page (and cornerstone's own API where a test must be exact). */
import type { Page } from 'playwright-core';
import { waitForViewportsRendered } from './browser';

export async function openStudyInMode(page: Page, baseUrl: string, studyUid: string): Promise<number> {
  const t0 = Date.now();
  await page.goto(`${baseUrl}/pima-ipn?StudyInstanceUIDs=${studyUid}`);
  await waitForViewportsRendered(page);
  await page.getByTestId('pima-panel').waitFor({ timeout: 30_000 });
  return Date.now() - t0;
}

/** Scrolls the first viewport to the image with this SOP Instance UID; returns its index. */
export async function scrollToSop(page: Page, sopInstanceUID: string): Promise<number> {
  const index = await page.evaluate(async sop => {
    const cs = (window as any).cornerstone;
    const vp = cs.getRenderingEngines()[0].getViewports()[0];
    const ids: string[] = vp.getImageIds();
    const i = ids.findIndex(id => cs.metaData.get('sopCommonModule', id)?.sopInstanceUID === sop);
    if (i >= 0) await vp.setImageIdIndex(i);
    return i;
  }, sopInstanceUID);
  if (index < 0) throw new Error(`SOP ${sopInstanceUID} is not in the displayed series`);
  await waitForViewportsRendered(page);
  return index;
}

export async function scrollToIndex(page: Page, index: number): Promise<void> {
  await page.evaluate(async i => {
    const vp = (window as any).cornerstone.getRenderingEngines()[0].getViewports()[0];
    await vp.setImageIdIndex(i);
  }, index);
  await waitForViewportsRendered(page);
}

export async function currentImageId(page: Page): Promise<string> {
  return page.evaluate(() => (window as any).cornerstone.getRenderingEngines()[0].getViewports()[0].getCurrentImageId());
}

/** Adds a RectangleROI (image pixel corners) on the displayed slice through our command. */
export async function drawRoi(page: Page, roi: { x0: number; y0: number; x1: number; y1: number }): Promise<string> {
  return page.evaluate(r => (window as any).commandsManager.runCommand('pimaAddRoi', { roi: r }), roi);
}

export async function heatmapNodes(page: Page): Promise<Array<{ kind: string; imageId: string | null; opacity: string | null }>> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.svg-layer [data-pima-heatmap]')].map(n => ({
      kind: n.getAttribute('data-pima-heatmap') ?? '',
      imageId: n.getAttribute('data-image-id'),
      opacity: n.getAttribute('opacity'),
    }))
  );
}

/** Canvas rectangle (CSS px, page coordinates) of an image-pixel box on the first viewport, as cornerstone maps it. */
export async function imageBoxOnPage(page: Page, box: { x0: number; y0: number; x1: number; y1: number }): Promise<{ cx: number; cy: number; w: number; h: number }> {
  return page.evaluate(b => {
    const cs = (window as any).cornerstone;
    const vp = cs.getRenderingEngines()[0].getViewports()[0];
    const imageId = vp.getCurrentImageId();
    // No named helper functions in here: tsx's keepNames would wrap them in __name(), absent in the page.
    const [a, c] = [[b.x0, b.y0], [b.x1, b.y1]].map((p) => vp.worldToCanvas(cs.utilities.imageToWorldCoords(imageId, p)));
    const r = (vp.canvas as HTMLCanvasElement).getBoundingClientRect();
    return { cx: r.left + (a[0] + c[0]) / 2, cy: r.top + (a[1] + c[1]) / 2, w: Math.abs(c[0] - a[0]), h: Math.abs(c[1] - a[1]) };
  }, box);
}

/** Page rectangle of the drawn heat-map fill, and the size of its image data. */
export async function heatmapFillOnPage(page: Page): Promise<{ cx: number; cy: number; w: number; h: number; hrefLength: number } | null> {
  return page.evaluate(() => {
    const n = document.querySelector('.svg-layer [data-pima-heatmap="fill"]') as SVGGraphicsElement | null;
    if (!n) return null;
    const r = n.getBoundingClientRect();
    const href = n.getAttribute('href') ?? n.getAttribute('xlink:href') ?? '';
    return { cx: r.left + r.width / 2, cy: r.top + r.height / 2, w: r.width, h: r.height, hrefLength: href.startsWith('data:image/png') ? href.length : 0 };
  });
}
