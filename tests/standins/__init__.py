"""Stand-in servers that real platform libraries talk to over HTTP in tests."""
