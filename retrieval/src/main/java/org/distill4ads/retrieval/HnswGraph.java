package org.distill4ads.retrieval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.distill4ads.retrieval.kernel.VectorKernel;

/**
 * A hierarchical navigable small-world graph (Malkov and Yashunin, 2018) over unit vectors, scored
 * by inner product: layer 0 links every node to at most {@code 2M} neighbours, each upper layer
 * (reached by a node with probability {@code 1/M} per layer) to at most {@code M}. Neighbours are
 * chosen by the paper's heuristic (keep a candidate only if it is closer to the node than to every
 * neighbour kept so far), which keeps links spread in all directions.
 *
 * <p>Adjacency lives in flat {@code int[]}s (a count, then the ids), vectors in one row-major
 * {@code float[]}, visited marks in a per-thread {@code int[]} of generation stamps; a search
 * allocates nothing but its result. While the graph is being built, each node's list is read and
 * written under a striped lock, so insertions can run on several threads; after the build,
 * searches read without locks.
 */
final class HnswGraph {
    final int size;
    final int dim;
    final int m;
    final int maxM0;
    final int efConstruction;
    final float[] vectors;
    final int[] levels;
    final int[] links0;
    final int[][] upper;
    volatile int entry;
    volatile int maxLevel;
    private final VectorKernel kernel;
    private final Object[] locks;
    private final ReentrantLock global = new ReentrantLock();

    /** An empty graph over {@code vectors} (n × dim) with the given levels; {@link #build} links it. */
    HnswGraph(float[] vectors, int dim, int m, int efConstruction, int[] levels, VectorKernel kernel) {
        this.size = levels.length;
        this.dim = dim;
        this.m = m;
        this.maxM0 = 2 * m;
        this.efConstruction = efConstruction;
        this.vectors = vectors;
        this.levels = levels;
        this.kernel = kernel;
        this.links0 = new int[size * (maxM0 + 1)];
        this.upper = new int[size][];
        for (int i = 0; i < size; i++) {
            if (levels[i] > 0) {
                upper[i] = new int[levels[i] * (m + 1)];
            }
        }
        this.entry = size == 0 ? -1 : 0;
        this.maxLevel = size == 0 ? -1 : levels[0];
        int stripes = Integer.highestOneBit(Math.max(1, Math.min(size, 1 << 16)));
        this.locks = new Object[stripes];
        for (int i = 0; i < stripes; i++) {
            locks[i] = new Object();
        }
    }

    /** Levels drawn as floor(-ln U / ln M), seeded: the same seed gives the same layers. */
    static int[] drawLevels(int n, int m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double mult = 1 / Math.log(m);
        int[] levels = new int[n];
        for (int i = 0; i < n; i++) {
            levels[i] = Math.min(30, (int) (-Math.log(1 - r.nextDouble()) * mult));
        }
        return levels;
    }

    /** Inserts nodes 1 .. size-1 (node 0 is the first entry point); in order when {@code threads} is 1. */
    void build(int threads) {
        if (size <= 1) {
            return;
        }
        if (threads == 1) {
            Search s = new Search(this);
            for (int i = 1; i < size; i++) {
                insert(i, s);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "hnsw-build");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    Search s = new Search(this);
                    for (int i = next.getAndIncrement(); i < size; i = next.getAndIncrement()) {
                        insert(i, s);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the graph", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("graph construction failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    float score(float[] q, int qOff, int node) {
        return kernel.dot(q, qOff, vectors, node * dim, dim);
    }

    private int[] list(int node, int level) {
        return level == 0 ? links0 : upper[node];
    }

    private int base(int node, int level) {
        return level == 0 ? node * (maxM0 + 1) : (level - 1) * (m + 1);
    }

    private Object lock(int node) {
        return locks[node & (locks.length - 1)];
    }

    private void insert(int node, Search s) {
        int level = levels[node];
        global.lock();
        int ep = entry;
        int top = maxLevel;
        boolean raises = level > top;
        if (!raises) {
            global.unlock();
        }
        try {
            int qOff = node * dim;
            for (int l = top; l > level; l--) {
                ep = greedy(vectors, qOff, ep, l, s, true);
            }
            for (int l = Math.min(level, top); l >= 0; l--) {
                searchLayer(vectors, qOff, ep, efConstruction, l, s, true);
                int count = s.results.drainDescending(s.sorted);
                ep = TopK.id(s.sorted[0]);
                int kept = selectNeighbours(s.sorted, count, m, s.selected, s);
                synchronized (lock(node)) {
                    int[] a = list(node, l);
                    int b = base(node, l);
                    System.arraycopy(s.selected, 0, a, b + 1, kept);
                    a[b] = kept;
                }
                int maxConn = l == 0 ? maxM0 : m;
                for (int i = 0; i < kept; i++) {
                    link(s.selected[i], node, l, maxConn, s);
                }
            }
        } finally {
            if (raises) {
                entry = node;
                maxLevel = level;
                global.unlock();
            }
        }
    }

    /** Adds {@code node} to {@code from}'s list at {@code level}, pruning by the heuristic when full. */
    private void link(int from, int node, int level, int maxConn, Search s) {
        synchronized (lock(from)) {
            int[] a = list(from, level);
            int b = base(from, level);
            int count = a[b];
            for (int i = 1; i <= count; i++) {
                if (a[b + i] == node) {
                    return;
                }
            }
            if (count < maxConn) {
                a[b + 1 + count] = node;
                a[b] = count + 1;
                return;
            }
            int fOff = from * dim;
            long[] cand = s.prune;
            int[] ids = s.copy;
            System.arraycopy(a, b + 1, ids, 0, count);
            ids[count] = node;
            kernel.dotIds(vectors, fOff, vectors, ids, count + 1, dim, dim, s.scores);
            for (int i = 0; i <= count; i++) {
                cand[i] = TopK.pack(s.scores[i], ids[i]);
            }
            Arrays.sort(cand, 0, count + 1);
            reverse(cand, count + 1);
            int kept = selectNeighbours(cand, count + 1, maxConn, s.pruned, s);
            System.arraycopy(s.pruned, 0, a, b + 1, kept);
            a[b] = kept;
        }
    }

    private static void reverse(long[] a, int n) {
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * The heuristic: walk the candidates best first and keep one unless it is more similar to a
     * neighbour already kept than to the base node. {@code sorted}: packed (similarity to the base, id).
     */
    private int selectNeighbours(long[] sorted, int count, int max, int[] out, Search s) {
        int kept = 0;
        int[] group = s.group;
        float[] sims = s.groupScores;
        for (int i = 0; i < count && kept < max; i++) {
            int c = TopK.id(sorted[i]);
            float toBase = TopK.score(sorted[i]);
            int cOff = c * dim;
            boolean good = true;
            // against the kept neighbours four at a time (one kernel call shares the lane sums), stopping at the first closer one
            for (int j = 0; j < kept && good; j += 4) {
                int g = Math.min(4, kept - j);
                System.arraycopy(out, j, group, 0, g);
                kernel.dotIds(vectors, cOff, vectors, group, g, dim, dim, sims);
                for (int t = 0; t < g; t++) {
                    if (sims[t] > toBase) {
                        good = false;
                        break;
                    }
                }
            }
            if (good) {
                out[kept++] = c;
            }
        }
        return kept;
    }

    /** Greedy walk on one upper layer towards the query; returns the closest node reached. */
    int greedy(float[] q, int qOff, int ep, int level, Search s, boolean locked) {
        float best = score(q, qOff, ep);
        boolean moved = true;
        while (moved) {
            moved = false;
            int[] a = neighbours(ep, level, s, locked);
            int b = locked ? 0 : base(ep, level);
            int count = a[b];
            for (int i = 1; i <= count; i++) {
                int nb = a[b + i];
                float sc = score(q, qOff, nb);
                if (sc > best) {
                    best = sc;
                    ep = nb;
                    moved = true;
                }
            }
        }
        return ep;
    }

    /** The list to read: the live one after the build, a copy taken under the node's lock during it. */
    private int[] neighbours(int node, int level, Search s, boolean locked) {
        if (!locked) {
            return list(node, level);
        }
        synchronized (lock(node)) {
            int[] a = list(node, level);
            int b = base(node, level);
            System.arraycopy(a, b, s.copy, 0, a[b] + 1);
        }
        return s.copy;
    }

    /** Best-first search of one layer keeping the {@code ef} best in {@code s.results}. */
    void searchLayer(float[] q, int qOff, int ep, int ef, int level, Search s, boolean locked) {
        int stamp = s.nextStamp();
        int[] visited = s.visited;
        LongHeap candidates = s.candidates;
        LongHeap results = s.results;
        candidates.clear();
        results.clear();
        long first = TopK.pack(score(q, qOff, ep), ep);
        visited[ep] = stamp;
        candidates.push(~first);
        results.push(first);
        while (!candidates.isEmpty()) {
            long c = ~candidates.pop();
            if (results.size() >= ef && c < results.peek()) {
                break;
            }
            int node = TopK.id(c);
            int[] a = neighbours(node, level, s, locked);
            int b = locked ? 0 : base(node, level);
            int count = a[b];
            int[] fresh = s.fresh;
            int nf = 0;
            float touched = 0;
            for (int i = 1; i <= count; i++) {
                int nb = a[b + i];
                if (visited[nb] == stamp) {
                    continue;
                }
                visited[nb] = stamp;
                fresh[nf++] = nb;
                // Java has no prefetch: reading one float per cache line of each new neighbour here
                // starts all their cache misses at once, instead of one after another in the scoring loop
                for (int j = nb * dim, e = j + dim; j < e; j += 16) {
                    touched += vectors[j];
                }
            }
            s.sink += touched;
            float[] scores = s.scores;
            kernel.dotIds(q, qOff, vectors, fresh, nf, dim, dim, scores);
            for (int f = 0; f < nf; f++) {
                int nb = fresh[f];
                long v = TopK.pack(scores[f], nb);
                if (results.size() < ef || v > results.peek()) {
                    candidates.push(~v);
                    results.push(v);
                    if (results.size() > ef) {
                        results.pop();
                    }
                }
            }
        }
    }

    /** Per-thread search state, reused from query to query. */
    static final class Search {
        final int[] visited;
        int stamp;
        final LongHeap candidates = new LongHeap(256);
        final LongHeap results = new LongHeap(256);
        long[] sorted;
        final int[] copy;
        final int[] selected;
        final int[] pruned;
        final long[] prune;
        final int[] fresh;
        final float[] scores;
        final int[] group = new int[4];
        final float[] groupScores = new float[4];
        /** Keeps the cache-warming reads of searchLayer alive (the JIT drops loads whose values are unused). */
        float sink;

        Search(HnswGraph g) {
            visited = new int[g.size];
            sorted = new long[Math.max(g.efConstruction, 16) + 1];
            copy = new int[g.maxM0 + 2];
            selected = new int[g.maxM0 + 1];
            pruned = new int[g.maxM0 + 1];
            prune = new long[g.maxM0 + 1];
            fresh = new int[g.maxM0 + 1];
            scores = new float[g.maxM0 + 2];
        }

        int nextStamp() {
            if (++stamp == 0) {
                Arrays.fill(visited, 0);
                stamp = 1;
            }
            return stamp;
        }

        long[] sorted(int n) {
            if (sorted.length < n) {
                sorted = new long[n];
            }
            return sorted;
        }
    }
}
