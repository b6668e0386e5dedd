/** Clockify's API base URL per data region (clockify-api.md, "Hosts"). A key works only on its own region's host. */
export const clockifyRegions = Object.freeze({
  global: 'https://api.clockify.me/api/v1',
  euc1: 'https://euc1.clockify.me/api/v1',
  use2: 'https://use2.clockify.me/api/v1',
  euw2: 'https://euw2.clockify.me/api/v1',
  apse2: 'https://apse2.clockify.me/api/v1',
  developer: 'https://developer.clockify.me/api/v1',
} as const);

export type ClockifyRegion = keyof typeof clockifyRegions;

export const clockifyRegionNames = Object.keys(clockifyRegions) as [ClockifyRegion, ...ClockifyRegion[]];
