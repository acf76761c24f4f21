"""Evidence App: encrypted evidence vault, chain of custody and verifiable dossiers."""

__version__ = "0.1.0"
