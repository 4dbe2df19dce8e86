package dev.quadrangle.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteIntentTest {

    @Test
    void leadingKeywordSkipsSpaceCommentsAndParentheses() {
        assertThat(WriteIntent.leadingKeyword("  -- note\n /* x */ (SELECT 1)")).isEqualTo("select");
        assertThat(WriteIntent.leadingKeyword("Insert into t values (1)")).isEqualTo("insert");
        assertThat(WriteIntent.leadingKeyword("")).isEmpty();
        assertThat(WriteIntent.leadingKeyword(null)).isEmpty();
        assertThat(WriteIntent.leadingKeyword("/* unterminated")).isEmpty();
    }

    @Test
    void writeVerbsCertainlyWrite() {
        assertThat(WriteIntent.certainlyWrites("update t set a = 1")).isTrue();
        assertThat(WriteIntent.certainlyWrites("DELETE FROM t")).isTrue();
        assertThat(WriteIntent.certainlyWrites("create table t (a int)")).isTrue();
        assertThat(WriteIntent.certainlyWrites("SELECT * FROM updates")).isFalse();
        assertThat(WriteIntent.certainlyWrites("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d")).isFalse();
    }

    @Test
    void dataModifyingWithMayWrite() {
        assertThat(WriteIntent.mayWrite("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d")).isTrue();
        assertThat(WriteIntent.mayWrite("WITH r AS (SELECT 1) SELECT * FROM r")).isFalse();
        assertThat(WriteIntent.mayWrite("insert into t values (1) returning id")).isTrue();
        assertThat(WriteIntent.mayWrite("SELECT 1")).isFalse();
    }

    @Test
    void sessionCommandsAreHarmlessThroughUpdateMethods() {
        assertThat(WriteIntent.isSessionCommand("SET search_path TO app")).isTrue();
        assertThat(WriteIntent.isSessionCommand("reset all")).isTrue();
        assertThat(WriteIntent.isSessionCommand("insert into t values (1)")).isFalse();
    }
}
