package org.shoptide.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShopWorldTest {
    final ChoiceModel m = ChoiceModel.defaults();

    @Test
    void theSameSeedBuildsTheSameShopAndAnotherSeedAnotherOne() {
        ShopWorld a = ShopWorld.generate(WorldConfig.of(5, 300, 120));
        ShopWorld b = ShopWorld.generate(WorldConfig.of(5, 300, 120));
        ShopWorld c = ShopWorld.generate(WorldConfig.of(6, 300, 120));
        boolean differs = false;
        for (int i = 0; i < 120; i++) {
            assertThat(a.price(i)).isEqualTo(b.price(i));
            assertThat(a.title(i)).isEqualTo(b.title(i));
            differs |= a.price(i) != c.price(i);
        }
        for (int u = 0; u < 300; u++) {
            assertThat(a.favourites(u)).isEqualTo(b.favourites(u));
            assertThat(a.budget(u)).isEqualTo(b.budget(u));
        }
        assertThat(differs).isTrue();
        assertThat(a.itemIndex("i17")).isEqualTo(17);
        assertThat(a.itemIndex("i120")).isEqualTo(-1);
        assertThat(a.itemIndex("x1")).isEqualTo(-1);
    }

    @Test
    void tastesAreHiddenButShapeValueAndBrowsing() {
        ShopWorld w = ShopWorld.generate(WorldConfig.of(1, 500, 240));
        int[] fav = w.favourites(0);
        assertThat(fav.length).isBetween(1, 3);
        assertThat(w.taste(0, fav[0])).isEqualTo(1.0);
        // an item of the favourite category is worth more than the same-quality item elsewhere
        double inTaste = m.tasteWeight() * w.taste(0, fav[0]);
        assertThat(inTaste).isEqualTo(3.0);
        // organic views stay mostly in the favourite categories (organicTaste 0.8 plus chance)
        SplittableRandom rnd = new SplittableRandom(3);
        int inFav = 0;
        for (int k = 0; k < 2000; k++) {
            int item = w.browse(m, 0, rnd);
            for (int f : fav) {
                inFav += w.category(item) == f ? 1 : 0;
            }
        }
        assertThat(inFav / 2000.0).isGreaterThan(0.8);
        // popular categories are favoured more often (Zipf over categories)
        int first = 0;
        int last = 0;
        for (int u = 0; u < 500; u++) {
            for (int f : w.favourites(u)) {
                first += f == 0 ? 1 : 0;
                last += f == w.categories() - 1 ? 1 : 0;
            }
        }
        assertThat(first).isGreaterThan(3 * last);
    }

    @Test
    void theChoiceModelDecaysWithPositionAndPunishesPricesOverBudget() {
        assertThat(m.examination(1)).isEqualTo(1.0);
        assertThat(m.examination(3)).isCloseTo(0.5, offset(1e-12));
        assertThat(m.examination(10)).isLessThan(m.examination(9));
        assertThat(m.affordability(10, 20)).isEqualTo(1.0);
        assertThat(m.affordability(40, 20)).isCloseTo(Math.exp(-2), offset(1e-12));
        assertThat(m.click(3)).isGreaterThan(m.click(0));
        assertThat(m.cart(3, 1, true)).isCloseTo(m.cart(3, 1, false) * m.organicCartFactor(), offset(1e-12));
        assertThatThrownBy(() -> new WorldConfig(1, 10, 5, 10, 2, 1, 1, 30, 0.8, 0.5, 0.3, 0.6))
                .hasMessageContaining("must not exceed items");
    }
}
