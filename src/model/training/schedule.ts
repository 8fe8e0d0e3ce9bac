/**
 * Learning-rate schedule: constant at `base` for the first `holdFraction` of
 * the steps, then a cosine decay to `base * finalFactor` at the last step.
 * Holding then annealing gives the last nats of -ELBO that a constant rate
 * leaves on the table.
 */
export interface LearningRateSchedule {
  base: number;
  holdFraction: number;
  finalFactor: number;
}

export function learningRateAt(schedule: LearningRateSchedule, step: number, totalSteps: number): number {
  const { base, holdFraction, finalFactor } = schedule;
  const holdSteps = holdFraction * totalSteps;
  if (step <= holdSteps || totalSteps <= holdSteps) return base;
  const progress = Math.min(1, (step - holdSteps) / (totalSteps - holdSteps));
  const cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
  return base * (finalFactor + (1 - finalFactor) * cosine);
}
