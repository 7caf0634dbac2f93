/**
 * Measures of the panel as a user's eyes and assistive technology meet it:
 * axe-core's violations, the contrast of a control's text as painted, the
 * panel's size in DOM elements.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';

export const PANEL = '#jp-dask-clusters-sidebar';

export const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;

export type Impact = (typeof IMPACTS)[number];

/** axe-core's violations inside the panel, as "impact: rule (elements)" per impact. */
export async function axeViolations(
  page: Page
): Promise<Record<Impact, string[]>> {
  const result = await new AxeBuilder({ page }).include(PANEL).analyze();
  const found = Object.fromEntries(IMPACTS.map(i => [i, [] as string[]]));
  for (const violation of result.violations) {
    found[violation.impact ?? 'minor'].push(
      `${violation.id} (${violation.nodes.map(n => n.target.join(' ')).join(', ')})`
    );
  }
  return found as Record<Impact, string[]>;
}

/**
 * The contrast ratio of the element's text against what is painted behind
 * it: colours with alpha and the opacity of the element and its ancestors
 * are composited over the page's background, as the browser paints them.
 * With `outline`, that of its outline (a focus ring) against what is around
 * the element; 1 without an outline.
 */
export async function contrastOf(
  target: Locator,
  part: 'text' | 'outline' = 'text'
): Promise<number> {
  return await target.evaluate((element, part) => {
    type RGBA = [number, number, number, number];
    const parse = (css: string): RGBA => {
      const [r, g, b, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
      return [r, g, b, a];
    };
    const over = (top: RGBA, below: RGBA, alpha = top[3]): RGBA => [
      top[0] * alpha + below[0] * (1 - alpha),
      top[1] * alpha + below[1] * (1 - alpha),
      top[2] * alpha + below[2] * (1 - alpha),
      1
    ];
    // From the page down to the element: each one paints its background over
    // what is below, its children over that, and the whole at its opacity.
    const own = getComputedStyle(element);
    if (
      part === 'outline' &&
      (own.outlineStyle === 'none' || !parseFloat(own.outlineWidth))
    ) {
      return 1;
    }
    const chain: Element[] = [];
    for (
      let e = part === 'text' ? element : element.parentElement;
      e;
      e = e.parentElement
    ) {
      chain.unshift(e);
    }
    const text = parse(part === 'text' ? own.color : own.outlineColor);
    const paint = (i: number, below: RGBA, withText: boolean): RGBA => {
      const style = getComputedStyle(chain[i]);
      const layer = over(parse(style.backgroundColor), below);
      const inside =
        i + 1 < chain.length
          ? paint(i + 1, layer, withText)
          : withText
            ? over(text, layer)
            : layer;
      return over(inside, below, Number(style.opacity));
    };
    const white: RGBA = [255, 255, 255, 1];
    const painted = paint(0, white, true);
    const background = paint(0, white, false);
    const luminance = ([r, g, b]: RGBA) => {
      const [R, G, B] = [r, g, b].map(v => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    const [hi, lo] = [luminance(painted), luminance(background)].sort(
      (a, b) => b - a
    );
    return Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
  }, part);
}

/** The number of elements in the panel. */
export async function panelSize(page: Page): Promise<number> {
  return await page.locator(`${PANEL} *`).count();
}
