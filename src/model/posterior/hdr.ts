/** The highest-density regions the lab draws: the smallest regions holding 50, 90 and 99 % of the mass. */
export const HDR_SHARES = [0.5, 0.9, 0.99];
