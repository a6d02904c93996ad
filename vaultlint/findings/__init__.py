"""What happens to findings after the rules: suppression comments, baselines and their fingerprints."""
