package dev.segtpu.trainer.train;

/** Learning rate as a function of the global step (computed on the host and fed to every step). */
public interface LearningRateSchedule {

  double at(long step);
}
