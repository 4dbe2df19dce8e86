package dev.quadrangle.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DataType;
import org.jooq.SQLDialect;
import org.jooq.impl.DefaultDataType;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

class CopyBinaryTest {
    private static Map<String, DataType<?>> columns(Object... pairs) {
        Map<String, DataType<?>> columns = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            columns.put((String) pairs[i], (DataType<?>) pairs[i + 1]);
        }
        return columns;
    }

    private static byte[] encode(CopyBinary encoder, List<Object[]> rows, List<Integer> chunkSizes) throws SQLException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.encode(rows, (data, offset, length) -> {
            chunkSizes.add(length);
            out.write(data, offset, length);
        });
        return out.toByteArray();
    }

    @Test
    void encodesEveryTypeAsPostgresReadsIt() throws Exception {
        CopyBinary encoder = CopyBinary.forColumns("t", columns("a", SQLDataType.BIGINT, "b", SQLDataType.INTEGER,
                "c", SQLDataType.SMALLINT, "d", SQLDataType.DOUBLE, "e", SQLDataType.REAL, "f", SQLDataType.BOOLEAN,
                "g", SQLDataType.CLOB, "h", SQLDataType.TIMESTAMPWITHTIMEZONE, "i", SQLDataType.LOCALDATETIME, "j", SQLDataType.LOCALDATE,
                "k", SQLDataType.UUID, "l", SQLDataType.BLOB, "m", SQLDataType.VARCHAR(10))).orElseThrow();
        UUID uuid = new UUID(0x0102030405060708L, 0x090A0B0C0D0E0F10L);
        OffsetDateTime at = OffsetDateTime.of(2000, 1, 1, 2, 0, 0, 1_500, ZoneOffset.ofHours(1));
        Object[] row = {-2L, 7, (short) 3, 1.5, 2.5f, true, "héllo", at, LocalDateTime.of(1999, 12, 31, 0, 0),
            LocalDate.of(2000, 1, 3), uuid, new byte[] {9, 8}, null};
        byte[] actual = encode(encoder, List.<Object[]>of(row), new ArrayList<>());

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(expected);
        out.write("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeInt(0);
        out.writeInt(0);
        out.writeShort(13);
        field(out, 8).writeLong(-2);
        field(out, 4).writeInt(7);
        field(out, 2).writeShort(3);
        field(out, 8).writeLong(Double.doubleToLongBits(1.5));
        field(out, 4).writeInt(Float.floatToIntBits(2.5f));
        field(out, 1).writeByte(1);
        byte[] text = "héllo".getBytes(StandardCharsets.UTF_8);
        field(out, text.length).write(text);
        field(out, 8).writeLong(3_600_000_000L + 2);  // 01:00 UTC, 1.5 µs rounds half-even to 2
        field(out, 8).writeLong(-86_400_000_000L);
        field(out, 4).writeInt(2);
        field(out, 16).writeLong(0x0102030405060708L);
        out.writeLong(0x090A0B0C0D0E0F10L);
        field(out, 2).write(new byte[] {9, 8});
        out.writeInt(-1);
        out.writeShort(-1);
        assertThat(actual).isEqualTo(expected.toByteArray());
    }

    private static DataOutputStream field(DataOutputStream out, int length) throws IOException {
        out.writeInt(length);
        return out;
    }

    @Test
    void roundsMicrosecondsHalfEvenLikeTextInput() {
        assertThat(CopyBinary.micros(946_684_800L, 500)).isZero();
        assertThat(CopyBinary.micros(946_684_800L, 1_500)).isEqualTo(2);
        assertThat(CopyBinary.micros(946_684_800L, 2_499)).isEqualTo(2);
        assertThat(CopyBinary.micros(946_684_799L, 999_999_999)).isEqualTo(0);
    }

    @Test
    void convertsOtherValueTypesAndNamesWhatItCannot() throws Exception {
        CopyBinary encoder = CopyBinary.forColumns("answer", columns("id", SQLDataType.BIGINT, "at",
                SQLDataType.TIMESTAMPWITHTIMEZONE)).orElseThrow();
        byte[] converted = encode(encoder, List.<Object[]>of(new Object[] {5, OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0,
            ZoneOffset.UTC)}), new ArrayList<>());
        byte[] exact = encode(encoder, List.<Object[]>of(new Object[] {5L, OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0,
            ZoneOffset.UTC)}), new ArrayList<>());
        assertThat(converted).isEqualTo(exact);
        assertThatThrownBy(() -> encode(encoder, List.<Object[]>of(new Object[] {1L, null}, new Object[] {"x1", null}),
                new ArrayList<>()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 1 for table answer: column id (bigint) cannot take String value 'x1'");
        assertThatThrownBy(() -> encode(encoder, List.<Object[]>of(new Object[] {1L}), new ArrayList<>()))
                .hasMessage("row 0 for table answer has 1 values, expected 2");
    }

    @Test
    void streamsInBoundedChunksAndPassesLargeValuesThrough() throws Exception {
        CopyBinary encoder = CopyBinary.forColumns("t", columns("body", SQLDataType.CLOB)).orElseThrow();
        List<Object[]> rows = new ArrayList<>();
        String big = "ü".repeat(CopyBuffer.CHUNK_BYTES);
        rows.add(new Object[] {big});
        for (int i = 0; i < 20_000; i++) {
            rows.add(new Object[] {"row " + i});
        }
        List<Integer> chunks = new ArrayList<>();
        byte[] data = encode(encoder, rows, chunks);
        assertThat(chunks).allMatch(n -> n <= CopyBuffer.CHUNK_BYTES || n == big.getBytes(StandardCharsets.UTF_8).length);
        assertThat(chunks.size()).isGreaterThan(3);
        int expected = 19 + 2 + 4 + 2 * CopyBuffer.CHUNK_BYTES + 2;
        for (int i = 0; i < 20_000; i++) {
            expected += 2 + 4 + ("row " + i).length();
        }
        assertThat(data).hasSize(expected);
    }

    @Test
    void typesWithoutABinaryEncodingHereUseText() {
        assertThat(CopyBinary.forColumns("t", columns("a", SQLDataType.NUMERIC(10, 2)))).isEmpty();
        assertThat(CopyBinary.forColumns("t", columns("a", SQLDataType.JSONB))).isEmpty();
        assertThat(CopyBinary.forColumns("t", columns("a", new DefaultDataType<>(SQLDialect.POSTGRES, String.class, "inet"))))
                .isEmpty();
        assertThat(CopyBinary.forColumns("t", columns("a", SQLDataType.BIGINT.getArrayDataType()))).isEmpty();
        assertThat(CopyBinary.forColumns("t", columns("a", SQLDataType.BIGINT.notNull(), "b", SQLDataType.VARCHAR(3))))
                .isPresent();
    }
}
