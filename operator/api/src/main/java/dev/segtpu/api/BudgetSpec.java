package dev.segtpu.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BudgetSpec {

  @Min(0)
  @Max(SpecLimits.MAX_COST_USD)
  @JsonPropertyDescription("Maximum TPU spend in US dollars, priced with the operator's price table.")
  public Double maxCostUSD;
}
