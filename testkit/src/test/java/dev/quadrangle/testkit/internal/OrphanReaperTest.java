package dev.quadrangle.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanReaperTest {

    @Test
    void stopsTheServersOfADeadOwnerAndLeavesLiveOwnersAlone(@TempDir Path tmp) throws Exception {
        Process deadOwner = new ProcessBuilder("true").start();
        deadOwner.waitFor(10, TimeUnit.SECONDS);
        Process fakePostmaster = new ProcessBuilder("sleep", "60").start();
        Process fakeTopologyNode = new ProcessBuilder("sleep", "60").start();
        try {
            Path topologyNode = Files.createDirectories(tmp.resolve("quadrangle-pg-topology1").resolve("node3"));
            Files.writeString(topologyNode.getParent().resolve(OrphanReaper.OWNER_FILE), Long.toString(deadOwner.pid()));
            Files.writeString(topologyNode.resolve("postmaster.pid"), fakeTopologyNode.pid() + "\n/data\n");
            Path orphan = Files.createDirectories(tmp.resolve("quadrangle-pg1").resolve("primary"));
            Files.writeString(orphan.getParent().resolve(OrphanReaper.OWNER_FILE), Long.toString(deadOwner.pid()));
            Files.writeString(orphan.resolve("postmaster.pid"), fakePostmaster.pid() + "\n/data\n");
            Path live = Files.createDirectories(tmp.resolve("quadrangle-pg2"));
            OrphanReaper.claim(live);
            Path unowned = Files.createDirectories(tmp.resolve("quadrangle-pg3"));

            OrphanReaper.reap(tmp, "quadrangle-pg");

            assertThat(fakePostmaster.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(fakeTopologyNode.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(topologyNode.getParent()).doesNotExist();
            assertThat(orphan.getParent()).doesNotExist();
            assertThat(live).exists();
            assertThat(unowned).exists();
        } finally {
            fakePostmaster.destroyForcibly();
            fakeTopologyNode.destroyForcibly();
        }
    }
}
