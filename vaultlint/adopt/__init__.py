"""Commands that bring a vault in: init (a starter config from its vocabulary) and baselines of known findings."""
