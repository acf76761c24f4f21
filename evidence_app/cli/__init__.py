"""The `evidence-app` command: a thin shell over the core services, one module per group."""
