package dev.p2pshare.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * SHA-256 in this JVM, warm, on one core and on every core at once: the most any hashing of files
 * on this machine can do, measured in the same run as what it bounds.
 */
final class HashingCeiling {

    private static final int BLOCK = 1 << 20;

    private HashingCeiling() {
    }

    /**
     * The rate of each core, in bytes per second, while every core hashes at once: the mean over
     * {@code threads} threads, each as {@link #bytesPerSecond}.
     */
    static double bytesPerSecondPerCore(long bytes, int passes, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Double>> rates = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                rates.add(pool.submit(() -> bytesPerSecond(bytes, passes)));
            }
            double sum = 0;
            for (Future<Double> rate : rates) {
                sum += rate.get();
            }
            return sum / threads;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The median rate, in bytes per second, of {@code passes} passes over {@code bytes} bytes in memory, after one unmeasured pass. */
    static double bytesPerSecond(long bytes, int passes) {
        byte[] block = new byte[BLOCK];
        new SplittableRandom(1).nextBytes(block);
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
        List<Double> rates = new ArrayList<>();
        for (int pass = 0; pass <= passes; pass++) {
            long start = System.nanoTime();
            for (long done = 0; done < bytes; done += BLOCK) {
                sha256.update(block, 0, (int) Math.min(BLOCK, bytes - done));
            }
            sha256.digest();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (pass > 0) {
                rates.add(bytes / seconds);
            }
        }
        return Results.median(rates);
    }
}
