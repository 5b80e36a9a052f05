/**
 * The type every SCEM dashboard JSON must have: Grafana's `Dashboard` from @grafana/schema, made
 * stricter where Grafana's own type is open-ended, so that a misspelled or misplaced key fails:
 *
 * - each panel's `options` and `fieldConfig.defaults.custom` are typed by its plugin's schema
 *   (timeseries, stat, bargauge, table, state-timeline, text), chosen by the panel's `type`;
 * - each query is an InfluxQL raw query on the `scem-influxdb` datasource;
 * - annotations are InfluxQL annotation queries (or Grafana's built-in one).
 *
 * JSON cannot hold a TypeScript enum, only its value, so `Json<T>` turns every string enum of
 * Grafana's types into the union of its values ("thresholds", "lines", ...).
 */
import type {
  AnnotationQuery,
  Dashboard,
  DataQuery,
  FieldConfig,
  FieldConfigSource,
  Panel,
  RowPanel,
} from '@grafana/schema';
import type * as bargauge from '@grafana/schema/dist/esm/raw/composable/bargauge/panelcfg/x/BarGaugePanelCfg_types.gen.js';
import type * as stat from '@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen.js';
import type * as statetimeline from '@grafana/schema/dist/esm/raw/composable/statetimeline/panelcfg/x/StateTimelinePanelCfg_types.gen.js';
import type * as table from '@grafana/schema/dist/esm/raw/composable/table/panelcfg/x/TablePanelCfg_types.gen.js';
import type * as text from '@grafana/schema/dist/esm/raw/composable/text/panelcfg/x/TextPanelCfg_types.gen.js';
import type * as timeseries from '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen.js';

/** A type as it can appear in JSON: string enums become the union of their values. */
export type Json<T> = T extends string
  ? `${T}`
  : T extends Array<infer U>
    ? Array<Json<U>>
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** The one datasource of SCEM's dashboards, provisioned by provisioning/datasources/influxdb.yaml. */
export interface ScemInfluxDb {
  type: 'influxdb';
  uid: 'scem-influxdb';
}

/** A panel query: raw InfluxQL (Grafana's InfluxDB datasource, InfluxQL mode). */
export interface InfluxQLQuery extends Omit<DataQuery, 'datasource'> {
  datasource?: ScemInfluxDb;
  query: string;
  rawQuery: true;
  resultFormat?: 'time_series' | 'table' | 'logs';
  /** Series name pattern: $tag_<tag>, $col, $m. */
  alias?: string;
}

/** An InfluxQL annotation query: each row becomes an event; text and tags come from its columns. */
export interface InfluxQLAnnotationTarget extends Omit<DataQuery, 'datasource'> {
  fromAnnotations: true;
  query: string;
  textColumn?: string;
  tagsColumn?: string;
  titleColumn?: string;
  timeEndColumn?: string;
}

/** No custom field config at all. */
type NoCustom = Record<string, never>;

type FieldConfigOf<F> = Omit<Json<FieldConfigSource>, 'defaults'> & {
  defaults: Omit<Json<FieldConfig>, 'custom'> & { custom?: Json<Partial<F>> };
};

type PanelOf<T extends string, O, F = NoCustom> = Omit<
  Json<Panel>,
  'type' | 'options' | 'fieldConfig' | 'targets' | 'datasource'
> & {
  type: T;
  datasource?: ScemInfluxDb;
  options?: Json<Partial<O>>;
  fieldConfig?: FieldConfigOf<F>;
  targets?: InfluxQLQuery[];
};

export type ScemPanel =
  | PanelOf<'timeseries', timeseries.Options, timeseries.FieldConfig>
  | PanelOf<'stat', stat.Options>
  | PanelOf<'bargauge', bargauge.Options>
  | PanelOf<'table', table.Options, table.FieldConfig>
  | PanelOf<'state-timeline', statetimeline.Options, statetimeline.FieldConfig>
  | PanelOf<'text', text.Options>;

export type ScemRow = Omit<Json<RowPanel>, 'panels' | 'datasource'> & { panels: ScemPanel[] };

type BuiltInAnnotation = Omit<Json<AnnotationQuery>, 'target'> & { builtIn: 1 };
type InfluxAnnotation = Omit<Json<AnnotationQuery>, 'target' | 'datasource' | 'builtIn'> & {
  datasource: ScemInfluxDb;
  target: InfluxQLAnnotationTarget;
};

export type ScemDashboard = Omit<Json<Dashboard>, 'panels' | 'annotations' | 'uid' | 'title' | 'schemaVersion'> & {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Array<ScemPanel | ScemRow>;
  annotations?: { list: Array<BuiltInAnnotation | InfluxAnnotation> };
};
