"""Learning from the annotated corpus: features of the rules' candidates, training, calibration."""
