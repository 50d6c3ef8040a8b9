"""Everything Cooloff says (TOML under `en/`) and the crisis lines for the world, with the
loaders that read and check them."""
