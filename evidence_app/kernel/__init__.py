"""The bottom layer: errors, the clock and the progress protocol every package shares."""
