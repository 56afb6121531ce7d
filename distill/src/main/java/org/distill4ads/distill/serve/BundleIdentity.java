package org.distill4ads.distill.serve;

import java.util.Arrays;
import org.distill4ads.transformer.ModelFingerprint;

/**
 * What a {@link ServingBundle} serves: its folder, the fingerprints of its student (which also
 * embedded the index) and of its relevance filter, the student's widths, the number of keyphrases
 * and the filter's threshold. Two processes that report the same identity give the same answers.
 *
 * @param bundle       the bundle's folder, absolute
 * @param student      the student's fingerprint (the index records the same one)
 * @param filter       the cross-encoder's fingerprint
 * @param dimension    the student's full width
 * @param matryoshka   the Matryoshka sizes it can search at
 * @param keyphrases   how many keyphrases the index holds
 * @param threshold    the filter's threshold
 */
public record BundleIdentity(String bundle, ModelFingerprint student, ModelFingerprint filter, int dimension, int[] matryoshka,
                             int keyphrases, float threshold) {
    public BundleIdentity {
        matryoshka = matryoshka.clone();
    }

    @Override
    public int[] matryoshka() {
        return matryoshka.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BundleIdentity b && bundle.equals(b.bundle) && student.equals(b.student) && filter.equals(b.filter)
                && dimension == b.dimension && Arrays.equals(matryoshka, b.matryoshka) && keyphrases == b.keyphrases
                && Float.compare(threshold, b.threshold) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * student.hashCode() + Arrays.hashCode(matryoshka);
    }
}
