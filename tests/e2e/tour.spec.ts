import { expect, test, useSmallModels } from './fixtures';
import type { Locator, Page } from '@playwright/test';

/**
 * The guided tour: every chapter reached by role and name, its action done
 * as a person would, its live figure read (finite numbers, and the claim
 * holding where the chapter states one); the first five in Korean; a deep
 * link into chapter 5; leaving keeps what the person changed.
 */

const tour = (page: Page) => page.getByRole('complementary', { name: /^(Guided tour|안내 투어)$/ });

/** The numbers in the live figure's table (dashes and words dropped). */
async function figureNumbers(page: Page): Promise<number[]> {
  const cells = await tour(page).getByRole('table').getByRole('cell').allInnerTexts();
  return cells.flatMap((c) =>
    (c.replace(/−/g, '-').match(/-?\d[\d,]*\.?\d*(e[+-]?\d+)?/g) ?? []).map((s) => Number(s.replace(/,/g, ''))),
  );
}

async function expectFiniteFigure(page: Page): Promise<void> {
  await expect.poll(async () => (await figureNumbers(page)).length, { timeout: 120_000 }).toBeGreaterThan(0);
  for (const n of await figureNumbers(page)) expect(Number.isFinite(n)).toBe(true);
}

/** The chapter's claim, once measured: 'true' or 'false' (what data-holds says). */
function claim(page: Page): Locator {
  return tour(page).getByRole('status', { name: /^(Claim|주장)$/ });
}

async function expectClaimHolds(page: Page, timeout = 120_000): Promise<void> {
  await expect(claim(page)).toHaveAttribute('data-holds', 'true', { timeout });
}

async function expectChapter(page: Page, n: number, title: RegExp | string): Promise<void> {
  const heading = tour(page).getByRole('heading', { level: 2 });
  await expect(heading).toHaveText(typeof title === 'string' ? `${n}. ${title}` : title);
  // Focus moved to the chapter's heading.
  await expect(heading).toBeFocused();
  await expect(tour(page).getByText(new RegExp(`^(Chapter ${n} of 14|14장 중 ${n}장)`))).toBeVisible();
  // The chapter's set-up (models loaded, panels set) has finished: acting before it ends acts on the panels as
  // they were (the chapter and its "Setting up" status appear in the same render, so this cannot pass early).
  await expect(
    tour(page)
      .getByRole('status')
      .filter({ hasText: /^(Setting up the panels…|패널을 준비하는 중…)$/ }),
  ).toHaveCount(0, {
    timeout: 60_000,
  });
}

async function next(page: Page): Promise<void> {
  await tour(page)
    .getByRole('button', { name: /^(Next|다음)$/ })
    .click();
}

async function clickMap(page: Page, label: string, fx: number, fy: number): Promise<void> {
  const map = page.getByRole('application', { name: `Latent map (${label})` });
  const box = (await map.boundingBox())!;
  await map.click({ position: { x: box.width * fx, y: box.height * fy } });
}

test('the tour walks every chapter: each action done, each live figure finite and its claim measured', async ({
  page,
}) => {
  test.setTimeout(900_000);
  await page.goto('/');
  await expect(page.getByText(/^Reconstruction [\d.]+.*nats per test image/).first()).toBeVisible();
  await page.getByRole('button', { name: 'Guided tour' }).click();

  await expectChapter(page, 1, 'An autoencoder squeezes a digit into two numbers');
  await clickMap(page, 'AE', 0.3, 0.4);
  await expect(tour(page).getByRole('row', { name: /^The code you clicked z = \(/ })).toBeVisible();
  await expectFiniteFigure(page);
  await expectClaimHolds(page);

  await next(page);
  await expectChapter(page, 2, 'The AE’s latent space has holes, is lopsided and unbounded');
  await clickMap(page, 'AE', 0.9, 0.1);
  await expectFiniteFigure(page);
  await expectClaimHolds(page);

  await next(page);
  await expectChapter(page, 3, 'The VAE maps each digit to a region');
  await page.getByRole('combobox', { name: 'Radius' }).selectOption('2');
  await expectFiniteFigure(page);
  await expectClaimHolds(page);

  await next(page);
  await expectChapter(page, 4, 'Why diagonal: what it ignores, and why a full covariance is rarely used');
  await expect(page.getByLabel('Lab test digit')).toHaveValue('1476');
  await page.getByRole('button', { name: 'Run the lab' }).click();
  await expectClaimHolds(page);
  await expectFiniteFigure(page);

  await next(page);
  await expectChapter(page, 5, 'The reparameterisation trick');
  await page.getByLabel('Freeze ε').check();
  await page.getByRole('button', { name: 'Compare the gradients' }).click();
  await expectClaimHolds(page);
  await expectFiniteFigure(page);

  await next(page);
  await expectChapter(page, 6, 'The KL term as a regulariser');
  // The train-test gap is measured for each model shown (the claim is reported whichever way it goes).
  await expect(
    tour(page)
      .getByRole('row', { name: /reconstruction on 10,000 training digits.*-?\d/ })
      .first(),
  ).toBeVisible({
    timeout: 120_000,
  });
  await expect(claim(page)).toHaveAttribute('data-holds', /^(true|false)$/, { timeout: 120_000 });
  await expectFiniteFigure(page);

  await next(page);
  await expectChapter(page, 7, 'Sampling and interpolating');
  await page.getByRole('button', { name: 'Sample from the prior', exact: true }).click();
  await expectFiniteFigure(page);
  await expectClaimHolds(page);

  await next(page);
  await expectChapter(page, 8, 'Why p(x) is hard');
  await page.getByRole('button', { name: 'Run the lab' }).click();
  await expectClaimHolds(page, 240_000);
  await expectFiniteFigure(page);

  await next(page);
  await expectChapter(page, 9, 'The ELBO by Jensen’s inequality');
  await expectClaimHolds(page);
  await expectFiniteFigure(page);

  await next(page);
  await expectChapter(page, 10, 'A GMM is a finite mixture, the VAE an infinite one');
  const mixtures = page.getByRole('region', { name: 'Mixtures and priors' });
  await mixtures.getByRole('radiogroup', { name: 'GMM model' }).getByRole('radio', { name: 'AE', exact: true }).check();
  await mixtures.getByRole('button', { name: 'Fit the GMM' }).click();
  await expect(tour(page).getByRole('row', { name: /^GMM \(K = 10\)/ })).toBeVisible({ timeout: 120_000 });
  await mixtures.getByRole('button', { name: 'Show the aggregate posterior' }).click();
  await expect(tour(page).getByRole('row', { name: /aggregate posterior/ })).toBeVisible({ timeout: 120_000 });
  await expectFiniteFigure(page);
  await expectClaimHolds(page);

  await next(page);
  await expectChapter(page, 11, 'The variants: β-VAE, VQ-VAE, flow posteriors');
  await expect(page.getByRole('heading', { name: /^Flow VAE: / })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('heading', { name: /^VQ-VAE: / })).toBeVisible({ timeout: 60_000 });
  await clickMap(page, 'Flow VAE', 0.5, 0.5);
  await expectFiniteFigure(page);
  await expectClaimHolds(page);

  await next(page);
  await expectChapter(page, 12, 'The hidden half: the posterior given part of a digit');
  await page.getByRole('button', { name: 'Hide and fill in' }).click();
  await expect(tour(page).getByRole('row', { name: /^What is hidden test digit 0, Bottom half/ })).toBeVisible({
    timeout: 120_000,
  });
  await expectFiniteFigure(page);
  await expectClaimHolds(page);

  await next(page);
  await expectChapter(page, 13, 'Likelihood as an anomaly score');
  await page.getByRole('button', { name: 'Score the test sets' }).click();
  await expect(tour(page).getByRole('row', { name: /: the same, by −log p\(x\) − L\(x\)/ })).toBeVisible({
    timeout: 300_000,
  });
  await expectFiniteFigure(page);
  await expectClaimHolds(page, 300_000);

  await next(page);
  await expectChapter(page, 14, 'Train your own');
  await useSmallModels(page, '64', '1');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expectClaimHolds(page, 300_000);
  await expectFiniteFigure(page);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(tour(page).getByRole('button', { name: 'Next' })).toBeDisabled();
});

test('the tour in Korean: the first five chapters, with their figures', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/#lang=ko');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await page.getByRole('button', { name: '안내 투어' }).click();
  const titles = [
    '오토인코더는 숫자 하나를 수 두 개로 압축한다',
    'AE의 잠재 공간에는 구멍이 있고, 한쪽으로 치우쳐 있으며, 경계가 없다',
    'VAE는 숫자 하나를 영역 하나로 보낸다',
    '왜 대각인가: 무엇을 무시하고, 왜 완전 공분산은 잘 쓰지 않는가',
    '재파라미터화 트릭',
  ];
  for (let i = 0; i < titles.length; i++) {
    await expectChapter(page, i + 1, titles[i]);
    if (i === 3) await page.getByRole('button', { name: '실험실 실행' }).click();
    if (i === 4) await page.getByRole('button', { name: '기울기 비교' }).click();
    await expectFiniteFigure(page);
    await expect(claim(page)).toHaveAttribute('data-holds', 'true', { timeout: 120_000 });
    await expect(claim(page)).toContainText(/[가-힣]/);
    if (i < titles.length - 1) {
      // The arrow keys move between chapters too.
      await tour(page).getByRole('heading', { level: 2 }).press('ArrowRight');
    }
  }
});

test('a link to #tour=5 opens chapter 5 with its state; leaving keeps what the person changed', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/#tour=5');
  await expectChapter(page, 5, 'The reparameterisation trick');
  // Its setup: the 2-D VAE and AE shown, test digit 7 picked, the reparameterisation panel in view.
  await expect(page.getByRole('heading', { name: /^VAE: VAE, 2-D latent/ })).toBeVisible();
  await expect(page.getByLabel('Digit', { exact: true })).toHaveValue('7');
  await expect(page.getByRole('heading', { name: 'The reparameterisation trick: z = μ + σ ⊙ ε' })).toBeInViewport();
  await expect(page.getByRole('img', { name: /^ε-space: 16 draws/ })).toBeVisible();
  // Back to chapter 3 with the keys; the person changes the radius; leaving the tour keeps it.
  await tour(page).getByRole('heading', { level: 2 }).press('ArrowLeft');
  await expectChapter(page, 4, 'Why diagonal: what it ignores, and why a full covariance is rarely used');
  await tour(page).getByRole('heading', { level: 2 }).press('ArrowLeft');
  await expectChapter(page, 3, 'The VAE maps each digit to a region');
  await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('tour=3');
  await page.getByRole('combobox', { name: 'Radius' }).selectOption('2');
  await tour(page).getByRole('button', { name: 'Leave the tour' }).click();
  await expect(tour(page)).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Radius' })).toHaveValue('2');
  await expect.poll(() => page.evaluate(() => window.location.hash)).not.toContain('tour=');
});
