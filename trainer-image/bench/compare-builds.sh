#!/usr/bin/env bash
# Alternating TrainingBenchmark runs of the trainer as two revisions built it: how to measure a change
# (this VM's speed drifts, so single runs of each side are not compared).
#   trainer-image/bench/compare-builds.sh BEFORE AFTER [case=resnet50,256,4] [rounds=3] [steps=5]
# Needs a built checkout (trainer-image/target/classpath.txt); each commit's classes are compiled in a
# throwaway git worktree under ${TMPDIR:-/tmp}.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
before="$1"; after="$2"; case="${3:-resnet50,256,4}"; rounds="${4:-3}"; steps="${5:-5}"
classpath="$(cat "$root/trainer-image/target/classpath.txt")"
work="$(mktemp -d "${TMPDIR:-/tmp}/segtpu-compare.XXXXXX")"
trap 'for c in "$work"/*/; do git -C "$root" worktree remove --force "$c" 2>/dev/null || true; done; rm -rf "$work"' EXIT
for commit in "$before" "$after"; do
  git -C "$root" worktree add -q --detach "$work/$commit" "$commit"
  (cd "$work/$commit" && mvn -B -q -o -pl trainer-image compile >&2)
done
# the trainer image's environment (dev.segtpu.trainer.NativeEnvironment)
export TF_ENABLE_ONEDNN_OPTS=1 TF_CPU_ALLOCATOR_USE_BFC=true GLIBC_TUNABLES=glibc.malloc.hugetlb=1 TF_DETERMINISTIC_OPS=1
for ((round = 1; round <= rounds; round++)); do
  for commit in "$before" "$after"; do
    printf '%-10s ' "$commit"
    java -Dorg.bytedeco.javacpp.cachedir="$root/trainer-image/target/javacpp-cache" \
      -cp "$work/$commit/trainer-image/target/classes:$classpath" \
      dev.segtpu.trainer.bench.TrainingBenchmark --case "$case" --steps "$steps" 2>/dev/null
  done
done
