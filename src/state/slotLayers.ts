import * as d3 from 'd3';
import { useMemo } from 'react';
import { useStore } from './createStore';
import { explorerStore } from './explorerStore';
import { slotsStore, slotWeights } from './slots';
import type { SlotView } from './slotView';
import { t, useT } from '../i18n';
import { extraValues, type ModelArrays } from '../model/arrays';
import { PRIOR_EXTRAS } from '../model/extras';
import { CODEBOOK } from '../model/families/vq-vae/info';
import type { MapLayers } from '../viz/mapLayers';
import type { Projection } from '../viz/projection';

/**
 * For each row of `points` [n, d] the nearest of the `sites` [K, d]: how many points each site gets.
 * In 2-D through a Delaunay triangulation's walk (d3-delaunay's find, each point starting from the last
 * one's site): a handful of steps a point instead of K distances. This runs while a page shows a new
 * VQ-VAE; the plain loop over 10,000 test codes and 64 codes took 22 ms there, still unoptimised by V8.
 */
export function nearestSiteCounts(points: Float32Array, count: number, d: number, sites: Float32Array): Float32Array {
  const K = sites.length / d;
  const counts = new Float32Array(K);
  if (d === 2 && K >= 3) {
    const delaunay = new d3.Delaunay(Float64Array.from(sites));
    let site = 0;
    for (let i = 0; i < count; i++) {
      site = delaunay.find(points[2 * i], points[2 * i + 1], site);
      counts[site]++;
    }
    return counts;
  }
  for (let i = 0; i < count; i++) {
    let best = 0;
    let bestDistance = Infinity;
    for (let k = 0; k < K; k++) {
      let distance = 0;
      for (let j = 0; j < d; j++) {
        const diff = points[i * d + j] - sites[k * d + j];
        distance += diff * diff;
      }
      if (distance < bestDistance) {
        bestDistance = distance;
        best = k;
      }
    }
    counts[best]++;
  }
  return counts;
}

/**
 * What a family adds to its map (in 2-D, plotting the two latent
 * dimensions): a VQ-VAE's codebook and Voronoi cells, shaded by how many
 * test digits use each code; a learned prior's mixture components; for
 * full-covariance posteriors, how tilted their ellipses are.
 */
export function familyLayers(
  view: Pick<SlotView, 'latentDim' | 'posteriors'>,
  weights: ModelArrays | null,
  projection: Projection,
  showPrior: boolean,
): MapLayers {
  const layers: MapLayers = {};
  const d = view.latentDim ?? 0;
  if (!weights || d !== 2 || projection.mode !== 'dims' || projection.dims[0] !== 0 || projection.dims[1] !== 1) {
    return layers;
  }
  const tilt = view.posteriors?.covariances;
  if (tilt && view.posteriors) {
    // Packed 2 x 2 covariances [sxx, sxy, syy] per digit: how far the posteriors use their tilt.
    const { count } = view.posteriors;
    let sum = 0;
    let strong = 0;
    for (let i = 0; i < count; i++) {
      const rho = Math.abs(tilt[3 * i + 1] / Math.sqrt(tilt[3 * i] * tilt[3 * i + 2]));
      sum += rho;
      if (rho > 0.3) strong++;
    }
    layers.legend = [
      t('explorer.layers.tilted', {
        meanRho: (sum / Math.max(1, count)).toFixed(2),
        digits: count.toLocaleString('en'),
        share: `${Math.round((100 * strong) / Math.max(1, count))} %`,
      }),
    ];
  }
  const codebook = extraValues(weights, CODEBOOK);
  if (codebook) {
    const p = view.posteriors;
    const counts = p ? nearestSiteCounts(p.means, p.count, d, codebook) : new Float32Array(codebook.length / 2);
    const max = Math.max(1, ...counts);
    layers.cells = { sites: codebook, shade: counts.map((c) => c / max), color: '#495057' };
    const used = counts.filter((c) => c > 0).length;
    layers.legend = [...(layers.legend ?? []), t('explorer.layers.codebook', { codes: counts.length, used })];
    layers.marks = [
      {
        points: Array.from({ length: codebook.length / 2 }, (_, k): [number, number] => [
          codebook[2 * k],
          codebook[2 * k + 1],
        ]),
        color: '#000',
        shape: 'dot',
      },
    ];
  }
  const means = extraValues(weights, PRIOR_EXTRAS.means);
  const logVars = extraValues(weights, PRIOR_EXTRAS.logVars);
  const logits = extraValues(weights, PRIOR_EXTRAS.logits);
  if (showPrior && means && logVars && logits) {
    const maxLogit = Math.max(...logits);
    const total = logits.reduce((s, l) => s + Math.exp(l - maxLogit), 0);
    layers.gaussians = Array.from(logits, (l, k) => ({
      mean: [means[2 * k], means[2 * k + 1]] as [number, number],
      cov: [Math.exp(logVars[2 * k]), 0, Math.exp(logVars[2 * k + 1])] as [number, number, number],
      scales: [1, 2],
      color: '#212529',
      dash: [5, 3],
      label: `${Math.round((100 * Math.exp(l - maxLogit)) / total)}%`,
    }));
    layers.legend = [...(layers.legend ?? []), t('explorer.layers.learnedPrior', { components: logits.length })];
  }
  return layers;
}

/** Every layer a slot's map shows now, from the family and from the explorer's tools. */
export function useMapLayers(view: SlotView): MapLayers {
  // Only what the layers depend on: a new selected point or decoded image (every click) must not
  // make new layers, or the map's base (10,000 ellipses) would redraw on every click.
  const weights = useStore(slotsStore, (s) => slotWeights(s[view.slot]));
  const projection = useStore(slotsStore, (s) => s[view.slot].projection);
  const showPrior = useStore(explorerStore, (s) => s.showPrior);
  const tools = useStore(explorerStore, (s) => s.toolLayers[view.slot]);
  // The legends are written in the page's language: a switch makes them anew.
  const { language } = useT().i18n;
  const { latentDim, posteriors } = view;
  return useMemo(() => {
    const all = [familyLayers({ latentDim, posteriors }, weights, projection, showPrior), ...Object.values(tools)];
    return {
      cells: all.find((l) => l?.cells)?.cells,
      heatmaps: all.flatMap((l) => l?.heatmaps ?? []),
      contours: all.flatMap((l) => l?.contours ?? []),
      gaussians: all.flatMap((l) => l?.gaussians ?? []),
      marks: all.flatMap((l) => l?.marks ?? []),
      legend: all.flatMap((l) => l?.legend ?? []),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- language: the legends' text (familyLayers calls t)
  }, [latentDim, posteriors, weights, projection, showPrior, tools, language]);
}
