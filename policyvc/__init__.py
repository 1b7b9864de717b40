"""policyvc: policy documents as versions in git, with material-change detection and change notices."""

__version__ = "0.1.0"
