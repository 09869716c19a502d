package org.shoptide.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * What every study shares: the shop's size, how long it runs, and how the simulator behaves.
 *
 * @param seed
 *            seed of the shop (catalog, users) and of every session
 * @param users
 *            users of the shop
 * @param items
 *            catalog items
 * @param warmupDays
 *            days served by the default blend before the study starts, retrained each night, so that there is behaviour
 *            to learn from
 * @param days
 *            days of the study itself, retrained each night
 * @param dailyVisitRate
 *            mean probability that a user visits on a day
 * @param parallelism
 *            sessions in flight at once per shop
 * @param trainingRank
 *            ALS rank the server trains with ({@code training.rank})
 * @param choice
 *            the users' choice model
 */
public record StudyConfig(long seed, int users, int items, int warmupDays, int days, double dailyVisitRate,
        int parallelism, int trainingRank, ChoiceModel choice) {

    public StudyConfig {
        Objects.requireNonNull(choice, "choice");
        if (users < 1 || items < 10 || warmupDays < 0 || days < 1 || parallelism < 1 || trainingRank < 1) {
            throw new IllegalArgumentException(
                    "users >= 1, items >= 10, warmupDays >= 0, days >= 1, parallelism >= 1, trainingRank >= 1");
        }
    }

    public WorldConfig world() {
        return WorldConfig.of(seed, users, items).withDailyVisitRate(dailyVisitRate);
    }

    public WorldConfig world(long worldSeed) {
        return world().withSeed(worldSeed);
    }

    public Simulation.Options options() {
        return Simulation.Options.defaults().withParallelism(parallelism);
    }

    /** Server configuration keys the studies set. */
    public Map<String, String> serverConfig() {
        return Map.of("training.rank", Integer.toString(trainingRank));
    }

    public ObjectNode toJson() {
        ObjectNode o = ShopClient.JSON.createObjectNode();
        o.put("seed", seed).put("users", users).put("items", items).put("warmupDays", warmupDays).put("days", days)
                .put("dailyVisitRate", dailyVisitRate).put("parallelism", parallelism)
                .put("trainingRank", trainingRank);
        o.set("choiceModel", ShopClient.JSON.valueToTree(choice));
        return o;
    }
}
