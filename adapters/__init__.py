"""Platform adapters: they translate to and from the core's neutral messages, nothing more."""
