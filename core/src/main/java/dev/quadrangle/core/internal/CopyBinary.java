package dev.quadrangle.core.internal;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DataType;
import org.jooq.exception.DataTypeException;

/**
 * Encodes rows in PostgreSQL's binary COPY format ({@code COPY ... FROM STDIN WITH (FORMAT binary)}) for a
 * table's declared columns, streaming into a {@link CopyBuffer}. The server then stores values without
 * parsing text (timestamps, numbers), which is most of the cost of text COPY. Only column types with a
 * fixed, documented wire format are encoded here; a spec with any other type (numeric, json, arrays,
 * converted types) gets {@link Optional#empty()} and uses text COPY. Immutable and thread-safe.
 */
public final class CopyBinary {
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** Seconds from 1970-01-01 to PostgreSQL's epoch 2000-01-01 (UTC). */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    private static final long PG_EPOCH_DAYS = 10_957L;
    /** jOOQ's standard character types, all stored as PostgreSQL text/varchar/bpchar. */
    private static final java.util.Set<String> TEXT_TYPES = java.util.Set.of("clob", "varchar", "char", "longvarchar",
            "nvarchar", "nchar", "nclob", "longnvarchar");

    /** One column's wire format; values arrive converted to {@link #type}. */
    private enum Codec {
        INT8(Long.class), INT4(Integer.class), INT2(Short.class), FLOAT8(Double.class), FLOAT4(Float.class),
        BOOL(Boolean.class), TEXT(String.class), TIMESTAMPTZ(OffsetDateTime.class), INSTANT(Instant.class),
        TIMESTAMP(LocalDateTime.class), DATE(LocalDate.class), UUID(java.util.UUID.class), BYTEA(byte[].class);

        final Class<?> type;

        Codec(Class<?> type) {
            this.type = type;
        }

        static Codec of(Class<?> type) {
            for (Codec c : values()) {
                if (c.type == type) {
                    return c;
                }
            }
            return null;
        }
    }

    private final String table;
    private final String[] names;
    private final DataType<?>[] types;
    private final Codec[] codecs;

    private CopyBinary(String table, String[] names, DataType<?>[] types, Codec[] codecs) {
        this.table = table;
        this.names = names;
        this.types = types;
        this.codecs = codecs;
    }

    /**
     * The encoder for a table's declared columns.
     *
     * @param table the table name, for error messages
     * @param columns the declared columns in order
     * @return the encoder, or empty when some column type has no binary encoding here
     */
    public static Optional<CopyBinary> forColumns(String table, Map<String, DataType<?>> columns) {
        String[] names = columns.keySet().toArray(new String[0]);
        DataType<?>[] types = columns.values().toArray(new DataType<?>[0]);
        Codec[] codecs = new Codec[types.length];
        for (int i = 0; i < types.length; i++) {
            Codec codec = Codec.of(types[i].getType());
            DataType<?> standard = types[i].getSQLDataType();
            // a custom type (inet, citext, ...) may map to String but has its own wire format
            if (codec == null || standard == null || types[i].getConverter().fromType() != types[i].getConverter().toType()
                    || (codec == Codec.TEXT && !TEXT_TYPES.contains(standard.getTypeName()))) {
                return Optional.empty();
            }
            codecs[i] = codec;
        }
        return Optional.of(new CopyBinary(table, names, types, codecs));
    }

    /**
     * Writes the header, every row and the trailer.
     *
     * @param rows rows in declared column order
     * @param sink receives the data in chunks
     * @throws IllegalArgumentException when a row has the wrong width or a value cannot be converted to its
     *         column's type (naming row, column, table and value)
     * @throws SQLException when the sink fails
     */
    public void encode(List<Object[]> rows, CopyBuffer.Sink sink) throws SQLException {
        CopyBuffer out = new CopyBuffer(sink, CopyBuffer.CHUNK_BYTES);
        out.ensure(HEADER.length + 8);
        for (byte b : HEADER) {
            out.putByte(b);
        }
        out.putInt(0);
        out.putInt(0);
        int index = 0;
        for (Object[] row : rows) {
            if (row == null || row.length != codecs.length) {
                throw new IllegalArgumentException("row " + index + " for table " + table + " has "
                        + (row == null ? "no" : String.valueOf(row.length)) + " values, expected " + codecs.length);
            }
            out.ensure(2);
            out.putShort(codecs.length);
            for (int i = 0; i < codecs.length; i++) {
                write(out, codecs[i], value(row[i], index, i));
            }
            index++;
        }
        out.ensure(2);
        out.putShort(-1);
        out.flush();
    }

    private Object value(Object value, int row, int column) {
        if (value == null || value.getClass() == codecs[column].type) {
            return value;
        }
        try {
            Object converted = types[column].convert(value);
            if (converted == null || converted.getClass() != codecs[column].type) {
                throw new DataTypeException("converted to " + (converted == null ? "null" : converted.getClass().getName()));
            }
            return converted;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("row " + row + " for table " + table + ": column " + names[column] + " ("
                    + types[column].getTypeName() + ") cannot take " + value.getClass().getSimpleName() + " value '" + value + "'", e);
        }
    }

    private static void write(CopyBuffer out, Codec codec, Object v) throws SQLException {
        if (v == null) {
            out.ensure(4);
            out.putInt(-1);
            return;
        }
        switch (codec) {
            case TEXT -> out.putText((String) v);
            case BYTEA -> out.putField((byte[]) v);
            default -> fixed(out, codec, v);
        }
    }

    private static void fixed(CopyBuffer out, Codec codec, Object v) throws SQLException {
        out.ensure(20);
        switch (codec) {
            case INT8 -> long8(out, (Long) v);
            case INT4 -> {
                out.putInt(4);
                out.putInt((Integer) v);
            }
            case INT2 -> {
                out.putInt(2);
                out.putShort((Short) v);
            }
            case FLOAT8 -> long8(out, Double.doubleToLongBits((Double) v));
            case FLOAT4 -> {
                out.putInt(4);
                out.putInt(Float.floatToIntBits((Float) v));
            }
            case BOOL -> {
                out.putInt(1);
                out.putByte((Boolean) v ? 1 : 0);
            }
            case TIMESTAMPTZ -> long8(out, micros(((OffsetDateTime) v).toEpochSecond(), ((OffsetDateTime) v).getNano()));
            case INSTANT -> long8(out, micros(((Instant) v).getEpochSecond(), ((Instant) v).getNano()));
            case TIMESTAMP -> long8(out, micros(((LocalDateTime) v).toEpochSecond(ZoneOffset.UTC), ((LocalDateTime) v).getNano()));
            case DATE -> {
                out.putInt(4);
                out.putInt(Math.toIntExact(((LocalDate) v).toEpochDay() - PG_EPOCH_DAYS));
            }
            case UUID -> {
                out.putInt(16);
                out.putLong(((UUID) v).getMostSignificantBits());
                out.putLong(((UUID) v).getLeastSignificantBits());
            }
            default -> throw new IllegalStateException("no fixed-size encoding for " + codec);
        }
    }

    private static void long8(CopyBuffer out, long v) {
        out.putInt(8);
        out.putLong(v);
    }

    /** Microseconds since 2000-01-01 UTC, rounding nanoseconds half-even as PostgreSQL's text input does. */
    static long micros(long epochSecond, int nano) {
        return (epochSecond - PG_EPOCH_SECONDS) * 1_000_000L + (long) Math.rint(nano / 1000.0);
    }
}
