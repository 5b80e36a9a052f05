package io.scem.jobs.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * One InfluxDB point as a Flink POJO: a measurement, tags, numeric fields and a timestamp in
 * epoch milliseconds.
 *
 * <p>Tags and fields are parallel arrays rather than maps so that Flink serializes the record
 * with its own array serializers instead of falling back to Kryo. {@code tags} alternates key and
 * value ({@code {"rule", "LATE_SHIPMENT", "site", "DE-HAM"}}); {@code fieldNames[i]} names {@code
 * fieldValues[i]}. All numeric fields are written as floats, so a field never changes type between
 * points (InfluxDB rejects such a batch); {@link #text} adds string fields, for annotations.
 *
 * <p>Build with {@link #of(String, long)} and the fluent {@link #tag} / {@link #field}:
 *
 * <pre>{@code
 * MetricPoint.of("alerts", ts).tag("rule", rule).field("count", 1)
 * }</pre>
 */
public class MetricPoint {

    private static final String[] NO_STRINGS = new String[0];
    private static final double[] NO_VALUES = new double[0];

    /** InfluxDB measurement name. */
    public String measurement;

    /** Alternating tag keys and values; tags with a null or empty value are not written. */
    public String[] tags = NO_STRINGS;

    /** Field names, parallel to {@link #fieldValues}. */
    public String[] fieldNames = NO_STRINGS;

    /** Field values; NaN and infinities are not written (line protocol cannot carry them). */
    public double[] fieldValues = NO_VALUES;

    /** String fields (annotation texts), parallel to {@link #textValues}; never tags, so they may be unbounded. */
    public String[] textNames = NO_STRINGS;

    public String[] textValues = NO_STRINGS;

    /** Epoch milliseconds. */
    public long timestampMillis;

    /**
     * Nanoseconds added to the millisecond (0 to 999,999). InfluxDB keeps one point per series and
     * timestamp: points that stand for one occurrence each (a PO received, an alert resolved) get
     * distinct offsets so that two in the same millisecond are both kept.
     */
    public int nanos;

    /** For Flink's POJO serializer. */
    public MetricPoint() {}

    /** A point with no tags and no fields yet. */
    public static MetricPoint of(String measurement, long timestampMillis) {
        MetricPoint point = new MetricPoint();
        point.measurement = measurement;
        point.timestampMillis = timestampMillis;
        return point;
    }

    /** Adds a tag and returns this point. */
    public MetricPoint tag(String key, String value) {
        tags = Arrays.copyOf(tags, tags.length + 2);
        tags[tags.length - 2] = key;
        tags[tags.length - 1] = value;
        return this;
    }

    /** Adds a numeric field and returns this point. */
    public MetricPoint field(String name, double value) {
        int n = fieldNames.length;
        fieldNames = Arrays.copyOf(fieldNames, n + 1);
        fieldValues = Arrays.copyOf(fieldValues, n + 1);
        fieldNames[n] = name;
        fieldValues[n] = value;
        return this;
    }

    /** Adds a string field and returns this point. */
    public MetricPoint text(String name, String value) {
        int n = textNames.length;
        textNames = Arrays.copyOf(textNames, n + 1);
        textValues = Arrays.copyOf(textValues, n + 1);
        textNames[n] = name;
        textValues[n] = value;
        return this;
    }

    /** Sets the sub-millisecond offset (see {@link #nanos}) and returns this point. */
    public MetricPoint nanos(int offset) {
        nanos = offset;
        return this;
    }

    /** A deep copy, for callers that hand the point on while reusing the original. */
    public MetricPoint copy() {
        MetricPoint copy = of(measurement, timestampMillis);
        copy.tags = tags == null ? NO_STRINGS : tags.clone();
        copy.fieldNames = fieldNames == null ? NO_STRINGS : fieldNames.clone();
        copy.fieldValues = fieldValues == null ? NO_VALUES : fieldValues.clone();
        copy.textNames = textNames == null ? NO_STRINGS : textNames.clone();
        copy.textValues = textValues == null ? NO_STRINGS : textValues.clone();
        copy.nanos = nanos;
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricPoint p
                && timestampMillis == p.timestampMillis
                && nanos == p.nanos
                && Objects.equals(measurement, p.measurement)
                && Arrays.equals(tags, p.tags)
                && Arrays.equals(fieldNames, p.fieldNames)
                && Arrays.equals(fieldValues, p.fieldValues)
                && Arrays.equals(textNames, p.textNames)
                && Arrays.equals(textValues, p.textValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(measurement, timestampMillis, nanos, Arrays.hashCode(tags),
                Arrays.hashCode(fieldNames), Arrays.hashCode(fieldValues), Arrays.hashCode(textValues));
    }

    @Override
    public String toString() {
        return measurement + Arrays.toString(tags) + Arrays.toString(fieldNames)
                + Arrays.toString(fieldValues) + (textNames.length == 0 ? "" : Arrays.toString(textNames))
                + "@" + timestampMillis + (nanos == 0 ? "" : "+" + nanos + "ns");
    }
}
