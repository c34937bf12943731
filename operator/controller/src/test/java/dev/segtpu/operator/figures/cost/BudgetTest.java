package dev.segtpu.operator.figures.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.segtpu.api.BudgetSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetTest {

  private final Budget fifty = new Budget(50);

  @Test
  void spendUnderEightyPercentIsOk() {
    assertThat(fifty.judge(39.99)).isEqualTo(BudgetVerdict.OK);
  }

  @Test
  void eightyPercentWarns() {
    assertThat(fifty.judge(40)).isEqualTo(BudgetVerdict.WARN);
    assertThat(fifty.judge(49.99)).isEqualTo(BudgetVerdict.WARN);
  }

  @Test
  void hundredPercentIsExceeded() {
    assertThat(fifty.judge(50)).isEqualTo(BudgetVerdict.EXCEEDED);
    assertThat(fifty.judge(75)).isEqualTo(BudgetVerdict.EXCEEDED);
  }

  @Test
  void aJobWithoutMaxCostHasNoBudget() {
    assertThat(Budget.of(null)).isEmpty();
    assertThat(Budget.of(new BudgetSpec())).isEmpty();
  }

  @Test
  void theDescriptionNamesSpendLimitShareAndPriceTable() {
    CostReport cost = new CostReport("gcp-list-us-2026-11 (2026-11-01)", ChipSeconds.none(), 41.2, Map.of(), 0, null, null);

    assertThat(fifty.describe(cost)).isEqualTo("spent $41.20 of $50.00 (82 %), priced with gcp-list-us-2026-11 (2026-11-01)");
  }
}
