package dev.quadrangle.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quadrangle.cache.KeyCodec;
import dev.quadrangle.cache.RegionConfig;
import dev.quadrangle.cache.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The Redis key layout of a region (security issue #18 item 4: user keys reached internal keys). */
class KeyNamespaceTest {

    /** A key whose codec leaves the tenant out of the text: only the tenant segment keeps tenants apart. */
    record Scoped(String tenant, String id) {
    }

    private static KeyNamespace<Scoped> namespace(boolean tenantRequired) {
        RegionConfig.Builder<Scoped, String> builder = RegionConfig.builder("pools",
                KeyCodec.of(Scoped::id, id -> new Scoped(null, id)), ValueCodec.utf8());
        builder = tenantRequired ? builder.tenantRequired(Scoped::tenant) : builder.tenantOf(Scoped::tenant);
        return new KeyNamespace<>("campus", builder.tagOf(Scoped::id).build());
    }

    private static String text(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    @Test
    void layoutPutsUserValuesAfterALiteralSegmentOfOurs() {
        KeyNamespace<Scoped> keys = namespace(false);
        byte[] shared = keys.entryKey(new Scoped(null, "k:~lease"));
        assertThat(text(shared)).isEqualTo("campus:pools:k::k:~lease");
        assertThat(text(keys.entryKey(new Scoped("school7", "student1")))).isEqualTo("campus:pools:k:school7:student1");
        assertThat(text(keys.leaseKey(keys.entryKey(new Scoped(null, "k"))))).isEqualTo("campus:pools:i:lease::k");
        assertThat(text(keys.leaseKey(keys.entryKey(new Scoped("school7", "a:b"))))).isEqualTo("campus:pools:i:lease:school7:a:b");
        assertThat(text(keys.generationKey())).isEqualTo("campus:pools:i:gen");
        assertThat(text(keys.tagKey("topic:7"))).isEqualTo("campus:pools:i:tag:topic:7");
        assertThat(text(KeyNamespace.invalidationChannel("campus"))).isEqualTo("campus:~invalidations");
    }

    @Test
    void theIssuesCollisionsAreGone() {
        KeyNamespace<Scoped> keys = namespace(false);
        assertThat(keys.entryKey(new Scoped(null, "k:~lease"))).as("user key k:~lease and the lease of k")
                .isNotEqualTo(keys.leaseKey(keys.entryKey(new Scoped(null, "k"))));
        assertThat(keys.entryKey(new Scoped("~tag", "X"))).as("tenant ~tag, text X and the generation of tag X")
                .isNotEqualTo(keys.tagKey("X"));
        assertThat(keys.entryKey(new Scoped("_", "x"))).as("tenant _ and the shared space")
                .isNotEqualTo(keys.entryKey(new Scoped(null, "x")));
        assertThat(keys.entryKey(new Scoped("\u00A0", "x"))).as("a blank tenant is the shared space")
                .isEqualTo(keys.entryKey(new Scoped(null, "x")));
    }

    @Provide
    Arbitrary<String> tricky() {
        Arbitrary<String> spelled = Arbitraries.strings().withChars(":~_kigenlastK\u00A0 ").ofMinLength(0).ofMaxLength(10);
        return Arbitraries.oneOf(spelled, Arbitraries.of("", "_", "~tag", "~gen", "~lease", "k", "i", "i:gen", "i:tag",
                "i:lease", ":", "::", "gen", "tag:x", "lease:_:x", "\u00A0", "\u200B"));
    }

    @Provide
    Arbitrary<List<Scoped>> scopedKeys() {
        Arbitrary<String> tenant = Arbitraries.oneOf(tricky().filter(t -> t.indexOf(':') < 0), Arbitraries.just(null));
        Arbitrary<String> id = tricky().filter(t -> !t.isEmpty());
        return Combinators.combine(tenant, id).as(Scoped::new).list().ofMinSize(1).ofMaxSize(30);
    }

    /** No user key, whatever its tenant and text, names an internal key or another user key's entry. */
    @Property(tries = 500)
    void userKeysNeverMeetInternalKeysOrEachOther(@ForAll("scopedKeys") List<Scoped> users,
            @ForAll("tricky") String tag1, @ForAll("tricky") String tag2) {
        KeyNamespace<Scoped> keys = namespace(false);
        Map<String, String> owner = new HashMap<>();
        Set<String> internal = new HashSet<>();
        internal.add(text(keys.generationKey()));
        internal.add(text(keys.tagKey(tag1)));
        internal.add(text(keys.tagKey(tag2)));
        for (Scoped user : users) {
            String tenant = dev.quadrangle.spi.Arguments.isBlank(user.tenant()) ? "(shared)" : user.tenant();
            String who = tenant + " / " + user.id();
            byte[] entry = keys.entryKey(user);
            String previous = owner.put(text(entry), who);
            assertThat(previous == null || previous.equals(who)).as("%s and %s share %s", previous, who, text(entry)).isTrue();
            internal.add(text(keys.leaseKey(entry)));
        }
        for (String name : owner.keySet()) {
            assertThat(internal).as("entry of %s", owner.get(name)).doesNotContain(name);
        }
    }

    @Test
    void requiredTenantsAreRefusedWhenBlankByTheSharedDefinition() {
        KeyNamespace<Scoped> keys = namespace(true);
        for (String blank : new String[] {"\u00A0", "\u2007", "\u202F", "\u200B", "\uFEFF", "\u3000", " ", "\t\n", ""}) {
            Scoped key = new Scoped(blank, "student1");
            assertThatThrownBy(() -> keys.check(key)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("region 'pools' requires a tenant, but the key " + key + " has a blank one: \""
                            + dev.quadrangle.spi.Arguments.escape(blank) + "\"");
            assertThatThrownBy(() -> keys.entryKey(key)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("region 'pools' requires a tenant, but the key ");
        }
        assertThatThrownBy(() -> keys.check(new Scoped(null, "student1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("region 'pools' requires a tenant, but the key Scoped[tenant=null, id=student1] has none");
        assertThat(text(keys.entryKey(new Scoped("\u00A0school7", "s")))).isEqualTo("campus:pools:k:\u00A0school7:s");
    }

    @Test
    void tenantsWithASeparatorAndValuesWithUnpairedSurrogatesAreRefused() {
        KeyNamespace<Scoped> keys = namespace(true);
        assertThatThrownBy(() -> keys.check(new Scoped("a:b", "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tenant of region 'pools' must not contain ':', was 'a:b'");
        assertThatThrownBy(() -> keys.check(new Scoped("t\uD800", "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tenant of region 'pools' must not contain an unpaired surrogate, found one at index 1 of \"t\\uD800\"");
        assertThatThrownBy(() -> keys.check(new Scoped("t", "\uDC00x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key text of region 'pools' must not contain an unpaired surrogate, found one at index 0 of \"\\uDC00x\"");
        assertThatThrownBy(() -> keys.tagKey("x\uD800")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tag of region 'pools' must not contain an unpaired surrogate, found one at index 1 of \"x\\uD800\"");
        assertThat(text(keys.entryKey(new Scoped("t\uD83D\uDE00", "\uD83D\uDE00")))).as("surrogate pairs are fine")
                .isEqualTo("campus:pools:k:t\uD83D\uDE00:\uD83D\uDE00");
    }
}
