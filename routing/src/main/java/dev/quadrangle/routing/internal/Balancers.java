package dev.quadrangle.routing.internal;

import dev.quadrangle.routing.LoadBalancer;
import dev.quadrangle.routing.ReplicaLoad;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The built-in {@link LoadBalancer}s. */
public final class Balancers {
    private Balancers() {
    }

    private static int next(AtomicInteger counter, int size) {
        return Math.floorMod(counter.getAndIncrement(), size);
    }

    /** Round-robin over the candidates. */
    public static final class RoundRobin implements LoadBalancer {
        private final AtomicInteger counter = new AtomicInteger();

        @Override
        public int choose(List<? extends ReplicaLoad> candidates) {
            return candidates.size() == 1 ? 0 : next(counter, candidates.size());
        }

        @Override
        public String toString() {
            return "roundRobin";
        }
    }

    /** Fewest connections in flight; ties are broken round-robin so that idle replicas share the load. */
    public static final class LeastInFlight implements LoadBalancer {
        private final AtomicInteger counter = new AtomicInteger();

        @Override
        public int choose(List<? extends ReplicaLoad> candidates) {
            int size = candidates.size();
            if (size == 1) {
                return 0;
            }
            int start = next(counter, size);
            int best = start;
            int bestLoad = candidates.get(start).inFlight();
            for (int i = 1; i < size; i++) {
                int index = (start + i) % size;
                int load = candidates.get(index).inFlight();
                if (load < bestLoad) {
                    best = index;
                    bestLoad = load;
                }
            }
            return best;
        }

        @Override
        public String toString() {
            return "leastInFlight";
        }
    }

    /**
     * Lowest {@code latencyEwma * (inFlight + 1)}; replicas without a measurement yet count as the
     * fastest so that they get measured. Ties are broken round-robin.
     */
    public static final class LatencyAware implements LoadBalancer {
        private final AtomicInteger counter = new AtomicInteger();

        @Override
        public int choose(List<? extends ReplicaLoad> candidates) {
            int size = candidates.size();
            if (size == 1) {
                return 0;
            }
            int start = next(counter, size);
            int best = start;
            double bestCost = cost(candidates.get(start));
            for (int i = 1; i < size; i++) {
                int index = (start + i) % size;
                double cost = cost(candidates.get(index));
                if (cost < bestCost) {
                    best = index;
                    bestCost = cost;
                }
            }
            return best;
        }

        private static double cost(ReplicaLoad replica) {
            return (double) replica.latencyEwmaNanos() * (replica.inFlight() + 1);
        }

        @Override
        public String toString() {
            return "latencyAware";
        }
    }
}
