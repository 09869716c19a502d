package org.shoptide.sim;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Off-policy estimates of a ranking policy's rewards from impressions logged by another, stochastic policy.
 * <p>
 * Under the item-position model (the reward of a slot depends only on the item and the position, as in a position-based
 * click model) the expected reward of a deterministic candidate ranking σ is estimated from logged lists a with
 * propensities p(a_k at k) by inverse propensity scoring (Horvitz & Thompson 1952; for rankings, Li et al. 2018,
 * "Offline Evaluation of Ranking Policies with Click Models"):
 *
 * <pre>
 * IPS   V = 1/N · Σ_i Σ_k 1[σ_i(k) = a_ik] · r_ik / p_ik
 * SNIPS V = Σ_i Σ_k w_ik r_ik / (1/K · Σ_i Σ_k w_ik),   w_ik = 1[σ_i(k) = a_ik] / p_ik
 * </pre>
 *
 * SNIPS is the self-normalized estimator of Swaminathan & Joachims (2015, "The Self-Normalized Estimator for
 * Counterfactual Learning"): each slot's weights have expectation 1 under the logging policy, so dividing by their
 * average trades a little bias for much less variance. Rewards are per list (clicks or revenue of the whole list); CTR
 * per shown item is the click reward divided by K. Intervals are percentile bootstraps over impressions, seeded.
 */
public final class OffPolicy {
    private OffPolicy() {
    }

    /**
     * One logged list: per logged slot the reward, the propensity, and whether the candidate puts the same item at that
     * position.
     */
    public record Logged(double[] reward, double[] propensity, boolean[] match) {
    }

    /** An estimate with its 95 % interval, and how much of the log supported it. */
    public record Estimate(double value, double lower, double upper, long matchedSlots, double effectiveSampleSize) {
    }

    /** IPS and SNIPS estimates of the candidate's reward per list. */
    public record Estimates(Estimate ips, Estimate snips, int lists, int slots) {
    }

    public static Estimates estimate(List<Logged> log, int resamples, long seed) {
        int n = log.size();
        if (n == 0) {
            throw new IllegalArgumentException("no logged impressions to estimate from");
        }
        double[] num = new double[n];
        double[] den = new double[n];
        long matched = 0;
        int slots = 0;
        double sumW = 0;
        double sumW2 = 0;
        for (int i = 0; i < n; i++) {
            Logged l = log.get(i);
            int k = l.reward().length;
            slots = Math.max(slots, k);
            for (int s = 0; s < k; s++) {
                if (!l.match()[s]) {
                    continue;
                }
                double p = l.propensity()[s];
                if (!(p > 0)) {
                    throw new IllegalArgumentException("a matched slot has propensity " + p
                            + "; the logging policy must give every shown item a positive probability");
                }
                double w = 1 / p;
                num[i] += w * l.reward()[s];
                den[i] += w / k;
                sumW += w;
                sumW2 += w * w;
                matched++;
            }
        }
        double ess = sumW2 > 0 ? sumW * sumW / sumW2 : 0;
        double ips = mean(num);
        double sn = ratio(num, den);
        double[] ipsB = new double[resamples];
        double[] snB = new double[resamples];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int b = 0; b < resamples; b++) {
            double sNum = 0;
            double sDen = 0;
            for (int j = 0; j < n; j++) {
                int i = rnd.nextInt(n);
                sNum += num[i];
                sDen += den[i];
            }
            ipsB[b] = sNum / n;
            snB[b] = sDen > 0 ? sNum / sDen : Double.NaN;
        }
        return new Estimates(interval(ips, ipsB, matched, ess), interval(sn, snB, matched, ess), n, slots);
    }

    /** The on-policy mean reward per list with a bootstrap interval (what an online measurement reports). */
    public static Estimate observed(double[] rewardPerList, int resamples, long seed) {
        int n = rewardPerList.length;
        double[] b = new double[resamples];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int r = 0; r < resamples; r++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += rewardPerList[rnd.nextInt(n)];
            }
            b[r] = s / n;
        }
        return interval(mean(rewardPerList), b, n, n);
    }

    private static Estimate interval(double v, double[] boot, long matched, double ess) {
        double[] s = Arrays.stream(boot).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (s.length == 0) {
            return new Estimate(v, Double.NaN, Double.NaN, matched, ess);
        }
        return new Estimate(v, s[(int) Math.floor(0.025 * (s.length - 1))], s[(int) Math.ceil(0.975 * (s.length - 1))],
                matched, ess);
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return a.length == 0 ? Double.NaN : s / a.length;
    }

    private static double ratio(double[] num, double[] den) {
        double n = 0;
        double d = 0;
        for (int i = 0; i < num.length; i++) {
            n += num[i];
            d += den[i];
        }
        return d > 0 ? n / d : Double.NaN;
    }
}
