package dev.segtpu.api.tolerant;

/**
 * Why part of a stored job could not be read into the operator's types.
 *
 * @param field the JSON path of the value at fault, e.g. {@code spec.model.outputStride}
 * @param problem what is wrong with it, in the words of the JSON binder (e.g. out of range of int)
 */
public record ReadProblem(String field, String problem) {

  @Override
  public String toString() {
    return field + ": " + problem;
  }
}
