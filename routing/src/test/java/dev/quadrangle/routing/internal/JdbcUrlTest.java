package dev.quadrangle.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcUrlTest {
    private static final String SECRET = "hunter2-secret";
    private static final String EXPECTED = "; expected " + JdbcUrl.GRAMMAR + ", was '";

    @Test
    void keepsAWellFormedUrlWithoutSecretsAsItIs() {
        JdbcUrl url = JdbcUrl.parse("primary", "jdbc:postgresql://db.example.org:5432/app?sslmode=require&ApplicationName=x");
        assertThat(url.driverUrl()).isEqualTo("jdbc:postgresql://db.example.org:5432/app?sslmode=require&ApplicationName=x");
        assertThat(url.secretParameters()).isEmpty();
        assertThat(url).hasToString(url.driverUrl());
    }

    @Test
    void acceptsSeveralHostsIpv6AndDefaultPorts() {
        assertThat(JdbcUrl.parse("primary", "jdbc:postgresql://db1,db2:5433,[::1],[fe80::1%25eth0]:6432,10.0.0.7/app")
                .driverUrl()).isEqualTo("jdbc:postgresql://db1,db2:5433,[::1],[fe80::1%25eth0]:6432,10.0.0.7/app");
    }

    @Test
    void movesSecretParametersOutOfTheUrlDecodedAsTheDriverDecodes() {
        JdbcUrl url = JdbcUrl.parse("primary", "jdbc:postgresql://db/app?user=app&password=" + SECRET
                + "%26more+x&sslmode=verify-full&sslpassword=key%3Dpass&sslfactoryarg=arg&socketFactoryArg=sock"
                + "&PASSWORD=upper");
        assertThat(url.driverUrl()).isEqualTo("jdbc:postgresql://db/app?user=app&sslmode=verify-full");
        assertThat(url.secretParameters()).containsExactly(Map.entry("password", SECRET + "&more x"),
                Map.entry("sslpassword", "key=pass"), Map.entry("sslfactoryarg", "arg"),
                Map.entry("socketFactoryArg", "sock"), Map.entry("PASSWORD", "upper"));
        assertThat(url.toString()).doesNotContain(SECRET).doesNotContain("pass");
    }

    @Test
    void emptyParametersAreDroppedAndASecretMayFollowALaterQuestionMark() {
        JdbcUrl url = JdbcUrl.parse("primary", "jdbc:postgresql://db/app?&&password=a?b#c&&loginTimeout=3");
        assertThat(url.driverUrl()).isEqualTo("jdbc:postgresql://db/app?loginTimeout=3");
        assertThat(url.secretParameters()).containsExactly(Map.entry("password", "a?b#c"));
    }

    @Test
    void refusesEachMalformedFormNamingTheEndpointAndMaskingTheUrl() {
        assertMalformed("jdbc:postgresql:app?password=" + SECRET,
                "has no host list after 'jdbc:postgresql://'", "jdbc:postgresql:app?password=***");
        assertMalformed("jdbc:postgresql://127.0.0.1:5432?password=" + SECRET,
                "has no '/' between the host list and the database name",
                "jdbc:postgresql://127.0.0.1:5432?password=***");
        assertMalformed("jdbc:postgresql://db/app/extra?password=" + SECRET,
                "has more than one '/' after the host list", "jdbc:postgresql://db/app/extra?password=***");
        assertMalformed("jdbc:postgresql:///app?password=" + SECRET, "has an empty host list",
                "jdbc:postgresql:///app?password=***");
        assertMalformed("jdbc:postgresql://db/?password=" + SECRET, "has an empty database name",
                "jdbc:postgresql://db/?password=***");
        assertMalformed("jdbc:postgresql://db/a%zz?password=" + SECRET,
                "has a database name that is not valid percent-encoding", "jdbc:postgresql://db/a%zz?password=***");
        assertMalformed("jdbc:postgresql://db1,,db2/app", "has an invalid host in entry 2 of the host list"
                + " (a name, an IPv4 address or an IPv6 address in brackets)", "jdbc:postgresql://db1,,db2/app");
        assertMalformed("jdbc:postgresql://::1:5432/app", "has an invalid host in entry 1 of the host list"
                + " (a name, an IPv4 address or an IPv6 address in brackets)", "jdbc:postgresql://::1:5432/app");
        assertMalformed("jdbc:postgresql://db:0/app", "has an invalid port in entry 1 of the host list (1 to 65535)",
                "jdbc:postgresql://db:0/app");
        assertMalformed("jdbc:postgresql://db:65536/app",
                "has an invalid port in entry 1 of the host list (1 to 65535)", "jdbc:postgresql://db:65536/app");
        assertMalformed("jdbc:postgresql://db,[::1]:x/app",
                "has an invalid port in entry 2 of the host list (1 to 65535)", "jdbc:postgresql://db,[::1]:x/app");
        assertMalformed("jdbc:postgresql://db/app?=" + SECRET, "has a parameter without a name",
                "jdbc:postgresql://db/app?=***");
    }

    @Test
    void refusesBadPercentEncodingNamingTheParameterButNotItsValue() {
        assertMalformed("jdbc:postgresql://db/app?sslpassword=%zz" + SECRET,
                "has a value of parameter 'sslpassword' that is not valid percent-encoding",
                "jdbc:postgresql://db/app?sslpassword=***");
        assertMalformed("jdbc:postgresql://db/app?password=" + SECRET + "&password=" + SECRET,
                "has the parameter 'password' more than once",
                "jdbc:postgresql://db/app?password=***&password=***");
    }

    @Test
    void refusesUserInfoWhateverThePasswordHoldsAndNeverShowsIt() {
        for (String password : new String[] {SECRET, SECRET + "/x", "a/" + SECRET, SECRET + ":x", "x@" + SECRET}) {
            assertThatThrownBy(() -> JdbcUrl.parse("replica 'r1'", "jdbc:postgresql://app:" + password + "@db:5432/app"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("replica 'r1' jdbcUrl must not carry user info (user:password@ before the host); pass"
                            + " the user and the password as arguments instead, was 'jdbc:postgresql://***@db:5432/app'");
        }
    }

    @Test
    void refusesAnotherDriverWithTheUrlMasked() {
        assertThatThrownBy(() -> JdbcUrl.parse("primary", "jdbc:mysql://u:" + SECRET + "@db/app?password=" + SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("primary jdbcUrl must start with 'jdbc:postgresql:', was 'jdbc:mysql://***@db/app?password=***'");
        assertThatThrownBy(() -> JdbcUrl.parse("primary", null))
                .hasMessage("primary jdbcUrl must start with 'jdbc:postgresql:', was 'null'");
    }

    @Test
    void maskHidesSecretsOfAnyUrlAndMoreRatherThanLess() {
        assertThat(JdbcUrl.mask("jdbc:postgresql://db/app?user=a&password=" + SECRET + "&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/app?user=a&password=***&ssl=true");
        assertThat(JdbcUrl.mask("jdbc:postgresql://db/app?Password=" + SECRET + ";x"))
                .isEqualTo("jdbc:postgresql://db/app?Password=***");
        assertThat(JdbcUrl.mask("jdbc:sqlserver://db;user=a;password=" + SECRET + ";databaseName=app"))
                .isEqualTo("jdbc:sqlserver://db;user=a;password=***");
        assertThat(JdbcUrl.mask("jdbc:postgresql://db/app?options=x;sslpassword=" + SECRET + "&ssl=true&="
                + SECRET)).isEqualTo("jdbc:postgresql://db/app?options=x;sslpassword=***&ssl=true&=***");
        assertThat(JdbcUrl.mask("jdbc:postgresql://u:p?" + SECRET + "@db/app"))
                .isEqualTo("jdbc:postgresql://***@db/app");
        assertThat(JdbcUrl.mask("jdbc:postgresql://db/app?user=a@corp&sslpassword=" + SECRET))
                .isEqualTo("jdbc:postgresql://***@corp&sslpassword=***");
        assertThat(JdbcUrl.mask("u:" + SECRET + "@db")).isEqualTo("***@db");
    }

    private static void assertMalformed(String url, String problem, String masked) {
        assertThatThrownBy(() -> JdbcUrl.parse("primary", url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("primary jdbcUrl " + problem + EXPECTED + masked + "'");
    }
}
