/**
 * Proof that the check bites: each literal below has one mistake, and `@ts-expect-error` makes tsc
 * fail if that line is NOT an error. Should the types ever loosen (a dependency update, an index
 * signature), this file breaks the check instead of letting every dashboard pass unchecked.
 */
import type { ScemDashboard, ScemPanel } from './scem-dashboard.js';

const ds = { type: 'influxdb', uid: 'scem-influxdb' } as const;

export const misspelledDashboardKey: ScemDashboard = {
  uid: 'x', title: 'x', schemaVersion: 39, panels: [],
  // @ts-expect-error unknown top-level key
  titel: 'x',
};

export const misspelledQueryKey: ScemPanel = {
  type: 'stat',
  // @ts-expect-error unknown key in an InfluxQL target
  targets: [{ refId: 'A', datasource: ds, rawQuery: true, query: 'SELECT 1', querry: 'x' }],
};

export const wrongDatasource: ScemPanel = {
  type: 'stat',
  // @ts-expect-error not the provisioned datasource uid
  targets: [{ refId: 'A', datasource: { type: 'influxdb', uid: 'influx' }, rawQuery: true, query: 'SELECT 1' }],
};

export const misspelledOption: ScemPanel = {
  type: 'timeseries',
  // @ts-expect-error unknown timeseries option
  options: { legnd: {} },
};

export const misspelledCustomFieldConfig: ScemPanel = {
  type: 'timeseries',
  // @ts-expect-error unknown custom field config of timeseries
  fieldConfig: { defaults: { custom: { lineWidht: 1 } }, overrides: [] },
};

export const unknownEnumValue: ScemPanel = {
  type: 'stat',
  // @ts-expect-error not a BigValueColorMode
  options: { colorMode: 'valu' },
};

export const unknownPanelType: ScemPanel = {
  // @ts-expect-error a panel type this check does not know
  type: 'graph',
};
