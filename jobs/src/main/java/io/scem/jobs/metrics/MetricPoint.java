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
 * fieldValues[i]}. All fields are written as floats, so a field never changes type between
 * points (InfluxDB rejects such a batch).
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

    /** Epoch milliseconds. */
    public long timestampMillis;

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

    /** A deep copy, for callers that hand the point on while reusing the original. */
    public MetricPoint copy() {
        MetricPoint copy = of(measurement, timestampMillis);
        copy.tags = tags == null ? NO_STRINGS : tags.clone();
        copy.fieldNames = fieldNames == null ? NO_STRINGS : fieldNames.clone();
        copy.fieldValues = fieldValues == null ? NO_VALUES : fieldValues.clone();
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricPoint p
                && timestampMillis == p.timestampMillis
                && Objects.equals(measurement, p.measurement)
                && Arrays.equals(tags, p.tags)
                && Arrays.equals(fieldNames, p.fieldNames)
                && Arrays.equals(fieldValues, p.fieldValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(measurement, timestampMillis, Arrays.hashCode(tags),
                Arrays.hashCode(fieldNames), Arrays.hashCode(fieldValues));
    }

    @Override
    public String toString() {
        return measurement + Arrays.toString(tags) + Arrays.toString(fieldNames)
                + Arrays.toString(fieldValues) + "@" + timestampMillis;
    }
}
