package dev.segtpu.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode labelled(String labels) throws Exception {
    return JSON.readTree("{\"metadata\":{\"labels\":" + labels + "}}");
  }

  @Test
  void equalityInequalityAndExistenceAreAllRequired() throws Exception {
    LabelSelector selector = LabelSelector.parse("app=x,tier!=db,team,!legacy");

    assertThat(selector.matches(labelled("{\"app\":\"x\",\"team\":\"a\"}"))).isTrue();
    assertThat(selector.matches(labelled("{\"app\":\"x\",\"team\":\"a\",\"tier\":\"db\"}"))).isFalse();
    assertThat(selector.matches(labelled("{\"app\":\"x\",\"team\":\"a\",\"legacy\":\"1\"}"))).isFalse();
    assertThat(selector.matches(labelled("{\"app\":\"x\"}"))).isFalse();
  }

  @Test
  void setBasedRequirementsSplitOnlyOutsideTheirParentheses() throws Exception {
    LabelSelector selector = LabelSelector.parse("env in (a, b),zone notin (c)");

    assertThat(selector.matches(labelled("{\"env\":\"b\"}"))).isTrue();
    assertThat(selector.matches(labelled("{\"env\":\"b\",\"zone\":\"c\"}"))).isFalse();
    assertThat(selector.matches(labelled("{\"zone\":\"d\"}"))).isFalse();
  }
}
